// How values print: `repr` for the REPL's echo (strings quoted), `str` for `print` (strings as
// they are), and Python's printf-style `%` and `format` specifications for numbers.

import Ember
import Foundation

extension Interpreter {
    /// The printout of a value as the REPL shows it: `'text'`, `[1, 2]`, `tensor([…])`.
    public func repr(_ value: Value) -> String {
        var open: Set<ObjectIdentifier> = []
        return repr(value, open: &open)
    }

    /// `repr` that prints a list or dictionary already being printed as `[...]` or `{...}`,
    /// as Python does for a list that contains itself.
    private func repr(_ value: Value, open: inout Set<ObjectIdentifier>) -> String {
        switch value {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let f): return pythonFloat(f)
        case .string(let s):
            let escaped = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "'\(escaped)'"
        case .list(let list):
            guard open.insert(ObjectIdentifier(list)).inserted else { return "[...]" }
            defer { open.remove(ObjectIdentifier(list)) }
            return "[" + list.items.map { repr($0, open: &open) }.joined(separator: ", ") + "]"
        case .tuple(let items):
            let parts = items.map { repr($0, open: &open) }
            return items.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
        case .dictionary(let d):
            guard open.insert(ObjectIdentifier(d)).inserted else { return "{...}" }
            defer { open.remove(ObjectIdentifier(d)) }
            return "{"
                + d.entries.map { "\(repr($0.key, open: &open)): \(repr($0.value, open: &open))" }
                .joined(separator: ", ") + "}"
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
