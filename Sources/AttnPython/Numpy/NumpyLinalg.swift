import AttnCore
import AttnLang
import Foundation

/// `numpy.linalg`, with `norm` (numpy's `linalg.norm`, step by step):
/// - no axis and no order (or 'fro' for a matrix, 2 for a vector): √Σx² of
///   every element (AttnCore's `norm`);
/// - over one axis (a vector norm): order inf and -inf (largest and
///   smallest |x|), 0 (the count of nonzeros), 1 (Σ|x|), None or 2 (√Σx²),
///   any other number p ((Σ|x|^p)^(1/p));
/// - over two axes (a matrix norm): 'fro'/None (√Σx²), 1 and -1 (the
///   largest and smallest column sum of |x|), inf and -inf (row sums), 2
///   and -2 (the largest and smallest singular value), 'nuc' (their sum);
/// - integers and bools are converted to float64 first; float32 stays
///   float32 (its singular values are computed in float64 and rounded).
/// Singular values come from one-sided Jacobi rotations (Hestenes), accurate
/// to a few ulps, where numpy calls LAPACK's gesdd: the last bits may differ.
enum NumpyLinalg {
    static func make(_ py: PyInterpreter) -> PyModule {
        var m = ModuleBuilder()
        m.function("norm", ["x", "ord", "axis", "keepdims"], required: 1) { v, _, py throws(PyError) in
            var x = try NumpyValues.asArray(v[0] ?? .none)
            if !x.dtype.isFloatingPoint { x = try PyError.core { () throws(CoreError) in try x.converted(to: .float64) } }
            let keep = try v[3].map { (k: PyValue) throws(PyError) in try py.truthy(k) } ?? false
            return NumpyValues.wrap(try norm(x, order: v[1] ?? .none, axis: v[2] ?? .none, keepDims: keep))
        }
        m.dict["LinAlgError"] = PyClass.exceptions["LinAlgError"].map { .type($0) }
        return PyModule("numpy.linalg", m.dict)
    }

    /// The order argument: None, a number, or a name.
    private enum Order: Equatable {
        case none, number(Double), name(String)
    }

    static func norm(_ x: Tensor, order given: PyValue, axis: PyValue, keepDims: Bool) throws(PyError) -> Tensor {
        let order: Order
        switch given {
        case .none: order = .none
        case .str(let s): order = .name(s)
        default: order = .number(try MathModule.real(given))
        }
        if axis.isNone && (order == .none || (x.rank == 2 && (order == .name("fro") || order == .name("f"))) || (x.rank == 1 && order == .number(2))) {
            let r = try PyError.core { () throws(CoreError) in try x.norm(axis: nil) }
            return keepDims ? try PyError.core { () throws(CoreError) in try r.reshape(Array(repeating: 1, count: x.rank)) } : r
        }
        var axes: [Int]
        if axis.isNone {
            axes = Array(0..<x.rank)
        } else if case .tuple(let items) = axis {
            axes = []
            for item in items { axes.append(try NumpyValues.integer(item, "axis")) }
        } else {
            guard let a = axis.asIndex else { throw PyError.type("'axis' must be None, an integer or a tuple of integers") }
            axes = [Int(clamping: a)]
        }
        let abs = try PyError.core { () throws(CoreError) in try Tensor.unary(.abs, x) }
        func sum(_ t: Tensor, _ axes: [Int], keep: Bool = keepDims) throws(PyError) -> Tensor {
            try NumpyMethods.reduce(t, .sum, axes: axes, keepDims: keep)
        }
        func squareRootOfSquares() throws(PyError) -> Tensor {
            let total = try sum(try NumpyOps.tensors(.multiply, x, x), normalized)
            return try PyError.core { () throws(CoreError) in try Tensor.unary(.sqrt, total) }
        }
        var normalized: [Int] = []
        for a in axes { normalized.append(try NumpyModule.normalizedAxis(a, rank: x.rank)) }
        if axes.count == 1 {
            switch order {
            case .number(.infinity): return try NumpyMethods.reduce(abs, .max, axes: normalized, keepDims: keepDims)
            case .number(-.infinity): return try NumpyMethods.reduce(abs, .min, axes: normalized, keepDims: keepDims)
            case .number(0):
                let nonzero = try NumpyOps.tensors(.subtract, x, Tensor.weak(0))
                let flags = try PyError.core { () throws(CoreError) in try nonzero.converted(to: .bool).converted(to: x.dtype) }
                return try sum(flags, normalized)
            case .number(1): return try sum(abs, normalized)
            case .none, .number(2): return try squareRootOfSquares()
            case .name(let s): throw PyError.value("Invalid norm order '\(s)' for vectors")
            case .number(let p):
                let powers = try NumpyOps.tensors(.power, abs, Tensor.weak(p))
                return try NumpyOps.tensors(.power, try sum(powers, normalized), Tensor.weak(1 / p))
            }
        }
        guard normalized.count == 2 else { throw PyError.value("Improper number of dimensions to norm.") }
        var (row, col) = (normalized[0], normalized[1])
        guard row != col else { throw PyError.value("Duplicate axes given.") }
        var result: Tensor
        switch order {
        case .number(2), .number(-2), .name("nuc"):
            result = try singularNorm(x, row, col, order)
        case .number(1), .number(-1):
            if col > row { col -= 1 }
            result = try NumpyMethods.reduce(try sum(abs, [row], keep: false), order == .number(1) ? .max : .min, axes: [col], keepDims: false)
        case .number(.infinity), .number(-.infinity):
            if row > col { row -= 1 }
            result = try NumpyMethods.reduce(try sum(abs, [col], keep: false), order == .number(.infinity) ? .max : .min, axes: [row], keepDims: false)
        case .none, .name("fro"), .name("f"):
            let total = try sum(try NumpyOps.tensors(.multiply, x, x), normalized, keep: false)
            result = try PyError.core { () throws(CoreError) in try Tensor.unary(.sqrt, total) }
        default:
            throw PyError.value("Invalid norm order for matrices.")
        }
        if keepDims {
            var shape = x.shape
            shape[normalized[0]] = 1
            shape[normalized[1]] = 1
            let r = result
            result = try PyError.core { () throws(CoreError) in try r.reshape(shape) }
        }
        return result
    }

