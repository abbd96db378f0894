// The training loop of the tutorial, run for the caller: per batch forward, loss, zeroGrad,
// backward, step; running loss and accuracy per epoch; validation after each epoch. It stops
// cleanly when asked to (between batches) and before any update that a NaN or infinity would
// poison, naming the first layer where the bad value appeared.

import Foundation

/// Trains `model` on the batches of `data` for `epochs` epochs and returns what happened.
///
/// - Parameters:
///   - model: the network; it is put in training mode for each epoch.
///   - data: the training batches; a shuffling loader gives each epoch a new order.
///   - loss: the criterion, such as `CrossEntropyLoss()`.
///   - optimizer: steps the parameters after each batch.
///   - epochs: the number of passes over `data`.
///   - validation: data evaluated (in evaluation mode) after each epoch.
///   - observer: receives progress after each batch and epoch.
///   - shouldStop: checked after each batch; returning true ends training there, with the model
///     and optimizer consistent and `History.stopReason` set to `.interrupted`.
/// ```swift
/// let loader = try DataLoader(train, batchSize: 64, shuffle: true, seed: 0)
/// let history = try fit(
///     model: net, data: loader, loss: CrossEntropyLoss(),
///     optimizer: try SGD(net.allParameters(), learningRate: 0.05, momentum: 0.9), epochs: 1)
/// print(history)
/// ```
public func fit(
    model: any Module, data: DataLoader, loss: any Loss, optimizer: any Optimizer, epochs: Int = 1,
    validation: (any Dataset)? = nil, observer: (any TrainingObserver)? = nil,
    shouldStop: () -> Bool = { false }
) throws -> History {
    guard epochs > 0 else {
        throw EmberError.invalidArgument(function: "fit", message: "epochs must be positive, got \(epochs)")
    }
    guard data.count > 0 else {
        throw EmberError.invalidArgument(
            function: "fit",
            message: "the data loader has no batches (\(data.dataset.count) images, batch size "
                + "\(data.batchSize)\(data.dropLast ? ", dropping the last partial batch" : ""))")
    }
    var run = TrainingRun(
        model: model, loader: data, loss: loss, optimizer: optimizer, epochs: epochs,
        validation: validation, observer: observer, parameters: model.allParameters())
    for epoch in 1...epochs {
        guard try run.trainEpoch(epoch, shouldStop: shouldStop) else { break }
    }
    return run.history
}

/// The state of one call to `fit`.
private struct TrainingRun {
    let model: any Module
    let loader: DataLoader
    let loss: any Loss
    let optimizer: any Optimizer
    let epochs: Int
    let validation: (any Dataset)?
    let observer: (any TrainingObserver)?
    /// The model's parameters, listed once rather than once per batch.
    let parameters: [Parameter]
    var history = History()

    /// The sums over the current epoch that its running figures are made of.
    private struct Tally {
        var images = 0
        var lossSum = 0.0
        var correct = 0
        var batches = 0
        mutating func add(loss: Float, images count: Int, correct right: Int) {
            images += count
            lossSum += Double(loss) * Double(count)
            correct += right
            batches += 1
        }
        var meanLoss: Float { Float(lossSum / Double(max(images, 1))) }
        var accuracy: Double { Double(correct) / Double(max(images, 1)) }
    }

