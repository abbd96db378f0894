// How values print: `repr` for the REPL's echo (strings quoted), `str` for `print` (strings as
// they are), and Python's printf-style `%` and `format` specifications for numbers.

import Ember
import Foundation

extension Interpreter {
    /// The printout of a value as the REPL shows it: `'text'`, `[1, 2]`, `tensor([…])`.
    public func repr(_ value: Value) -> String {
        switch value {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let f): return pythonFloat(f)
        case .string(let s):
            let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "'\(escaped)'"
        case .list(let list): return "[" + list.items.map(repr).joined(separator: ", ") + "]"
        case .tuple(let items):
            return items.count == 1 ? "(\(repr(items[0])),)" : "(" + items.map(repr).joined(separator: ", ") + ")"
        case .dictionary(let d):
            return "{" + d.entries.map { "\(repr($0.key)): \(repr($0.value))" }.joined(separator: ", ") + "}"
        case .tensor(let t): return t.formatted(context.printOptions)
        case .object(let object): return object.render(in: context)
        case .function(let callable):
            switch callable.kind {
            case .builtin: return "<built-in function \(callable.name)>"
            case .method: return "<bound method \(callable.name)>"
            case .user: return "<function \(callable.name)>"
            case .constructor: return "<class '\(callable.name)'>"
            }
        }
    }

    /// The printout of a value as `print` and `str` show it.
    public func str(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        return repr(value)
    }

    /// Python's `format % values`.
    func percentFormat(_ format: String, _ values: Value) throws -> String {
        var arguments: [Value]
        if case .tuple(let items) = values { arguments = items } else { arguments = [values] }
        var result = ""
        var characters = Array(format)[...]
        while let character = characters.popFirst() {
            guard character == "%" else {
                result.append(character)
                continue
            }
            var spec = ""
            while let next = characters.first, "0123456789.-+ #".contains(next) {
                spec.append(next)
                characters.removeFirst()
            }
            guard let conversion = characters.popFirst() else {
                throw ShellError(.value, "incomplete format")
            }
            if conversion == "%" {
                result.append("%")
                continue
            }
            guard !arguments.isEmpty else { throw ShellError(.type, "not enough arguments for format string") }
            result += try formatOne(arguments.removeFirst(), spec: spec, conversion: conversion)
        }
        guard arguments.isEmpty else {
            throw ShellError(.type, "not all arguments converted during string formatting")
        }
        return result
    }

    /// One `%` conversion (or a `{:spec}` field) applied to a value.
    func formatOne(_ value: Value, spec: String, conversion: Character) throws -> String {
        switch conversion {
        case "s": return paddedString(str(value), spec)
        case "r": return paddedString(repr(value), spec)
        case "d", "i":
            guard let number = value.number else {
                throw ShellError(.type, "%\(conversion) format: a real number is required, not \(value.typeName)")
            }
            return String(format: "%\(spec)lld", Int64(number.rounded(.towardZero)))
        case "f", "F", "e", "E", "g", "G", "x", "X":
            guard let number = value.number else {
                throw ShellError(.type, "%\(conversion) format: a real number is required, not \(value.typeName)")
            }
            if conversion == "x" || conversion == "X" {
                return String(format: "%\(spec)ll\(conversion)", Int64(number))
            }
            return String(format: "%\(spec)\(conversion)", number)
        default:
            throw ShellError(.value, "unsupported format character '\(conversion)'")
        }
    }

    private func paddedString(_ text: String, _ spec: String) -> String {
        let leftAlign = spec.hasPrefix("-")
        let width = Int(spec.filter(\.isNumber).prefix { $0 != "." }) ?? 0
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return leftAlign ? text + padding : padding + text
    }

    /// Python's `str.format`: `{}` and `{:.4f}` fields filled in order.
    func braceFormat(_ format: String, _ arguments: [Value]) throws -> String {
        var result = ""
        var remaining = arguments[...]
        var characters = Array(format)[...]
        while let character = characters.popFirst() {
            if character == "{", characters.first == "{" {
                characters.removeFirst()
                result.append("{")
            } else if character == "}", characters.first == "}" {
                characters.removeFirst()
                result.append("}")
            } else if character == "{" {
                var field = ""
                while let next = characters.popFirst(), next != "}" { field.append(next) }
                guard let value = remaining.popFirst() else {
                    throw ShellError(.index, "replacement index \(arguments.count) out of range for format")
                }
                let spec =
                    field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first.map(
                        String.init) ?? ""
                if let conversion = spec.last, "dfFeEgGxXs%".contains(conversion) {
                    result += try formatOne(
                        conversion == "%" ? .float((value.number ?? 0) * 100) : value,
                        spec: String(spec.dropLast()), conversion: conversion == "%" ? "f" : conversion)
                    if conversion == "%" { result += "%" }
                } else {
                    result += paddedString(str(value), spec)
                }
            } else {
                result.append(character)
            }
        }
        return result
    }
}

/// A Double as Python prints it: `0.1`, `2.0`, `1e-05`, `inf`, `nan`.
func pythonFloat(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return value.description
}
