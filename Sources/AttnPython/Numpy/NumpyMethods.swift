import AttnCore
import AttnLang

/// The methods of arrays (`a.sum(axis=0, keepdims=True)`, `a.reshape(2, -1)`,
/// `a.astype(np.float32)`, `a.tolist()`...) and of numpy scalars. The
/// reductions are shared with the module's functions (`np.sum(a, axis=1)`).
enum NumpyMethods {
    typealias Body = PyMethods.Body

    private static func tensor(_ v: PyValue) -> Tensor {
        switch v {
        case .array(let a): return a.tensor
        case .scalar(let t): return t
        default: return Tensor(0)
        }
    }

    static let array: [String: Body] = [
        "sum": { v, args, py throws(PyError) in try reduction(.sum, tensor(v), args, skipFirst: false, py) },
        "mean": { v, args, py throws(PyError) in try reduction(.mean, tensor(v), args, skipFirst: false, py) },
        "max": { v, args, py throws(PyError) in try reduction(.max, tensor(v), args, skipFirst: false, py) },
        "min": { v, args, py throws(PyError) in try reduction(.min, tensor(v), args, skipFirst: false, py) },
        "argmax": { v, args, py throws(PyError) in try reduction(.argmax, tensor(v), args, skipFirst: false, py) },
        "argmin": { v, args, py throws(PyError) in try reduction(.argmin, tensor(v), args, skipFirst: false, py) },
        "any": { v, args, py throws(PyError) in try logical(tensor(v), args, any: true, py) },
        "all": { v, args, py throws(PyError) in try logical(tensor(v), args, any: false, py) },
        "var": { v, args, py throws(PyError) in try variance(tensor(v), args, root: false, py) },
        "std": { v, args, py throws(PyError) in try variance(tensor(v), args, root: true, py) },
        "reshape": { v, args, _ throws(PyError) in try reshapeMethod(tensor(v), args) },
        "astype": { v, args, _ throws(PyError) in try astype(tensor(v), args) },
        "copy": { v, args, _ throws(PyError) in
            _ = try args.bind("copy", ["order"])
            return NumpyValues.wrap(tensor(v))
        },
        "transpose": { v, args, _ throws(PyError) in try transposeMethod(tensor(v), args) },
        "tolist": { v, args, _ throws(PyError) in
            try args.exactly(0, "tolist")
            return try toList(tensor(v))
        },
        "item": { v, args, _ throws(PyError) in try item(tensor(v), args) },
        "flatten": { v, _, _ throws(PyError) in try flattened(tensor(v)) },
        "ravel": { v, _, _ throws(PyError) in try flattened(tensor(v)) },
        "squeeze": { v, args, _ throws(PyError) in
            let a = try args.bind("squeeze", ["axis"])
            let t = try squeezed(tensor(v), a[0])
            // An array's squeeze is an array (0-d too); a numpy scalar's a scalar.
            if case .scalar = v { return NumpyValues.wrap(t) }
            return .array(PyArray(t))
        },
        "dot": { v, args, _ throws(PyError) in try dotMethod(tensor(v), args) },
        "round": { v, args, _ throws(PyError) in
            let a = try args.bind("round", ["decimals", "out"])
            return try NumpyOps.round(v, decimals: try decimals(a[0]))
        },
        "fill": { v, args, _ throws(PyError) in try fill(v, args) },
        "prod": { v, args, py throws(PyError) in
            let a = try args.bind("prod", ["axis", "dtype", "out", "keepdims"])
            return try product(tensor(v), axis: a[0], dtype: a[1], out: a[2], keepDims: a[3], py)
        },
        "cumsum": { v, args, _ throws(PyError) in
            let a = try args.bind("cumsum", ["axis", "dtype", "out"])
            return try accumulated(.sum, tensor(v), axis: a[0], dtype: a[1], out: a[2])
        },
        "cumprod": { v, args, _ throws(PyError) in
            let a = try args.bind("cumprod", ["axis", "dtype", "out"])
            return try accumulated(.product, tensor(v), axis: a[0], dtype: a[1], out: a[2])
        },
        "clip": { v, args, _ throws(PyError) in
            let a = try args.bind("clip", ["min", "max", "out"])
            return NumpyValues.wrap(try NumpyModule.clip(tensor(v), low: a[0], high: a[1]))
        },
        "swapaxes": { v, args, _ throws(PyError) in
            let a = try args.bind("swapaxes", ["axis1", "axis2"], required: 2)
            return NumpyValues.wrap(try NumpyModule.swapAxes(tensor(v), a[0] ?? .none, a[1] ?? .none))
        },
        "repeat": { v, args, _ throws(PyError) in
            let a = try args.bind("repeat", ["repeats", "axis"], required: 1)
            return NumpyValues.wrap(try NumpyModule.repeated(tensor(v), a[0] ?? .none, axis: a[1]))
        },
    ]

