// The element types of the shell's tensors, with PyTorch's names and promotion rules. Every
// tensor stores Float32 values; an int64 tensor keeps them whole and a bool tensor keeps them 0
// or 1, so labels, indices and masks read and combine as PyTorch's do. Whole numbers are exact
// in Float32 up to 2^24, so an int64 value beyond that is refused rather than rounded.

import Ember

/// The element type of a tensor: `torch.float32`, `torch.int64` or `torch.bool`.
public enum DType: Int, Sendable, Comparable {
    // Declared in PyTorch's promotion order: bool < integer < floating point.
    case bool = 0
    case int64 = 1
    case float32 = 2

    /// The largest whole number a Float32 holds exactly, and so the largest int64 value here.
    public static let largestExactInteger: Float = 16_777_216

    /// The name PyTorch prints: `torch.float32`.
    public var name: String {
        switch self {
        case .bool: "torch.bool"
        case .int64: "torch.int64"
        case .float32: "torch.float32"
        }
    }

    /// How values of this type print.
    public var style: ScalarStyle {
        switch self {
        case .bool: .boolean
        case .int64: .integer
        case .float32: .real
        }
    }

    /// True for float32, the one type that can require a gradient.
    public var isFloatingPoint: Bool { self == .float32 }

    /// The order of types, for promotion.
    public static func < (lhs: DType, rhs: DType) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `tensor` converted to hold values of this type: rounded toward zero for int64, as
    /// PyTorch's `.long()` does, and 0 or 1 for bool.
    ///
    /// Throws when an int64 value would be nan, infinite or beyond ±2^24, naming `operation`.
    public func conform(_ tensor: Tensor, operation: String) throws -> Tensor {
        switch self {
        case .float32:
            return tensor
        case .bool:
            return tensor.map { $0 != 0 ? 1 : 0 }
        case .int64:
            if let bad = tensor.scalars.first(where: { !$0.isFinite || Swift.abs($0) >= DType.largestExactInteger + 1 })
            {
                throw ShellError(
                    .runtime,
                    bad.isFinite
                        ? "\(operation): the int64 value \(Int(bad)) is beyond ±16777215, the whole numbers Ember's float32 storage holds exactly"
                        : "\(operation): cannot convert \(bad) to int64")
            }
            // Values already whole (labels, indices, sums of integers) need no second pass.
            if tensor.scalars.allSatisfy({ $0 == $0.rounded(.towardZero) }) { return tensor }
            return tensor.map { $0.rounded(.towardZero) }
        }
    }

    /// The type of a result of `a op b` under PyTorch's promotion: the higher type wins, but a
    /// Python number (`wrapped`) only lifts a tensor to a higher kind (`ints + 0.5` is float32,
    /// `ints + 1` stays int64).
    static func promoted(_ a: DType, wrapped aWrapped: Bool, _ b: DType, wrapped bWrapped: Bool) -> DType {
        if aWrapped == bWrapped { return max(a, b) }
        let (tensor, number) = aWrapped ? (b, a) : (a, b)
        return number > tensor ? number : tensor
    }

    /// The type named by a value: `torch.long`, `torch.float32`, or the strings `'int64'` …
    static func named(_ value: Value, _ function: String) throws -> DType {
        if case .object(let object as DTypeObject) = value { return object.dtype }
        if case .string(let text) = value, let dtype = DType(spelling: text) { return dtype }
        if case .function(let callable) = value, let dtype = DType(spelling: callable.name) { return dtype }
        throw ShellError(
            .type, "\(function)(): dtype must be torch.float32, torch.int64 or torch.bool, not \(value.typeName)")
    }

    /// The type for one of PyTorch's spellings (`long`, `torch.int64`, `float`, `bool` …).
    init?(spelling: String) {
        let name = spelling.hasPrefix("torch.") ? String(spelling.dropFirst(6)) : spelling
        switch name {
        case "float32", "float": self = .float32
        case "int64", "long", "int": self = .int64
        case "bool": self = .bool
        default: return nil
        }
    }
}

/// A dtype as a value (`x.dtype`, `torch.long`): one object per type, so `is` and `==` hold.
final class DTypeObject: ShellObject {
    let dtype: DType

    private init(_ dtype: DType) {
        self.dtype = dtype
    }

    /// The object of `dtype`.
    static func of(_ dtype: DType) -> DTypeObject {
        switch dtype {
        case .bool: boolean
        case .int64: integer
        case .float32: real
        }
    }

    private static let boolean = DTypeObject(.bool)
    private static let integer = DTypeObject(.int64)
    private static let real = DTypeObject(.float32)

    var typeName: String { "dtype" }

    func attribute(_ name: String, in context: ShellContext) throws -> Value? {
        switch name {
        case "is_floating_point": return .bool(dtype.isFloatingPoint)
        case "itemsize": return .int(dtype == .float32 ? 4 : dtype == .int64 ? 8 : 1)
        default: return nil
        }
    }

    var attributeNames: [String] { ["is_floating_point", "itemsize"] }
    func render(in context: ShellContext) -> String { dtype.name }
}
