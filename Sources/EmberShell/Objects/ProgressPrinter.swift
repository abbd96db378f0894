// Progress of training and downloads. On a terminal the bar is redrawn in place; elsewhere one
// plain line per epoch; in recorded output the times and speeds, which differ from run to run,
// are left out.

import Ember
import Foundation

/// Draws `fit`'s progress.
final class ProgressPrinter: TrainingObserver {
    private let context: ShellContext
    private var lastDraw = 0.0
    /// The speed at the last batch, for the epoch's line.
    private var imagesPerSecond = 0.0

    init(context: ShellContext) {
        self.context = context
    }

    func batchFinished(_ progress: BatchProgress) {
        imagesPerSecond = progress.imagesPerSecond
        // A notebook keeps one live display; a terminal redraws its line.
        guard context.isTerminal || context.showProgress != nil, !context.stableOutput else { return }
        // Redrawing more often than ten times a second only costs time.
        let now = Date().timeIntervalSinceReferenceDate
        guard now - lastDraw >= 0.1 || progress.batch == progress.batches else { return }
        lastDraw = now
        let line = fittedProgress(
            context, label: "epoch \(progress.epoch)/\(progress.epochs)", done: progress.batch, total: progress.batches,
            fields: [
                ("loss", formatNumber(Double(progress.runningLoss))),
                ("acc", formatNumber(progress.runningAccuracy * 100) + "%"),
                ("", formatRate(progress.imagesPerSecond, unit: "img/s")),
                ("", formatDuration(progress.secondsRemaining) + " left"),
            ])
        if let showProgress = context.showProgress { return showProgress(line) }
        context.write("\r" + line + "\u{1B}[K")
    }

    func epochFinished(_ summary: EpochSummary) {
        if context.isTerminal && !context.stableOutput { context.write("\r\u{1B}[K") }
        var parts = [
            "epoch \(summary.epoch)", "loss \(formatNumber(Double(summary.trainLoss)))",
            "acc \(formatNumber(summary.trainAccuracy * 100))%",
        ]
        if let loss = summary.validationLoss { parts.append("val_loss \(formatNumber(Double(loss)))") }
        if let accuracy = summary.validationAccuracy { parts.append("val_acc \(formatNumber(accuracy * 100))%") }
        if !context.stableOutput {
            parts.append(formatDuration(summary.seconds))
            parts.append(formatRate(imagesPerSecond, unit: "img/s"))
        }
        context.writeLine(parts.joined(separator: "  "))
    }

    /// After `fit`: says why it stopped early, if it did.
    func finish(_ history: History) {
        context.showProgress?(nil)
        if context.isTerminal && !context.stableOutput { context.write("\r\u{1B}[K") }
        switch history.stopReason {
        case .completed: break
        case .interrupted:
            context.writeLine(
                "\(history.stopReason): the model and optimizer are as after that batch, and the history is kept")
        case .nonFinite:
            context.writeLine(history.stopReason.description)
        }
    }
}

/// Draws download progress for the dataset built-ins.
final class DownloadProgressPrinter {
    private let context: ShellContext

    init(context: ShellContext) {
        self.context = context
    }

    func report(_ progress: DownloadProgress) {
        let finished = progress.bytesTotal.map { progress.bytesDone >= $0 } ?? false
        if context.isTerminal, !context.stableOutput, let total = progress.bytesTotal {
            let line = fittedProgress(
                context, label: progress.file, done: progress.bytesDone, total: total,
                fields: [("", formatCount(progress.bytesDone / 1024) + " KiB")])
            context.write("\r" + line + "\u{1B}[K" + (finished ? "\n" : ""))
        } else if finished {
            context.writeLine("downloaded \(progress.file) from \(progress.url)")
        }
    }
}

/// A progress line that fits the terminal's width: a line that wrapped could not be redrawn in
/// place.
private func fittedProgress(
    _ context: ShellContext, label: String, done: Int, total: Int, fields: [(String, String)]
) -> String {
    renderFittedProgress(
        label: label, done: done, total: total, columns: context.style.width, fields: fields, style: context.style)
}
