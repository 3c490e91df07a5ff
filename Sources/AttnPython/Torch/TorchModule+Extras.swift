import AttnCore
import AttnLang
import Foundation

/// What tutorials call around the model: `torch.device` and
/// `torch.cuda.is_available()` (attn is CPU only, so they say so), the
/// functions attn's numpy already computes (`einsum`, `cumsum`, `outer`,
/// `norm`), sorting, and `torch.nn.init`.
extension TorchModule {
    static func extras(_ m: inout ModuleBuilder, _ py: PyInterpreter) {
        m.function("device", ["type", "index"], required: 1) { v, _, _ throws(PyError) in
            guard case .str(let name)? = v[0] else { throw PyError.type("device() received an invalid combination of arguments") }
            return .str(try deviceName(name))
        }
        m.dict["cuda"] = .module(cudaModule())
        var backends: [String: PyValue] = [:]
        for name in ["mps", "cudnn"] {
            backends[name] = .module(PyModule("torch.backends.\(name)", [
                "is_available": .builtin(PyBuiltin("is_available") { _, _ throws(PyError) in .bool(false) }),
                "is_built": .builtin(PyBuiltin("is_built") { _, _ throws(PyError) in .bool(false) }),
            ]))
        }
        m.dict["backends"] = .module(PyModule("torch.backends", backends))
        m.dict["einsum"] = .builtin(PyBuiltin("einsum") { args, py throws(PyError) in
            var operands = Array(args.positional.dropFirst())
            if operands.count == 1, case .list(let l) = operands[0] { operands = l.items }
            if operands.count == 1, case .tuple(let t) = operands[0] { operands = t }
            let result = try numpyCall("einsum", [args.positional.first ?? .none] + operands, py)
            return py.torchResult(result, operands.map { py.torchBox($0) }, "ViewBackward0")
        })
        let finfo = PyClass(name: "finfo", module: "torch", base: PyClass.object)
        m.function("finfo", ["type"]) { v, _, py throws(PyError) in
            let d = try py.torchDTypeArgument(v[0]) ?? py.torch.defaultDType
            guard d.isFloatingPoint else { throw PyError.type("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'") }
            let instance = PyInstance(finfo)
            let single = d == .float32
            instance.dict = [
                "bits": .int(single ? 32 : 64),
                "max": .float(single ? Double(Float.greatestFiniteMagnitude) : Double.greatestFiniteMagnitude),
                "min": .float(single ? -Double(Float.greatestFiniteMagnitude) : -Double.greatestFiniteMagnitude),
                "eps": .float(single ? Double(Float.ulpOfOne) : Double.ulpOfOne),
                "tiny": .float(single ? Double(Float.leastNormalMagnitude) : Double.leastNormalMagnitude),
                "smallest_normal": .float(single ? Double(Float.leastNormalMagnitude) : Double.leastNormalMagnitude),
                "resolution": .float(single ? 1e-6 : 1e-15),
                "dtype": .str(d.rawValue),
            ]
            return .instance(instance)
        }
        let iinfo = PyClass(name: "iinfo", module: "torch", base: PyClass.object)
        m.function("iinfo", ["type"], required: 1) { v, _, py throws(PyError) in
            guard let d = try py.torchDTypeArgument(v[0]), d.isInteger else {
                throw PyError.type("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'")
            }
            let instance = PyInstance(iinfo)
            instance.dict = [
                "bits": .int(d == .int64 ? 64 : 32),
                "max": .int(d == .int64 ? Int64.max : Int64(Int32.max)),
                "min": .int(d == .int64 ? Int64.min : Int64(Int32.min)),
                "dtype": .str(d.rawValue),
            ]
            return .instance(instance)
        }
        m.function("outer", ["input", "vec2"], required: 2) { v, _, py throws(PyError) in
            let result = try numpyCall("outer", [v[0] ?? .none, v[1] ?? .none], py)
            return py.torchResult(result, [py.torchBox(v[0] ?? .none), py.torchBox(v[1] ?? .none)], "MulBackward0")
        }
    }

    /// `"cpu"` as PyTorch names it; CUDA and MPS are unsupported.
    static func deviceName(_ name: String) throws(PyError) -> String {
        guard name == "cpu" || name.hasPrefix("cpu:") else {
            throw PyError.unsupported("attn's torch runs on the CPU only: there is no '\(name)' device")
        }
        return "cpu"
    }

