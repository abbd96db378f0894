// Sets, set comprehensions and dictionary comprehensions, and the `**mapping` of a call: the
// displays that build a collection from other values.

import Ember

extension Interpreter {
    /// The value of a set display or of a set or dictionary comprehension.
    func evaluateCollection(_ expression: Expression, in environment: Environment) throws -> Value {
        switch expression.kind {
        case .set(let items):
            let set = SetObject(self)
            for item in items { set.insert(try evaluate(item, in: environment)) }
            return .object(set)
        case .setComprehension(let element, let target, let iterable, let condition):
            let set = SetObject(self)
            try comprehend(target, iterable, condition, in: environment) { scope in
                set.insert(try self.evaluate(element, in: scope))
            }
            return .object(set)
        case .dictionaryComprehension(let key, let value, let target, let iterable, let condition):
            let dictionary = DictionaryStorage([])
            try comprehend(target, iterable, condition, in: environment) { scope in
                let k = try self.evaluate(key, in: scope)
                let v = try self.evaluate(value, in: scope)
                if let position = dictionary.entries.firstIndex(where: { self.equal($0.key, k) }) {
                    dictionary.entries[position].value = v
                } else {
                    dictionary.entries.append((k, v))
                }
            }
            return .dictionary(dictionary)
        default:
            return .none
        }
    }

    /// Runs `body` once for each item of `iterable` that passes `condition`, in a scope of
    /// its own where `target` is bound, as a comprehension does.
    private func comprehend(
        _ target: Expression, _ iterable: Expression, _ condition: Expression?, in environment: Environment,
        _ body: (Environment) throws -> Void
    ) throws {
        let scope = Environment(parent: environment)
        let iterator = try iterate(try evaluate(iterable, in: environment))
        while let item = iterator.next() {
            try context.checkInterrupt()
            try assign(item, to: target, in: scope)
            if let condition, try !evaluate(condition, in: scope).truth() { continue }
            try body(scope)
        }
    }

    /// The keyword arguments `**mapping` spreads: a dictionary with string keys.
    func keywordArguments(_ mapping: Value) throws -> [(String, Value)] {
        guard case .dictionary(let dictionary) = mapping else {
            throw ShellError(.type, "argument after ** must be a dictionary, not \(mapping.typeName)")
        }
        return try dictionary.entries.map { entry in
            guard case .string(let name) = entry.key else {
                throw ShellError(.type, "keywords must be strings, not \(entry.key.typeName)")
            }
            return (name, entry.value)
        }
    }
}

extension Interpreter {
    /// The items in increasing order of `key(item)` (of the items themselves when key is None),
    /// stable as Python's sort is; `reverse` gives decreasing order, equal items still in order.
    func sorted(_ items: [Value], key: Value, reverse: Bool) throws -> [Value] {
        let keys: [Value]
        if case .none = key { keys = items } else { keys = try items.map { try call(key, [$0], keywords: []) } }
        var failure: Error?
        let order = keys.indices.sorted { a, b in
            guard failure == nil else { return false }
            do {
                let (first, second) = reverse ? (keys[b], keys[a]) : (keys[a], keys[b])
                if try compare("<", first, second).truth() { return true }
                if try compare("<", second, first).truth() { return false }
                return a < b
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return order.map { items[$0] }
    }
}
