import AttnCore
import AttnLang
import Foundation

/// `scipy` and `scipy.special`'s softmax family, as scipy 1.17 computes it.
///
/// Each function is scipy's own sequence of numpy operations, run on
/// AttnCore's (max and sum with keepdims, exp, subtraction, division), so
/// dtypes, nan and ±inf, empty arrays and errors come out as scipy's:
/// - `softmax(x, axis=None)`: exp(x − max) / Σ exp(x − max), over every
///   element when `axis` is None (scipy's default, unlike PyTorch's);
/// - `log_softmax(x, axis=None)`: (x − m) − log Σ exp(x − m), where m is the
///   max with non-finite maxima replaced by 0;
/// - `logsumexp(a, axis=None, b=None, keepdims=False, return_sign=False)`:
///   scipy's separation of the largest terms (m of them, weighted by b):
///   log1p(s / m) + log m + max, with s the sum of the other scaled
///   exponentials, and the direct log Σ b·exp(a) wherever that is not finite.
/// Integers and bools become float64 where scipy's exp does that; a bool
/// array in softmax is numpy's TypeError for boolean subtraction, as in scipy.
/// (AttnCore's fused `Tensor.softmax` is not used: its order of operations
/// is PyTorch's, and scipy's result must match to the last bit.)
enum ScipySpecialModule {
    /// `scipy`, with `scipy.special` loaded (scipy loads its submodules
    /// lazily, so `import scipy` then `scipy.special.softmax` works there too).
    static func makeScipy(_ py: PyInterpreter) -> PyModule {
        let special = py.modules["scipy.special"] ?? make(py)
        py.modules["scipy.special"] = special
        return PyModule("scipy", ["__version__": .str("1.17.1"), "special": .module(special)])
    }

    static func make(_ py: PyInterpreter) -> PyModule {
        var m = ModuleBuilder()
        m.function("softmax", ["x", "axis"], required: 1) { v, _, _ throws(PyError) in
            let x = try NumpyValues.asArray(v[0] ?? .none)
            let axes = try NumpyMethods.axes(v[1], rank: x.rank)
            let shifted = try NumpyOps.tensors(.subtract, x, try maximum(x, axes))
            let e = try exp(shifted)
            return NumpyValues.wrap(try NumpyOps.tensors(.divide, e, try NumpyMethods.reduce(e, .sum, axes: axes, keepDims: true)))
        }
        m.function("log_softmax", ["x", "axis"], required: 1) { v, _, _ throws(PyError) in
            let x = try NumpyValues.asArray(v[0] ?? .none)
            let axes = try NumpyMethods.axes(v[1], rank: x.rank)
            let top = try maximum(x, axes)
            let zero = try PyError.core { () throws(CoreError) in try Tensor.zeros([], dtype: top.dtype) }
            let m = try select(try finite(top), top, zero)
            let shifted = try NumpyOps.tensors(.subtract, x, m)
            let total = try NumpyMethods.reduce(try exp(shifted), .sum, axes: axes, keepDims: true)
            return NumpyValues.wrap(try NumpyOps.tensors(.subtract, shifted, try log(total)))
        }
        m.function("logsumexp", ["a", "axis", "b", "keepdims", "return_sign"], required: 1) { v, _, py throws(PyError) in
            let keep = try v[3].map { (k: PyValue) throws(PyError) in try py.truthy(k) } ?? false
            let withSign = try v[4].map { (k: PyValue) throws(PyError) in try py.truthy(k) } ?? false
            let weights = v[2].flatMap { $0.isNone ? nil : $0 }
            let (out, sign) = try logSumExp(v[0] ?? .none, axis: v[1], weights: weights, keepDims: keep, returnSign: withSign)
            if withSign { return .tuple([NumpyValues.wrap(out), NumpyValues.wrap(sign)]) }
            return NumpyValues.wrap(out)
        }
        return PyModule("scipy.special", m.dict)
    }

    /// scipy 1.17's `logsumexp`, step by step (see the type's comment).
    private static func logSumExp(_ av: PyValue, axis: PyValue?, weights: PyValue?, keepDims: Bool,
                                  returnSign: Bool) throws(PyError) -> (Tensor, Tensor) {
        // a and b promoted together, at least float64 (or float32), broadcast, at least 1-d.
        guard var a = try NumpyValues.operand(av) else { throw PyError.type("logsumexp needs numbers") }
        var b = try weights.map { (w: PyValue) throws(PyError) -> Tensor in
            guard let t = try NumpyValues.operand(w) else { throw PyError.type("logsumexp's b needs numbers") }
            return t
        }
        var dtype = b.map { Tensor.resultType(a, $0) } ?? a.dtype
        if !dtype.isFloatingPoint { dtype = .float64 }
        let target = dtype
        var shape = a.shape
        if let w = b {
            guard let joined = try? Tensor.broadcastShape(a.shape, w.shape) else {
                throw PyError.value("Array shapes are incompatible for broadcasting.")
            }
            shape = joined
        }
        if shape.isEmpty { shape = [1] }
        let fullShape = shape
        a = try PyError.core { () throws(CoreError) in try a.strong.converted(to: target).broadcast(to: fullShape) }
        b = try b.map { (w: Tensor) throws(PyError) -> Tensor in
            try PyError.core { () throws(CoreError) in try w.strong.converted(to: target).broadcast(to: fullShape) }
        }
        let axes = try NumpyMethods.axes(axis, rank: a.rank) ?? Array(0..<a.rank)
        var out: Tensor, sign: Tensor
        if a.count != 0 {
            let ea = try exp(a)
            let bea = try b.map { (w: Tensor) throws(PyError) in try NumpyOps.tensors(.multiply, w, ea) } ?? ea
            var total = try NumpyMethods.reduce(bea, .sum, axes: axes, keepDims: true)
            let signInf = try NumpyModule.sign(total)
            if returnSign { total = try PyError.core { () throws(CoreError) in try Tensor.unary(.abs, total) } }
            let outInf = try log(total)
            (out, sign) = try separated(a, b, axes, returnSign)
            let isFinite = try finite(out)
            out = try select(isFinite, out, outInf)
            if returnSign { sign = try select(isFinite, sign, signInf) }
        } else {
            var reduced = a.shape
            for ax in axes { reduced[ax] = 1 }
            let r = reduced
            out = try PyError.core { () throws(CoreError) in try Tensor.full(r, -.infinity, dtype: target) }
            sign = try NumpyModule.sign(out)
        }
        if !keepDims {
            let kept = (0..<a.rank).filter { !axes.contains($0) }.map { out.shape[$0] }
            let o = out, s = sign
            out = try PyError.core { () throws(CoreError) in try o.reshape(kept) }
            sign = try PyError.core { () throws(CoreError) in try s.reshape(kept) }
        }
        return (out, sign)
    }

