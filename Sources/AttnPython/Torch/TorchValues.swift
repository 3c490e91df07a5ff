import AttnCore
import AttnLang

/// `torch.float32` and its kin.
final class TorchDTypeBox {
    let dtype: DType
    init(_ dtype: DType) { self.dtype = dtype }
}

/// How Python values become torch tensors and back, and the arguments
/// torch's functions share (sizes, dims, dtypes).
extension PyInterpreter {
    /// The box of a torch tensor (or Parameter), nil for anything else.
    func torchBox(_ v: PyValue) -> TorchTensor? {
        if case .instance(let i) = v, let box = i.native as? TorchTensor { return box }
        return nil
    }

    /// A new torch tensor value.
    func torchValue(_ t: Tensor, requiresGrad: Bool = false, gradFn: String? = nil) -> PyValue {
        let instance = PyInstance(torch.tensorClass)
        instance.native = TorchTensor(t, requiresGrad: requiresGrad, gradFn: gradFn)
        return .instance(instance)
    }

    /// The result of an operation on `inputs`: it carries `gradFn` when grad
    /// mode is on, an input tracks grad and the result is a float tensor.
    func torchResult(_ t: Tensor, _ inputs: [TorchTensor?], _ gradFn: String) -> PyValue {
        let tracks = torch.gradEnabled && t.dtype.isFloatingPoint && inputs.contains { $0?.tracksGrad ?? false }
        return torchValue(t, gradFn: tracks ? gradFn : nil)
    }

    /// A `torch.Size`.
    func torchSize(_ dims: [Int]) -> PyValue {
        let instance = PyInstance(torch.sizeClass)
        instance.native = TorchSizeBox(dims)
        return .instance(instance)
    }

    /// `torch.float32`, ... (one object per dtype, so `is` holds).
    func torchDType(_ d: DType) -> PyValue {
        if let v = torchDTypes[d] { return v }
        let cls = torchDTypeClass
        let instance = PyInstance(cls)
        instance.native = TorchDTypeBox(d)
        let v = PyValue.instance(instance)
        torchDTypes[d] = v
        return v
    }

    private var torchDTypes: [DType: PyValue] {
        get { torch.dtypeObjects }
        set { torch.dtypeObjects = newValue }
    }

    private var torchDTypeClass: PyClass { torch.dtypeClass }

    /// The tensor an operation sees for `v`: a torch tensor, a Python number
    /// (a weak scalar), a numpy array; nil otherwise.
    func torchOperand(_ v: PyValue) -> Tensor? {
        if let box = torchBox(v) { return box.tensor }
        switch v {
        case .int(let i): return Tensor.weak(integer: i)
        case .float(let d): return Tensor.weak(d)
        case .bool(let b): return Tensor.weak(b)
        case .array(let a): return a.tensor
        case .scalar(let t): return t
        default: return nil
        }
    }

    /// A tensor argument: a torch tensor (or, as torch's functions accept
    /// them in places, a Python number as a 0-d tensor).
    func torchTensorArgument(_ v: PyValue, _ function: String, _ name: String = "input") throws(PyError) -> Tensor {
        if let box = torchBox(v) { return box.tensor }
        throw PyError.type("\(function)(): argument '\(name)' (position 1) must be Tensor, not \(v.pyType.name)")
    }

    /// `torch.tensor(data)`: nested lists of Python numbers (floats become
    /// the default dtype, ints int64, bools bool), tensors, numpy arrays.
    func torchData(_ v: PyValue, dtype: DType?) throws(PyError) -> Tensor {
        switch v {
        case .str, .none, .dict, .set: throw PyError.type("new(): invalid data type '\(v.typeName)'")
        default: break
        }
        try TorchValues.checkRagged(v, depth: 0)
        var sawFloat64 = false
        func convert(_ x: PyValue) -> PyValue {
            if let box = torchBox(x) {
                if box.tensor.dtype == .float64 { sawFloat64 = true }
                return box.tensor.rank == 0 ? .scalar(box.tensor) : .array(PyArray(box.tensor))
            }
            switch x {
            case .list(let l): return .list(PyList(l.items.map(convert)))
            case .tuple(let t): return .tuple(t.map(convert))
            case .array(let a):
                if a.tensor.dtype == .float64 { sawFloat64 = true }
                return x
            case .scalar(let t):
                if t.dtype == .float64 { sawFloat64 = true }
                return x
            default: return x
            }
        }
        var t = try NumpyValues.asArray(convert(v))
        if t.dtype == .float64 && !sawFloat64 && dtype == nil {
            t = try PyError.core { () throws(CoreError) in try t.converted(to: torch.defaultDType) }
        }
        if let dtype { t = try PyError.core { () throws(CoreError) in try t.converted(to: dtype) } }
        return t.strong
    }

    /// A `dtype=` argument: `torch.float32`, `torch.long`, Python's `float`,
    /// `int`, `bool`; nil for None.
    func torchDTypeArgument(_ v: PyValue?) throws(PyError) -> DType? {
        guard let v, !v.isNone else { return nil }
        if case .instance(let i) = v, let box = i.native as? TorchDTypeBox { return box.dtype }
        if case .type(let cls) = v {
            switch cls.builtin {
            case .float?: return .float64
            case .int?: return .int64
            case .bool?: return .bool
            default: break
            }
        }
        throw PyError.type("dtype must be torch.dtype, not \(v.pyType.name)")
    }

