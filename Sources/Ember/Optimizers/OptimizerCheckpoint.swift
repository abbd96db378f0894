// Saving and loading an optimizer's state, so that training stopped after a save resumes
// exactly where it was: SGD's velocities, Adam's moments and step count, RMSprop's square
// averages and momentum buffers, and the learning rate, which a schedule may have changed.
//
// The state goes to its own safetensors file, beside the model's, rather than into the
// model's file under an `optimizer.` prefix: the model's file stays a plain state dict that
// PyTorch's `load_state_dict` (strict) and `load` here accept as they are, as PyTorch keeps
// `optimizer.state_dict()` apart from the model's. Tensors take the names of PyTorch's
// optimizer state dict flattened: `state.0.exp_avg` for the first parameter's m,
// `param_groups.0.lr` for the learning rate. The other settings (momentum, betas, eps) are
// the constructor's and are not stored.

/// Saves the state of `optimizer` (SGD, Adam or RMSprop) to a safetensors file, atomically.
///
/// Save the model with `save(_:to:)` beside it; loading both into a model and an optimizer
/// made as before continues training bit for bit as if it had not stopped.
/// ```swift
/// try save(net, to: "net.safetensors")
/// try save(optimizer, to: "net.optimizer.safetensors")
/// ```
public func save(_ optimizer: any Optimizer, to path: String) throws {
    let state = try OptimizerState(optimizer)
    try save(try state.tensors(), to: path, metadata: ["optimizer": state.typeName])
}

/// Loads a state saved by `save(_:to:)` into `optimizer`, which must be of the same kind over
/// parameters of the same shapes. Any difference throws an error naming it, and then the
/// optimizer is left unchanged.
/// ```swift
/// try load(into: optimizer, from: "net.optimizer.safetensors")
/// ```
public func load(into optimizer: any Optimizer, from path: String) throws {
    let state = try OptimizerState(optimizer)
    let tensors = try state.tensors()
    do {
        try load(into: tensors, from: path)
    } catch EmberError.invalidFile(let file, let message) {
        let prefix = "does not match the model"
        guard message.hasPrefix(prefix) else { throw EmberError.invalidFile(path: file, message: message) }
        throw EmberError.invalidFile(
            path: file,
            message: "is not the state of this \(state.typeName) over \(optimizer.parameters.count) parameters"
                + message.dropFirst(prefix.count))
    }
    try state.restore(from: tensors, path: path)
}

/// The state of one optimizer: per-parameter buffers by PyTorch's name, and a step count.
private struct OptimizerState {
    /// One buffer per parameter, such as Adam's `exp_avg`, with access to the optimizer's copy.
    struct PerParameter {
        let name: String
        let get: () -> [[Float]]
        let set: ([[Float]]) -> Void
    }

    let optimizer: any Optimizer
    let typeName: String
    let buffers: [PerParameter]
    /// Adam's step count, which PyTorch keeps per parameter as `state.N.step`.
    let step: (get: () -> Int, set: (Int) -> Void)?

    init(_ optimizer: any Optimizer) throws {
        self.optimizer = optimizer
        switch optimizer {
        case let sgd as SGD:
            typeName = "SGD"
            buffers = [PerParameter(name: "velocity", get: { sgd.velocity }, set: { sgd.velocity = $0 })]
            step = nil
        case let adam as Adam:
            typeName = "Adam"
            buffers = [
                PerParameter(name: "exp_avg", get: { adam.firstMoment }, set: { adam.firstMoment = $0 }),
                PerParameter(name: "exp_avg_sq", get: { adam.secondMoment }, set: { adam.secondMoment = $0 }),
            ]
            step = ({ adam.stepCount }, { adam.stepCount = $0 })
        case let rmsprop as RMSprop:
            typeName = "RMSprop"
            buffers = [
                PerParameter(name: "square_avg", get: { rmsprop.squareAverage }, set: { rmsprop.squareAverage = $0 }),
                PerParameter(
                    name: "momentum_buffer", get: { rmsprop.momentumBuffer }, set: { rmsprop.momentumBuffer = $0 }),
            ]
            step = nil
        default:
            throw EmberError.invalidArgument(
                function: "save", message: "\(optimizer.description) has no state that can be saved")
        }
    }

    /// The state as the buffers of a module, which the model checkpoint code saves and loads
    /// with all its checks: every buffer of each parameter, its step, then the learning rate.
    func tensors() throws -> StateTensors {
        var tensors: [Buffer] = []
        let values = buffers.map { $0.get() }
        for (index, parameter) in optimizer.parameters.enumerated() {
            let shape = parameter.value.shape
            for (buffer, state) in zip(buffers, values) {
                tensors.append(
                    Buffer(
                        name: "state.\(index).\(buffer.name)", value: try Tensor(shape: shape, scalars: state[index])))
            }
            if let step {
                tensors.append(Buffer(name: "state.\(index).step", value: try stepTensor(step.get())))
            }
        }
        let rate = try Tensor(shape: [], scalars: [optimizer.learningRate])
        return StateTensors(buffers: tensors + [Buffer(name: "param_groups.0.lr", value: rate)])
    }

    /// Sets the optimizer's state from `tensors`, laid out as `tensors()` lays them out, after
    /// checking the step counts and the learning rate.
    func restore(from tensors: StateTensors, path: String) throws {
        let perParameter = buffers.count + (step == nil ? 0 : 1)
        let values = tensors.buffers.map(\.value.scalars)
        let steps = Set(stride(from: buffers.count, to: values.count - 1, by: perParameter).map { values[$0] })
        let stepValue = try step.map { _ in try stepCount(from: steps, path: path) }
        guard let rate = values.last?.first, rate.isFinite, rate >= 0 else {
            throw EmberError.invalidFile(path: path, message: "the learning rate is not a number ≥ 0")
        }
        // Everything is checked: only now does the optimizer change.
        for (offset, buffer) in buffers.enumerated() {
            buffer.set(stride(from: offset, to: values.count - 1, by: perParameter).map { values[$0] })
        }
        if let step, let stepValue { step.set(stepValue) }
        optimizer.learningRate = rate
    }
}

/// The largest step count a Float32 holds exactly.
private let largestExactStep = 1 << 24

/// A step count as PyTorch stores it: a Float32 scalar, exact up to 2²⁴.
private func stepTensor(_ step: Int) throws -> Tensor {
    guard step <= largestExactStep else {
        throw EmberError.invalidArgument(
            function: "save", message: "the step count \(step) is past 2^24, which a Float32 cannot hold exactly")
    }
    return try Tensor(shape: [], scalars: [Float(step)])
}

/// The one step count the parameters' `step` tensors agree on, a whole number ≥ 0.
private func stepCount(from steps: Set<[Float]>, path: String) throws -> Int {
    guard steps.count <= 1 else {
        throw EmberError.invalidFile(path: path, message: "the parameters have different step counts")
    }
    let value = steps.first?.first ?? 0
    guard value >= 0, value <= Float(largestExactStep), let step = Int(exactly: value) else {
        throw EmberError.invalidFile(path: path, message: "the step count \(value) is not a whole number ≥ 0")
    }
    return step
}

/// An optimizer's state tensors as the buffers of a module that is never run, so that the code
/// that saves and checks models writes and reads them.
private final class StateTensors: Module {
    let buffers: [Buffer]
    var isTraining = false
    let trace = Trace()
    var description: String { "optimizer state" }

    init(buffers: [Buffer]) {
        self.buffers = buffers
    }

    func forward(_ input: Tensor) throws -> Tensor { input }
    func backward(_ gradOutput: Tensor) throws -> Tensor { gradOutput }
}
