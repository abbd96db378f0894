// The text `help()` shows: for a function or a layer, its signature with defaults, what it does,
// and its arguments; for a value, its type and attributes; with no argument, every built-in by
// category.

import Ember

enum HelpText {
    static func render(_ value: Value?, interpreter: Interpreter) -> String {
        guard let value else { return overview(interpreter) }
        switch value {
        case .function(let callable):
            return describe(callable)
        case .string(let name):
            if let found = interpreter.builtins[name] { return render(found, interpreter: interpreter) }
            return "No built-in named '\(name)'."
        case .object(let type as ClassObject):
            return type.helpText
        case .object(let object):
            var text = ""
            if case .function(let callable)? = interpreter.builtins[object.typeName] {
                text = describe(callable) + "\n\n"
            } else {
                text = object.typeName + "\n\n"
            }
            return text + "Attributes and methods:\n"
                + wrap(interpreter.attributeNames(of: value).joined(separator: ", "), indent: "  ")
        case .tensor:
            let lines = TensorMethods.table.names.compactMap { name in
                TensorMethods.table.methods[name].map { "  \(pad(name, 12)) \($0.doc)" }
            }
            return "Tensor: float32 values in a shape. Properties: "
                + TensorMethods.propertyNames.joined(separator: ", ")
                + ".\nMethods:\n" + lines.joined(separator: "\n")
        default:
            return "\(value.typeName): attributes and methods: "
                + interpreter.attributeNames(of: value).joined(separator: ", ")
        }
    }

    /// Signature, doc text and arguments of a callable.
    static func describe(_ callable: Callable) -> String {
        var lines = [callable.signature.render(callable.name), ""]
        lines.append(wrap(callable.doc, indent: ""))
        let documented = callable.signature.parameters.filter { !$0.doc.isEmpty }
        if !documented.isEmpty {
            lines.append("")
            lines.append("Arguments:")
            let width = documented.map(\.name.count).max() ?? 0
            for parameter in documented {
                let defaultText = parameter.defaultText.map { " (default \($0))" } ?? ""
                lines.append("  \(pad(parameter.name, width))  \(parameter.doc)\(defaultText)")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func overview(_ interpreter: Interpreter) -> String {
        var lines = ["Ember: type Python-style code; help(name) tells more about any name below.", ""]
        for (category, names) in Builtins.categories {
            lines.append(category + ":")
            lines.append(wrap(names.filter { interpreter.builtins[$0] != nil }.joined(separator: ", "), indent: "  "))
        }
        return lines.joined(separator: "\n")
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }

    /// Words wrapped at 78 columns, each line starting with `indent`.
    static func wrap(_ text: String, indent: String) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > 78, line.count > indent.count {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
