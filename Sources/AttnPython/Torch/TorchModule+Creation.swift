import AttnCore
import AttnLang

/// Tensor creation and the random functions of `torch`, on the default
/// generator (`manual_seed`) or a `torch.Generator` passed as `generator=`;
/// the streams are TorchRandom's, bit for bit PyTorch's.
extension TorchModule {
    static func creation(_ m: inout ModuleBuilder, _ py: PyInterpreter) {
        m.function("tensor", ["data", "dtype", "device", "requires_grad"], required: 1) { v, _, py throws(PyError) in
            let t = try py.torchData(v[0] ?? .none, dtype: try py.torchDTypeArgument(v[1]))
            let grad = try py.torchFlag(v[3], false)
            if grad && !t.dtype.isFloatingPoint { throw PyError.runtime("Only Tensors of floating point and complex dtype can require gradients") }
            return py.torchValue(t, requiresGrad: grad)
        }
        m.dict["as_tensor"] = m.dict["tensor"]
        m.function("from_numpy", ["ndarray"], required: 1) { v, _, py throws(PyError) in
            switch v[0] {
            case .array(let a)?: return py.torchValue(a.tensor)
            case .scalar(let t)?: return py.torchValue(t)
            default: throw PyError.type("expected np.ndarray (got \(v[0]?.pyType.name ?? "NoneType"))")
            }
        }
        for (name, value) in [("zeros", 0.0), ("ones", 1.0), ("empty", 0.0)] {
            m.dict[name] = .builtin(PyBuiltin(name) { args, py throws(PyError) in
                let sizes = args.positional.isEmpty ? (args.keyword("size").map { [$0] } ?? []) : args.positional
                // zeros words a negative length its own way.
                if name == "zeros", TorchValues.writtenSizes(sizes).contains(where: { $0 < 0 }) {
                    throw PyError.runtime("zeros: Dimension size must be non-negative.")
                }
                let shape = try py.torchSizeArguments(sizes)
                let dtype = try py.torchDTypeArgument(args.keyword("dtype")) ?? py.torch.defaultDType
                let t = try PyError.core { () throws(CoreError) in try Tensor.full(shape, value, dtype: dtype) }
                return py.torchValue(t, requiresGrad: try py.torchFlag(args.keyword("requires_grad"), false))
            })
            m.function(name + "_like", ["input", "dtype", "layout", "device", "requires_grad"], required: 1) { v, _, py throws(PyError) in
                let t = try py.torchTensorArgument(v[0] ?? .none, name + "_like")
                let dtype = try py.torchDTypeArgument(v[1]) ?? t.dtype
                return py.torchValue(try PyError.core { () throws(CoreError) in try Tensor.full(t.shape, value, dtype: dtype) },
                                     requiresGrad: try py.torchFlag(v[4], false))
            }
        }
        m.function("full", ["size", "fill_value", "dtype", "device", "requires_grad"], required: 2) { v, _, py throws(PyError) in
            let shape = try py.torchSizeArguments([v[0] ?? .none])
            let fill = v[1] ?? .none
            let dtype = try py.torchDTypeArgument(v[2]) ?? {
                switch fill {
                case .bool: return .bool
                case .int: return .int64
                default: return py.torch.defaultDType
                }
            }()
            let x = try py.torchReal(fill, 0)
            return py.torchValue(try PyError.core { () throws(CoreError) in try Tensor.full(shape, x, dtype: dtype) })
        }
        m.function("full_like", ["input", "fill_value", "dtype"], required: 2) { v, _, py throws(PyError) in
            let t = try py.torchTensorArgument(v[0] ?? .none, "full_like")
            let dtype = try py.torchDTypeArgument(v[2]) ?? t.dtype
            let x = try py.torchReal(v[1], 0)
            return py.torchValue(try PyError.core { () throws(CoreError) in try Tensor.full(t.shape, x, dtype: dtype) })
        }
        m.function("eye", ["n", "m", "dtype", "requires_grad"], required: 1) { v, _, py throws(PyError) in
            let n = try NumpyValues.integer(v[0] ?? .none, "n")
            let cols = try v[1].flatMap { (x: PyValue) throws(PyError) -> Int? in x.isNone ? nil : try NumpyValues.integer(x, "m") } ?? n
            guard n >= 0, cols >= 0 else { throw PyError.runtime("n must be greater or equal to 0, got \(min(n, cols))") }
            var values = [Double](repeating: 0, count: try PyError.core { () throws(CoreError) in try Tensor.checkedCount([n, cols]) })
            for i in 0..<min(n, cols) { values[i * cols + i] = 1 }
            let dtype = try py.torchDTypeArgument(v[2]) ?? py.torch.defaultDType
            return py.torchValue(try PyError.core { () throws(CoreError) in try Tensor(unchecked: [n, cols], values).converted(to: dtype) })
        }
        m.function("arange", ["start", "end", "step", "dtype", "requires_grad"], required: 1) { v, _, py throws(PyError) in
            var bounds = [v[0], v[1], v[2]].compactMap { $0 }.filter { !$0.isNone }
            if bounds.count == 1 { bounds.insert(.int(0), at: 0) }
            let step = bounds.count > 2 ? bounds[2] : .int(1)
            let allIntegers = [bounds[0], bounds[1], step].allSatisfy { $0.asIndex != nil }
            let dtype = try py.torchDTypeArgument(v[3]) ?? (allIntegers ? .int64 : py.torch.defaultDType)
            let a = try py.torchReal(bounds[0], 0), b = try py.torchReal(bounds[1], 0), s = try py.torchReal(step, 1)
            guard s != 0 else { throw PyError.runtime("step must be nonzero") }
            guard (b - a) / s >= 0 || a == b else { throw PyError.runtime("upper bound and larger bound inconsistent with step sign") }
            let n = Int(max(0, min(((b - a) / s).rounded(.up), 9e15)))
            try PyInterpreter.checkLength(n, "tensor")
            var out: [Double] = []
            out.reserveCapacity(n)
            for i in 0..<n {
                out.append(a + Double(i) * s)
                if i & 0xFFFF == 0xFFFF { try PyError.checkInterrupt() }
            }
            return py.torchValue(try PyError.core { () throws(CoreError) in try Tensor(unchecked: [n], out).converted(to: dtype) },
                                 requiresGrad: try py.torchFlag(v[4], false))
        }
        m.function("linspace", ["start", "end", "steps", "dtype"], required: 3) { v, _, py throws(PyError) in
            let a = try py.torchReal(v[0], 0), b = try py.torchReal(v[1], 0)
            let n = try NumpyValues.integer(v[2] ?? .none, "steps")
            guard n >= 0 else { throw PyError.runtime("linspace(): number of steps must be non-negative") }
            try PyInterpreter.checkLength(n, "tensor")
            let dtype = try py.torchDTypeArgument(v[3]) ?? py.torch.defaultDType
            // PyTorch fills the first half from the start and the second from the end.
            let step = n > 1 ? (b - a) / Double(n - 1) : 0
            var out: [Double] = []
            out.reserveCapacity(n)
            let half = n / 2
            for i in 0..<n {
                out.append(i < half ? a + step * Double(i) : b - step * Double(n - 1 - i))
                if i & 0xFFFF == 0xFFFF { try PyError.checkInterrupt() }
            }
            if dtype == .float32 {
                let fa = Float(a), fb = Float(b), fs = n > 1 ? (fb - fa) / Float(n - 1) : 0
                let floats = (0..<n).map { i in i < half ? fa + fs * Float(i) : fb - fs * Float(n - 1 - i) }
                return py.torchValue(Tensor(unchecked: [n], storage: .float32(floats)))
            }
            return py.torchValue(try PyError.core { () throws(CoreError) in try Tensor(unchecked: [n], out).converted(to: dtype) })
        }
    }