    /// numpy scalars have the array methods that make sense for one value, and `is_integer`.
    static let scalar: [String: Body] = array.filter { scalarNames.contains($0.key) }.merging(scalarOnly) { a, _ in a }

    private static let scalarNames: Set<String> = ["sum", "mean", "max", "min", "argmax", "argmin", "astype", "reshape", "tolist",
                                                   "item", "copy", "round", "any", "all", "transpose", "flatten", "squeeze", "std", "var",
                                                   "prod", "cumsum", "cumprod", "clip"]

    private static let scalarOnly: [String: Body] = [
        "is_integer": { v, args, py throws(PyError) in try isInteger(v, args, py) },
    ]

    private static func isInteger(_ v: PyValue, _ args: PyArgs, _ py: PyInterpreter) throws(PyError) -> PyValue {
        try args.exactly(0, "is_integer")
        let x = tensor(v).scalarValue ?? 0
        return .bool(x.isFinite && x == x.rounded())
    }

    private static func reshapeMethod(_ t: Tensor, _ args: PyArgs) throws(PyError) -> PyValue {
        for entry in args.keywords where entry.name != "order" {
            throw PyError.type("reshape() got an unexpected keyword argument '\(entry.name)'")
        }
        var shape: [Int] = []
        if args.positional.count == 1 {
            shape = try NumpyValues.shape(args.positional[0], allowUnknown: true)
        } else {
            for p in args.positional { shape.append(try NumpyValues.integer(p, "a dimension")) }
        }
        return NumpyValues.wrap(try reshaped(t, shape))
    }

