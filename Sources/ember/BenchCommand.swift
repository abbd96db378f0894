// `ember bench`: measures speed, start-up and memory, and prints a table or JSON. The hidden
// `--train-epoch-child` mode is the process whose memory the benchmark measures.

import ArgumentParser
import EmberBenchmarks
import Foundation

/// `ember bench [--json] [--quick] [--repetitions N] [--layers STEPS]`.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure training and inference speed, start-up time and memory (use a release build).")

    @Flag(help: "Print the figures as JSON instead of a table.")
    var json = false

    @Flag(help: "A tiny run that only checks that every measurement works.")
    var quick = false

    @Option(help: "Timed runs per figure; the median is reported (default 7).")
    var repetitions: Int?

    @Option(help: "The folder holding Fashion-MNIST's training files.")
    var dataset: String = fashionMNISTDirectory

    @Flag(help: .hidden)
    var trainEpochChild = false

    @Option(help: .hidden)
    var epochImages: Int?

    @Option(help: "Instead of the benchmark, time each layer of the CNN and the MLP over this many training steps.")
    var layers: Int?

    func run() throws {
        if trainEpochChild {
            print(try trainFashionMNISTEpoch(directory: dataset, limit: epochImages).line)
            return
        }
        if let layers {
            print(try profileLayers(steps: max(layers, 1)))
            return
        }
        guard let executable = currentExecutablePath() else {
            throw ValidationError("cannot find the ember executable through /proc/self/exe")
        }
        var configuration = quick ? BenchmarkConfiguration.quick : .standard
        if let repetitions { configuration.repetitions = max(repetitions, 1) }
        configuration.datasetDirectory = dataset
        let report = try runBenchmarks(configuration, executable: executable) { name in
            if !json { FileHandle.standardError.write(Data("measuring \(name)…\n".utf8)) }
        }
        print(json ? try report.json() : report.table)
    }
}