    /// Runs `body` on the generator `generator=` names, or the default one.
    static func withGenerator<T>(_ generator: PyValue?, _ py: PyInterpreter,
                                 _ body: (inout TorchGenerator) throws(CoreError) -> T) throws(PyError) -> T {
        if case .instance(let i)? = generator, let box = i.native as? TorchGeneratorBox {
            if !box.seeded { py.unseededDraw = py.unseededDraw ?? "torch's default generator was never seeded (torch.manual_seed)" }
            return try PyError.core { () throws(CoreError) in try body(&box.generator) }
        }
        return try py.torchDraw(body)
    }

    static func random(_ m: inout ModuleBuilder) {
        m.function("manual_seed", ["seed"], required: 1) { v, _, py throws(PyError) in
            guard let seed = v[0]?.asIndex else { throw PyError.type("manual_seed expected an int") }
            let box = py.torch.defaultGenerator
            box.generator = TorchGenerator(signedSeed: seed)
            box.seeded = true
            let instance = PyInstance(py.torch.generatorClass)
            instance.native = box
            return .instance(instance)
        }
        m.function("seed", []) { _, _, py throws(PyError) in
            // PyTorch reseeds from the system: what follows is not reproducible.
            let box = py.torch.defaultGenerator
            box.seeded = false
            return .int(Int64(bitPattern: box.generator.initialSeed))
        }
        m.function("initial_seed", []) { _, _, py throws(PyError) in
            let box = py.torch.defaultGenerator
            if !box.seeded { py.unseededDraw = py.unseededDraw ?? "torch.initial_seed() of a generator never seeded" }
            return .int(Int64(bitPattern: box.generator.initialSeed))
        }
        for name in ["rand", "randn"] {
            m.dict[name] = .builtin(PyBuiltin(name) { args, py throws(PyError) in
                let shape = try py.torchSizeArguments(args.positional.isEmpty ? (args.keyword("size").map { [$0] } ?? []) : args.positional)
                let dtype = try py.torchDTypeArgument(args.keyword("dtype")) ?? py.torch.defaultDType
                let t = try withGenerator(args.keyword("generator"), py) { (g: inout TorchGenerator) throws(CoreError) in
                    name == "rand" ? try g.rand(shape, dtype: dtype) : try g.randn(shape, dtype: dtype)
                }
                return py.torchValue(t, requiresGrad: try py.torchFlag(args.keyword("requires_grad"), false))
            })
            m.function(name + "_like", ["input", "dtype"], required: 1) { v, _, py throws(PyError) in
                let like = try py.torchTensorArgument(v[0] ?? .none, name + "_like")
                let dtype = try py.torchDTypeArgument(v[1]) ?? like.dtype
                return py.torchValue(try withGenerator(nil, py) { (g: inout TorchGenerator) throws(CoreError) in
                    name == "rand" ? try g.rand(like.shape, dtype: dtype) : try g.randn(like.shape, dtype: dtype)
                })
            }
        }
        m.dict["randint"] = .builtin(PyBuiltin("randint") { args, py throws(PyError) in
            var ints = args.positional.filter { $0.asIndex != nil }
            let sizeArg = args.positional.first { $0.asIndex == nil } ?? args.keyword("size")
            if let low = args.keyword("low") { ints.insert(low, at: 0) }
            if let high = args.keyword("high") { ints.append(high) }
            guard let sizeArg, !ints.isEmpty else { throw PyError.type("randint() missing required arguments: high and size") }
            let low = ints.count > 1 ? ints[0].asIndex ?? 0 : 0
            let high = ints[ints.count - 1].asIndex ?? 0
            guard low < high else { throw PyError.runtime("random_ expects 'from' to be less than 'to', but got from=\(low) >= to=\(high)") }
            let shape = try py.torchSizeArguments([sizeArg])
            let dtype = try py.torchDTypeArgument(args.keyword("dtype")) ?? .int64
            return py.torchValue(try withGenerator(args.keyword("generator"), py) { (g: inout TorchGenerator) throws(CoreError) in
                try g.randint(low: low, high: high, shape, dtype: dtype)
            })
        })
        m.function("randperm", ["n", "generator", "dtype"], required: 1) { v, _, py throws(PyError) in
            let n = try NumpyValues.integer(v[0] ?? .none, "n")
            let dtype = try py.torchDTypeArgument(v[2]) ?? .int64
            return py.torchValue(try withGenerator(v[1], py) { (g: inout TorchGenerator) throws(CoreError) in try g.randperm(n, dtype: dtype) })
        }
        m.function("normal", ["mean", "std", "size", "generator", "dtype"], required: 2) { v, _, py throws(PyError) in
            guard let sizeArg = v[2] else {
                throw PyError.unsupported("torch.normal with tensor means or stds is not supported yet; pass floats and size=")
            }
            let mean = try py.torchReal(v[0], 0), std = try py.torchReal(v[1], 1)
            let shape = try py.torchSizeArguments([sizeArg])
            let dtype = try py.torchDTypeArgument(v[4]) ?? py.torch.defaultDType
            return py.torchValue(try withGenerator(v[3], py) { (g: inout TorchGenerator) throws(CoreError) in
                try g.normal(shape, mean: mean, std: std, dtype: dtype)
            })
        }
        m.function("bernoulli", ["input", "p", "generator"], required: 1) { v, _, py throws(PyError) in
            let t = try py.torchTensorArgument(v[0] ?? .none, "bernoulli")
            if let p = v[1], !p.isNone {
                let prob = try py.torchReal(p, 0.5)
                return py.torchValue(try withGenerator(v[2], py) { (g: inout TorchGenerator) throws(CoreError) in try g.bernoulli(t.shape, p: prob, dtype: t.dtype) })
            }
            throw PyError.unsupported("torch.bernoulli with a tensor of probabilities is not supported yet; use bernoulli_(p)")
        }
    }

