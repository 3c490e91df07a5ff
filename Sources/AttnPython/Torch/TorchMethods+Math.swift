import AttnCore
import AttnLang
import Foundation

/// Elementwise math, reductions, softmax and products as tensor methods.
/// Float functions of integer tensors give the default dtype (float32), as
/// PyTorch does (`torch.exp(torch.tensor([1]))` is float32).
extension TorchMethods {
    static let math: [String: Method] = makeMath()

    private static func makeMath() -> [String: Method] {
        var m: [String: Method] = [:]
        let unaries: [(String, UnaryOperation, String)] = [
            ("exp", .exp, "ExpBackward0"), ("log", .log, "LogBackward0"), ("sqrt", .sqrt, "SqrtBackward0"),
            ("tanh", .tanh, "TanhBackward0"), ("sigmoid", .sigmoid, "SigmoidBackward0"), ("relu", .relu, "ReluBackward0"),
            ("abs", .abs, "AbsBackward0"), ("neg", .negate, "NegBackward0"),
        ]
        for entry in unaries {
            let (name, op, fn) = entry
            m.set(name) { v, box, args, py throws(PyError) in
                let keepsDType = op == .abs || op == .negate || op == .relu
                let t = try keepsDType ? box.tensor : floating(box.tensor, py)
                let r = try core { () throws(CoreError) in try Tensor.unary(op, t) }
                return py.torchResult(r, [box], fn)
            }
            m.set(name + "_") { v, box, args, py throws(PyError) in
                guard case .instance(let result) = try call(name, v, box, args, py),
                      let out = result.native as? TorchTensor else { return v }
                box.tensor = try core { () throws(CoreError) in try out.tensor.converted(to: box.tensor.dtype) }
                return v
            }
        }
        let floats: [String] = ["sin", "cos", "floor", "ceil", "rsqrt", "log2", "exp2", "log1p", "square", "reciprocal"]
        for name in floats {
            m.set(name) { v, box, _, py throws(PyError) in
                // floor and ceil of integers are the integers themselves.
                if (name == "floor" || name == "ceil") && !box.tensor.dtype.isFloatingPoint { return v }
                let t = try floating(box.tensor, py)
                let fn = name == "square" ? "PowBackward0" : name.prefix(1).uppercased() + name.dropFirst() + "Backward0"
                return py.torchResult(try NumpyModule.floatUnary(t, { floatFunction(name, $0) }, { Float(floatFunction(name, Double($0))) }), [box], fn)
            }
        }
        m.set("round") { _, box, args, py throws(PyError) in
            let a = try args.bind("round", ["decimals"])
            let d = Int(a[0]?.asIndex ?? 0)
            guard case .array(let r) = try NumpyOps.round(.array(PyArray(box.tensor)), decimals: d) else { return py.torchValue(box.tensor) }
            return py.torchResult(r.tensor, [box], "RoundBackward\(d == 0 ? 0 : 1)")
        }
        let binaries: [(String, PyBinaryOp)] = [("add", .add), ("sub", .subtract), ("mul", .multiply), ("div", .divide),
                                                 ("pow", .power), ("matmul", .matmul), ("subtract", .subtract),
                                                 ("multiply", .multiply), ("divide", .divide), ("true_divide", .divide)]
        for (name, op) in binaries {
            m.set(name) { v, _, args, py throws(PyError) in
                guard let other = args.positional.first ?? args.keyword("other") ?? args.keyword("exponent") else {
                    throw PyError.type("\(name)() missing 1 required positional arguments: \"other\"")
                }
                if let alpha = args.keyword("alpha") {
                    return try TorchOps.binary(op, v, try TorchOps.binary(.multiply, other, alpha, py), py)
                }
                return try TorchOps.binary(op, v, other, py)
            }
            m.set(name + "_") { v, box, args, py throws(PyError) in
                guard case .instance(let r) = try call(name, v, box, args, py),
                      let out = r.native as? TorchTensor else { return v }
                guard TorchOps.category(out.tensor.dtype) <= TorchOps.category(box.tensor.dtype) else {
                    throw PyError.runtime("result type Float can't be cast to the desired output type \(box.tensor.dtype == .int64 ? "Long" : "Int")")
                }
                box.tensor = try core { () throws(CoreError) in try out.tensor.converted(to: box.tensor.dtype).broadcast(to: box.tensor.shape).strong }
                if out.gradFn != nil { box.gradFn = out.gradFn }
                return v
            }
        }
        m.set("mm") { v, box, args, py throws(PyError) in
            guard let other = args.positional.first.flatMap(py.torchBox) else { throw PyError.type("mm(): argument 'mat2' must be Tensor") }
            guard box.tensor.rank == 2 else { throw PyError.runtime("self must be a matrix") }
            guard other.tensor.rank == 2 else { throw PyError.runtime("mat2 must be a matrix") }
            return try TorchOps.binary(.matmul, v, args.positional[0], py)
        }
        m.set("bmm") { v, box, args, py throws(PyError) in
            guard let other = args.positional.first.flatMap(py.torchBox) else { throw PyError.type("bmm(): argument 'mat2' must be Tensor") }
            guard box.tensor.rank == 3 else { throw PyError.runtime("batch1 must be a 3D tensor") }
            guard other.tensor.rank == 3 else { throw PyError.runtime("batch2 must be a 3D tensor") }
            guard case .instance(let r) = try TorchOps.binary(.matmul, v, args.positional[0], py), let out = r.native as? TorchTensor else { return .none }
            if out.gradFn != nil { out.gradFn = "BmmBackward0" }
            return .instance(r)
        }
        m.set("dot") { v, box, args, py throws(PyError) in
            guard let other = args.positional.first.flatMap(py.torchBox) else { throw PyError.type("dot(): argument 'tensor' must be Tensor") }
            guard box.tensor.rank == 1, other.tensor.rank == 1 else {
                throw PyError.runtime("1D tensors expected, but got \(box.tensor.rank)D and \(other.tensor.rank)D tensors")
            }
            return try TorchOps.binary(.matmul, v, args.positional[0], py)
        }
        let comparisons: [(String, BinaryOperation)] = [("eq", .equal), ("ne", .notEqual), ("lt", .less), ("le", .lessEqual),
                                                         ("gt", .greater), ("ge", .greaterEqual)]
        for (name, op) in comparisons {
            m.set(name) { v, _, args, py throws(PyError) in
                try TorchOps.compare(op, v, args.positional.first ?? .none, py) ?? .none
            }
        }
        m.set("equal") { _, box, args, py throws(PyError) in
            guard let other = args.positional.first.flatMap(py.torchBox) else { throw PyError.type("equal(): argument 'other' must be Tensor") }
            return .bool(box.tensor.shape == other.tensor.shape && box.tensor.storage.doubles == other.tensor.storage.doubles)
        }
        m.set("allclose") { _, box, args, py throws(PyError) in
            let a = try args.bind("allclose", ["other", "rtol", "atol", "equal_nan"], required: 1)
            guard let other = (a[0]).flatMap(py.torchBox) else { throw PyError.type("allclose(): argument 'other' must be Tensor") }
            let rtol = try py.torchReal(a[1], 1e-5), atol = try py.torchReal(a[2], 1e-8)
            let equalNaN = try py.torchFlag(a[3], false)
            try TorchOps.checkBroadcast(box.tensor.shape, other.tensor.shape)
            let x = try core { () throws(CoreError) in try box.tensor.converted(to: .float64) }
            let y = try core { () throws(CoreError) in try other.tensor.converted(to: .float64) }
            let close = try core { () throws(CoreError) in
                try Tensor.zip(x, y) { p, q in
                    if p.isNaN || q.isNaN { return equalNaN && p.isNaN && q.isNaN ? 1 : 0 }
                    if p == q { return 1 }
                    return abs(p - q) <= atol + rtol * abs(q) ? 1 : 0
                }
            }
            return .bool(!close.storage.doubles.contains(0))
        }
        m.set("clamp") { _, box, args, py throws(PyError) in
            let a = try args.bind("clamp", ["min", "max"])
            let low = try a[0].flatMap { (x: PyValue) throws(PyError) -> Double? in x.isNone ? nil : try py.torchReal(x, 0) }
            let high = try a[1].flatMap { (x: PyValue) throws(PyError) -> Double? in x.isNone ? nil : try py.torchReal(x, 0) }
            // The result type counts the bounds: a bool tensor clamped by an int is int64.
            let bounds = [a[0], a[1]].compactMap { $0 }.filter { !$0.isNone }.compactMap(py.torchOperand)
            let dtype = TorchOps.resultType([box.tensor] + bounds)
            let t = try core { () throws(CoreError) in
                try box.tensor.map { x in x.isNaN ? x : Swift.min(high ?? .infinity, Swift.max(low ?? -.infinity, x)) }.converted(to: dtype)
            }
            return py.torchResult(t.strong, [box], "ClampBackward1")
        }
        m["clip"] = m["clamp"]
        m.set("where") { v, _, args, py throws(PyError) in
            guard args.positional.count == 2 else { throw PyError.type("where() takes a condition and another value") }
            return try TorchModule.whereOp(args.positional[0], v, args.positional[1], py)
        }
        for name in ["maximum", "minimum"] {
            m.set(name) { _, box, args, py throws(PyError) in
                guard let other = args.positional.first.flatMap(py.torchBox) else { throw PyError.type("\(name)(): argument 'other' must be Tensor") }
                let (x, y) = try TorchOps.converted(box.tensor, other.tensor)
                let r = try NumpyModule.extremum(x, y, name == "maximum")
                return py.torchResult(r, [box, other], name == "maximum" ? "MaximumBackward0" : "MinimumBackward0")
            }
        }
        for (name, lower) in [("softmax", false), ("log_softmax", true)] {
            m.set(name) { _, box, args, py throws(PyError) in
                let a = try args.bind(name, ["dim", "dtype"])
                guard let dim = a[0], !dim.isNone else {
                    throw PyError.type("softmax() missing 1 required positional arguments: \"dim\"")
                }
                return try softmax(box, dim, a[1], log: lower, py)
            }
        }
        m.set("logsumexp") { _, box, args, py throws(PyError) in
            let a = try args.bind("logsumexp", ["dim", "keepdim"], required: 1)
            let t = try floating(box.tensor, py)
            guard let dims = try dimensions(a[0], t.rank, py), dims.count == 1, let d = dims.first else {
                throw PyError.unsupported("logsumexp over several dims at once is not supported yet")
            }
            var r = try core { () throws(CoreError) in try t.logSumExp(axis: d) }
            if try py.torchFlag(a[1], false) {
                var shape = t.shape
                shape[d] = 1
                let reduced = r
                r = try core { () throws(CoreError) in try reduced.reshape(shape) }
            }
            return py.torchResult(r, [box], "LogsumexpBackward0")
        }
        m.set("any") { _, box, args, py throws(PyError) in try logical(box, args, any: true, py) }
        m.set("all") { _, box, args, py throws(PyError) in try logical(box, args, any: false, py) }
        m.set("isnan") { _, box, _, py throws(PyError) in
            py.torchValue(try core { () throws(CoreError) in try box.tensor.map { $0.isNaN ? 1 : 0 }.converted(to: .bool) })
        }
        m.set("logical_not") { _, box, _, py throws(PyError) in
            py.torchValue(try core { () throws(CoreError) in try box.tensor.map { $0 == 0 ? 1 : 0 }.converted(to: .bool) })
        }
        return m.merging(reductions) { a, _ in a }
    }

