import Foundation

/// The softmax family along one axis, numerically stable.
///
/// - softmax(x)ᵢ = exp(xᵢ − m) / Σⱼ exp(xⱼ − m), m = max(x), so
///   softmax([1000, 1000]) = [0.5, 0.5].
/// - logsumexp(x) = m + log Σⱼ exp(xⱼ − m) (scipy.special.logsumexp).
/// - log_softmax(x) = x − logsumexp(x).
///
/// Edge cases follow PyTorch and scipy: a run of all −inf has logsumexp −inf
/// and softmax nan (0/0); a +inf element gives logsumexp +inf and softmax
/// nan; nan anywhere in a run makes that run nan. An empty axis gives an
/// empty result (logsumexp of nothing is −inf). A scalar is a run of one.
///
/// Dtypes: float64 computes in float64 and float32 in float32 (maximum,
/// exponentials, sums and logarithm all float32, the result float32, as
/// PyTorch's CPU softmax does). Integers and bools are converted to float64
/// first, so the result is float64, as numpy and scipy.special give (PyTorch
/// refuses integer softmax; attn follows numpy). Accuracy in float32: each
/// exponential is within 1 ulp (`Kernels.expInPlace` for Float, libm's
/// `expf` off the last axis), so softmax(x)ᵢ is within
/// (|xᵢ − m| + n/8 + 6)·u relative of its exact value for a run of n on the
/// last axis ((|xᵢ − m| + n + 6)·u on another axis), u = 2⁻²⁴: xᵢ − m rounds
/// once, the exponential adds 1 ulp, the sum of n terms is float32 (8 or 16
/// partial sums on the last axis, one running sum elsewhere); logsumexp is
/// within (n + 4)·u + 2u·|result| absolute, log_softmax within that plus
/// u·|result|.
extension Tensor {
    public func softmax(axis: Int = -1) throws(CoreError) -> Tensor {
        if dtype == .float32 { return try softmax(axis: axis, as: Float.self) }
        return try floatingOperand.softmax(axis: axis, as: Double.self)
    }

    public func logSoftmax(axis: Int = -1) throws(CoreError) -> Tensor {
        if dtype == .float32 { return try logSoftmax(axis: axis, as: Float.self) }
        return try floatingOperand.logSoftmax(axis: axis, as: Double.self)
    }

    /// logsumexp along `axis` (the axis is removed), or over all elements
    /// when `axis` is nil.
    public func logSumExp(axis: Int?) throws(CoreError) -> Tensor {
        if dtype == .float32 { return try logSumExp(axis: axis, as: Float.self) }
        return try floatingOperand.logSumExp(axis: axis, as: Double.self)
    }

    /// This tensor when it is float64, else converted to float64 (integers
    /// and bools, as numpy's softmax family does).
    private var floatingOperand: Tensor {
        get throws(CoreError) { dtype == .float64 ? self : try converted(to: .float64) }
    }

    private func softmax<T: KernelScalar>(axis: Int, as _: T.Type) throws(CoreError) -> Tensor {
        if rank >= 1, let last = shape.last, last > 0, try Tensor.normalize(axis: axis, rank: rank) == rank - 1 {
            _ = try Tensor.checkedCount(shape, dtype: T.dtype)
            let out = softmaxLastAxis(try elements(as: T.self), length: last)
            try Interrupt.check()
            return out
        }
        return try alongAxis(axis, as: T.self) { run, out in
            let m = run.max() ?? 0
            var total: T = 0
            for (k, x) in run.enumerated() {
                let e = T.exp(x - m)
                out[k] = e
                total += e
            }
            for k in out.indices { out[k] /= total }
        }
    }

    private func logSoftmax<T: KernelScalar>(axis: Int, as _: T.Type) throws(CoreError) -> Tensor {
        try alongAxis(axis, as: T.self) { run, out in
            let lse = Tensor.logSumExp(run)
            for (k, x) in run.enumerated() { out[k] = x - lse }
        }
    }

    private func logSumExp<T: KernelScalar>(axis: Int?, as _: T.Type) throws(CoreError) -> Tensor {
        guard let axis else {
            let value = Tensor.logSumExp(try elements(as: T.self))
            try Interrupt.check()
            return Tensor(unchecked: [], elements: [value])
        }
        let ax = try Tensor.normalize(axis: axis, rank: rank)
        var reduced = shape
        reduced.remove(at: ax)
        let count = try Tensor.checkedCount(reduced, dtype: T.dtype)
        let n = shape[ax]
        let inner = shape[(ax + 1)...].reduce(1, *)
        let x = try elements(as: T.self)
        var run = [T](repeating: 0, count: n)
        var sincePoll = 0
        let out = try Tensor.buildElements(count) { o, r in
            for index in r {
                // Result element index = outer·inner + i; its run starts at outer·n·inner + i.
                let base = (index / max(inner, 1)) * n * inner + index % max(inner, 1)
                for k in 0..<n { run[k] = x[base + k * inner] }
                o[index] = Tensor.logSumExp(run)
                sincePoll += n
                if sincePoll >= Interrupt.pollInterval {
                    sincePoll = 0
                    if Interrupt.isRequested { return }
                }
            }
        }
        try Interrupt.check()
        return Tensor(unchecked: reduced, elements: out)
    }

