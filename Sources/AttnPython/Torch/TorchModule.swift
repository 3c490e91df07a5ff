import AttnCore
import AttnLang
import Foundation

/// The `torch` module: creation (tensor, zeros, ones, empty, full, arange,
/// linspace, eye, the `_like`s, from_numpy), the default generator's
/// random functions, dtypes, `no_grad`, `set_printoptions`, and every
/// tensor method as a function of its first argument (`torch.softmax(x,
/// dim=-1)`, `torch.sum(x, 0)`), plus cat/stack/where/matmul/allclose.
enum TorchModule {
    static func make(_ py: PyInterpreter) -> PyModule {
        var m = ModuleBuilder()
        let state = py.torch
        m.dict["Tensor"] = .type(state.tensorClass)
        m.dict["Size"] = .type(state.sizeClass)
        m.dict["Generator"] = .type(state.generatorClass)
        m.dict["dtype"] = .type(state.dtypeClass)
        m.dict["inf"] = .float(.infinity)
        m.dict["nan"] = .float(.nan)
        m.dict["pi"] = .float(Double.pi)
        m.dict["e"] = .float(M_E)
        m.dict["__version__"] = .str("2.15.0")
        // Every tensor method is a function of the tensor: `torch.exp(x)`.
        // (Only the names the real torch module has: `torch.view` is not a function.)
        let known = KnownNames.table["torch"] ?? []
        for (name, method) in TorchMethods.table where known.contains(name) {
            m.dict[name] = .builtin(PyBuiltin(name) { args, py throws(PyError) in
                var rest = args
                var first = rest.positional.first
                if first == nil, let i = rest.keywords.firstIndex(where: { $0.name == "input" }) {
                    first = rest.keywords[i].value
                    rest.keywords.remove(at: i)
                } else if first != nil {
                    rest.positional.removeFirst()
                    if !rest.ranges.isEmpty { rest.ranges.removeFirst() }
                }
                guard let v = first, let box = py.torchBox(v) else {
                    throw PyError.type("\(name)(): argument 'input' (position 1) must be Tensor, not \(first?.pyType.name ?? "NoneType")")
                }
                return try method(v, box, rest, py)
            })
        }
        // The dtypes after the methods: `torch.float` is a dtype, not `x.float`.
        let names: [(String, DType)] = [("float32", .float32), ("float", .float32), ("float64", .float64), ("double", .float64),
                                        ("int64", .int64), ("long", .int64), ("int32", .int32), ("int", .int32), ("bool", .bool)]
        for (name, d) in names { m.dict[name] = py.torchDType(d) }
        creation(&m, py)
        extras(&m, py)
        TorchModule.random(&m)
        // Creation functions take `device=` (the CPU only) and PyTorch's
        // memory options, which change nothing here.
        for name in ["tensor", "as_tensor", "zeros", "ones", "empty", "full", "zeros_like", "ones_like", "empty_like", "full_like",
                     "arange", "linspace", "eye", "rand", "randn", "randint", "randperm", "normal", "rand_like", "randn_like"] {
            if let f = m.dict[name] { m.dict[name] = acceptingDevice(f) }
        }
        m.function("cat", ["tensors", "dim"], required: 1) { v, _, py throws(PyError) in try join(v[0], v[1], stack: false, py) }
        m.dict["concat"] = m.dict["cat"]
        m.dict["concatenate"] = m.dict["cat"]
        m.function("stack", ["tensors", "dim"], required: 1) { v, _, py throws(PyError) in try join(v[0], v[1], stack: true, py) }
        m.function("where", ["condition", "input", "other"], required: 1) { v, _, py throws(PyError) in
            guard let x = v[1], let y = v[2] else {
                throw PyError.unsupported("torch.where(condition) with one argument is not supported yet; use nonzero")
            }
            return try whereOp(v[0] ?? .none, x, y, py)
        }
        m.function("is_tensor", ["obj"], required: 1) { v, _, py throws(PyError) in .bool(py.torchBox(v[0] ?? .none) != nil) }
        m.function("numel", ["input"], required: 1) { v, _, py throws(PyError) in .int(Int64(try py.torchTensorArgument(v[0] ?? .none, "numel").count)) }
        m.function("get_default_dtype", []) { _, _, py throws(PyError) in py.torchDType(py.torch.defaultDType) }
        m.function("is_grad_enabled", []) { _, _, py throws(PyError) in .bool(py.torch.gradEnabled) }
        m.function("set_grad_enabled", ["mode"], required: 1) { v, _, py throws(PyError) in
            py.torch.gradEnabled = try py.truthy(v[0] ?? .none)
            return .none
        }
        for (name, enabled) in [("no_grad", false), ("enable_grad", true), ("inference_mode", false)] {
            let cls = gradModeClass(name, enabled: enabled)
            m.dict[name] = .type(cls)
        }
        m.function("set_printoptions", ["precision", "threshold", "edgeitems", "linewidth", "profile", "sci_mode"]) { v, _, py throws(PyError) in
            var o = py.torch.printOptions
            if case .str(let name)? = v[4] {
                guard let p = TorchPrintOptions.profile(name) else { throw PyError.key(PyFormat.repr(name)) }
                o = p
            }
            if let p = v[0], !p.isNone { o.precision = try NumpyValues.integer(p, "precision") }
            if let t = v[1], !t.isNone { o.threshold = try MathModule.real(t) }
            if let e = v[2], !e.isNone { o.edgeItems = try NumpyValues.integer(e, "edgeitems") }
            if let l = v[3], !l.isNone { o.lineWidth = try NumpyValues.integer(l, "linewidth") }
            if let s = v[5] { o.sciMode = s.isNone ? nil : try py.truthy(s) }
            py.torch.printOptions = o
            return .none
        }
        let nn = py.modules["torch.nn"] ?? {
            let module = TorchNN.make(py)
            py.modules["torch.nn"] = module
            return module
        }()
        m.dict["nn"] = .module(nn)
        let special = special(m.dict)
        py.modules["torch.special"] = special
        m.dict["special"] = .module(special)
        return PyModule("torch", m.dict)
    }

