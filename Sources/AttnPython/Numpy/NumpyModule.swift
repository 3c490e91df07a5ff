import AttnCore
import AttnLang
import Foundation

/// Module functions declared with their numpy parameter names: a call binds
/// its arguments to them (`np.zeros((2, 3), dtype=np.float32)`), then the
/// body reads them in order.
struct ModuleBuilder {
    var dict: [String: PyValue] = [:]

    mutating func function(_ name: String, _ parameters: [String], required: Int = 0,
                           _ body: @escaping ([PyValue?], PyArgs, PyInterpreter) throws(PyError) -> PyValue) {
        dict[name] = .builtin(PyBuiltin(name) { args, py throws(PyError) in
            try body(try args.bind(name, parameters, required: required), args, py)
        })
    }
}

/// numpy, as the foundation the next phase widens: array creation, numpy's
/// scalar types and dtypes, elementwise math (Numpy+Math.swift), reductions,
/// linear algebra and shapes (Numpy+Shapes.swift), `where`, constants, print
/// options (Numpy+PrintOptions.swift); `np.random` is NumpyRandom's.
enum NumpyModule {
    static func make(_ py: PyInterpreter) -> PyModule {
        var m = ModuleBuilder()
        m.dict["pi"] = .float(Double.pi)
        m.dict["e"] = .float(M_E)
        m.dict["inf"] = .float(.infinity)
        m.dict["nan"] = .float(.nan)
        m.dict["newaxis"] = PyValue.none
        m.dict["True_"] = .scalar(Tensor(unchecked: [], storage: .bool([true])))
        m.dict["False_"] = .scalar(Tensor(unchecked: [], storage: .bool([false])))
        m.dict["ndarray"] = .type(PyClass.ndarray)
        for d in DType.allCases { m.dict[d.rawValue] = .type(PyClass.numpyScalar(d)) }
        m.dict["bool_"] = .type(PyClass.numpyBool)
        m.dict["double"] = .type(PyClass.float64)
        m.dict["single"] = .type(PyClass.float32)
        m.dict["int_"] = .type(PyClass.int64)
        m.dict["intp"] = .type(PyClass.int64)
        m.dict["AxisError"] = PyClass.exceptions["AxisError"].map { .type($0) }
        m.dict["__version__"] = .str("2.4.6")
        creation(&m)
        NumpyModule.math(&m)
        shapes(&m)
        files(&m)
        tiling(&m)
        sorting(&m)
        Einsum.register(&m)
        printOptions(&m, py)
        m.function("dtype", ["dtype"], required: 1) { v, _, _ throws(PyError) in
            guard let d = try NumpyValues.dtype(v[0] ?? .none) else { return .dtype(.float64) }
            return .dtype(d)
        }
        let exceptions = NumpyModule.exceptions()
        py.modules["numpy.exceptions"] = exceptions
        m.dict["exceptions"] = .module(exceptions)
        let linalg = NumpyLinalg.make(py)
        py.modules["numpy.linalg"] = linalg
        m.dict["linalg"] = .module(linalg)
        // `np.random` is there as soon as numpy is imported, as in numpy;
        // when `import numpy.random` came first, it is that module (one
        // global random state per interpreter).
        let random = py.modules["numpy.random"] ?? NumpyRandom.make(py)
        py.modules["numpy.random"] = random
        m.dict["random"] = .module(random)
        return PyModule("numpy", m.dict)
    }

    // MARK: - Creation