    /// Sizes as torch reads them: `f(2, 3)`, `f((2, 3))`, `f([2, 3])`,
    /// `f(x.shape)`.
    func torchSizeArguments(_ values: [PyValue], allowUnknown: Bool = false) throws(PyError) -> [Int] {
        var items = values
        if items.count == 1 {
            if case .instance(let i) = items[0], let size = i.native as? TorchSizeBox { return size.dims }
            switch items[0] {
            case .tuple(let t): items = t
            case .list(let l): items = l.items
            default: break
            }
        }
        var dims: [Int] = []
        for item in items {
            guard let i = item.asIndex ?? torchBox(item).flatMap({ $0.tensor.count == 1 && !$0.tensor.dtype.isFloatingPoint ? Int64(exactly: $0.tensor.scalarValue ?? 0.5) : nil }) else {
                throw PyError.type("expected int for a size, but got \(item.pyType.name)")
            }
            guard let n = Int(exactly: i), n >= (allowUnknown ? -1 : 0) else {
                throw PyError.runtime("Trying to create tensor with negative dimension \(i): [\(items.map { $0.asIndex.map(String.init) ?? "?" }.joined(separator: ", "))]")
            }
            dims.append(n)
        }
        return dims
    }

    /// A dimension argument, normalised against `rank` with PyTorch's message.
    func torchDim(_ v: PyValue, rank: Int) throws(PyError) -> Int {
        guard let i = v.asIndex, let d = Int(exactly: i) else {
            throw PyError.type("dim must be an int, not \(v.pyType.name)")
        }
        return try torchDim(d, rank: rank)
    }

    /// A dimension that must exist (not of a 0-d tensor): PyTorch's message
    /// for the 0-d case, else `torchDim`'s.
    func torchAxis(_ v: PyValue, rank: Int) throws(PyError) -> Int {
        guard rank > 0 else {
            throw PyError.index("Dimension specified as \(v.asIndex.map(String.init) ?? "?") but tensor has no dimensions")
        }
        return try torchDim(v, rank: rank)
    }

    func torchDim(_ d: Int, rank: Int) throws(PyError) -> Int {
        let r = max(rank, 1)
        guard d >= -r && d < r else {
            throw PyError.index("Dimension out of range (expected to be in range of [\(-r), \(r - 1)], but got \(d))")
        }
        return d < 0 ? d + r : d
    }

    /// A bool argument.
    func torchFlag(_ v: PyValue?, _ fallback: Bool) throws(PyError) -> Bool {
        guard let v, !v.isNone else { return fallback }
        return try truthy(v)
    }

    /// A float argument.
    func torchReal(_ v: PyValue?, _ fallback: Double) throws(PyError) -> Double {
        guard let v, !v.isNone else { return fallback }
        if let box = torchBox(v), let x = box.tensor.scalarValue { return x }
        return try MathModule.real(v)
    }
}

extension PyInterpreter {
    /// `x.grad_fn`: an object of the node's class that prints as PyTorch's
    /// (`<MulBackward0 object at 0x...>`) and has `name()`; attn keeps no
    /// graph behind it.
    func torchGradFnNode(_ name: String, of box: TorchTensor) -> PyValue {
        if let node = box.gradFnNode { return node }
        let cls = torch.gradFnClasses[name] ?? {
            var d: [String: PyValue] = [:]
            d["__repr__"] = .builtin(PyBuiltin("__repr__") { args, _ throws(PyError) in
                guard case .instance(let i)? = args.positional.first else { return .str(name) }
                return .str("<\(name) object at \(PyInterpreter.address(i))>")
            })
            d["name"] = .builtin(PyBuiltin("name") { _, _ throws(PyError) in .str(name) })
            let c = PyClass(name: name, module: "builtins", base: PyClass.object, dict: d)
            torch.gradFnClasses[name] = c
            return c
        }()
        let node = PyValue.instance(PyInstance(cls))
        box.gradFnNode = node
        return node
    }
}

enum TorchValues {
    /// PyTorch's message for nested lists of unequal lengths: "expected
    /// sequence of length 2 at dim 1 (got 3)" (the first item of each
    /// level sets the length expected there).
    static func checkRagged(_ v: PyValue, depth: Int) throws(PyError) {
        guard let items = sequence(v), let first = items.first, let expected = sequence(first)?.count else { return }
        for item in items {
            guard let inner = sequence(item) else {
                if sequence(first) != nil { throw PyError.type("'\(item.typeName)' object is not iterable") }
                continue
            }
            guard inner.count == expected else {
                throw PyError.value("expected sequence of length \(expected) at dim \(depth + 1) (got \(inner.count))")
            }
            try checkRagged(item, depth: depth + 1)
        }
    }

    /// The ints written as a size (`f(2, 3)`, `f((2, 3))`, `f([2, 3])`,
    /// `f(x.shape)`), before any check.
    static func writtenSizes(_ values: [PyValue]) -> [Int64] {
        if values.count == 1 {
            if let dims = TorchSize.dims(values[0]) { return dims.map { Int64($0) } }
            if let items = sequence(values[0]) { return items.compactMap(\.asIndex) }
        }
        return values.compactMap(\.asIndex)
    }

    private static func sequence(_ v: PyValue) -> [PyValue]? {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        default: return nil
        }
    }
}
