// The measurements of `ember bench`, run in a fixed order in one process: the sgemm ceiling
// first (OpenBLAS at its best kernels for the processor, whatever backend the models use), so
// that every rate can be given as a share of what the machine did in the same run, and Ember's
// own product beside it, then the models, then the launches of child processes.

import Ember

/// Runs every measurement of `configuration` and returns the report.
///
/// - Parameters:
///   - configuration: sizes and repetitions (`.standard` or `.quick`).
///   - executable: the `ember` binary to launch for the start-up and memory figures.
///   - progress: called with the name of each measurement as it starts.
public func runBenchmarks(
    _ configuration: BenchmarkConfiguration, executable: String, progress: (String) -> Void = { _ in }
) throws -> BenchmarkReport {
    let c = configuration
    progress("sgemm \(c.gemmSize)³")
    let sgemm = measureGemm(size: c.gemmSize, backend: .openBLAS, c)
    progress("Ember's sgemm \(c.gemmSize)³")
    let emberSgemm = measureGemm(size: c.gemmSize, backend: .ember, c)
    progress("CNN training")
    let cnnTraining = try measureTraining(try TrainingSetup.cnn(batch: 64, seed: 1), steps: c.trainingSteps, c)
    progress("CNN training through the tape")
    let cnnTapeTraining = try measureTraining(
        try TrainingSetup.cnn(batch: 64, seed: 1), steps: c.trainingSteps, c, throughTape: true)
    progress("CNN inference")
    let cnnInference = try measureInference(batch: c.inferenceBatch, c)
    progress("MLP training")
    let mlpTraining = try measureTraining(try TrainingSetup.mlp(batch: 128, seed: 2), steps: c.mlpSteps, c)
    progress("start-up")
    let startup = try measureStartup(executable: executable, launches: c.launches)
    progress("memory of a training epoch")
    let memory = try measureEpochMemory(executable: executable, c)
    func figure(_ rate: Double, batch: Int, flopsPerImage: Double) -> ThroughputFigure {
        let gflops = rate * flopsPerImage / 1e9
        return ThroughputFigure(
            batch: batch, imagesPerSecond: rate, gflops: gflops, percentOfCeiling: 100 * gflops / sgemm.gflops)
    }
    return BenchmarkReport(
        processor: processorModel(), threads: BLAS.threadCount, warmups: c.warmups, repetitions: c.repetitions,
        backend: backendDescription(), openBLASCore: BLAS.openBLASCore, sgemm: sgemm, emberSgemm: emberSgemm,
        cnnTraining: figure(cnnTraining, batch: 64, flopsPerImage: 3 * BenchmarkModels.cnnForwardFlops),
        cnnTapeTraining: figure(cnnTapeTraining, batch: 64, flopsPerImage: 3 * BenchmarkModels.cnnForwardFlops),
        cnnInference: figure(cnnInference, batch: c.inferenceBatch, flopsPerImage: BenchmarkModels.cnnForwardFlops),
        mlpTraining: figure(mlpTraining, batch: 128, flopsPerImage: 3 * BenchmarkModels.mlpForwardFlops),
        startup: startup, epochMemory: memory)
}

/// The backend the models' products use, with its kernels: `ember (avx512)`, `openblas (Haswell)`.
func backendDescription() -> String {
    switch BLAS.backend {
    case .ember: "ember (\(BLAS.KernelPath.automatic))"
    case .openBLAS: "openblas (\(BLAS.openBLASCore))"
    }
}