    /// `t`, or its conversion to the default float dtype when it is not a float.
    static func floating(_ t: Tensor, _ py: PyInterpreter) throws(PyError) -> Tensor {
        if t.dtype.isFloatingPoint { return t }
        let d = py.torch.defaultDType
        return try core { () throws(CoreError) in try t.converted(to: d) }
    }

    /// The float functions by name (float32 ones computed in float64 and
    /// rounded once, within an ulp of PyTorch's).
    static func floatFunction(_ name: String, _ x: Double) -> Double {
        switch name {
        case "sin": return Foundation.sin(x)
        case "cos": return Foundation.cos(x)
        case "floor": return x.rounded(.down)
        case "ceil": return x.rounded(.up)
        case "rsqrt": return 1 / x.squareRoot()
        case "log2": return Foundation.log2(x)
        case "exp2": return Foundation.exp2(x)
        case "log1p": return Foundation.log1p(x)
        case "square": return x * x
        case "reciprocal": return 1 / x
        default: return x
        }
    }

    /// `softmax(x, dim, dtype)`, `log_softmax`: AttnCore's softmax family in
    /// the input's float dtype (integer input is refused as PyTorch does).
    static func softmax(_ box: TorchTensor, _ dim: PyValue, _ dtype: PyValue?, log: Bool, _ py: PyInterpreter) throws(PyError) -> PyValue {
        var t = box.tensor
        if let d = try py.torchDTypeArgument(dtype) { t = try core { () throws(CoreError) in try t.converted(to: d) } }
        guard t.dtype.isFloatingPoint else {
            throw PyError.notImplemented("\"\(log ? "log_softmax_lastdim_kernel_impl" : "softmax_lastdim_kernel_impl")\" not implemented for '\(t.dtype == .int64 ? "Long" : t.dtype == .bool ? "Bool" : "Int")'")
        }
        if t.rank == 0 { t = try core { () throws(CoreError) in try t.reshape([1]) } }
        let axis = try py.torchDim(dim, rank: t.rank)
        var r = try core { () throws(CoreError) in log ? try t.logSoftmax(axis: axis) : try t.softmax(axis: axis) }
        if box.tensor.rank == 0 { r = try core { () throws(CoreError) in try r.reshape([]) } }
        return py.torchResult(r, [box], log ? "LogSoftmaxBackward0" : "SoftmaxBackward0")
    }