    static func cudaModule() -> PyModule {
        PyModule("torch.cuda", [
            "is_available": .builtin(PyBuiltin("is_available") { _, _ throws(PyError) in .bool(false) }),
            "device_count": .builtin(PyBuiltin("device_count") { _, _ throws(PyError) in .int(0) }),
            "manual_seed": .builtin(PyBuiltin("manual_seed") { _, _ throws(PyError) in .none }),
            "manual_seed_all": .builtin(PyBuiltin("manual_seed_all") { _, _ throws(PyError) in .none }),
        ])
    }

    /// numpy's function `name` on the arguments, torch tensors passed as
    /// arrays; the result as a tensor.
    static func numpyCall(_ name: String, _ arguments: [PyValue], _ py: PyInterpreter, keywords: [(name: String, value: PyValue)] = []) throws(PyError) -> Tensor {
        let numpy = try py.importModule(["numpy"], at: SourceRange(0, 0))
        guard let function = numpy.dict[name] else { throw PyError.unsupported("torch.\(name) is not supported yet") }
        let converted = arguments.map { (v: PyValue) -> PyValue in
            if let box = py.torchBox(v) { return .array(PyArray(box.tensor)) }
            return v
        }
        switch try py.call(function, PyArgs(converted, keywords: keywords, callRange: SourceRange(0, 0))) {
        case .array(let a): return a.tensor
        case .scalar(let t): return t
        case .int(let i): return Tensor(unchecked: [], storage: .int64([i]))
        case .float(let d): return Tensor(unchecked: [], storage: .float32([Float(d)]))
        default: throw PyError.type("torch.\(name) gave no tensor")
        }
    }

    // MARK: - torch.nn.init

