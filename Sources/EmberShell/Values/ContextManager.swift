// Objects a `with` statement can enter and leave.

/// An object usable in `with`: `enter` runs before the block and gives the value bound by `as`;
/// `exit` runs after it, however the block ends.
public protocol ContextManager: ShellObject {
    /// Runs on entering the block; the result is what `with … as name` binds.
    func enter(in context: ShellContext) throws -> Value
    /// Runs on leaving the block, with the error raised inside it, if any; returns true to
    /// suppress that error, as Python's `__exit__` does.
    func exit(error: Error?, in context: ShellContext) throws -> Bool
}
