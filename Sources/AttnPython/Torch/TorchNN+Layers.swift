import AttnCore
import AttnLang

/// The built-in layers: their constructors (parameters drawn from the
/// default generator in PyTorch's order, TorchInit), forward passes (the
/// functional forms, TorchFunctional), attributes and `extra_repr`.
enum TorchNNLayers {
    static func parameter(_ t: Tensor, _ py: PyInterpreter) -> PyValue {
        let instance = PyInstance(py.torch.parameterClass)
        instance.native = TorchTensor(t, requiresGrad: true)
        return .instance(instance)
    }

    static func initialize(_ name: String, _ v: PyValue, _ b: NNModuleBox, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) {
        func int(_ x: PyValue?, _ what: String) throws(PyError) -> Int {
            guard let x, let i = x.asIndex, let n = Int(exactly: i) else {
                throw PyError.type("\(name).__init__() argument '\(what)' must be int")
            }
            return n
        }
        switch name {
        case "Linear", "NonDynamicallyQuantizableLinear":
            let a = try args.bind(name, ["in_features", "out_features", "bias", "device", "dtype"], required: 2)
            let (n, m) = (try int(a[0], "in_features"), try int(a[1], "out_features"))
            guard n >= 0, m >= 0 else { throw PyError.runtime("Trying to create tensor with negative dimension \(min(n, m)): [\(m), \(n)]") }
            let bias = try py.torchFlag(a[2], true)
            let dtype = try py.torchDTypeArgument(a[4]) ?? py.torch.defaultDType
            let p = try py.torchDraw { (g: inout TorchGenerator) throws(CoreError) in try g.linear(inFeatures: n, outFeatures: m, bias: bias, dtype: dtype) }
            b.layer = .linear(inFeatures: n, outFeatures: m, bias: bias)
            b.parameters = [("weight", parameter(p.weight, py)), ("bias", p.bias.map { parameter($0, py) } ?? .none)]
        case "Embedding":
            let a = try args.bind(name, ["num_embeddings", "embedding_dim", "padding_idx", "max_norm", "norm_type", "scale_grad_by_freq", "sparse", "_weight", "_freeze", "device", "dtype"], required: 2)
            let (n, d) = (try int(a[0], "num_embeddings"), try int(a[1], "embedding_dim"))
            var padding: Int?
            if let p = a[2], !p.isNone {
                var i = try int(p, "padding_idx")
                guard i < n && i >= -n else { throw PyError(.exception("AssertionError"), i >= 0 ? "Padding_idx must be within num_embeddings" : "Padding_idx must be within num_embeddings") }
                if i < 0 { i += n }
                padding = i
            }
            let dtype = try py.torchDTypeArgument(a[10]) ?? py.torch.defaultDType
            let w = try py.torchDraw { (g: inout TorchGenerator) throws(CoreError) in try g.embedding(count: n, dimension: d, paddingIndex: padding, dtype: dtype) }
            b.layer = .embedding(count: n, dimension: d, paddingIndex: padding)
            b.parameters = [("weight", parameter(w, py))]
        case "Dropout":
            let a = try args.bind(name, ["p", "inplace"])
            let p = try py.torchReal(a[0], 0.5)
            guard p >= 0 && p <= 1 else { throw PyError.value("dropout probability has to be between 0 and 1, but got \(PyFormat.repr(p))") }
            b.layer = .dropout(p: p)
        case "LayerNorm":
            let a = try args.bind(name, ["normalized_shape", "eps", "elementwise_affine", "bias", "device", "dtype"], required: 1)
            let shape = try py.torchSizeArguments([a[0] ?? .none])
            let affine = try py.torchFlag(a[2], true)
            let bias = try py.torchFlag(a[3], true) && affine
            b.layer = .layerNorm(shape: shape, eps: try py.torchReal(a[1], 1e-5), affine: affine, bias: bias)
            if affine {
                let p = try PyError.core { () throws(CoreError) in try TorchGenerator.layerNorm(shape, bias: bias, dtype: py.torch.defaultDType) }
                b.parameters = [("weight", parameter(p.weight, py)), ("bias", p.bias.map { parameter($0, py) } ?? .none)]
            } else {
                b.parameters = [("weight", .none), ("bias", .none)]
            }
        case "Softmax", "LogSoftmax":
            let a = try args.bind(name, ["dim"])
            b.layer = .softmax(dim: try a[0].flatMap { (x: PyValue) throws(PyError) -> Int? in x.isNone ? nil : try int(x, "dim") }, log: name == "LogSoftmax")
        case "ReLU": _ = try args.bind(name, ["inplace"]); b.layer = .relu
        case "Tanh": b.layer = .tanh
        case "Sigmoid": b.layer = .sigmoid
        case "Identity": b.layer = .identity
        case "GELU":
            let a = try args.bind(name, ["approximate"])
            var approximate = "none"
            if case .str(let s)? = a[0] { approximate = s }
            guard approximate == "none" || approximate == "tanh" else { throw PyError.runtime("approximate argument must be either none or tanh.") }
            b.layer = .gelu(tanh: approximate == "tanh")
        case "Sequential":
            b.layer = .sequential
            for (i, m) in args.positional.enumerated() {
                guard TorchNN.box(m) != nil else { throw PyError.type("\(m.typeName) is not a Module subclass") }
                b.modules.append((String(i), m))
            }
        case "ModuleList":
            b.layer = .moduleList
            let a = try args.bind(name, ["modules"])
            if let items = a[0], !items.isNone {
                for (i, m) in try py.materialize(items).enumerated() {
                    guard TorchNN.box(m) != nil else { throw PyError.type("ModuleList.extend should be called with an iterable, but got \(m.typeName)") }
                    b.modules.append((String(i), m))
                }
            }
        case "MultiheadAttention":
            try TorchNNAttention.initialize(v, b, args, py)
        case "CrossEntropyLoss", "NLLLoss":
            let a = try args.bind(name, ["weight", "size_average", "ignore_index", "reduce", "reduction", "label_smoothing"])
            if let w = a[0], !w.isNone { throw PyError.unsupported("\(name) with class weights is not supported yet") }
            b.layer = .loss(function: name == "NLLLoss" ? "nll_loss" : "cross_entropy", reduction: try TorchFunctional.reductionName(a[4]),
                            ignoreIndex: a[2]?.asIndex ?? -100)
        case "MSELoss":
            let a = try args.bind(name, ["size_average", "reduce", "reduction"])
            b.layer = .loss(function: "mse_loss", reduction: try TorchFunctional.reductionName(a[2]), ignoreIndex: -100)
        default:
            throw PyError.unsupported("nn.\(name) is not supported yet")
        }
    }

