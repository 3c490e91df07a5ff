import AttnCore
import AttnLang

/// Reductions with PyTorch's arguments (`dim`, `keepdim`, `dtype`,
/// `unbiased`/`correction`) and results: `max(dim=...)` is a
/// `torch.return_types.max(values=..., indices=...)`; `mean` of integers is
/// PyTorch's error; `var`/`std` divide by n − 1 unless told otherwise.
/// The sums are AttnCore's (numpy's order), which may differ from
/// PyTorch's in the last bit of a float32.
extension TorchMethods {
    static let reductions: [String: Method] = makeReductions()

    private static func makeReductions() -> [String: Method] {
        var m: [String: Method] = [:]
        for (name, kind) in [("sum", Reduction.sum), ("mean", .mean)] {
            m.set(name) { _, box, args, py throws(PyError) in
                let a = try args.bind(name, ["dim", "keepdim", "dtype"])
                var t = box.tensor
                if let d = try py.torchDTypeArgument(a[2]) { t = try core { () throws(CoreError) in try t.converted(to: d) } }
                if kind == .mean && !t.dtype.isFloatingPoint {
                    throw PyError.notImplemented("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: \(dtypeWord(t.dtype))")
                }
                let dims = try dimensions(a[0], t.rank, py)
                let r = try NumpyMethods.reduce(t, kind, axes: dims, keepDims: try py.torchFlag(a[1], false))
                let fn = (kind == .sum ? "SumBackward" : "MeanBackward") + (dims == nil ? "0" : "1")
                return py.torchResult(r, [box], fn)
            }
        }
        for (name, kind, arg) in [("max", Reduction.max, Reduction.argmax), ("min", .min, .argmin)] {
            m.set(name) { v, box, args, py throws(PyError) in
                if let other = args.positional.first, py.torchBox(other) != nil {
                    return try call(name == "max" ? "maximum" : "minimum", v, box, args, py)
                }
                let a = try args.bind(name, ["dim", "keepdim"])
                let t = box.tensor
                guard let dim = a[0], !dim.isNone else {
                    guard t.count > 0 else {
                        throw PyError.runtime("\(name)(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
                    }
                    return py.torchResult(try NumpyMethods.reduce(t, kind, axes: nil, keepDims: false), [box], name == "max" ? "MaxBackward1" : "MinBackward1")
                }
                let d = try py.torchDim(dim, rank: t.rank)
                let keep = try py.torchFlag(a[1], false)
                let source = t.rank == 0 ? try core { () throws(CoreError) in try t.reshape([1]) } : t
                var values = try NumpyMethods.reduce(source, kind, axes: [d], keepDims: keep)
                var indices = try NumpyMethods.reduce(source, arg, axes: [d], keepDims: keep)
                if t.rank == 0 {
                    values = try core { () throws(CoreError) in try values.reshape([]) }
                    indices = try core { () throws(CoreError) in try indices.reshape([]) }
                }
                return TorchReturnTypes.make(name, py.torchResult(values, [box], name == "max" ? "MaxBackward0" : "MinBackward0"), py.torchValue(indices), py)
            }
            m.set("arg" + name) { _, box, args, py throws(PyError) in
                let a = try args.bind("arg" + name, ["dim", "keepdim"])
                let t = box.tensor
                let dims = try dimensions(a[0], t.rank, py)
                var r = try NumpyMethods.reduce(t, arg, axes: dims, keepDims: try py.torchFlag(a[1], false) && dims != nil)
                if dims == nil, try py.torchFlag(a[1], false) {
                    r = try core { () throws(CoreError) in try r.reshape(Array(repeating: 1, count: t.rank)) }
                }
                return py.torchValue(r)
            }
        }
        for (name, root) in [("var", false), ("std", true)] {
            m.set(name) { _, box, args, py throws(PyError) in
                let a = try args.bind(name, ["dim", "unbiased", "keepdim", "correction"])
                var dimArg = a[0]
                var unbiased = a[1]
                // `x.var(True)`: the old signature's unbiased flag first.
                if case .bool? = dimArg { unbiased = dimArg; dimArg = nil }
                let t = box.tensor
                guard t.dtype.isFloatingPoint else {
                    throw PyError.runtime("\(name)(): input dtype should be either floating point or complex dtypes. Got \(dtypeWord(t.dtype)) instead.")
                }
                var correction = 1.0
                if let u = unbiased, !u.isNone { correction = try py.truthy(u) ? 1 : 0 }
                if let c = a[3], !c.isNone { correction = try py.torchReal(c, 1) }
                let dims = try dimensions(dimArg, t.rank, py)
                let keep = try py.torchFlag(a[2], false)
                let n = Double(dims.map { $0.reduce(1) { $0 * t.shape[$1] } } ?? t.count)
                let x = try core { () throws(CoreError) in try t.converted(to: .float64) }
                let sum = try NumpyMethods.reduce(x, .sum, axes: dims, keepDims: true)
                let mean = try core { () throws(CoreError) in try Tensor.binary(.divide, sum, Tensor.weak(n)) }
                let deviation = try core { () throws(CoreError) in try Tensor.binary(.subtract, x, mean) }
                let squares = try core { () throws(CoreError) in try Tensor.binary(.multiply, deviation, deviation) }
                let total = try NumpyMethods.reduce(squares, .sum, axes: dims, keepDims: keep)
                var r = try core { () throws(CoreError) in try Tensor.binary(.divide, total, Tensor.weak(Swift.max(n - correction, 0))) }
                if root { r = try core { () throws(CoreError) in try Tensor.unary(.sqrt, r) } }
                r = try core { () throws(CoreError) in try r.converted(to: t.dtype) }
                return py.torchResult(r, [box], root ? "StdBackward0" : "VarBackward0")
            }
        }
        m.set("prod") { _, box, args, py throws(PyError) in
            let a = try args.bind("prod", ["dim", "keepdim"])
            let t = box.tensor
            let logs = try core { () throws(CoreError) in try t.converted(to: .float64) }
            let dims = try dimensions(a[0], t.rank, py)
            // A product as a fold: the elements along the axis multiplied in order.
            let moved: Tensor
            let outShape: [Int]
            if let d = dims?.first {
                moved = try core { () throws(CoreError) in try logs.moveAxis(d, to: t.rank - 1).strong }
                var s = t.shape
                if try py.torchFlag(a[1], false) { s[d] = 1 } else { s.remove(at: d) }
                outShape = s
            } else {
                moved = try core { () throws(CoreError) in try logs.reshape([1, t.count]) }
                outShape = []
            }
            let n = moved.shape.last ?? 1
            let values = moved.storage.doubles
            let results = outShape.reduce(1, *)
            var out = [Double](repeating: 1, count: results)
            if n > 0 {
                for r in 0..<results {
                    out[r] = values[(r * n)..<((r + 1) * n)].reduce(1, *)
                    if r & 0xFFF == 0 { try PyError.checkInterrupt() }
                }
            }
            let result = Tensor(unchecked: outShape, out)
            let dtype = t.dtype.isFloatingPoint ? t.dtype : .int64
            return py.torchResult(try core { () throws(CoreError) in try result.converted(to: dtype) }, [box], dims == nil ? "ProdBackward0" : "ProdBackward1")
        }
        return m
    }

    /// PyTorch's scalar type names in messages: Long, Int, Bool, Float, Double.
    static func dtypeWord(_ d: DType) -> String {
        switch d {
        case .int64: return "Long"
        case .int32: return "Int"
        case .bool: return "Bool"
        case .float32: return "Float"
        case .float64: return "Double"
        }
    }
}

/// `torch.return_types.max(values=..., indices=...)`: a pair that unpacks,
/// indexes and names its fields.
enum TorchReturnTypes {
    static func make(_ name: String, _ values: PyValue, _ indices: PyValue, _ py: PyInterpreter) -> PyValue {
        let instance = PyInstance(py.torch.returnType(name))
        instance.native = TorchPair(values, indices)
        instance.dict["values"] = values
        instance.dict["indices"] = indices
        return .instance(instance)
    }

    static func dunders() -> [String: PyValue] {
        func pair(_ args: PyArgs) -> TorchPair? {
            if case .instance(let i)? = args.positional.first { return i.native as? TorchPair }
            return nil
        }
        var d: [String: PyValue] = [:]
        d["__repr__"] = .builtin(PyBuiltin("__repr__") { args, py throws(PyError) in
            guard let p = pair(args), case .instance(let i)? = args.positional.first else { return .str("") }
            return .str("torch.return_types.\(i.cls.name)(\nvalues=\(try py.repr(p.values)),\nindices=\(try py.repr(p.indices)))")
        })
        d["__iter__"] = .builtin(PyBuiltin("__iter__") { args, _ throws(PyError) in
            guard let p = pair(args) else { return .tuple([]) }
            return .tuple([p.values, p.indices])
        })
        d["__len__"] = .builtin(PyBuiltin("__len__") { _, _ throws(PyError) in .int(2) })
        d["__getitem__"] = .builtin(PyBuiltin("__getitem__") { args, py throws(PyError) in
            guard let p = pair(args), args.positional.count == 2 else { return .none }
            return try py.getItem(.tuple([p.values, p.indices]), args.positional[1])
        })
        return d
    }
}
