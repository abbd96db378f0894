// Attribute lookup on every kind of value, and the methods of strings, lists and dictionaries.
// Objects answer for themselves; an unknown attribute suggests the closest known name.

import Ember
import Foundation

extension Interpreter {
    /// `value.name`.
    func attribute(of value: Value, _ name: String) throws -> Value {
        let found: Value?
        switch value {
        case .tensor(let tensor):
            found = try TensorMethods.property(tensor, name) ?? TensorMethods.bind(name, to: tensor)
        case .object(let object):
            found = try object.attribute(name, in: context)
        case .string(let text):
            found = stringMethods.bind(name, to: text)
        case .list(let list):
            found = listMethods.bind(name, to: list)
        case .dictionary(let dictionary):
            found = dictionaryMethods.bind(name, to: dictionary)
        case .function(let callable) where name == "__doc__":
            found = .string(callable.doc)
        default:
            found = nil
        }
        if let found { return found }
        let hint = closestName(to: name, among: attributeNames(of: value)).map { "; did you mean '\($0)'?" } ?? ""
        throw ShellError(.attribute, "'\(value.typeName)' object has no attribute '\(name)'\(hint)")
    }

    /// The attribute names of a value, for `dir()` and Tab completion.
    public func attributeNames(of value: Value) -> [String] {
        switch value {
        case .tensor: return TensorMethods.names
        case .object(let object): return object.attributeNames.sorted()
        case .string: return stringMethods.names
        case .list: return listMethods.names
        case .dictionary: return dictionaryMethods.names
        default: return []
        }
    }

    private var stringMethods: MethodTable<String> {
        MethodTable(
            "str",
            [
                "upper": Method(doc: "The string in upper case.") { text, _, _ in .string(text.uppercased()) },
                "lower": Method(doc: "The string in lower case.") { text, _, _ in .string(text.lowercased()) },
                "strip": Method(doc: "The string without leading and trailing white space.") { text, _, _ in
                    .string(text.trimmingCharacters(in: .whitespacesAndNewlines))
                },
                "split": Method(
                    [ParameterSpec("sep", .null)], doc: "The parts between separators (white space by default)."
                ) {
                    text, arguments, _ in
                    let parts =
                        arguments.has("sep")
                        ? text.components(separatedBy: try arguments.string("sep"))
                        : text.split(whereSeparator: \.isWhitespace).map(String.init)
                    return .list(ListStorage(parts.map(Value.string)))
                },
                "join": Method([ParameterSpec("iterable")], doc: "The strings of iterable joined by this one.") {
                    [unowned self] text, arguments, _ in
                    let items = try self.collect(arguments.value("iterable"))
                    return .string(items.map(self.str).joined(separator: text))
                },
                "startswith": Method([ParameterSpec("prefix")], doc: "True if the string starts with prefix.") {
                    text, arguments, _ in
                    .bool(text.hasPrefix(try arguments.string("prefix")))
                },
                "endswith": Method([ParameterSpec("suffix")], doc: "True if the string ends with suffix.") {
                    text, arguments, _ in
                    .bool(text.hasSuffix(try arguments.string("suffix")))
                },
                "replace": Method(
                    [ParameterSpec("old"), ParameterSpec("new")], doc: "Every occurrence of old replaced by new."
                ) {
                    text, arguments, _ in
                    .string(
                        text.replacingOccurrences(of: try arguments.string("old"), with: try arguments.string("new")))
                },
                "format": Method(
                    variadic: "args", doc: "The string with {} fields filled in order ({:.4f} formats numbers)."
                ) {
                    [unowned self] text, arguments, _ in .string(try self.braceFormat(text, arguments.rest))
                },
            ])
    }

    private var listMethods: MethodTable<ListStorage> {
        MethodTable(
            "list",
            [
                "append": Method([ParameterSpec("item")], doc: "Adds item at the end.") { list, arguments, _ in
                    list.items.append(arguments.value("item"))
                    return .none
                },
                "extend": Method([ParameterSpec("iterable")], doc: "Adds every item of iterable at the end.") {
                    [unowned self] list, arguments, _ in
                    list.items += try self.collect(arguments.value("iterable"))
                    return .none
                },
                "pop": Method(
                    [ParameterSpec("index", .int(-1))],
                    doc: "Removes and returns the item at index (the last by default)."
                ) {
                    list, arguments, _ in
                    let index = try arguments.int("index")
                    let position = index < 0 ? index + list.items.count : index
                    guard list.items.indices.contains(position) else {
                        throw ShellError(.index, "pop index out of range")
                    }
                    return list.items.remove(at: position)
                },
                "insert": Method([ParameterSpec("index"), ParameterSpec("item")], doc: "Inserts item before index.") {
                    list, arguments, _ in
                    let index = try arguments.int("index")
                    let position = min(max(index < 0 ? index + list.items.count : index, 0), list.items.count)
                    list.items.insert(arguments.value("item"), at: position)
                    return .none
                },
                "sort": Method(
                    [ParameterSpec("key", .null), ParameterSpec("reverse", .bool(false))],
                    doc: "Sorts the list in place, in increasing order (of key(item) when a key is given)."
                ) {
                    [unowned self] list, arguments, _ in
                    list.items = try self.sorted(
                        list.items, key: arguments.value("key"), reverse: try arguments.bool("reverse"))
                    return .none
                },
                "reverse": Method(doc: "Reverses the list in place.") { list, _, _ in
                    list.items.reverse()
                    return .none
                },
                "copy": Method(doc: "A shallow copy.") { list, _, _ in .list(ListStorage(list.items)) },
                "index": Method([ParameterSpec("item")], doc: "The position of the first item equal to item.") {
                    [unowned self] list, arguments, _ in
                    guard let position = list.items.firstIndex(where: { self.equal($0, arguments.value("item")) })
                    else {
                        throw ShellError(.value, "\(self.repr(arguments.value("item"))) is not in list")
                    }
                    return .int(position)
                },
            ])
    }

    private var dictionaryMethods: MethodTable<DictionaryStorage> {
        MethodTable(
            "dict",
            [
                "keys": Method(doc: "The keys.") { d, _, _ in .list(ListStorage(d.entries.map(\.key))) },
                "values": Method(doc: "The values.") { d, _, _ in .list(ListStorage(d.entries.map(\.value))) },
                "items": Method(doc: "The (key, value) pairs.") { d, _, _ in
                    .list(ListStorage(d.entries.map { .tuple([$0.key, $0.value]) }))
                },
                "get": Method(
                    [ParameterSpec("key"), ParameterSpec("default", .null)], doc: "The value for key, or default."
                ) {
                    [unowned self] d, arguments, _ in
                    d.entries.first { self.equal($0.key, arguments.value("key")) }?.value ?? arguments.value("default")
                },
            ])
    }
}