    static func logical(_ box: TorchTensor, _ args: PyArgs, any: Bool, _ py: PyInterpreter) throws(PyError) -> PyValue {
        let a = try args.bind(any ? "any" : "all", ["dim", "keepdim"])
        let flags = try core { () throws(CoreError) in try box.tensor.converted(to: .bool) }
        if flags.count == 0 && (a[0] ?? .none).isNone { return py.torchValue(Tensor(unchecked: [], storage: .bool([!any]))) }
        let dims = try dimensions(a[0], box.tensor.rank, py)
        return py.torchValue(try NumpyMethods.reduce(flags, any ? .max : .min, axes: dims, keepDims: try py.torchFlag(a[1], false)))
    }

    /// A `dim=` argument of a reduction: nil (all), an int, a tuple or list.
    static func dimensions(_ v: PyValue?, _ rank: Int, _ py: PyInterpreter) throws(PyError) -> [Int]? {
        guard let v, !v.isNone else { return nil }
        var items: [PyValue] = [v]
        if case .tuple(let t) = v { items = t } else if case .list(let l) = v { items = l.items }
        var dims: [Int] = []
        for item in items {
            let d = try py.torchDim(item, rank: rank)
            guard !dims.contains(d) else { throw PyError.runtime("dim \(d) appears multiple times in the list of dims") }
            dims.append(d)
        }
        return dims
    }
}