    /// `torch.nn.init`: the in-place initialisers, drawing from the default
    /// generator as PyTorch does (`uniform_`, `normal_`, `xavier_*`,
    /// `kaiming_*` with PyTorch's gains and fans).
    static func initModule(_ py: PyInterpreter) -> PyModule {
        var m = ModuleBuilder()
        func fill(_ v: PyValue?, _ name: String, _ py: PyInterpreter, _ body: (TorchTensor) throws(PyError) -> Tensor) throws(PyError) -> PyValue {
            guard let v, let box = py.torchBox(v) else { throw PyError.type("\(name)(): argument 'tensor' must be Tensor") }
            box.tensor = try body(box)
            return v
        }
        m.function("uniform_", ["tensor", "a", "b", "generator"], required: 1) { v, _, py throws(PyError) in
            try fill(v[0], "uniform_", py) { (box: TorchTensor) throws(PyError) in
                let low = try py.torchReal(v[1], 0), high = try py.torchReal(v[2], 1)
                return try withGenerator(v[3], py) { (g: inout TorchGenerator) throws(CoreError) in try g.uniform(box.tensor.shape, from: low, to: high, dtype: box.tensor.dtype) }
            }
        }
        m.function("normal_", ["tensor", "mean", "std", "generator"], required: 1) { v, _, py throws(PyError) in
            try fill(v[0], "normal_", py) { (box: TorchTensor) throws(PyError) in
                let mean = try py.torchReal(v[1], 0), std = try py.torchReal(v[2], 1)
                return try withGenerator(v[3], py) { (g: inout TorchGenerator) throws(CoreError) in try g.normal(box.tensor.shape, mean: mean, std: std, dtype: box.tensor.dtype) }
            }
        }
        for (name, value) in [("zeros_", 0.0), ("ones_", 1.0)] {
            m.function(name, ["tensor"], required: 1) { v, _, py throws(PyError) in
                try fill(v[0], name, py) { (box: TorchTensor) throws(PyError) in
                    try PyError.core { () throws(CoreError) in try Tensor.full(box.tensor.shape, value, dtype: box.tensor.dtype) }
                }
            }
        }
        m.function("constant_", ["tensor", "val"], required: 2) { v, _, py throws(PyError) in
            try fill(v[0], "constant_", py) { (box: TorchTensor) throws(PyError) in
                let x = try py.torchReal(v[1], 0)
                return try PyError.core { () throws(CoreError) in try Tensor.full(box.tensor.shape, x, dtype: box.tensor.dtype) }
            }
        }
        m.function("eye_", ["tensor"], required: 1) { v, _, py throws(PyError) in
            try fill(v[0], "eye_", py) { (box: TorchTensor) throws(PyError) in
                let t = box.tensor
                guard t.rank == 2 else { throw PyError.value("Only tensors with 2 dimensions are supported") }
                var values = [Double](repeating: 0, count: t.count)
                for i in 0..<min(t.shape[0], t.shape[1]) { values[i * t.shape[1] + i] = 1 }
                return try PyError.core { () throws(CoreError) in try Tensor(unchecked: t.shape, values).converted(to: t.dtype) }
            }
        }
        m.function("xavier_uniform_", ["tensor", "gain", "generator"], required: 1) { v, _, py throws(PyError) in
            try fill(v[0], "xavier_uniform_", py) { (box: TorchTensor) throws(PyError) in
                let gain = try py.torchReal(v[1], 1)
                return try withGenerator(v[2], py) { (g: inout TorchGenerator) throws(CoreError) in try g.xavierUniform(box.tensor.shape, gain: gain, dtype: box.tensor.dtype) }
            }
        }
        m.function("xavier_normal_", ["tensor", "gain", "generator"], required: 1) { v, _, py throws(PyError) in
            try fill(v[0], "xavier_normal_", py) { (box: TorchTensor) throws(PyError) in
                let gain = try py.torchReal(v[1], 1)
                let (fanIn, fanOut) = try PyError.core { () throws(CoreError) in try TorchGenerator.fans(box.tensor.shape) }
                let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
                return try withGenerator(v[2], py) { (g: inout TorchGenerator) throws(CoreError) in try g.normal(box.tensor.shape, mean: 0, std: std, dtype: box.tensor.dtype) }
            }
        }
        m.function("kaiming_uniform_", ["tensor", "a", "mode", "nonlinearity", "generator"], required: 1) { v, _, py throws(PyError) in
            try fill(v[0], "kaiming_uniform_", py) { (box: TorchTensor) throws(PyError) in
                try kaimingCheck(v[2], v[3])
                let a = try py.torchReal(v[1], 0)
                return try withGenerator(v[4], py) { (g: inout TorchGenerator) throws(CoreError) in try g.kaimingUniform(box.tensor.shape, a: a, dtype: box.tensor.dtype) }
            }
        }
        m.function("kaiming_normal_", ["tensor", "a", "mode", "nonlinearity", "generator"], required: 1) { v, _, py throws(PyError) in
            try fill(v[0], "kaiming_normal_", py) { (box: TorchTensor) throws(PyError) in
                try kaimingCheck(v[2], v[3])
                let a = try py.torchReal(v[1], 0)
                let (fanIn, _) = try PyError.core { () throws(CoreError) in try TorchGenerator.fans(box.tensor.shape) }
                let std = (2.0 / (1 + a * a)).squareRoot() / Double(fanIn).squareRoot()
                return try withGenerator(v[4], py) { (g: inout TorchGenerator) throws(CoreError) in try g.normal(box.tensor.shape, mean: 0, std: std, dtype: box.tensor.dtype) }
            }
        }
        m.function("calculate_gain", ["nonlinearity", "param"], required: 1) { v, _, py throws(PyError) in
            guard case .str(let name)? = v[0] else { throw PyError.value("Unsupported nonlinearity") }
            switch name {
            case "linear", "conv1d", "conv2d", "conv3d", "sigmoid": return .float(1)
            case "tanh": return .float(5.0 / 3)
            case "relu": return .float(2.0.squareRoot())
            case "leaky_relu":
                let slope = try py.torchReal(v[1], 0.01)
                return .float((2.0 / (1 + slope * slope)).squareRoot())
            case "selu": return .float(3.0 / 4)
            default: throw PyError.value("Unsupported nonlinearity \(name)")
            }
        }
        return PyModule("torch.nn.init", m.dict)
    }

    /// attn's kaiming initialisers use fan_in and leaky_relu's gain (PyTorch's defaults).
    private static func kaimingCheck(_ mode: PyValue?, _ nonlinearity: PyValue?) throws(PyError) {
        if case .str(let m)? = mode, m != "fan_in" { throw PyError.unsupported("kaiming initialisation with mode='\(m)' is not supported yet") }
        if case .str(let n)? = nonlinearity, n != "leaky_relu" { throw PyError.unsupported("kaiming initialisation with nonlinearity='\(n)' is not supported yet") }
    }
}