    /// `torch.Generator()` and its methods.
    static func generatorDict() -> [String: PyValue] {
        func box(_ args: PyArgs) -> TorchGeneratorBox? {
            if case .instance(let i)? = args.positional.first { return i.native as? TorchGeneratorBox }
            return nil
        }
        var d: [String: PyValue] = [:]
        d["__init__"] = .builtin(PyBuiltin("__init__") { args, _ throws(PyError) in
            if case .instance(let i)? = args.positional.first { i.native = TorchGeneratorBox() }
            return .none
        })
        d["__getattr__"] = .builtin(PyBuiltin("__getattr__") { args, _ throws(PyError) in
            guard let b = box(args), args.positional.count == 2, case .str(let name) = args.positional[1] else { return .none }
            let receiver = args.positional[0]
            switch name {
            case "manual_seed":
                return .builtin(PyBuiltin("manual_seed", receiver: receiver) { a, _ throws(PyError) in
                    guard a.positional.count == 1, let seed = a.positional[0].asIndex else { throw PyError.type("manual_seed expected a long") }
                    b.generator = TorchGenerator(signedSeed: seed)
                    b.seeded = true
                    return receiver
                })
            case "initial_seed":
                return .builtin(PyBuiltin("initial_seed", receiver: receiver) { _, _ throws(PyError) in
                    .int(Int64(bitPattern: b.generator.initialSeed))
                })
            default:
                throw PyError.attribute("'torch._C.Generator' object has no attribute '\(name)'")
            }
        })
        d["__repr__"] = .builtin(PyBuiltin("__repr__") { args, _ throws(PyError) in
            .str("<torch._C.Generator object at \(PyInterpreter.address(box(args) ?? TorchGeneratorBox()))>")
        })
        return d
    }
}

extension PyInterpreter {
    /// Runs `body` on torch's default generator, marking the statement's
    /// output not reproducible when the generator was never seeded.
    func torchDraw<T>(_ body: (inout TorchGenerator) throws(CoreError) -> T) throws(PyError) -> T {
        let box = torch.defaultGenerator
        if !box.seeded { unseededDraw = unseededDraw ?? "torch's default generator was never seeded (torch.manual_seed)" }
        return try PyError.core { () throws(CoreError) in try body(&box.generator) }
    }
}
