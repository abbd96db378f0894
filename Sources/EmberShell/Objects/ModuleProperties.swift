// The hyper-parameters and tensors of each kind of layer, under PyTorch's attribute names
// (`in_features`, `kernel_size`, `weight`, `running_mean` …).

import Ember

enum ModuleProperties {
    /// Every attribute of `module` with its current value.
    static func entries(of module: any Module) -> [(String, Value)] {
        let parameters = module.parameters.map { ($0.name, Value.object(ParameterObject($0))) }
        let buffers = module.buffers.map { ($0.name, Value.tensor($0.value)) }
        var own: [(String, Value)] = []
        switch module {
        case let linear as Linear:
            own = [("in_features", .int(linear.inFeatures)), ("out_features", .int(linear.outFeatures))]
            if linear.bias == nil { own.append(("bias", .none)) }
        case let conv as Conv2d:
            own = [
                ("in_channels", .int(conv.inChannels)), ("out_channels", .int(conv.outChannels)),
                ("kernel_size", .int(conv.kernelSize)), ("stride", .int(conv.stride)), ("padding", .int(conv.padding)),
            ]
            if conv.bias == nil { own.append(("bias", .none)) }
        case let pool as Pool2d:
            own = [
                ("kernel_size", .int(pool.kernelSize)), ("stride", .int(pool.stride)), ("padding", .int(pool.padding)),
            ]
        case let pool as AvgPool2d:
            own = [
                ("kernel_size", .int(pool.kernelSize)), ("stride", .int(pool.stride)), ("padding", .int(pool.padding)),
            ]
        case let leaky as LeakyReLU:
            own = [("negative_slope", .float32(leaky.negativeSlope))]
        case let softmax as NormalizedExponential:
            own = [("dim", softmax.dim.map(Value.int) ?? .none)]
        case let dropout as Dropout:
            own = [("p", .float32(dropout.p))]
        case let flatten as Flatten:
            own = [("start_dim", .int(flatten.startDim)), ("end_dim", .int(flatten.endDim))]
        case let norm as BatchNorm:
            own = [
                ("num_features", .int(norm.numFeatures)), ("eps", .float32(norm.eps)),
                ("momentum", .float32(norm.momentum)), ("num_batches_tracked", .int(norm.batchesTracked)),
            ]
        case let sequential as Sequential:
            own = [("layers", .object(LayerListObject(sequential)))]
        default:
            break
        }
        return own + parameters + buffers
    }

    /// The value of attribute `name`, or nil.
    static func value(of module: any Module, _ name: String) -> Value? {
        entries(of: module).first { $0.0 == name }?.1
    }

    /// The attribute names.
    static func names(of module: any Module) -> [String] {
        entries(of: module).map(\.0)
    }
}
