// Python's `...` (Ellipsis): in a tensor index it stands for as many whole axes as are needed,
// so `x[..., 0]` takes the first element along the last axis whatever the rank.

/// The one Ellipsis value.
final class EllipsisObject: ShellObject {
    /// The value `...` evaluates to.
    static let shared = EllipsisObject()

    private init() {}

    var typeName: String { "ellipsis" }
    func attribute(_ name: String, in context: ShellContext) throws -> Value? { nil }
    var attributeNames: [String] { [] }
    func render(in context: ShellContext) -> String { "Ellipsis" }
}
