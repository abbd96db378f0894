// The figures of one benchmark run, and their two renderings: a table for people and JSON
// (snake_case keys) for scripts that compare runs.

import Ember
import Foundation

/// Speed of a model: images per second and the floating-point rate that implies.
public struct ThroughputFigure: Codable, Sendable, Equatable {
    /// Images per batch.
    public var batch: Int
    /// Median images per second.
    public var imagesPerSecond: Double
    /// Floating-point operations per second achieved, in billions.
    public var gflops: Double
    /// `gflops` as a percentage of the sgemm ceiling measured in the same run.
    public var percentOfCeiling: Double
}

/// Single-precision matrix multiplication of large squares: the machine's ceiling through
/// OpenBLAS, or Ember's own product.
public struct GemmFigure: Codable, Sendable, Equatable {
    /// The side n of the n×n×n product.
    public var size: Int
    /// The threads used (OpenBLAS's thread count, or the chunks of Ember's split product).
    public var threads: Int
    /// Median billions of floating-point operations per second.
    public var gflops: Double
}

/// Times to start `ember`.
public struct StartupFigure: Codable, Sendable, Equatable {
    /// Median seconds from starting `ember` in a terminal to its first prompt.
    public var promptSeconds: Double
    /// Median seconds for `ember -c "1+1"` to run and exit.
    public var commandSeconds: Double
    /// Launches each median is taken over.
    public var launches: Int
}

/// Peak memory of a child process training the CNN for one epoch of Fashion-MNIST.
public struct MemoryFigure: Codable, Sendable, Equatable {
    /// Images trained on.
    public var images: Int
    /// Peak resident set size, in megabytes (10⁶ bytes).
    public var peakMegabytes: Double
    /// Seconds the child took, loading the data included.
    public var seconds: Double
}

/// Everything `ember bench` measures.
public struct BenchmarkReport: Codable, Sendable, Equatable {
    /// The processor model, from /proc/cpuinfo.
    public var processor: String
    /// OpenBLAS's thread count during the run.
    public var threads: Int
    /// Untimed runs before each measurement.
    public var warmups: Int
    /// Timed runs per measurement, whose median is reported.
    public var repetitions: Int
    /// The backend of the models' products, and its kernels: `ember (avx512)`, `openblas (Haswell)`.
    public var backend: String
    /// The OpenBLAS core family of the ceiling: the best this processor runs.
    public var openBLASCore: String
    /// The machine's ceiling, OpenBLAS's sgemm, which the other rates are compared with.
    public var sgemm: GemmFigure
    /// Ember's own product on the same matrices, split by rows across `Parallel` chunks.
    public var emberSgemm: GemmFigure
    /// The tutorial's CNN trained with SGD, batch 64.
    public var cnnTraining: ThroughputFigure
    /// The same training through the tape: recorded forward, `backward()`, step.
    public var cnnTapeTraining: ThroughputFigure
    /// The tutorial's CNN in evaluation mode, forward only.
    public var cnnInference: ThroughputFigure
    /// The MLP 784-512-256-10 trained with Adam, batch 128.
    public var mlpTraining: ThroughputFigure
    /// Times to start `ember`.
    public var startup: StartupFigure
    /// Peak memory of a training epoch on Fashion-MNIST.
    public var epochMemory: MemoryFigure

    /// The report as JSON with snake_case keys, sorted, indented.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The report as a table with a header naming the machine and the method.
    public var table: String {
        let lines = [
            "Ember benchmark: \(processor), \(threads) OpenBLAS threads",
            "products of the models: \(backend); sgemm ceiling: OpenBLAS \(openBLASCore)",
            "median of \(repetitions) timed runs after \(warmups) warm-up(s); "
                + "start-up: median of \(startup.launches) launches",
            "",
        ]
        var rows = [["figure", "value", "GFLOP/s", "% of sgemm"]]
        rows.append(["sgemm \(sgemm.size)³ (\(sgemm.threads) threads)", "", decimal(sgemm.gflops, 1), "100.0"])
        rows.append([
            "Ember's sgemm \(emberSgemm.size)³ (\(emberSgemm.threads) chunks)", "", decimal(emberSgemm.gflops, 1),
            decimal(100 * emberSgemm.gflops / sgemm.gflops, 1),
        ])
        for (name, figure) in [
            ("CNN training, batch \(cnnTraining.batch)", cnnTraining),
            ("CNN trained through the tape, batch \(cnnTapeTraining.batch)", cnnTapeTraining),
            ("CNN inference, batch \(cnnInference.batch)", cnnInference),
            ("MLP 784-512-256-10 training, Adam, batch \(mlpTraining.batch)", mlpTraining),
        ] {
            rows.append([
                name, decimal(figure.imagesPerSecond, 0) + " img/s", decimal(figure.gflops, 1),
                decimal(figure.percentOfCeiling, 1),
            ])
        }
        rows.append(["start to first prompt", decimal(startup.promptSeconds * 1000, 1) + " ms", "", ""])
        rows.append(["ember -c \"1+1\"", decimal(startup.commandSeconds * 1000, 1) + " ms", "", ""])
        rows.append([
            "peak memory, CNN epoch of \(formatCount(epochMemory.images)) Fashion-MNIST images",
            decimal(epochMemory.peakMegabytes, 1) + " MB", "", "",
        ])
        return (lines + alignedColumns(rows)).joined(separator: "\n")
    }
}

/// `value` with `places` decimals and thousands separators: `12,345.6`.
func decimal(_ value: Double, _ places: Int) -> String {
    guard value.isFinite else { return String(value) }
    let parts = String(format: "%.*f", places, Swift.abs(value)).split(separator: ".")
    let whole = formatCount(Int(parts[0]) ?? 0)
    return (value < 0 ? "-" : "") + whole + (parts.count > 1 ? "." + parts[1] : "")
}

/// Rows padded into columns: the first left-aligned, the others right-aligned.
private func alignedColumns(_ rows: [[String]]) -> [String] {
    let widths = (0..<(rows.first?.count ?? 0)).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { column, text in
            let padding = String(repeating: " ", count: widths[column] - text.count)
            return column == 0 ? text + padding : padding + text
        }.joined(separator: "   ")
    }
}