    static func forward(_ layer: NNLayer, _ v: PyValue, _ b: NNModuleBox, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        func input() throws(PyError) -> PyValue {
            guard let x = args.positional.first ?? args.keyword("input") else {
                throw PyError.type("forward() missing 1 required positional argument: 'input'")
            }
            return x
        }
        func param(_ name: String) -> PyValue { b.parameters.first { $0.name == name }?.value ?? .none }
        switch layer {
        case .linear:
            return try TorchFunctional.linear(try input(), param("weight"), param("bias"), py)
        case .embedding(_, _, _):
            return try TorchFunctional.embedding(try input(), param("weight"), py)
        case .dropout(let p):
            return try TorchFunctional.dropout(try input(), p: p, training: b.training, py)
        case .layerNorm(let shape, let eps, _, _):
            return try TorchFunctional.layerNorm(try input(), shape, param("weight"), param("bias"), eps: eps, py)
        case .softmax(let dim, let log):
            let x = try input()
            guard let box = py.torchBox(x) else { throw PyError.type("softmax(): argument 'input' must be Tensor") }
            let d = dim ?? (box.tensor.rank <= 1 || box.tensor.rank == 3 ? 0 : 1)
            return try TorchMethods.softmax(box, .int(Int64(d)), nil, log: log, py)
        case .relu: return try TorchFunctional.unary("relu", try input(), py)
        case .tanh: return try TorchFunctional.unary("tanh", try input(), py)
        case .sigmoid: return try TorchFunctional.unary("sigmoid", try input(), py)
        case .gelu(let tanh): return try TorchFunctional.gelu(try input(), tanh: tanh, py)
        case .identity: return try input()
        case .sequential:
            var x = try input()
            for (_, m) in b.modules { x = try py.call(m, PyArgs([x], callRange: args.callRange)) }
            return x
        case .moduleList, .moduleDict:
            guard case .instance(let inst) = v else { return .none }
            throw PyError(.exception("NotImplementedError"), "Module [\(inst.cls.name)] is missing the required \"forward\" function")
        case .multiheadAttention:
            return try TorchNNAttention.forward(v, b, args, py)
        case .loss(let function, let reduction, let ignoreIndex):
            guard args.positional.count == 2 else { throw PyError.type("forward() takes an input and a target") }
            let (x, y) = (args.positional[0], args.positional[1])
            switch function {
            case "mse_loss": return try TorchFunctional.mse(x, y, reduction: .str(reduction), py)
            case "nll_loss": return try TorchFunctional.nll(x, y, ignoreIndex: .int(ignoreIndex), reduction: .str(reduction), py, name: function)
            default:
                let box = try TorchFunctional.tensorBox(x, function, py)
                let logp = try TorchMethods.softmax(box, .int(box.tensor.rank == 1 ? 0 : 1), nil, log: true, py)
                return try TorchFunctional.nll(logp, y, ignoreIndex: .int(ignoreIndex), reduction: .str(reduction), py, name: function)
            }
        }
    }

