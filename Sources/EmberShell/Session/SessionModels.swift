// Reading a script's results from outside the language: the layer or tensor a global name
// holds, for commands that build a model with a script and then work on it in Swift.

extension ShellSession {
    /// The layer or model the global variable `name` holds, or nil when it holds none.
    public func module(named name: String) -> (any Module)? {
        guard case .object(let object as ModuleObject) = interpreter.globals.lookup(name) else { return nil }
        return object.module
    }

    /// The tensor the global variable `name` holds, or nil when it holds none.
    public func tensor(named name: String) -> Tensor? {
        interpreter.globals.lookup(name)?.tensorValue
    }
}
