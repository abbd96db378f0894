// Calls of layers and losses that record on the tape: `net(x)` records when x is on the tape or
// the model's parameters require grad (as in PyTorch), and `loss(out, y)` when `out` is on the
// tape. The explicit `forward` methods never record, so the tutorial's way is unchanged.

import Ember

extension ModuleObject {
    /// The recorded output of a call with `input`, or nil when the call should not record.
    func record(_ input: Value) throws -> Value? {
        guard module.isRecordable else { return nil }
        let parametersNeedGrad = GradMode.isEnabled && module.allParameters().contains { $0.requiresGrad }
        guard isTapeValue(input) || (parametersNeedGrad && input.tensorValue != nil) else { return nil }
        let x = try tapeOperand(input)
        let output = try module.forward(x)
        module.trace.input = x.value
        module.trace.output = output.value
        return TapeTensorObject.wrap(output)
    }
}

extension LossObject {
    /// The recorded loss of a call whose output is on the tape, or nil otherwise.
    func record(_ output: Value, target: Tensor) throws -> Value? {
        guard isTapeValue(output), isRecordableLoss(loss) else { return nil }
        return TapeTensorObject.wrap(try recordedLoss(loss, try tapeOperand(output), target))
    }
}