/// A product of random n×n matrices through `backend`: median GFLOP/s. OpenBLAS runs one call
/// on its own threads; Ember's product is split by rows into `Parallel` chunks, as the layers
/// split theirs.
func measureGemm(size n: Int, backend: BLAS.Backend, _ c: BenchmarkConfiguration) -> GemmFigure {
    let generator = Generator(seed: 3)
    var a = [Float](repeating: 0, count: n * n)
    a.withUnsafeMutableBufferPointer { generator.fillUniform($0, low: -1, high: 1) }
    let b = a.reversed() as [Float]
    var product = [Float](repeating: 0, count: n * n)
    let seconds = timedRuns(warmups: c.warmups, repetitions: c.repetitions) {
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                product.withUnsafeMutableBufferPointer { pc in
                    guard let pa = pa.baseAddress, let pb = pb.baseAddress, let pc = pc.baseAddress else { return }
                    guard backend == .ember else {
                        BLAS.gemm(using: .openBLAS, m: n, n: n, k: n, a: pa, lda: n, b: pb, ldb: n, c: pc, ldc: n)
                        return
                    }
                    Parallel.forEachChunk(count: n, work: n * n * n) { _, rows in
                        BLAS.gemm(
                            using: .ember, m: rows.count, n: n, k: n, a: pa + rows.lowerBound * n, lda: n, b: pb,
                            ldb: n, c: pc + rows.lowerBound * n, ldc: n)
                    }
                }
            }
        }
    }
    let threads = backend == .ember ? Parallel.chunks(for: n) : BLAS.threadCount
    return GemmFigure(size: n, threads: threads, gflops: 2 * pow3(n) / median(seconds) / 1e9)
}

private func pow3(_ n: Int) -> Double { Double(n) * Double(n) * Double(n) }

/// Training steps of `setup`, `steps` per timed run (explicit passes, or through the tape):
/// median images per second.
func measureTraining(
    _ setup: TrainingSetup, steps: Int, _ c: BenchmarkConfiguration, throughTape: Bool = false
) throws -> Double {
    let seconds = try timedRuns(warmups: c.warmups, repetitions: c.repetitions) {
        for _ in 0..<steps {
            if throughTape { try setup.tapeStep() } else { try setup.step() }
        }
    }
    return Double(steps * setup.inputs.shape[0]) / median(seconds)
}

/// Forward passes of the CNN in evaluation mode on random batches: median images per second.
func measureInference(batch: Int, _ c: BenchmarkConfiguration) throws -> Double {
    let generator = Generator(seed: 4)
    let model = try BenchmarkModels.tutorialCNN(generator: generator)
    model.eval()
    let inputs = try Tensor.randn([batch, 1, 28, 28], generator: generator)
    let seconds = try timedRuns(warmups: c.warmups, repetitions: c.repetitions) {
        for _ in 0..<c.inferenceBatches { _ = try model(inputs) }
    }
    return Double(c.inferenceBatches * batch) / median(seconds)
}

/// Median times to `ember`'s first prompt in a terminal and to the end of `ember -c "1+1"`.
func measureStartup(executable: String, launches: Int) throws -> StartupFigure {
    // An empty EMBER_HISTORY keeps the launches out of the user's history file.
    let prompt = try (0..<launches).map { _ in
        try timeUntilOutput(
            program: executable, arguments: [], marker: ">>> ", thenSend: "\u{04}",
            environment: ["EMBER_HISTORY": ""])
    }
    let command = try (0..<launches).map { _ in
        try runToCompletion(program: executable, arguments: ["-c", "1+1"]).seconds
    }
    return StartupFigure(promptSeconds: median(prompt), commandSeconds: median(command), launches: launches)
}

/// The peak resident memory of `ember bench --train-epoch-child`, run once, as the child
/// reports it. (`wait4`'s `ru_maxrss` would not do: Linux carries the parent's peak over into
/// a child started with vfork or fork, and the parent here has trained large batches.)
func measureEpochMemory(executable: String, _ c: BenchmarkConfiguration) throws -> MemoryFigure {
    var arguments = ["bench", "--train-epoch-child", "--dataset", c.datasetDirectory]
    if let limit = c.epochImages { arguments += ["--epoch-images", String(limit)] }
    let child = try runToCompletion(program: executable, arguments: arguments)
    guard let summary = EpochSummary(line: child.output) else {
        throw launchError(executable, "the training child printed no summary, only '\(child.output)'")
    }
    return MemoryFigure(
        images: summary.images, peakMegabytes: Double(summary.peakResidentBytes) / 1e6, seconds: child.seconds)
}