    /// `f` taking and checking `device=`, and ignoring `layout=`,
    /// `pin_memory=` and `memory_format=`.
    static func acceptingDevice(_ f: PyValue) -> PyValue {
        guard case .builtin(let b) = f else { return f }
        return .builtin(PyBuiltin(b.name) { args, py throws(PyError) in
            var a = args
            for name in ["device", "layout", "pin_memory", "memory_format"] {
                guard let i = a.keywords.firstIndex(where: { $0.name == name }) else { continue }
                if name == "device", case .str(let device) = a.keywords[i].value { _ = try deviceName(device) }
                a.keywords.remove(at: i)
            }
            return try b.body(a, py)
        })
    }

    /// The state of one `torch.no_grad()` object: the mode it sets and the
    /// modes it found on entering (a stack, so that it can be re-entered).
    final class GradMode {
        let enabled: Bool
        var saved: [Bool] = []
        init(_ enabled: Bool) { self.enabled = enabled }
    }

    /// `torch.no_grad`, `enable_grad`, `inference_mode`: context managers
    /// that also decorate functions (`@torch.no_grad()`).
    static func gradModeClass(_ name: String, enabled: Bool) -> PyClass {
        func mode(_ args: PyArgs) -> GradMode? {
            if case .instance(let i)? = args.positional.first { return i.native as? GradMode }
            return nil
        }
        var d: [String: PyValue] = [:]
        d["__init__"] = .builtin(PyBuiltin("__init__", bindsAsMethod: true) { args, py throws(PyError) in
            guard case .instance(let i)? = args.positional.first else { return .none }
            // inference_mode(False) leaves grad mode as it is.
            let on = name == "inference_mode" ? try py.torchFlag(args.positional.dropFirst().first ?? args.keyword("mode"), true) : true
            i.native = GradMode(on ? enabled : py.torch.gradEnabled)
            return .none
        })
        d["__enter__"] = .builtin(PyBuiltin("__enter__", bindsAsMethod: true) { args, py throws(PyError) in
            guard let m = mode(args) else { return .none }
            m.saved.append(py.torch.gradEnabled)
            py.torch.gradEnabled = m.enabled
            return .none
        })
        d["__exit__"] = .builtin(PyBuiltin("__exit__", bindsAsMethod: true) { args, py throws(PyError) in
            guard let m = mode(args) else { return .bool(false) }
            py.torch.gradEnabled = m.saved.popLast() ?? true
            return .bool(false)
        })
        d["__call__"] = .builtin(PyBuiltin("__call__", bindsAsMethod: true) { args, _ throws(PyError) in
            guard let m = mode(args), args.positional.count == 2 else { throw PyError.type("\(name)() decorates one function") }
            let function = args.positional[1]
            return .builtin(PyBuiltin(name) { callArgs, py throws(PyError) in
                let saved = py.torch.gradEnabled
                py.torch.gradEnabled = m.enabled
                defer { py.torch.gradEnabled = saved }
                return try py.call(function, callArgs)
            })
        })
        return PyClass(name: name, module: "torch.autograd.grad_mode", base: PyClass.object, dict: d)
    }

    /// `torch.special`: the functions PyTorch also has under other names.
    static func special(_ torch: [String: PyValue]) -> PyModule {
        let names: [(String, String)] = [("softmax", "softmax"), ("log_softmax", "log_softmax"), ("expit", "sigmoid"),
                                         ("logsumexp", "logsumexp"), ("exp2", "exp2"), ("log1p", "log1p"), ("round", "round")]
        var d: [String: PyValue] = [:]
        for (name, source) in names { d[name] = torch[source] }
        return PyModule("torch.special", d)
    }

