// The ONNX messages an exported model needs, with the field numbers of ONNX's onnx.proto, each
// written through `ProtobufWriter`. Only the fields Ember sets are modelled; a reader takes
// every other field at its default.

/// `TensorProto.DataType`: the element types Ember writes.
enum ONNXDataType: Int {
    case float = 1
    case int64 = 7
}

/// `OperatorSetIdProto`: an operator set and its version; the empty domain is ONNX's own.
struct ONNXOperatorSet: ProtobufMessage {
    var domain = ""
    var version: Int

    func encode(to writer: inout ProtobufWriter) {
        if !domain.isEmpty { writer.string(1, domain) }  // domain = 1
        writer.integer(2, version)  // version = 2
    }
}

/// `TensorProto`: a named constant, its values as raw little-endian bytes.
struct ONNXTensor: ProtobufMessage {
    var name: String
    var dataType: ONNXDataType
    var dims: [Int]
    var rawData: [UInt8]

    func encode(to writer: inout ProtobufWriter) {
        writer.packedIntegers(1, dims)  // dims = 1
        writer.integer(2, dataType.rawValue)  // data_type = 2
        writer.string(8, name)  // name = 8
        writer.data(9, rawData)  // raw_data = 9
    }
}

/// `AttributeProto`: a named setting of a node, with its type discriminator.
struct ONNXAttribute: ProtobufMessage {
    enum Value {
        case float(Float)
        case integer(Int)
        case integers([Int])
    }
    var name: String
    var value: Value

    func encode(to writer: inout ProtobufWriter) {
        writer.string(1, name)  // name = 1
        switch value {
        case .float(let f):
            writer.integer(20, 1)  // type = 20: FLOAT
            writer.float(2, f)  // f = 2
        case .integer(let i):
            writer.integer(20, 2)  // type = 20: INT
            writer.integer(3, i)  // i = 3
        case .integers(let ints):
            writer.integer(20, 7)  // type = 20: INTS
            writer.packedIntegers(8, ints)  // ints = 8
        }
    }
}

/// `NodeProto`: one operator applied to named values.
struct ONNXNode: ProtobufMessage {
    var name: String
    var opType: String
    var inputs: [String]
    var outputs: [String]
    var attributes: [ONNXAttribute] = []

    func encode(to writer: inout ProtobufWriter) {
        for input in inputs { writer.string(1, input) }  // input = 1
        for output in outputs { writer.string(2, output) }  // output = 2
        writer.string(3, name)  // name = 3
        writer.string(4, opType)  // op_type = 4
        for attribute in attributes { writer.message(5, attribute) }  // attribute = 5
    }
}

/// One axis of a declared shape: a fixed size, or a name for a size known only when run.
enum ONNXDimension {
    case size(Int)
    case named(String)
}

/// `ValueInfoProto` with a `TypeProto.Tensor` type: a graph input's or output's name, element
/// type and shape (nil leaves the shape undeclared).
struct ONNXValueInfo: ProtobufMessage {
    var name: String
    var dataType: ONNXDataType
    var shape: [ONNXDimension]?

    /// `TensorShapeProto.Dimension`.
    private struct Dimension: ProtobufMessage {
        let dimension: ONNXDimension
        func encode(to writer: inout ProtobufWriter) {
            switch dimension {
            case .size(let size): writer.integer(1, size)  // dim_value = 1
            case .named(let name): writer.string(2, name)  // dim_param = 2
            }
        }
    }

    /// `TensorShapeProto`.
    private struct Shape: ProtobufMessage {
        let dimensions: [ONNXDimension]
        func encode(to writer: inout ProtobufWriter) {
            for dimension in dimensions { writer.message(1, Dimension(dimension: dimension)) }  // dim = 1
        }
    }

    /// `TypeProto.Tensor`.
    private struct TensorType: ProtobufMessage {
        let dataType: ONNXDataType
        let shape: [ONNXDimension]?
        func encode(to writer: inout ProtobufWriter) {
            writer.integer(1, dataType.rawValue)  // elem_type = 1
            if let shape { writer.message(2, Shape(dimensions: shape)) }  // shape = 2
        }
    }

    /// `TypeProto`, whose tensor_type is field 1.
    private struct TypeMessage: ProtobufMessage {
        let tensor: TensorType
        func encode(to writer: inout ProtobufWriter) { writer.message(1, tensor) }  // tensor_type = 1
    }

    func encode(to writer: inout ProtobufWriter) {
        writer.string(1, name)  // name = 1
        writer.message(2, TypeMessage(tensor: TensorType(dataType: dataType, shape: shape)))  // type = 2
    }
}

/// `GraphProto`: nodes in topological order, the constants they read, inputs and outputs.
struct ONNXGraph: ProtobufMessage {
    var name: String
    var nodes: [ONNXNode]
    var initializers: [ONNXTensor]
    var inputs: [ONNXValueInfo]
    var outputs: [ONNXValueInfo]

    func encode(to writer: inout ProtobufWriter) {
        for node in nodes { writer.message(1, node) }  // node = 1
        writer.string(2, name)  // name = 2
        for tensor in initializers { writer.message(5, tensor) }  // initializer = 5
        for input in inputs { writer.message(11, input) }  // input = 11
        for output in outputs { writer.message(12, output) }  // output = 12
    }
}

/// `ModelProto`: the file's top-level message.
struct ONNXModel: ProtobufMessage {
    var irVersion: Int
    var operatorSets: [ONNXOperatorSet]
    var producerName: String
    var graph: ONNXGraph

    func encode(to writer: inout ProtobufWriter) {
        writer.integer(1, irVersion)  // ir_version = 1
        writer.string(2, producerName)  // producer_name = 2
        writer.message(7, graph)  // graph = 7
        for set in operatorSets { writer.message(8, set) }  // opset_import = 8
    }
}