    /// logsumexp of one run; a long run polls `Interrupt` and returns nan
    /// when stopped (the caller checks the request afterwards).
    static func logSumExp<T: KernelScalar>(_ run: [T]) -> T {
        guard let m = run.max() else { return -.infinity }
        if run.contains(where: \.isNaN) { return .nan }
        if m == -.infinity { return -.infinity }
        if m == .infinity { return .infinity }
        var total: T = 0
        for (k, x) in run.enumerated() {
            total += T.exp(x - m)
            if k & (Interrupt.pollInterval - 1) == 0 && Interrupt.isRequested { return .nan }
        }
        return m + T.log(total)
    }

    /// softmax over contiguous rows of `length` (the last axis), the fast
    /// path: no copies of the runs, the vectorised exp (`Kernels.expInPlace`,
    /// within 2 ulp of `Foundation.exp` for float64 and 1 ulp of the rounded
    /// exp for float32; float32 rows run whole in C at AVX2 and AVX-512,
    /// `Float.softmaxRows`), rows split across cores. Each row is computed by one
    /// worker in a fixed order, so results do not depend on the number of
    /// threads.
    func softmaxLastAxis<T: KernelScalar>(_ elements: [T], length n: Int) -> Tensor {
        let rows = count / n
        // Every element is written below unless the work is interrupted (and
        // then the result is thrown away), so it needs no zero fill.
        let out = [T](unsafeUninitializedCapacity: count) { dst, initialized in
            initialized = count
            elements.withUnsafeBufferPointer { src in
                guard let x = src.baseAddress, let y = dst.baseAddress else { return }
                let input = Kernels.SharedPointer(x), output = Kernels.SharedPointer(y)
                // Enough rows per task that scheduling costs nothing next to the work.
                let rowsPerTask = Swift.max(1, (1 << 16) / n)
                let tasks = (rows + rowsPerTask - 1) / rowsPerTask
                let body: @Sendable (Int) -> Void = { task in
                    // A stopped softmax leaves rows unwritten; the caller's
                    // `Interrupt.check()` discards the result.
                    if Interrupt.isRequested { return }
                    let first = task * rowsPerTask
                    let count = Swift.min(rows, first + rowsPerTask) - first
                    T.softmaxRows(input.readOnly + first * n, output.raw + first * n, rows: count, n: n, level: .current)
                }
                if tasks > 1 && count >= 1 << 15 {
                    DispatchQueue.concurrentPerform(iterations: tasks, execute: body)
                } else {
                    for t in 0..<tasks { body(t) }
                }
            }
        }
        return Tensor(unchecked: shape, elements: out)
    }

    /// Runs `body` on each 1-D run along `axis` (a scalar is one run of one),
    /// writing into a result of this tensor's shape, in `T`.
    /// Polls `Interrupt` between runs. An empty tensor gives an empty result
    /// at once (without visiting the runs of an empty axis one by one).
    func alongAxis<T: KernelScalar>(
        _ axis: Int, as _: T.Type, _ body: (_ run: [T], _ out: inout [T]) -> Void
    ) throws(CoreError) -> Tensor {
        if isScalar {
            var out: [T] = [0]
            body(try elements(as: T.self), &out)
            return Tensor(unchecked: [], elements: out)
        }
        let ax = try Tensor.normalize(axis: axis, rank: rank)
        if count == 0 { return Tensor(unchecked: shape, elements: [T]()) }
        _ = try Tensor.checkedCount(shape, dtype: T.dtype)
        let n = shape[ax]
        let inner = shape[(ax + 1)...].reduce(1, *)
        var result = [T](repeating: 0, count: count)
        let scalars = try elements(as: T.self)  // read once, not per element
        var run = [T](repeating: 0, count: n)
        var out = [T](repeating: 0, count: n)
        var sincePoll = 0
        for r in 0..<(count / n) {
            let base = (r / inner) * n * inner + r % inner
            for k in 0..<n { run[k] = scalars[base + k * inner] }
            body(run, &out)
            for k in 0..<n { result[base + k * inner] = out[k] }
            sincePoll += n
            if sincePoll >= Interrupt.pollInterval {
                sincePoll = 0
                try Interrupt.check()
            }
        }
        try Interrupt.check()
        return Tensor(unchecked: shape, elements: result)
    }
}