    /// The attributes of a layer: `in_features`, `p`, `normalized_shape`...
    static func attribute(_ name: String, _ v: PyValue, _ b: NNModuleBox, _ py: PyInterpreter) throws(PyError) -> PyValue? {
        switch (b.layer, name) {
        case (.linear(let n, _, _)?, "in_features"): return .int(Int64(n))
        case (.linear(_, let m, _)?, "out_features"): return .int(Int64(m))
        case (.embedding(let n, _, _)?, "num_embeddings"): return .int(Int64(n))
        case (.embedding(_, let d, _)?, "embedding_dim"): return .int(Int64(d))
        case (.embedding(_, _, let p)?, "padding_idx"): return p.map { .int(Int64($0)) } ?? PyValue.none
        case (.dropout(let p)?, "p"): return .float(p)
        case (.dropout?, "inplace"): return .bool(false)
        case (.layerNorm(let s, _, _, _)?, "normalized_shape"): return .tuple(s.map { .int(Int64($0)) })
        case (.layerNorm(_, let eps, _, _)?, "eps"): return .float(eps)
        case (.layerNorm(_, _, let affine, _)?, "elementwise_affine"): return .bool(affine)
        case (.softmax(let d, _)?, "dim"): return d.map { .int(Int64($0)) } ?? PyValue.none
        case (.multiheadAttention(let e, _, _)?, "embed_dim"): return .int(Int64(e))
        case (.multiheadAttention(_, let h, _)?, "num_heads"): return .int(Int64(h))
        case (.multiheadAttention(let e, let h, _)?, "head_dim"): return .int(Int64(e / max(h, 1)))
        case (.multiheadAttention(_, _, let f)?, "batch_first"): return .bool(f)
        default: return nil
        }
    }

    /// What PyTorch's `extra_repr` of the layer says.
    static func extraRepr(_ layer: NNLayer) -> String {
        switch layer {
        case .linear(let n, let m, let bias): return "in_features=\(n), out_features=\(m), bias=\(bias ? "True" : "False")"
        case .embedding(let n, let d, let p): return "\(n), \(d)" + (p.map { ", padding_idx=\($0)" } ?? "")
        case .dropout(let p): return "p=\(PyFormat.repr(p)), inplace=False"
        case .layerNorm(let s, let eps, let affine, let bias):
            return "\(TorchPrinter.pythonTuple(s)), eps=\(PyFormat.repr(eps)), elementwise_affine=\(affine ? "True" : "False"), bias=\(bias ? "True" : "False")"
        case .softmax(let d, _): return "dim=\(d.map(String.init) ?? "None")"
        case .gelu(let tanh): return "approximate='\(tanh ? "tanh" : "none")'"
        case .relu, .tanh, .sigmoid, .identity, .sequential, .moduleList, .moduleDict: return ""
        case .multiheadAttention: return ""
        case .loss: return ""
        }
    }
}
