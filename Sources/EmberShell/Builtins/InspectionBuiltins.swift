// Built-ins for looking inside a model: `summary` (shapes and parameter counts without running
// anything), `gradcheck` (backward against finite differences, per parameter) and `steps` (a
// pass taken one layer at a time).

import Ember

enum InspectionBuiltins {
    static func make(_ interpreter: Interpreter) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: [
            builtin(
                "summary",
                [
                    ParameterSpec("model"),
                    ParameterSpec("input_size", doc: "the shape of one input, without the batch axis: [1, 28, 28]"),
                ],
                doc: "Each layer's output shape and parameter count for one input of input_size; nothing is computed."
            ) {
                arguments, context in
                let module = try arguments.module("model")
                context.writeLine(
                    try ModelPrintout.summary(module, inputShape: [1] + (try arguments.shape("input_size"))))
                return .none
            },
            builtin(
                "gradcheck",
                [
                    ParameterSpec("model"), ParameterSpec("input"), ParameterSpec("target", .null),
                    ParameterSpec("loss", .null),
                    ParameterSpec("samples", .int(20), doc: "values checked per tensor, chosen at random"),
                ],
                doc:
                    "Compares the gradients backward computes with central finite differences, for every parameter and every layer's input: gradcheck(net, x, y, loss) runs one real pass, then checks the loss and each layer of a Sequential with the values that reached it. Without a loss, checks sum(output * r) for a random r."
            ) {
                arguments, context in
                let model = try arguments.module("model")
                var options = GradientCheckOptions()
                options.samplesPerTensor = max(1, try arguments.int("samples"))
                let input = try arguments.tensor("input")
                let report: GradientCheckReport
                if arguments.has("loss"), let sequential = model as? Sequential {
                    report = try layerwiseGradientCheck(
                        model: sequential, loss: try arguments.loss("loss"), input: input,
                        target: try arguments.tensor("target"), options: options, generator: context.generator)
                } else if arguments.has("loss") {
                    report = try gradientCheck(
                        model: model, loss: try arguments.loss("loss"), input: input,
                        target: try arguments.tensor("target"),
                        options: options, generator: context.generator)
                } else {
                    report = try gradientCheck(
                        module: model, input: input, options: options, generator: context.generator)
                }
                return .object(TextObject(report.description))
            },
            builtin(
                "steps",
                [
                    ParameterSpec("model"), ParameterSpec("input"), ParameterSpec("target", .null),
                    ParameterSpec("loss", .null),
                ],
                doc:
                    "Steps through a pass one layer at a time. steps(net, x, y, loss) runs forward and the loss, then each s.next() takes the gradient back through one layer (s.run() does the rest); steps(net, x) walks the forward pass instead."
            ) {
                arguments, _ in
                // Any other model is walked as the one layer of a Sequential.
                let module = try arguments.module("model")
                let model = module as? Sequential ?? Sequential([module])
                let input = try arguments.tensor("input")
                guard arguments.has("loss") else { return .object(StepperObject(model: model, input: input)) }
                return .object(
                    try StepperObject(
                        model: model, input: input, target: try arguments.tensor("target"),
                        loss: try arguments.loss("loss")))
            },
        ])
    }
}