    /// `torch.cat(tensors, dim=0)`, `torch.stack(tensors, dim=0)`.
    static func join(_ seq: PyValue?, _ dim: PyValue?, stack: Bool, _ py: PyInterpreter) throws(PyError) -> PyValue {
        var items: [PyValue] = []
        switch seq {
        case .list(let l)?: items = l.items
        case .tuple(let t)?: items = t
        default: throw PyError.type("\(stack ? "stack" : "cat")() received an invalid combination of arguments - expected a tuple or list of Tensors")
        }
        var boxes: [TorchTensor] = []
        for item in items {
            guard let b = py.torchBox(item) else { throw PyError.type("expected Tensor as element \(boxes.count) in argument 0, but got \(item.pyType.name)") }
            boxes.append(b)
        }
        guard let first = boxes.first else {
            throw stack ? PyError.runtime("stack expects a non-empty TensorList") : PyError.value("torch.cat(): expected a non-empty list of Tensors")
        }
        let dtype = boxes.dropFirst().reduce(first.tensor.dtype) { TorchOps.promote($0, $1.tensor.dtype) }
        var parts: [Tensor] = []
        for b in boxes { parts.append(try PyError.core { () throws(CoreError) in try b.tensor.converted(to: dtype) }) }
        let rank = first.tensor.rank + (stack ? 1 : 0)
        let d = try py.torchDim(dim ?? .int(0), rank: rank)
        if stack {
            for (i, p) in parts.enumerated() where p.shape != first.tensor.shape {
                throw PyError.runtime("stack expects each tensor to be equal size, but got [\(first.tensor.shape.map(String.init).joined(separator: ", "))] at entry 0 and [\(p.shape.map(String.init).joined(separator: ", "))] at entry \(i)")
            }
        } else {
            for (i, p) in parts.enumerated() {
                guard p.rank == first.tensor.rank else {
                    throw PyError.runtime("Tensors must have same number of dimensions: got \(first.tensor.rank) and \(p.rank)")
                }
                for axis in 0..<p.rank where axis != d && p.shape[axis] != first.tensor.shape[axis] {
                    throw PyError.runtime("Sizes of tensors must match except in dimension \(d). Expected size \(first.tensor.shape[axis]) but got size \(p.shape[axis]) for tensor number \(i) in the list.")
                }
            }
        }
        let result = try PyError.core { () throws(CoreError) in stack ? try Tensor.stack(parts, axis: d) : try Tensor.concatenate(parts, axis: d) }
        return py.torchResult(result, boxes, stack ? "StackBackward0" : "CatBackward0")
    }

    /// `torch.where(condition, input, other)`.
    static func whereOp(_ condition: PyValue, _ x: PyValue, _ y: PyValue, _ py: PyInterpreter) throws(PyError) -> PyValue {
        guard let c = py.torchBox(condition) else { throw PyError.type("where(): argument 'condition' (position 1) must be Tensor, not \(condition.pyType.name)") }
        guard c.tensor.dtype == .bool else { throw PyError.runtime("where expected condition to be a boolean tensor, but got a tensor with dtype \(TorchMethods.dtypeWord(c.tensor.dtype))") }
        guard let a = py.torchOperand(x), let b = py.torchOperand(y) else { throw PyError.type("where(): expected Tensor or Number arguments") }
        let (p, q) = try TorchOps.converted(a, b)
        let r = try PyError.core { () throws(CoreError) in try Tensor.select(c.tensor, p, q).converted(to: p.dtype).strong }
        return py.torchResult(r, [py.torchBox(x), py.torchBox(y)], "WhereBackward0")
    }

    /// The attributes of `torch.float32` and its kin.
    static func dtypeDict() -> [String: PyValue] {
        var d: [String: PyValue] = [:]
        func box(_ args: PyArgs) -> TorchDTypeBox? {
            if case .instance(let i)? = args.positional.first { return i.native as? TorchDTypeBox }
            return nil
        }
        d["__repr__"] = .builtin(PyBuiltin("__repr__") { args, _ throws(PyError) in
            .str(box(args).map { TorchPrinter.dtypeName($0.dtype) } ?? "torch.dtype")
        })
        d["__getattr__"] = .builtin(PyBuiltin("__getattr__") { args, _ throws(PyError) in
            guard let b = box(args), args.positional.count == 2, case .str(let name) = args.positional[1] else { return .none }
            switch name {
            case "is_floating_point": return .bool(b.dtype.isFloatingPoint)
            case "itemsize": return .int(Int64(b.dtype.itemSize))
            default: throw PyError.attribute("'torch.dtype' object has no attribute '\(name)'")
            }
        })
        return d
    }
}
