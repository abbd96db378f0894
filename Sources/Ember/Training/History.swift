// The record `fit` returns: one summary per epoch, every batch's loss, and why training ended.

import Foundation

/// Why `fit` returned.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// Every epoch ran to the end.
    case completed
    /// `shouldStop` returned true after batch `batch` (of `batches`) of epoch `epoch`.
    case interrupted(epoch: Int, batch: Int, batches: Int)
    /// The loss or a gradient stopped being finite; nothing was updated from that batch.
    case nonFinite(NonFiniteReport)

    /// The printout, as `print` shows it.
    public var description: String {
        switch self {
        case .completed:
            return "completed"
        case .interrupted(let epoch, let batch, let batches):
            return "interrupted at epoch \(epoch), batch \(batch) of \(batches)"
        case .nonFinite(let report):
            return report.description
        }
    }
}

/// Where training met a value that was not finite, and the first layer that produced one.
public struct NonFiniteReport: Sendable, Equatable, CustomStringConvertible {
    /// Which pass the non-finite value appeared in.
    public enum Stage: Sendable, Equatable {
        /// The forward pass: the loss itself is NaN or infinite.
        case output
        /// The backward pass: the loss is finite but a gradient is not.
        case gradient
    }

    /// The epoch, from 1.
    public let epoch: Int
    /// The batch, from 1.
    public let batch: Int
    /// The loss of that batch.
    public let loss: Float
    /// Whether the output or a gradient went wrong.
    public let stage: Stage
    /// The index of the first layer (in the order values flowed) with a non-finite result; nil
    /// when the model is not a `Sequential` or no layer's result was at fault.
    public let layerIndex: Int?
    /// That layer's (or the whole model's) description; nil when none was at fault.
    public let layerDescription: String?

    /// The printout, as `print` shows it.
    public var description: String {
        let culprit = layerDescription.map { text in
            layerIndex.map { "layer \($0), \(text)," } ?? "the model, \(text),"
        }
        let start = "stopped at epoch \(epoch), batch \(batch): "
        // NaN's sign bit is meaningless; print every NaN the same way.
        let loss = self.loss.isNaN ? Float.nan : self.loss
        switch stage {
        case .output:
            return start + "the loss became \(loss); "
                + (culprit.map { "\($0) was the first to produce a non-finite output" }
                    ?? "every layer's output was finite, so the loss itself overflowed")
        case .gradient:
            return start + "the loss was \(loss) but "
                + (culprit.map {
                    "\($0) was the first, counting back from the output, to produce a non-finite gradient"
                }
                    ?? "a gradient became non-finite")
        }
    }
}

/// What happened during `fit`: per-epoch results, every batch's loss and why it stopped.
public struct History: Sendable, CustomStringConvertible {
    /// One summary per epoch trained, the last one partial if training stopped during it.
    public internal(set) var epochs: [EpochSummary] = []
    /// The loss of every batch trained on, in order.
    public internal(set) var batchLosses: [Float] = []
    /// Why training ended.
    public internal(set) var stopReason: StopReason = .completed

    /// The mean training loss of each epoch.
    public var trainLoss: [Float] { epochs.map(\.trainLoss) }
    /// The training accuracy of each epoch.
    public var trainAccuracy: [Double] { epochs.map(\.trainAccuracy) }
    /// The validation loss after each epoch, nil where there was none.
    public var validationLoss: [Float?] { epochs.map(\.validationLoss) }
    /// The validation accuracy after each epoch, nil where there was none.
    public var validationAccuracy: [Double?] { epochs.map(\.validationAccuracy) }

    /// A table of the epochs followed by the stop reason.
    public var description: String {
        var rows = [["epoch", "batches", "train loss", "train acc", "val loss", "val acc", "time"]]
        for summary in epochs {
            rows.append([
                String(summary.epoch), "\(summary.batchesDone)/\(summary.batches)",
                String(format: "%.4f", summary.trainLoss), percent(summary.trainAccuracy),
                summary.validationLoss.map { String(format: "%.4f", $0) } ?? "-",
                summary.validationAccuracy.map(percent) ?? "-", String(format: "%.1fs", summary.seconds),
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let lines = rows.map { row in
            zip(row, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }
                .joined(separator: "  ")
        }
        return (lines + [stopReason.description]).joined(separator: "\n")
    }
}

/// `0.8512` as `85.12%`.
func percent(_ fraction: Double) -> String {
    String(format: "%.2f%%", fraction * 100)
}
