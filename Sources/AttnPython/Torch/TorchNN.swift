import AttnCore
import AttnLang

/// An nn.Module's registries, in the order things were assigned (which is
/// the order `parameters()` and the repr follow), its mode, and for the
/// built-in layers the layer's kind and settings.
final class NNModuleBox {
    /// `_parameters`: a name may hold None (`bias=False`).
    var parameters: [(name: String, value: PyValue)] = []
    var buffers: [(name: String, value: PyValue)] = []
    var modules: [(name: String, value: PyValue)] = []
    var training = true
    /// The built-in layer this is (nil for a program's own module).
    var layer: NNLayer?
}

/// The built-in layers and what their forward and repr need.
enum NNLayer {
    case linear(inFeatures: Int, outFeatures: Int, bias: Bool)
    case embedding(count: Int, dimension: Int, paddingIndex: Int?)
    case dropout(p: Double)
    case layerNorm(shape: [Int], eps: Double, affine: Bool, bias: Bool)
    case softmax(dim: Int?, log: Bool)
    case relu, gelu(tanh: Bool), tanh, sigmoid, identity
    case sequential, moduleList, moduleDict
    case multiheadAttention(embedDim: Int, numHeads: Int, batchFirst: Bool)
    /// "cross_entropy", "nll_loss" or "mse_loss", with its reduction and ignore_index.
    case loss(function: String, reduction: String, ignoreIndex: Int64)
}

/// `torch.nn`: `Module` (subclassed by programs: attribute registration,
/// `register_buffer`, `parameters()`, `eval()`, calling runs `forward`,
/// PyTorch's repr of module trees), `Parameter`, and the layers.
enum TorchNN {
    static func make(_ py: PyInterpreter) -> PyModule {
        let module = PyClass(name: "Module", module: "torch.nn.modules.module", base: PyClass.object, dict: moduleDict())
        var d: [String: PyValue] = [:]
        d["Module"] = .type(module)
        d["Parameter"] = .type(py.torch.parameterClass)
        for (name, file) in layerClasses {
            let cls = PyClass(name: name, module: "torch.nn.modules.\(file)", base: module, dict: ["__init__": layerInit(name)])
            d[name] = .type(cls)
        }
        let nn = PyModule("torch.nn", d)
        let functional = py.modules["torch.nn.functional"] ?? {
            let f = TorchFunctional.make(py)
            py.modules["torch.nn.functional"] = f
            return f
        }()
        nn.dict["functional"] = .module(functional)
        let initializers = py.modules["torch.nn.init"] ?? {
            let i = TorchModule.initModule(py)
            py.modules["torch.nn.init"] = i
            return i
        }()
        nn.dict["init"] = .module(initializers)
        return nn
    }

    static let layerClasses: [(String, String)] = [
        ("Linear", "linear"), ("Embedding", "sparse"), ("Dropout", "dropout"), ("LayerNorm", "normalization"),
        ("Softmax", "activation"), ("LogSoftmax", "activation"), ("ReLU", "activation"), ("GELU", "activation"),
        ("Tanh", "activation"), ("Sigmoid", "activation"), ("Identity", "linear"), ("Sequential", "container"),
        ("ModuleList", "container"), ("MultiheadAttention", "activation"), ("NonDynamicallyQuantizableLinear", "linear"),
        ("CrossEntropyLoss", "loss"), ("MSELoss", "loss"), ("NLLLoss", "loss"),
    ]

    /// The module's box, made on first use (a subclass's `super().__init__()`
    /// does nothing: the registries appear when the first attribute is set).
    static func box(_ v: PyValue) -> NNModuleBox? {
        guard case .instance(let i) = v else { return nil }
        if let b = i.native as? NNModuleBox { return b }
        guard isModuleClass(i.cls) else { return nil }
        let b = NNModuleBox()
        i.native = b
        return b
    }

    static func isModuleClass(_ cls: PyClass) -> Bool {
        var c: PyClass? = cls
        while let k = c {
            if k.name == "Module" && k.module == "torch.nn.modules.module" { return true }
            c = k.base
        }
        return false
    }

    static func isParameter(_ v: PyValue, _ py: PyInterpreter) -> Bool {
        if case .instance(let i) = v { return i.cls.isSubclass(of: py.torch.parameterClass) && i.native is TorchTensor }
        return false
    }

    /// A method of Module: the receiver first.
    static func method(_ name: String, _ body: @escaping (PyValue, NNModuleBox, PyArgs, PyInterpreter) throws(PyError) -> PyValue) -> PyValue {
        .builtin(PyBuiltin(name) { args, py throws(PyError) in
            guard let receiver = args.positional.first, let b = box(receiver) else {
                throw PyError.type("descriptor '\(name)' requires a 'Module' object")
            }
            var rest = args
            rest.positional.removeFirst()
            if !rest.ranges.isEmpty { rest.ranges.removeFirst() }
            return try body(receiver, b, rest, py)
        })
    }

