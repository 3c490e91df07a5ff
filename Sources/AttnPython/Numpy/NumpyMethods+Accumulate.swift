import AttnCore
import AttnLang

/// `prod`, `cumsum` and `cumprod`, shared by the array methods and the
/// module's functions; the kernels are AttnCore's (Tensor+Accumulate.swift).
extension NumpyMethods {
    /// `a.prod(axis=None, dtype=None, out=None, keepdims=False)`.
    static func product(_ t: Tensor, axis: PyValue?, dtype: PyValue?, out: PyValue?, keepDims: PyValue?,
                        _ py: PyInterpreter) throws(PyError) -> PyValue {
        try refuseOut(out)
        let input = try withDType(t, dtype)
        let keep = try keepDims.map { (k: PyValue) throws(PyError) in try py.truthy(k) } ?? false
        let axes = try axes(axis, rank: t.rank)
        return NumpyValues.wrap(try overAxes(input, axes, keepDims: keep) { x, axis, keep throws(CoreError) in
            try x.product(axis: axis, keepDims: keep)
        })
    }

    /// `a.cumsum(axis=None, dtype=None, out=None)` and `cumprod`: over the
    /// flattened array without an axis.
    static func accumulated(_ op: Accumulation, _ t: Tensor, axis: PyValue?, dtype: PyValue?, out: PyValue?) throws(PyError) -> PyValue {
        try refuseOut(out)
        let input = try withDType(t, dtype)
        let ax = try axis.flatMap { (a: PyValue) throws(PyError) -> Int? in a.isNone ? nil : try NumpyValues.integer(a, "axis") }
        return .array(PyArray(try PyError.core { () throws(CoreError) in try input.accumulated(op, axis: ax) }))
    }

    private static func withDType(_ t: Tensor, _ dtype: PyValue?) throws(PyError) -> Tensor {
        guard let d = dtype, let target = try NumpyValues.dtype(d) else { return t }
        return try PyError.core { () throws(CoreError) in try t.converted(to: target) }
    }

    static func refuseOut(_ out: PyValue?) throws(PyError) {
        if let out, !out.isNone { throw PyError.unsupported("out= is not supported yet") }
    }
}
