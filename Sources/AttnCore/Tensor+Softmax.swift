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
extension Tensor {
    public func softmax(axis: Int = -1) throws(CoreError) -> Tensor {
        if rank >= 1, let last = shape.last, last > 0, try Tensor.normalize(axis: axis, rank: rank) == rank - 1 {
            _ = try Tensor.checkedCount(shape)
            let out = softmaxLastAxis(length: last)
            try Interrupt.check()
            return out
        }
        return try alongAxis(axis) { run, out in
            let m = run.max() ?? 0
            var total = 0.0
            for (k, x) in run.enumerated() {
                let e = Foundation.exp(x - m)
                out[k] = e
                total += e
            }
            for k in out.indices { out[k] /= total }
        }
    }

    public func logSoftmax(axis: Int = -1) throws(CoreError) -> Tensor {
        try alongAxis(axis) { run, out in
            let lse = Tensor.logSumExp(run)
            for (k, x) in run.enumerated() { out[k] = x - lse }
        }
    }

    /// logsumexp along `axis` (the axis is removed), or over all elements
    /// when `axis` is nil.
    public func logSumExp(axis: Int?) throws(CoreError) -> Tensor {
        guard let axis else {
            let value = Tensor.logSumExp(scalars)
            try Interrupt.check()
            return Tensor(value)
        }
        let full = try alongAxis(axis) { run, out in
            let lse = Tensor.logSumExp(run)
            for k in out.indices { out[k] = lse }
        }
        // Every slot of a run holds the same value; take the first of each.
        let ax = try Tensor.normalize(axis: axis, rank: rank)
        guard shape[ax] > 0 else {
            var s = shape
            s.remove(at: ax)
            return try Tensor(repeating: -.infinity, shape: s)
        }
        return try full.index([IndexItem](repeating: .slice(start: nil, stop: nil, step: nil), count: ax) + [.at(0)])
    }

    /// logsumexp of one run; a long run polls `Interrupt` and returns nan
    /// when stopped (the caller checks the request afterwards).
    static func logSumExp(_ run: [Double]) -> Double {
        guard let m = run.max() else { return -.infinity }
        if run.contains(where: \.isNaN) { return .nan }
        if m == -.infinity { return -.infinity }
        if m == .infinity { return .infinity }
        var total = 0.0
        for (k, x) in run.enumerated() {
            total += Foundation.exp(x - m)
            if k & (Interrupt.pollInterval - 1) == 0 && Interrupt.isRequested { return .nan }
        }
        return m + Foundation.log(total)
    }

    /// softmax over contiguous rows of `length` (the last axis), the fast
    /// path: no copies of the runs, the vectorised `Kernels.exp` (within 2
    /// ulp of `Foundation.exp`), rows split across cores. Each row is
    /// computed by one worker in a fixed order, so results do not depend on
    /// the number of threads.
    func softmaxLastAxis(length n: Int) -> Tensor {
        let rows = count / n
        // Every element is written below unless the work is interrupted (and
        // then the result is thrown away), so it needs no zero fill.
        let out = [Double](unsafeUninitializedCapacity: count) { dst, initialized in
            initialized = count
            scalars.withUnsafeBufferPointer { src in
                guard let x = src.baseAddress, let y = dst.baseAddress else { return }
                let input = SendablePointer(x), output = SendableMutablePointer(y)
                // Enough rows per task that scheduling costs nothing next to the work.
                let rowsPerTask = Swift.max(1, (1 << 16) / n)
                let tasks = (rows + rowsPerTask - 1) / rowsPerTask
                let body: @Sendable (Int) -> Void = { task in
                    // A stopped softmax leaves rows unwritten; the caller's
                    // `Interrupt.check()` discards the result.
                    if Interrupt.isRequested { return }
                    for r in (task * rowsPerTask)..<Swift.min(rows, (task + 1) * rowsPerTask) {
                        let row = input.pointer + r * n, o = output.pointer + r * n
                        var m = -Double.infinity
                        var sawNaN = false
                        for j in 0..<n {
                            if row[j].isNaN { sawNaN = true }
                            m = Swift.max(m, row[j])
                        }
                        if sawNaN { m = .nan }
                        for j in 0..<n { o[j] = row[j] - m }
                        Kernels.expInPlace(o, count: n)
                        var total = 0.0
                        for j in 0..<n { total += o[j] }
                        let inverse = 1 / total
                        for j in 0..<n { o[j] *= inverse }
                    }
                }
                if tasks > 1 && count >= 1 << 15 {
                    DispatchQueue.concurrentPerform(iterations: tasks, execute: body)
                } else {
                    for t in 0..<tasks { body(t) }
                }
            }
        }
        return Tensor(unchecked: shape, out)
    }

    /// Runs `body` on each 1-D run along `axis` (a scalar is one run of one),
    /// writing into a result of this tensor's shape.
    /// Polls `Interrupt` between runs. An empty tensor gives an empty result
    /// at once (without visiting the runs of an empty axis one by one).
    func alongAxis(_ axis: Int, _ body: (_ run: [Double], _ out: inout [Double]) -> Void) throws(CoreError) -> Tensor {
        if isScalar {
            var out = [0.0]
            body(scalars, &out)
            return Tensor(unchecked: [], out)
        }
        let ax = try Tensor.normalize(axis: axis, rank: rank)
        if count == 0 { return self }
        _ = try Tensor.checkedCount(shape)
        let n = shape[ax]
        let inner = shape[(ax + 1)...].reduce(1, *)
        var result = [Double](repeating: 0, count: count)
        let scalars = self.scalars  // read once, not per element
        var run = [Double](repeating: 0, count: n)
        var out = [Double](repeating: 0, count: n)
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
        return Tensor(unchecked: shape, result)
    }
}

/// A pointer handed to worker threads that only read through it.
struct SendablePointer: @unchecked Sendable {
    let pointer: UnsafePointer<Double>
    init(_ pointer: UnsafePointer<Double>) { self.pointer = pointer }
}

/// A pointer handed to worker threads that write disjoint parts of it.
struct SendableMutablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    init(_ pointer: UnsafeMutablePointer<Double>) { self.pointer = pointer }
}
