// One epoch of the tutorial's CNN on Fashion-MNIST, as the memory figure runs it in a child
// process. The 60,000 images stay as the file's bytes (47 MB); each batch is converted to
// floats on its own, so the float copy never exceeds one batch.

import Ember
import Foundation

/// What one epoch of training did.
public struct EpochSummary: Sendable {
    /// Images trained on.
    public var images: Int
    /// The loss of the last batch.
    public var lastLoss: Float
    /// The process's peak resident memory at the end, in bytes (0 where unknown).
    public var peakResidentBytes: Int

    /// Makes a summary.
    public init(images: Int, lastLoss: Float, peakResidentBytes: Int) {
        self.images = images
        self.lastLoss = lastLoss
        self.peakResidentBytes = peakResidentBytes
    }

    /// Reads the summary back from `line`.
    init?(line: String) {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 6, fields[0] == "images", let images = Int(fields[1]), fields[2] == "loss",
            let loss = Float(fields[3]), fields[4] == "peak_bytes", let peak = Int(fields[5])
        else { return nil }
        self.init(images: images, lastLoss: loss, peakResidentBytes: peak)
    }

    /// The summary as the child process prints it: `images 60000 loss 0.3125 peak_bytes 1234`.
    public var line: String { "images \(images) loss \(lastLoss) peak_bytes \(peakResidentBytes)" }
}

/// Trains the tutorial's CNN for one epoch (batches of 64, SGD with lr 0.05 and momentum 0.9)
/// on the Fashion-MNIST training split in `directory`, or on its first `limit` images.
public func trainFashionMNISTEpoch(directory: String, limit: Int? = nil, seed: UInt64 = 0) throws -> EpochSummary {
    let images = try IDXArray(contentsOf: directory + "/train-images-idx3-ubyte.gz")
    let labels = try IDXArray(contentsOf: directory + "/train-labels-idx1-ubyte.gz")
    guard images.dataType == .uint8, images.shape.count == 3, images.shape[1] == 28, images.shape[2] == 28,
        labels.dataType == .uint8, labels.shape == [images.shape[0]]
    else {
        throw EmberError.invalidFile(
            path: directory,
            message: "expected 28×28 byte images and one byte label each, got images "
                + formatShape(images.shape) + " and labels " + formatShape(labels.shape))
    }
    let count = min(limit ?? images.shape[0], images.shape[0])
    let setup = try TrainingSetup.cnn(batch: 1, seed: seed)
    let generator = Generator(seed: seed)
    let order = generator.permutation(count)
    var lastLoss: Float = 0
    for start in stride(from: 0, to: count, by: 64) {
        let batch = order[start..<min(start + 64, count)]
        let (x, y) = try fashionBatch(batch, images: images.payload, labels: labels.payload)
        lastLoss = try setup.step(x, y)
    }
    return EpochSummary(images: count, lastLoss: lastLoss, peakResidentBytes: peakResidentBytes())
}

/// The peak resident set size of this process (VmHWM in /proc/self/status), in bytes; 0
/// where the file is missing.
func peakResidentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        return (kilobytes ?? 0) * 1024
    }
    return 0
}

/// The images at `indices` as floats normalised with Fashion-MNIST's mean and deviation
/// ([B, 1, 28, 28]), and their labels ([B]).
private func fashionBatch(_ indices: ArraySlice<Int>, images: [UInt8], labels: [UInt8]) throws -> (Tensor, Tensor) {
    let (mean, deviation): (Float, Float) = (0.2860, 0.3530)
    let pixels = 28 * 28
    let x = try Tensor(uninitializedShape: [indices.count, 1, 28, 28]) { out in
        images.withUnsafeBufferPointer { bytes in
            for (row, index) in indices.enumerated() {
                for k in 0..<pixels {
                    out[row * pixels + k] = (Float(bytes[index * pixels + k]) / 255 - mean) / deviation
                }
            }
        }
    }
    return (x, Tensor(indices.map { Float(labels[$0]) }))
}
