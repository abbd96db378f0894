// Where a training step of the CNN spends its time, layer by layer: forward and backward of
// each layer timed separately, wall-clock and CPU time of the whole process (CPU above wall
// means the layer ran on more than one core). Medians over the steps, so that a step slowed
// by other work on the machine does not count.

import Ember

#if canImport(Glibc)
    import Glibc
#endif

/// CPU seconds used by every thread of this process.
private func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Tables of microseconds per image for the forward and backward pass of each layer of the
/// tutorial's CNN (batch 64) and of the MLP (batch 128), and for the loss and the optimizer,
/// over `steps` training steps after a warm-up of 5.
public func profileLayers(steps: Int) throws -> String {
    try [TrainingSetup.cnn(batch: 64, seed: 1), TrainingSetup.mlp(batch: 128, seed: 2)].map {
        try profileLayers(of: $0, steps: steps)
    }.joined(separator: "\n\n")
}

/// The table of `profileLayers` for one model.
private func profileLayers(of setup: TrainingSetup, steps: Int) throws -> String {
    let layers = setup.model.layers
    // Per layer: forward wall, forward CPU, backward wall, backward CPU; then the loss and the
    // optimizer step with zeroGrad, in the forward columns.
    var samples = [[[Double]]](repeating: [[], [], [], []], count: layers.count + 2)
    func timed(_ layer: Int, _ slot: Int, _ record: Bool, _ body: () throws -> Tensor) rethrows -> Tensor {
        let (wall, cpu) = (monotonicSeconds(), processCPUSeconds())
        let result = try body()
        if record {
            samples[layer][slot].append(monotonicSeconds() - wall)
            samples[layer][slot + 1].append(processCPUSeconds() - cpu)
        }
        return result
    }
    for step in 0..<steps + 5 {
        var x = setup.inputs
        for (index, layer) in layers.enumerated() { x = try timed(index, 0, step >= 5) { try layer.forward(x) } }
        var gradient = try timed(layers.count, 0, step >= 5) {
            _ = try setup.loss.forward(x, setup.targets)
            return try setup.loss.backward()
        }
        for (index, layer) in layers.enumerated().reversed() {
            gradient = try timed(index, 2, step >= 5) { try layer.backward(gradient) }
        }
        _ = timed(layers.count + 1, 0, step >= 5) {
            setup.optimizer.step()
            setup.optimizer.zeroGrad()
            return gradient
        }
    }
    let scale = 1e6 / Double(setup.inputs.shape[0])
    let times = samples.map { $0.map(median) }
    var lines = ["µs per image (CPU µs)      forward            backward"]
    let names = layers.map(\.description) + [setup.loss.description, setup.optimizer.description]
    for (name, t) in zip(names, times) {
        let name = name.padding(toLength: 30)
        lines.append(
            name
                + " \(decimal(t[0] * scale, 1)) (\(decimal(t[1] * scale, 1)))   \(decimal(t[2] * scale, 1)) (\(decimal(t[3] * scale, 1)))"
        )
    }
    let total = times.reduce(0) { $0 + $1[0] + $1[2] } * scale
    lines.append("total \(decimal(total, 1)) µs per image: \(decimal(1e6 / total, 0)) images per second")
    return lines.joined(separator: "\n")
}

extension String {
    /// The text cut or padded with spaces to `length` characters.
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: " ", count: length - count)
    }
}
