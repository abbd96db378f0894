// How values print: `repr` for the REPL's echo (strings quoted), `str` for `print` (strings as
// they are), and Python's printf-style `%` and `format` specifications for numbers.

import Ember
import Foundation

extension Interpreter {
    /// The printout of a value as the REPL shows it: `'text'`, `[1, 2]`, `tensor([…])`.
    ///
    /// Lists, tuples and dictionaries are walked with a stack of their own rather than by
    /// recursion, so a list nested 50,000 deep prints instead of exhausting the native stack;
    /// a list or dictionary already being printed shows as `[...]` or `{...}`, as Python shows
    /// a list that contains itself.
    public func repr(_ value: Value) -> String {
        var result = ""
        var open: Set<ObjectIdentifier> = []
        var work: [ReprStep] = [.value(value)]
        while let step = work.popLast() {
            switch step {
            case .text(let text): result += text
            case .close(let text, let identity):
                result += text
                if let identity { open.remove(identity) }
            case .value(let value):
                guard let (opening, parts, closing, identity) = containerParts(value) else {
                    result += scalarRepr(value)
                    continue
                }
                if let identity, !open.insert(identity).inserted {
                    result += opening + "..." + closing
                    continue
                }
                result += opening
                work.append(.close(closing, identity))
                work += parts.reversed()
            }
        }
        return result
    }

    /// The opening, the steps between, the closing and the identity (for lists and
    /// dictionaries) of a container; nil for any other value.
    private func containerParts(_ value: Value) -> (String, [ReprStep], String, ObjectIdentifier?)? {
        func separated(_ items: [[ReprStep]]) -> [ReprStep] {
            items.enumerated().flatMap { $0.offset == 0 ? $0.element : [.text(", ")] + $0.element }
        }
        switch value {
        case .list(let list):
            return ("[", separated(list.items.map { [.value($0)] }), "]", ObjectIdentifier(list))
        case .tuple(let items):
            return ("(", separated(items.map { [.value($0)] }), items.count == 1 ? ",)" : ")", nil)
        case .dictionary(let d):
            let entries = d.entries.map { [ReprStep.value($0.key), .text(": "), .value($0.value)] }
            return ("{", separated(entries), "}", ObjectIdentifier(d))
        default:
            return nil
        }
    }

    /// The printout of a value that holds no other values.
    private func scalarRepr(_ value: Value) -> String {
        switch value {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let f): return pythonFloat(f)
        case .string(let s):
            let quoted = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return "'" + escapingControlCharacters(quoted, escapingLayout: true) + "'"
        case .tensor(let t): return t.tensor.formatted(context.printOptions, style: t.dtype.style)
        case .object(let object): return object.render(in: context)
        case .function(let callable):
            switch callable.kind {
            case .builtin: return "<built-in function \(callable.name)>"
            case .method: return "<bound method \(callable.name)>"
            case .user: return "<function \(callable.name)>"
            case .constructor: return "<class '\(callable.name)'>"
            }
        case .list, .tuple, .dictionary: return repr(value)
        }
    }

    /// The printout of a value as `print` and `str` show it.
    public func str(_ value: Value) -> String {
        if case .string(let s) = value { return s }
        if case .object(let instance as InstanceObject) = value {
            return (try? instance.text(in: context)) ?? instance.render(in: context)
        }
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
            var flags = ""
            while let next = characters.first, "0123456789.-+ #".contains(next) {
                flags.append(next)
                characters.removeFirst()
            }
            guard let conversion = characters.popFirst() else { throw ShellError(.value, "incomplete format") }
            if conversion == "%" {
                result.append("%")
                continue
            }
            guard !arguments.isEmpty else { throw ShellError(.type, "not enough arguments for format string") }
            result += try self.format(arguments.removeFirst(), try FormatSpec(printf: flags, conversion: conversion))
        }
        guard arguments.isEmpty else {
            throw ShellError(.type, "not all arguments converted during string formatting")
        }
        return result
    }

    /// Python's `str.format`: `{}`, `{0}` and `{:.4f}` fields.
    func braceFormat(_ format: String, _ arguments: [Value]) throws -> String {
        var result = ""
        var next = 0
        var characters = Array(format)[...]
        while let character = characters.popFirst() {
            if (character == "{" || character == "}"), characters.first == character {
                characters.removeFirst()
                result.append(character)
            } else if character == "{" {
                var field = ""
                while let c = characters.popFirst(), c != "}" { field.append(c) }
                let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let name = parts.first.map(String.init) ?? ""
                let index = name.isEmpty ? next : Int(name) ?? -1
                next += 1
                guard arguments.indices.contains(index) else {
                    throw ShellError(
                        .index, "replacement index \(name.isEmpty ? String(index) : name) out of range for format")
                }
                result += try self.format(
                    arguments[index], try FormatSpec(python: parts.count > 1 ? String(parts[1]) : ""))
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

/// One step of printing a value: a value still to print, text, or the end of a container.
private enum ReprStep {
    case value(Value)
    case text(String)
    /// The closing bracket, and the container to mark as no longer being printed.
    case close(String, ObjectIdentifier?)
}
