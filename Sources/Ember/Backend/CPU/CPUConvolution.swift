// The 2-D convolution on the CPU: im2col and one GEMM per image, the batch split into fixed
// chunks that run on separate cores. Backward rebuilds each image's column matrix from the
// saved input rather than keeping the whole batch's from forward: one image's columns stay in
// cache, and rebuilding them costs no more than reading a batch's worth back from memory.

extension CPUBackend: ConvolutionBackend {
    /// y = W ∗ x + b, image by image into the caller's per-chunk column scratch.
    public func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor?, saved: Conv2dSaved) throws -> Tensor {
        // x: [N, C, H, W] → y: [N, O, H', W']
        let g = saved.geometry
        let scratch = saved.scratch
        let kernel = ConvolutionKernel(geometry: g, outChannels: saved.outChannels)
        return try Tensor(uninitializedShape: saved.outputShape) { y in
            input.withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    withOptionalPointer(bias) { b in
                        guard let px = x.baseAddress, let pw = w.baseAddress, let py = y.baseAddress else { return }
                        Parallel.forEachChunk(count: g.batch, work: kernel.multiplyAdds) { chunk, images in
                            let columns = scratch.columns[chunk].reserve(kernel.columnsSize)
                            kernel.forward(images: images, input: px, weight: pw, bias: b, output: py, columns: columns)
                        }
                    }
                }
            }
        }
    }

    /// dW += dOut · colsᵀ and db += Σ dOut, and dX = col2im(Wᵀ · dOut) when wanted.
    public func conv2dGradients(
        _ gradOutput: Tensor, _ saved: Conv2dSaved, inputGradient: Bool,
        weightGradient: (any GradientAccumulator)?, biasGradient: (any GradientAccumulator)?
    ) throws -> Tensor? {
        guard inputGradient else {
            accumulateConv2dGradients(gradOutput, saved, gradInput: nil, weightGradient, biasGradient)
            return nil
        }
        return try Tensor(uninitializedShape: saved.input.shape) { dx in
            accumulateConv2dGradients(gradOutput, saved, gradInput: dx.baseAddress, weightGradient, biasGradient)
        }
    }
}

/// Calls `body` with a pointer to the values of `tensor`, or nil without one.
private func withOptionalPointer<R>(_ tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let tensor else { return body(nil) }
    return tensor.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// Adds dW and db from dOut, and writes dX when `gradInput` is given.
private func accumulateConv2dGradients(
    _ gradOutput: Tensor, _ saved: Conv2dSaved, gradInput: UnsafeMutablePointer<Float>?,
    _ weightGradient: (any GradientAccumulator)?, _ biasGradient: (any GradientAccumulator)?
) {
    let g = saved.geometry
    let outChannels = saved.outChannels
    let kernel = ConvolutionKernel(geometry: g, outChannels: outChannels)
    // Each chunk's dWᵀ (C·k·k × O) and db (O) start at zero in its own scratch.
    let weightCount = saved.weight.count
    let partialSize = weightCount + outChannels
    let scratch = saved.scratch
    var chunks = 0  // stays 0 for an empty batch, which adds nothing to the gradients
    saved.input.withUnsafeBufferPointer { x in
        gradOutput.withUnsafeBufferPointer { dy in
            saved.weight.withUnsafeBufferPointer { w in
                guard let px = x.baseAddress, let pdy = dy.baseAddress, let pw = w.baseAddress else { return }
                chunks = Parallel.chunks(for: g.batch)
                Parallel.forEachChunk(count: g.batch, work: 2 * kernel.multiplyAdds) { chunk, images in
                    let partial = scratch.gradients[chunk].reserve(partialSize)
                    partial.update(repeating: 0, count: partialSize)
                    kernel.backward(
                        images: images, input: px, gradOutput: pdy, weight: pw, gradWeightTransposed: partial,
                        gradBias: saved.hasBias ? partial + weightCount : nil, gradInput: gradInput,
                        columns: scratch.columns[chunk].reserve(2 * kernel.columnsSize))
                }
            }
        }
    }
    // dW += each chunk's partial dW (stored transposed), and db likewise, in chunk order.
    let patch = weightCount / Swift.max(outChannels, 1)
    for chunk in 0..<chunks {
        let partial = scratch.gradients[chunk].pointer
        weightGradient?.accumulate { dW in
            for o in 0..<outChannels {
                for k in 0..<patch { dW[o * patch + k] += partial[k * outChannels + o] }
            }
        }
        if saved.hasBias {
            biasGradient?.accumulate { db in
                for o in 0..<outChannels { db[o] += partial[weightCount + o] }
            }
        }
    }
}