    private static func astype(_ t: Tensor, _ args: PyArgs) throws(PyError) -> PyValue {
        let a = try args.bind("astype", ["dtype", "order", "casting", "subok", "copy"], required: 1)
        let dtype = try NumpyValues.dtype(a[0] ?? .none) ?? .float64
        return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try t.converted(to: dtype) })
    }

    private static func transposeMethod(_ t: Tensor, _ args: PyArgs) throws(PyError) -> PyValue {
        var items = args.positional.filter { !$0.isNone }
        if items.count == 1 {
            if case .tuple(let inner) = items[0] { items = inner } else if case .list(let l) = items[0] { items = l.items }
        }
        var axes: [Int] = []
        for item in items { axes.append(try NumpyValues.integer(item, "an axis")) }
        return NumpyValues.wrap(try transposed(t, axes.isEmpty ? nil : axes))
    }

    private static func flattened(_ t: Tensor) throws(PyError) -> PyValue {
        .array(PyArray(try PyError.core { () throws(CoreError) in try t.reshape([t.count]) }))
    }

    private static func dotMethod(_ t: Tensor, _ args: PyArgs) throws(PyError) -> PyValue {
        try args.exactly(1, "dot")
        let other = try NumpyValues.asArray(args.positional[0])
        return NumpyValues.wrap(try NumpyOps.dot(t, other))
    }

    static func decimals(_ v: PyValue?) throws(PyError) -> Int {
        guard let v else { return 0 }
        return try NumpyValues.integer(v, "decimals")
    }

    private static func fill(_ v: PyValue, _ args: PyArgs) throws(PyError) -> PyValue {
        try args.exactly(1, "fill")
        guard case .array(let a) = v else { return .none }
        let value = try NumpyValues.asArray(args.positional[0])
        let shape = a.tensor.shape, dtype = a.tensor.dtype
        a.tensor = try PyError.core { () throws(CoreError) in try value.converted(to: dtype).broadcast(to: shape) }
        return .none
    }

    // MARK: - Shared with the module's functions

    /// `t.reshape(shape)` with numpy's message for a size that does not fit.
    static func reshaped(_ t: Tensor, _ shape: [Int]) throws(PyError) -> Tensor {
        do throws(CoreError) {
            return try t.reshape(shape)
        } catch {
            if case .invalidArgument(let m) = error, m.contains("only one length") {
                throw PyError.value("can only specify one unknown dimension")
            }
            throw PyError.value("cannot reshape array of size \(t.count) into shape \(NumpyOps.pythonShape(shape))")
        }
    }

    /// `np.transpose(t, axes)`: every axis reversed by default.
    static func transposed(_ t: Tensor, _ axes: [Int]?) throws(PyError) -> Tensor {
        var order = axes ?? Array((0..<t.rank).reversed())
        guard order.count == t.rank else { throw PyError.value("axes don't match array") }
        for i in order.indices {
            order[i] = try PyError.core { () throws(CoreError) in try Tensor.normalize(axis: order[i], rank: t.rank) }
        }
        guard Set(order).count == order.count else { throw PyError.value("repeated axis in transpose") }
        let o = order
        return try PyError.core { () throws(CoreError) in try t.permuted(o) }
    }

    /// The axes of a reduction: nil (all), an int, or a tuple of ints.
    static func axes(_ v: PyValue?, rank: Int) throws(PyError) -> [Int]? {
        guard let v, !v.isNone else { return nil }
        var raw: [Int] = []
        if case .tuple(let items) = v {
            for item in items { raw.append(try NumpyValues.integer(item, "an axis")) }
        } else {
            raw = [try NumpyValues.integer(v, "an axis")]
        }
        var out: [Int] = []
        for a in raw {
            let n = try PyError.core { () throws(CoreError) in try Tensor.normalize(axis: a, rank: rank) }
            guard !out.contains(n) else { throw PyError.value("duplicate value in 'axis'") }
            out.append(n)
        }
        return out
    }

    /// A reduction over `axes` (nil: all), numpy's dtype rules from the core.
    static func reduce(_ t: Tensor, _ kind: Reduction, axes: [Int]?, keepDims: Bool) throws(PyError) -> Tensor {
        if axes?.count ?? 0 > 1 && (kind == .argmax || kind == .argmin) {
            throw PyError.type("'tuple' object cannot be interpreted as an integer")
        }
        return try overAxes(t, axes, keepDims: keepDims) { x, axis, keep throws(CoreError) in
            try x.reduce(kind, axis: axis, keepDims: keep)
        }
    }

    /// A reduction that takes one axis or none (`single`) over `axes`: nil
    /// (every element), one axis, or several, which are moved to the end
    /// and merged into one.
    static func overAxes(_ t: Tensor, _ axes: [Int]?, keepDims: Bool,
                         _ single: (Tensor, Int?, Bool) throws(CoreError) -> Tensor) throws(PyError) -> Tensor {
        try PyError.core { () throws(CoreError) in
            guard let axes else {
                let r = try single(t, nil, false)
                return keepDims ? try r.reshape(Array(repeating: 1, count: t.rank)) : r
            }
            if axes.count == 1 { return try single(t, axes[0], keepDims) }
            let kept = (0..<t.rank).filter { !axes.contains($0) }
            let moved = try t.permuted(kept + axes.sorted())
            let merged = try moved.reshape(kept.map { t.shape[$0] } + [axes.reduce(1) { $0 * t.shape[$1] }])
            let r = try single(merged, kept.count, false)
            guard keepDims else { return r }
            return try r.reshape((0..<t.rank).map { axes.contains($0) ? 1 : t.shape[$0] })
        }
    }

    /// `a.sum(axis=None, dtype=None, out=None, keepdims=False)` and its kin;
    /// with `skipFirst` the first positional argument is the array itself
    /// (`np.sum(a, ...)`).
    static func reduction(_ kind: Reduction, _ t: Tensor, _ args: PyArgs, skipFirst: Bool, _ py: PyInterpreter) throws(PyError) -> PyValue {
        var a = args
        if skipFirst, !a.positional.isEmpty { a.positional.removeFirst() }
        let names: [String]
        switch kind {
        case .sum, .mean: names = ["axis", "dtype", "out", "keepdims"]
        case .max, .min: names = ["axis", "out", "keepdims"]
        case .argmax, .argmin: names = ["axis", "out", "keepdims"]
        }
        let v = try a.bind(kind.rawValue, names)
        var input = t
        if names.contains("dtype"), let d = v[1], let dtype = try NumpyValues.dtype(d) {
            input = try PyError.core { () throws(CoreError) in try t.converted(to: dtype) }
        }
        if let out = v[names.firstIndex(of: "out") ?? 0], !out.isNone {
            throw PyError.unsupported("out= is not supported yet")
        }
        let keep = try v[names.count - 1].map { (k: PyValue) throws(PyError) in try py.truthy(k) } ?? false
        if (kind == .max || kind == .min || kind == .argmax || kind == .argmin) && t.count == 0 && v[0] == nil {
            let what = kind == .max ? "maximum" : kind == .min ? "minimum" : kind.rawValue
            throw PyError.value("zero-size array to reduction operation \(what) which has no identity")
        }
        let axes = try axes(v[0], rank: t.rank)
        return NumpyValues.wrap(try reduce(input, kind, axes: axes, keepDims: keep))
    }

    /// `a.any()`, `a.all()` (axis, keepdims).
    static func logical(_ t: Tensor, _ args: PyArgs, any: Bool, _ py: PyInterpreter, skipFirst: Bool = false) throws(PyError) -> PyValue {
        var a = args
        if skipFirst, !a.positional.isEmpty { a.positional.removeFirst() }
        let v = try a.bind(any ? "any" : "all", ["axis", "out", "keepdims"])
        let keep = try v[2].map { (k: PyValue) throws(PyError) in try py.truthy(k) } ?? false
        let flags = try PyError.core { () throws(CoreError) in try t.converted(to: .bool) }
        // Counted, so that an empty axis gives numpy's False (any) and True (all).
        let axes = try axes(v[0], rank: t.rank)
        let n = axes.map { $0.reduce(1) { $0 * t.shape[$1] } } ?? t.count
        let trues = try reduce(flags, .sum, axes: axes, keepDims: keep)
        return NumpyValues.wrap(try PyError.core { () throws(CoreError) in
            try Tensor.binary(any ? .greater : .equal, trues, Tensor.weak(integer: any ? 0 : Int64(n)))
        })
    }

    /// `a.var()`, `a.std()` (axis, ddof, keepdims), as numpy computes them:
    /// the mean, the squared deviations, their sum over the count less ddof.
    static func variance(_ t: Tensor, _ args: PyArgs, root: Bool, _ py: PyInterpreter, skipFirst: Bool = false) throws(PyError) -> PyValue {
        var a = args
        if skipFirst, !a.positional.isEmpty { a.positional.removeFirst() }
        let v = try a.bind(root ? "std" : "var", ["axis", "dtype", "out", "ddof", "keepdims"])
        let ddof = Double(try v[3].map { (d: PyValue) throws(PyError) in try NumpyValues.integer(d, "ddof") } ?? 0)
        let keep = try v[4].map { (k: PyValue) throws(PyError) in try py.truthy(k) } ?? false
        let axes = try axes(v[0], rank: t.rank)
        let x = t.dtype.isFloatingPoint ? t : try PyError.core { () throws(CoreError) in try t.converted(to: .float64) }
        let n = Double(axes.map { $0.reduce(1) { $0 * t.shape[$1] } } ?? t.count)
        let sum = try reduce(x, .sum, axes: axes, keepDims: true)
        let mean = try PyError.core { () throws(CoreError) in try Tensor.binary(.divide, sum, Tensor.weak(n)) }
        let deviation = try PyError.core { () throws(CoreError) in try Tensor.binary(.subtract, x, mean) }
        let squares = try PyError.core { () throws(CoreError) in try Tensor.binary(.multiply, deviation, deviation) }
        let total = try reduce(squares, .sum, axes: axes, keepDims: keep)
        var result = try PyError.core { () throws(CoreError) in try Tensor.binary(.divide, total, Tensor.weak(max(n - ddof, 0))) }
        if root { result = try PyError.core { () throws(CoreError) in try Tensor.unary(.sqrt, result) } }
        return NumpyValues.wrap(result)
    }

    /// `a.tolist()`: nested lists of Python numbers.
    static func toList(_ t: Tensor) throws(PyError) -> PyValue {
        if t.rank == 0 { return NumpyValues.pythonScalar(t, at: 0) }
        try PyInterpreter.checkLength(t.count, "list")
        var offset = 0
        func build(_ axis: Int) -> PyValue {
            if axis == t.rank - 1 {
                var row: [PyValue] = []
                row.reserveCapacity(t.shape[axis])
                for _ in 0..<t.shape[axis] {
                    row.append(NumpyValues.pythonScalar(t, at: offset))
                    offset += 1
                }
                return .list(PyList(row))
            }
            return .list(PyList((0..<t.shape[axis]).map { _ in build(axis + 1) }))
        }
        return build(0)
    }

    /// `a.item()`, `a.item(i)`, `a.item(i, j)`.
    static func item(_ t: Tensor, _ args: PyArgs) throws(PyError) -> PyValue {
        try args.noKeywords("item")
        if args.positional.isEmpty {
            guard t.count == 1 else { throw PyError.value("can only convert an array of size 1 to a Python scalar") }
            return NumpyValues.pythonScalar(t, at: 0)
        }
        var flat: Int
        if args.positional.count == 1 {
            flat = try NumpyValues.integer(args.positional[0], "an index")
            if flat < 0 { flat += t.count }
            guard flat >= 0 && flat < t.count else { throw PyError.index("index \(flat) is out of bounds for size \(t.count)") }
        } else {
            guard args.positional.count == t.rank else { throw PyError.value("incorrect number of indices for array") }
            flat = 0
            for (axis, p) in args.positional.enumerated() {
                var i = try NumpyValues.integer(p, "an index")
                if i < 0 { i += t.shape[axis] }
                guard i >= 0 && i < t.shape[axis] else {
                    throw PyError.index("index \(i) is out of bounds for axis \(axis) with size \(t.shape[axis])")
                }
                flat = flat * t.shape[axis] + i
            }
        }
        return NumpyValues.pythonScalar(t, at: flat)
    }

    /// `np.squeeze(t, axis)`: length-1 axes removed (all, or the given ones).
    static func squeezed(_ t: Tensor, _ axis: PyValue?) throws(PyError) -> Tensor {
        let chosen = try axes(axis, rank: t.rank)
        if let chosen {
            for a in chosen where t.shape[a] != 1 {
                throw PyError.value("cannot select an axis to squeeze out which has size not equal to one")
            }
        }
        let shape = t.shape.enumerated().filter { axis in
            if let chosen { return !chosen.contains(axis.offset) }
            return axis.element != 1
        }.map(\.element)
        return try PyError.core { () throws(CoreError) in try t.reshape(shape) }
    }
}

