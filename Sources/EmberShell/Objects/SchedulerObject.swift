// A learning-rate scheduler as the shell shows it (`torch.optim.lr_scheduler.StepLR(opt, …)`):
// made over an optimizer, it sets the optimizer's rate for step 0 at once and for the next
// step at each `step()`, as PyTorch's schedulers do; `get_last_lr()` gives the rate now.

import Ember

/// A scheduler over one optimizer.
final class SchedulerObject: ShellObject {
    /// The scheduler's PyTorch name (`StepLR`).
    let typeName: String
    let schedule: LearningRateSchedule
    let optimizer: any Optimizer
    /// The optimizer's rate when the scheduler was made, η₀ of the formulas.
    let initialRate: Double
    /// The scheduler steps taken so far.
    private(set) var steps = 0

    /// A scheduler named `name` following `schedule` over `optimizer`, which it sets for step 0.
    init(_ name: String, _ schedule: LearningRateSchedule, optimizer: any Optimizer) throws {
        try schedule.validate()
        typeName = name
        self.schedule = schedule
        self.optimizer = optimizer
        initialRate = Double(optimizer.learningRate)
        apply()
    }

    private func apply() {
        optimizer.learningRate = Float(schedule.rate(at: steps, initial: initialRate))
    }

    private static let methods = MethodTable<SchedulerObject>(
        "Scheduler",
        [
            "step": Method(doc: "Moves to the next step of the schedule and sets the optimizer's rate for it.") {
                object, _, _ in
                if let total = object.schedule.totalSteps, object.steps + 1 >= total {
                    throw ShellError(
                        .value,
                        "Tried to step \(object.steps + 2) times. The specified number of total steps is \(total)")
                }
                object.steps += 1
                object.apply()
                return .none
            },
            "get_last_lr": Method(doc: "The learning rate the optimizer has now, in a list (one per group).") {
                object, _, _ in .list(ListStorage([.float32(object.optimizer.learningRate)]))
            },
        ])

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        if name == "last_epoch" { return .int(steps) }
        if name == "optimizer" { return .object(OptimizerObject(optimizer)) }
        return SchedulerObject.methods.bind(name, to: self)
    }

    var attributeNames: [String] { SchedulerObject.methods.names + ["last_epoch", "optimizer"] }

    func render(in context: ShellContext) -> String {
        "\(typeName) at step \(steps), lr \(Value.float32(optimizer.learningRate).number ?? 0)"
    }
}

/// The schedulers of `torch.optim.lr_scheduler`.
enum SchedulerBuiltins {
    static func make() -> [String: Value] {
        func scheduler(
            _ name: String, _ parameters: [ParameterSpec], doc: String,
            _ schedule: @escaping (Arguments) throws -> LearningRateSchedule
        ) -> (String, Value) {
            constructor(name, [ParameterSpec("optimizer")] + parameters, doc: doc) { arguments, _ in
                guard case .object(let object as OptimizerObject) = arguments.value("optimizer") else {
                    throw ShellError(
                        .type,
                        "\(name)(): optimizer must be an optimizer such as SGD(net, lr=0.1), "
                            + "not \(arguments.value("optimizer").typeName)")
                }
                return .object(try SchedulerObject(name, try schedule(arguments), optimizer: object.optimizer))
            }
        }
        return Dictionary(uniqueKeysWithValues: [
            scheduler(
                "StepLR", [ParameterSpec("step_size"), ParameterSpec("gamma", .float(0.1))],
                doc: "Multiplies the learning rate by gamma every step_size steps: lr = lr0 · gamma^(t // step_size)."
            ) { .step(size: try $0.int("step_size"), gamma: try $0.double("gamma")) },
            scheduler(
                "ExponentialLR", [ParameterSpec("gamma")],
                doc: "Multiplies the learning rate by gamma every step: lr = lr0 · gamma^t."
            ) { .exponential(gamma: try $0.double("gamma")) },
            scheduler(
                "CosineAnnealingLR", [ParameterSpec("T_max"), ParameterSpec("eta_min", .float(0))],
                doc:
                    "Half a cosine from lr0 down to eta_min over T_max steps: eta_min + (lr0 − eta_min)(1 + cos(π t / T_max)) / 2."
            ) { .cosine(period: try $0.int("T_max"), minimum: try $0.double("eta_min")) },
            scheduler(
                "OneCycleLR",
                [
                    ParameterSpec("max_lr"), ParameterSpec("total_steps"), ParameterSpec("pct_start", .float(0.3)),
                    ParameterSpec("div_factor", .float(25)), ParameterSpec("final_div_factor", .float(1e4)),
                ],
                doc:
                    "Up from max_lr / div_factor to max_lr over pct_start of total_steps, then down to max_lr / (div_factor · final_div_factor), each half a cosine (the momentum is not cycled)."
            ) {
                .oneCycle(
                    maximum: try $0.double("max_lr"), totalSteps: try $0.int("total_steps"),
                    warmupFraction: try $0.double("pct_start"), initialDivisor: try $0.double("div_factor"),
                    finalDivisor: try $0.double("final_div_factor"))
            },
        ])
    }
}