    static func moduleDict() -> [String: PyValue] {
        var d: [String: PyValue] = [:]
        d["__setattr__"] = method("__setattr__") { v, b, args, py throws(PyError) in
            guard args.positional.count == 2, case .str(let name) = args.positional[0], case .instance(let inst) = v else { return .none }
            let value = args.positional[1]
            func remove() {
                b.parameters.removeAll { $0.name == name }
                b.modules.removeAll { $0.name == name }
                inst.dict.removeValue(forKey: name)
            }
            if isParameter(value, py) {
                remove()
                b.buffers.removeAll { $0.name == name }
                b.parameters.append((name, value))
            } else if box(value) != nil {
                remove()
                b.buffers.removeAll { $0.name == name }
                b.modules.append((name, value))
            } else if let i = b.parameters.firstIndex(where: { $0.name == name }) {
                guard value.isNone else {
                    throw PyError.type("cannot assign '\(value.typeName)' as parameter '\(name)' (torch.nn.Parameter or None expected)")
                }
                b.parameters[i].value = value
            } else if let i = b.buffers.firstIndex(where: { $0.name == name }) {
                b.buffers[i].value = value
            } else if name == "training" {
                b.training = try py.truthy(value)
            } else {
                b.modules.removeAll { $0.name == name }
                inst.dict[name] = value
            }
            return .none
        }
        d["__getattr__"] = method("__getattr__") { v, b, args, py throws(PyError) in
            guard case .str(let name)? = args.positional.first else { return .none }
            if let p = b.parameters.first(where: { $0.name == name }) { return p.value }
            if let p = b.buffers.first(where: { $0.name == name }) { return p.value }
            if let p = b.modules.first(where: { $0.name == name }) { return p.value }
            if name == "training" { return .bool(b.training) }
            if let m = TorchNNMethods.table[name] {
                return .builtin(PyBuiltin(name, receiver: v) { a, py throws(PyError) in try m(v, b, a, py) })
            }
            if let value = try TorchNNLayers.attribute(name, v, b, py) { return value }
            guard case .instance(let inst) = v else { return .none }
            throw PyError.attribute("'\(inst.cls.name)' object has no attribute '\(name)'")
        }
        d["__call__"] = method("__call__") { v, _, args, py throws(PyError) in
            try py.call(try py.getAttribute(v, "forward"), args)
        }
        // A built-in layer's forward (a subclass's `super().forward(x)`
        // reaches it), or PyTorch's error for a module without one.
        d["forward"] = .builtin(PyBuiltin("forward", bindsAsMethod: true) { args, py throws(PyError) in
            guard let receiver = args.positional.first, let b = box(receiver), case .instance(let inst) = receiver else {
                throw PyError.type("descriptor 'forward' requires a 'Module' object")
            }
            guard let layer = b.layer else {
                throw PyError(.exception("NotImplementedError"), "Module [\(inst.cls.name)] is missing the required \"forward\" function")
            }
            var rest = args
            rest.positional.removeFirst()
            if !rest.ranges.isEmpty { rest.ranges.removeFirst() }
            return try TorchNNLayers.forward(layer, receiver, b, rest, py)
        })
        d["__repr__"] = method("__repr__") { v, _, _, py throws(PyError) in .str(try TorchNNMethods.repr(v, py)) }
        d["__len__"] = method("__len__") { _, b, _, _ throws(PyError) in .int(Int64(b.modules.count)) }
        d["__iter__"] = method("__iter__") { _, b, _, _ throws(PyError) in .list(PyList(b.modules.map(\.value))) }
        d["__getitem__"] = method("__getitem__") { _, b, args, py throws(PyError) in
            let key = args.positional.first ?? .none
            if case .str(let s) = key, let m = b.modules.first(where: { $0.name == s }) { return m.value }
            return try py.getItem(.list(PyList(b.modules.map(\.value))), key)
        }
        return d
    }

    /// The `__init__` of a built-in layer class.
    static func layerInit(_ name: String) -> PyValue {
        // Bound as a method, so a subclass's `super().__init__(3, 2)` reaches it.
        .builtin(PyBuiltin("__init__", bindsAsMethod: true) { args, py throws(PyError) in
            guard let receiver = args.positional.first, let b = box(receiver) else {
                throw PyError.type("descriptor '__init__' requires a 'Module' object")
            }
            var rest = args
            rest.positional.removeFirst()
            if !rest.ranges.isEmpty { rest.ranges.removeFirst() }
            try TorchNNLayers.initialize(name, receiver, b, rest, py)
            return .none
        })
    }
}