    /// Runs one epoch; returns false when training must end after it.
    mutating func trainEpoch(_ epoch: Int, shouldStop: () -> Bool) throws -> Bool {
        model.train()
        let batches = loader.count
        observer?.epochStarted(epoch: epoch, epochs: epochs, batches: batches)
        let started = Date()
        var tally = Tally()
        var iterator = loader.makeIterator()
        while let (images, labels) = try iterator.nextBatch() {
            switch try step(images, labels) {
            case .trained(let value, let correct):
                tally.add(loss: value, images: labels.count, correct: correct)
                history.batchLosses.append(value)
            case .nonFinite(let value, let stage):
                let report = diagnose(epoch: epoch, batch: tally.batches + 1, loss: value, stage: stage)
                return finishEarly(epoch, tally, started: started, reason: .nonFinite(report))
            }
            let elapsed = Date().timeIntervalSince(started)
            observer?.batchFinished(
                BatchProgress(
                    epoch: epoch, epochs: epochs, batch: tally.batches, batches: batches,
                    runningLoss: tally.meanLoss, runningAccuracy: tally.accuracy,
                    imagesPerSecond: Double(tally.images) / max(elapsed, 1e-9), secondsElapsed: elapsed,
                    secondsRemaining: elapsed / Double(tally.batches) * Double(batches - tally.batches)))
            if shouldStop() {
                let reason = StopReason.interrupted(epoch: epoch, batch: tally.batches, batches: batches)
                return finishEarly(epoch, tally, started: started, reason: reason)
            }
        }
        let checked = try validation.map { try evaluate(model: model, data: $0, loss: loss) }
        let summary = EpochSummary(
            epoch: epoch, batchesDone: tally.batches, batches: batches, trainLoss: tally.meanLoss,
            trainAccuracy: tally.accuracy, validationLoss: checked?.loss,
            validationAccuracy: checked?.accuracy, seconds: Date().timeIntervalSince(started))
        history.epochs.append(summary)
        observer?.epochFinished(summary)
        return true
    }

    /// The outcome of one batch.
    private enum StepResult {
        /// The parameters were updated; `correct` images were classified right.
        case trained(loss: Float, correct: Int)
        /// The loss (output stage) or a gradient was not finite; nothing was updated.
        case nonFinite(loss: Float, stage: NonFiniteReport.Stage)
    }

    /// Trains on one batch, unless its loss or a gradient is not finite: then it returns before
    /// the optimizer changes anything.
    private func step(_ images: Tensor, _ labels: Tensor) throws -> StepResult {
        // Through the tape when every layer records; the explicit passes otherwise.
        let recorded = model.isRecordable && isRecordableLoss(loss)
        let tapeOutput = recorded ? try model.forward(Variable(images)) : nil
        let output = try tapeOutput?.value ?? model.forward(images)
        // Recorded like a container records its layers, so a bad output can be found later.
        model.trace.input = images
        model.trace.output = output
        let predicted = try predictedClasses(output, batch: labels.count, function: "fit")
        let tapeLoss = try tapeOutput.map { try recordedLoss(loss, $0, labels) }
        let value = try tapeLoss?.value.item() ?? loss.forward(output, labels)
        guard value.isFinite else { return .nonFinite(loss: value, stage: .output) }
        optimizer.zeroGrad()
        // The images need no gradient: the first layer only updates its parameters' gradients.
        if let tapeLoss {
            try tapeLoss.backward()
        } else {
            try model.backwardParameters(try loss.backward())
        }
        guard parameters.allSatisfy({ isFinite($0.grad) }) else {
            if tapeLoss != nil {
                // The layers' traces tell where a gradient first went bad; the explicit pass
                // fills them (the recorded forward kept each layer's context).
                _ = try loss.forward(output, labels)
                optimizer.zeroGrad()
                try model.backwardParameters(try loss.backward())
            }
            return .nonFinite(loss: value, stage: .gradient)
        }
        optimizer.step()
        return .trained(loss: value, correct: zip(predicted, labels.scalars).filter { Float($0) == $1 }.count)
    }

    /// The report of a batch whose loss or gradients were not finite.
    private func diagnose(epoch: Int, batch: Int, loss value: Float, stage: NonFiniteReport.Stage)
        -> NonFiniteReport
    {
        let layer = stage == .output ? firstNonFiniteOutput(in: model) : firstNonFiniteGradient(in: model)
        return NonFiniteReport(
            epoch: epoch, batch: batch, loss: value, stage: stage, layerIndex: layer?.index,
            layerDescription: layer?.description)
    }

    /// Records the epoch cut short (if it trained on anything) and the reason; returns false.
    private mutating func finishEarly(_ epoch: Int, _ tally: Tally, started: Date, reason: StopReason) -> Bool {
        if tally.batches > 0 {
            history.epochs.append(
                EpochSummary(
                    epoch: epoch, batchesDone: tally.batches, batches: loader.count,
                    trainLoss: tally.meanLoss, trainAccuracy: tally.accuracy, validationLoss: nil,
                    validationAccuracy: nil, seconds: Date().timeIntervalSince(started)))
        }
        history.stopReason = reason
        return false
    }
}
