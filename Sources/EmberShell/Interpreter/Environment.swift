// Variables: a chain of scopes. The global scope of a session has no parent; a function call
// gets a scope whose parent is where the function was defined, so lookups walk outwards and
// assignments stay local, as in Python.

/// One scope of variables.
public final class Environment {
    /// The variables of this scope, by name.
    public private(set) var variables: [String: Value] = [:]
    /// The enclosing scope, nil for the global one.
    public let parent: Environment?

    /// Makes a scope inside `parent`.
    public init(parent: Environment? = nil) {
        self.parent = parent
    }

    /// The value of `name` in this scope or an enclosing one.
    public func lookup(_ name: String) -> Value? {
        variables[name] ?? parent?.lookup(name)
    }

    /// Binds `name` in this scope.
    public func define(_ name: String, _ value: Value) {
        var replaced = variables.updateValue(value, forKey: name)
        releaseIteratively(&replaced)
    }

    /// Names declared `global` in this scope.
    private var globalNames: Set<String> = []

    /// Makes assignments to `name` in this scope go to the outermost scope, as Python's `global`.
    public func declareGlobal(_ name: String) {
        globalNames.insert(name)
    }

    /// Binds `name` where an assignment puts it: here, or in the outermost scope when declared
    /// `global`.
    public func assign(_ name: String, _ value: Value) {
        if nonlocalNames.contains(name), let scope = binding(of: name, from: parent) {
            scope.define(name, value)
            return
        }
        guard globalNames.contains(name), let parent else {
            define(name, value)
            return
        }
        var root = parent
        while let next = root.parent { root = next }
        root.define(name, value)
    }

    /// Names declared `nonlocal` in this scope.
    private var nonlocalNames: Set<String> = []

    /// Makes assignments to `name` go to the nearest enclosing function scope that binds it, as
    /// Python's `nonlocal`; false when no enclosing scope but the global one binds it.
    public func declareNonlocal(_ name: String) -> Bool {
        guard binding(of: name, from: parent) != nil else { return false }
        nonlocalNames.insert(name)
        return true
    }

    /// The scope from `scope` outwards, short of the global one, that binds `name`.
    private func binding(of name: String, from scope: Environment?) -> Environment? {
        var scope = scope
        while let current = scope, current.parent != nil {
            if current.variables[name] != nil { return current }
            scope = current.parent
        }
        return nil
    }

    /// Unbinds `name` in this scope; false when it is not bound here.
    public func remove(_ name: String) -> Bool {
        var removed = variables.removeValue(forKey: name)
        guard removed != nil else { return false }
        releaseIteratively(&removed)
        return true
    }

    /// Removes every variable of this scope.
    public func removeAll() {
        var values = Array(variables.values)
        variables.removeAll()
        releaseIteratively(&values)
    }

    // A scope may hold the only reference to a deeply nested value.
    deinit { removeAll() }

    /// Every name visible from this scope.
    public var visibleNames: Set<String> {
        Set(variables.keys).union(parent?.visibleNames ?? [])
    }
}