    private static func creation(_ m: inout ModuleBuilder) {
        m.function("array", ["object", "dtype", "copy", "order", "subok", "ndmin"], required: 1) { v, _, _ throws(PyError) in
            var t = try NumpyValues.asArray(v[0] ?? .none, dtype: try NumpyValues.dtype(v[1] ?? .none))
            if let ndmin = v[5] {
                let n = try NumpyValues.integer(ndmin, "ndmin")
                if t.rank < n {
                    let shape = Array(repeating: 1, count: n - t.rank) + t.shape
                    t = try PyError.core { () throws(CoreError) in try t.reshape(shape) }
                }
            }
            return .array(PyArray(t))
        }
        m.function("asarray", ["a", "dtype", "order"], required: 1) { v, _, _ throws(PyError) in
            let source = v[0] ?? .none
            let dtype = try NumpyValues.dtype(v[1] ?? .none)
            if case .array(let a) = source, dtype == nil || dtype == a.tensor.dtype { return source }
            return .array(PyArray(try NumpyValues.asArray(source, dtype: dtype)))
        }
        for (name, value) in [("zeros", 0.0), ("ones", 1.0), ("empty", 0.0)] {
            m.function(name, ["shape", "dtype", "order"], required: 1) { v, _, _ throws(PyError) in
                let shape = try NumpyValues.shape(v[0] ?? .none)
                let dtype = try NumpyValues.dtype(v[1] ?? .none) ?? .float64
                return .array(PyArray(try PyError.core { () throws(CoreError) in try Tensor.full(shape, value, dtype: dtype) }))
            }
            m.function(name + "_like", ["a", "dtype", "order", "subok", "shape"], required: 1) { v, _, _ throws(PyError) in
                let a = try NumpyValues.asArray(v[0] ?? .none)
                let dtype = try NumpyValues.dtype(v[1] ?? .none) ?? a.dtype
                let shape = try v[4].map { (s: PyValue) throws(PyError) in try NumpyValues.shape(s) } ?? a.shape
                return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try Tensor.full(shape, value, dtype: dtype) })
            }
        }
        m.function("full", ["shape", "fill_value", "dtype", "order"], required: 2) { v, _, _ throws(PyError) in
            let shape = try NumpyValues.shape(v[0] ?? .none)
            let fill = try NumpyValues.asArray(v[1] ?? .none)
            let dtype = try NumpyValues.dtype(v[2] ?? .none) ?? fill.dtype
            return .array(PyArray(try PyError.core { () throws(CoreError) in try fill.converted(to: dtype).broadcast(to: shape) }))
        }
        m.function("full_like", ["a", "fill_value", "dtype"], required: 2) { v, _, _ throws(PyError) in
            let a = try NumpyValues.asArray(v[0] ?? .none)
            let fill = try NumpyValues.asArray(v[1] ?? .none)
            let dtype = try NumpyValues.dtype(v[2] ?? .none) ?? a.dtype
            return NumpyValues.wrap(try PyError.core { () throws(CoreError) in try fill.converted(to: dtype).broadcast(to: a.shape) })
        }
        m.function("eye", ["N", "M", "k", "dtype"], required: 1) { v, _, _ throws(PyError) in
            let n = try NumpyValues.integer(v[0] ?? .none, "N")
            let cols = try v[1].flatMap { (x: PyValue) throws(PyError) -> Int? in x.isNone ? nil : try NumpyValues.integer(x, "M") } ?? n
            let k = try v[2].map { (x: PyValue) throws(PyError) in try NumpyValues.integer(x, "k") } ?? 0
            let dtype = try NumpyValues.dtype(v[3] ?? .none) ?? .float64
            guard n >= 0, cols >= 0 else { throw PyError.value("negative dimensions are not allowed") }
            var values = [Double](repeating: 0, count: try PyError.core { () throws(CoreError) in try Tensor.checkedCount([n, cols]) })
            for i in 0..<n where i + k >= 0 && i + k < cols { values[i * cols + i + k] = 1 }
            let t = Tensor(unchecked: [n, cols], values)
            return .array(PyArray(try PyError.core { () throws(CoreError) in try t.converted(to: dtype) }))
        }
        m.function("identity", ["n", "dtype"], required: 1) { v, args, py throws(PyError) in
            let eye = try py.getAttribute(.module(try py.importModule(["numpy"], at: args.callRange)), "eye")
            var keywords: [(name: String, value: PyValue)] = []
            if let d = v[1] { keywords.append(("dtype", d)) }
            return try py.call(eye, PyArgs([v[0] ?? .none], keywords: keywords, callRange: args.callRange))
        }
        m.function("arange", ["start", "stop", "step", "dtype"], required: 1) { v, _, _ throws(PyError) in
            try arange(v)
        }
        m.function("linspace", ["start", "stop", "num", "endpoint", "retstep", "dtype", "axis"], required: 2) { v, _, py throws(PyError) in
            let start = try MathModule.real(v[0] ?? .none), stop = try MathModule.real(v[1] ?? .none)
            let n = try v[2].map { (x: PyValue) throws(PyError) in try NumpyValues.integer(x, "num") } ?? 50
            guard n >= 0 else { throw PyError.value("Number of samples, \(n), must be non-negative.") }
            _ = try PyError.core { () throws(CoreError) in try Tensor.checkedCount([n]) }
            let endpoint = try v[3].map { (x: PyValue) throws(PyError) in try py.truthy(x) } ?? true
            let dtype = try NumpyValues.dtype(v[5] ?? .none) ?? .float64
            let divisions = endpoint ? n - 1 : n
            let step = divisions > 0 ? (stop - start) / Double(divisions) : .nan
            var values: [Double] = []
            values.reserveCapacity(n)
            for i in 0..<n { values.append(divisions > 0 ? Double(i) * step + start : Double(i) * (stop - start) + start) }
            if endpoint && n > 1 { values[n - 1] = stop }
            var t = Tensor(unchecked: [n], values)
            if dtype.isInteger { t = try PyError.core { () throws(CoreError) in try t.map { $0.rounded(.down) } } }
            let result = try PyError.core { () throws(CoreError) in try t.converted(to: dtype) }
            if let r = v[4], try py.truthy(r) { return .tuple([.array(PyArray(result)), .float(step)]) }
            return .array(PyArray(result))
        }
    }

    /// `np.arange([start,] stop[, step], dtype=None)`: integers unless a
    /// bound is a float, filled as numpy fills (start, start + step, then
    /// start + i·delta).
    private static func arange(_ v: [PyValue?]) throws(PyError) -> PyValue {
        var bounds = [v[0], v[1], v[2]].compactMap { $0 }.filter { !$0.isNone }
        if bounds.count == 1 { bounds.insert(.int(0), at: 0) }
        let step = bounds.count > 2 ? bounds[2] : .int(1)
        let (start, stop) = (bounds[0], bounds[1])
        var dtype = try NumpyValues.dtype(v[3] ?? .none)
        let allIntegers = [start, stop, step].allSatisfy { $0.asIndex != nil }
        if dtype == nil {
            dtype = allIntegers ? .int64 : [start, stop, step].compactMap { (x: PyValue) -> DType? in
                if case .scalar(let t) = x { return t.dtype } else { return nil }
            }.reduce(DType.float64) { $0 == .float32 && $1 == .float32 ? .float32 : .float64 }
        }
        let a = try MathModule.real(start), b = try MathModule.real(stop), s = try MathModule.real(step)
        guard s != 0 else { throw PyError(.exception("ZeroDivisionError"), "division by zero") }
        let length = ((b - a) / s).rounded(.up)
        guard length.isFinite else { throw PyError.value("arange: cannot compute length") }
        let n = max(0, Int(min(length, 9e15)))
        try PyInterpreter.checkLength(n, "array")
        let resolved = dtype ?? .float64
        if allIntegers && resolved.isInteger, let i0 = start.asIndex, let di = step.asIndex {
            var out: [Int64] = []
            out.reserveCapacity(n)
            for i in 0..<n { out.append(i0 &+ Int64(i) &* di) }
            return .array(PyArray(try PyError.core { () throws(CoreError) in try Tensor(unchecked: [n], storage: .int64(out)).converted(to: resolved) }))
        }
        if resolved == .float64 {
            let second = a + s, delta = second - a
            var out: [Double] = []
            out.reserveCapacity(n)
            for i in 0..<n { out.append(i == 0 ? a : i == 1 ? second : a + Double(i) * delta) }
            return .array(PyArray(Tensor(unchecked: [n], out)))
        }
        return .array(PyArray(try PyError.core { () throws(CoreError) in try Tensor.arange(a, b, s, dtype: resolved) }))
    }
}

extension NumpyModule {
    /// `numpy.exceptions`: the error classes numpy raises that are not
    /// Python's own (`AxisError`, a ValueError and IndexError in numpy; here a
    /// ValueError), so that `except np.exceptions.AxisError` catches them.
    static func exceptions() -> PyModule {
        var d: [String: PyValue] = [:]
        for name in ["AxisError"] {
            if let cls = PyClass.exceptions[name] { d[name] = .type(cls) }
        }
        return PyModule("numpy.exceptions", d)
    }
}