    /// The largest (2) or smallest (-2) singular value, or their sum
    /// ('nuc'), of each matrix over the axes `row` and `col`.
    private static func singularNorm(_ x: Tensor, _ row: Int, _ col: Int, _ order: Order) throws(PyError) -> Tensor {
        let rest = (0..<x.rank).filter { $0 != row && $0 != col }
        let moved = try NumpyMethods.transposed(x, rest + [row, col])
        let m = x.shape[row], n = x.shape[col]
        let values = moved.storage.doubles
        var out: [Double] = []
        let matrices = rest.reduce(1) { $0 * x.shape[$1] }
        for k in 0..<matrices {
            let s = try singularValues(Array(values[(k * m * n)..<((k + 1) * m * n)]), m: m, n: n)
            switch order {
            case .number(2): out.append(s.max() ?? 0)
            case .number(-2): out.append(s.min() ?? 0)
            default: out.append(s.reduce(0, +))
            }
        }
        let r = Tensor(unchecked: rest.map { x.shape[$0] }, out)
        return try PyError.core { () throws(CoreError) in try r.converted(to: x.dtype) }
    }

    /// The singular values of an m×n row-major matrix: its columns rotated
    /// in pairs until they are orthogonal (one-sided Jacobi), then their
    /// lengths. min(m, n) values.
    static func singularValues(_ a: [Double], m: Int, n: Int) throws(PyError) -> [Double] {
        // Work on the side with fewer columns.
        var rows = m, cols = n
        var u = a
        if n > m {
            u = (0..<(m * n)).map { a[($0 % m) * n + $0 / m] }
            rows = n
            cols = m
        }
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<max(cols - 1, 0) {
                try PyError.checkInterrupt()
                for q in (p + 1)..<cols {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<rows {
                        let x = u[i * cols + p], y = u[i * cols + q]
                        alpha += x * x
                        beta += y * y
                        gamma += x * y
                    }
                    guard gamma != 0, Swift.abs(gamma) > 1e-15 * (alpha * beta).squareRoot() else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (Swift.abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for i in 0..<rows {
                        let x = u[i * cols + p], y = u[i * cols + q]
                        u[i * cols + p] = c * x - s * y
                        u[i * cols + q] = s * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
        return (0..<cols).map { j in (0..<rows).reduce(0.0) { $0 + u[$1 * cols + j] * u[$1 * cols + j] }.squareRoot() }
    }
}