    /// scipy's `_logsumexp`: the largest terms separated out for precision.
    private static func separated(_ a0: Tensor, _ b: Tensor?, _ axes: [Int], _ returnSign: Bool) throws(PyError) -> (Tensor, Tensor) {
        let minusInf = try PyError.core { () throws(CoreError) in try Tensor.full([], -.infinity, dtype: a0.dtype) }
        var a = a0
        if let b { a = try select(try compare(.equal, b, 0), minusInf, a) }
        let top = try maximum(a, axes)
        let isTop = try compare(.equal, a, top)
        a = try select(isTop, minusInf, a)
        let topCount = try PyError.core { () throws(CoreError) in try isTop.converted(to: a0.dtype) }
        let weightedTop = try b.map { (w: Tensor) throws(PyError) in try NumpyOps.tensors(.multiply, w, topCount) } ?? topCount
        var m = try NumpyMethods.reduce(weightedTop, .sum, axes: axes, keepDims: true)
        let e = try exp(try NumpyOps.tensors(.subtract, a, top))
        let scaled = try b.map { (w: Tensor) throws(PyError) in try NumpyOps.tensors(.multiply, w, e) } ?? e
        var s = try NumpyMethods.reduce(scaled, .sum, axes: axes, keepDims: true)
        s = try select(try compare(.equal, s, 0), s, try NumpyOps.tensors(.divide, s, m))
        let sign = try NumpyOps.tensors(.multiply, try NumpyModule.sign(try NumpyOps.tensors(.add, s, Tensor.weak(1))), try NumpyModule.sign(m))
        let reflected = try NumpyOps.tensors(.subtract, try NumpyOps.tensors(.multiply, s, Tensor.weak(-1)), Tensor.weak(2))
        s = try select(try compare(.less, s, -1), reflected, s)
        m = try PyError.core { () throws(CoreError) in try Tensor.unary(.abs, m) }
        let logs = try NumpyOps.tensors(.add, try NumpyModule.floatUnary(s, Foundation.log1p, Foundation.log1p), try log(m))
        var out = try NumpyOps.tensors(.add, logs, top)
        if !returnSign {
            let nan = try PyError.core { () throws(CoreError) in try Tensor.full([], .nan, dtype: out.dtype) }
            out = try select(try compare(.less, sign, 0), nan, out)
        }
        return (out, sign)
    }

    // MARK: - numpy's operations, as scipy calls them

    /// `np.max(x, axis, keepdims=True)`, with numpy's error for an empty reduction.
    private static func maximum(_ x: Tensor, _ axes: [Int]?) throws(PyError) -> Tensor {
        let reduced = axes.map { $0.contains { x.shape[$0] == 0 } } ?? (x.count == 0)
        let kept = axes.map { a in (0..<x.rank).filter { !a.contains($0) }.reduce(1) { $0 * x.shape[$1] } } ?? 1
        if reduced && kept > 0 { throw PyError.value("zero-size array to reduction operation maximum which has no identity") }
        return try NumpyMethods.reduce(x, .max, axes: axes, keepDims: true)
    }

    private static func exp(_ x: Tensor) throws(PyError) -> Tensor {
        try PyError.core { () throws(CoreError) in try Tensor.unary(.exp, x) }
    }

    private static func log(_ x: Tensor) throws(PyError) -> Tensor {
        try PyError.core { () throws(CoreError) in try Tensor.unary(.log, x) }
    }

    private static func finite(_ x: Tensor) throws(PyError) -> Tensor {
        Tensor(unchecked: x.shape, storage: .bool(x.storage.doubles.map(\.isFinite)))
    }

    private static func compare(_ op: BinaryOperation, _ x: Tensor, _ value: Double) throws(PyError) -> Tensor {
        try PyError.core { () throws(CoreError) in try Tensor.binary(op, x, Tensor.weak(value)) }
    }

    private static func compare(_ op: BinaryOperation, _ x: Tensor, _ y: Tensor) throws(PyError) -> Tensor {
        try PyError.core { () throws(CoreError) in try Tensor.binary(op, x, y) }
    }

    private static func select(_ condition: Tensor, _ x: Tensor, _ y: Tensor) throws(PyError) -> Tensor {
        try PyError.core { () throws(CoreError) in try Tensor.select(condition, x, y) }
    }
}
