/// Running sums and products along an axis (numpy's cumsum and cumprod),
/// and the product of the elements along an axis (numpy's prod).
///
/// - Order: each result is built left to right along the axis, one element
///   at a time (out[k] = out[k − 1] ∘ x[k]), which is numpy's order for
///   add.accumulate, multiply.accumulate and multiply.reduce (numpy sums
///   pairwise only in add.reduce; `reduce(.sum)` does that). So results
///   agree with numpy to the last bit.
/// - Dtypes (numpy 2 on Linux x86-64): float64 and float32 keep their dtype
///   and compute in it; int64, int32 and bool give int64 (numpy accumulates
///   small integers in the platform's long), wrapping on overflow.
/// - NaN and ±inf follow IEEE arithmetic (a nan makes every later running
///   value nan; 0 · inf is nan).
/// - Empty: a running sum or product of nothing is an empty result; the
///   product of an empty axis is 1, numpy's identity.
/// - `axis` nil: cumulative operations run over the flattened elements (a
///   vector results); `product` reduces every element to a scalar.
/// - Polls `Interrupt` every `Interrupt.pollInterval` elements.
public enum Accumulation: String, Sendable, CaseIterable {
    case sum, product
}

extension Tensor {
    /// The dtype cumsum, cumprod and prod give for `dtype`.
    public static func accumulationType(_ dtype: DType) -> DType {
        dtype.isFloatingPoint ? dtype : .int64
    }

    /// numpy's cumsum (`.sum`) or cumprod (`.product`) along `axis`, or over
    /// the flattened elements when `axis` is nil.
    public func accumulated(_ op: Accumulation, axis: Int?) throws(CoreError) -> Tensor {
        let source = axis == nil ? Tensor(sharing: self, shape: [count]) : (isScalar ? Tensor(sharing: self, shape: [1]) : self)
        let ax = try Tensor.normalize(axis: axis ?? 0, rank: source.rank)
        let dtype = Tensor.accumulationType(self.dtype)
        _ = try Tensor.checkedCount(source.shape, dtype: dtype)
        let n = source.shape[ax]
        let inner = source.shape[(ax + 1)...].reduce(1, *)
        let input = try source.converted(to: dtype)
        func run<T: TensorElement>(_ x: [T], _ f: (T, T) -> T) throws(CoreError) -> [T] {
            var out = x
            guard n > 1 else { return out }
            var sincePoll = 0
            for o in 0..<(x.count / (n * inner)) {
                let base = o * n * inner
                for k in 1..<n {
                    let row = base + k * inner
                    for i in 0..<inner { out[row + i] = f(out[row - inner + i], x[row + i]) }
                    sincePoll += inner
                    if sincePoll >= Interrupt.pollInterval {
                        sincePoll = 0
                        try Interrupt.check()
                    }
                }
            }
            return out
        }
        let sum = op == .sum
        switch input.storage {
        case .float64(let x): return Tensor(unchecked: source.shape, storage: .float64(try run(x, sum ? (+) : (*))))
        case .float32(let x): return Tensor(unchecked: source.shape, storage: .float32(try run(x, sum ? (+) : (*))))
        case .int64(let x): return Tensor(unchecked: source.shape, storage: .int64(try run(x, sum ? (&+) : (&*))))
        case .int32, .bool:
            throw CoreError.invalidArgument("accumulation in \(input.dtype.rawValue) is not supported")
        }
    }

    /// numpy's prod along `axis` (removed unless `keepDims`), or of every
    /// element when `axis` is nil (a scalar, or all length-1 axes with
    /// `keepDims`).
    public func product(axis: Int?, keepDims: Bool = false) throws(CoreError) -> Tensor {
        let dtype = Tensor.accumulationType(self.dtype)
        let source = axis == nil ? Tensor(sharing: self, shape: [count]) : self
        let ax = try Tensor.normalize(axis: axis ?? 0, rank: source.rank)
        var outShape = source.shape
        outShape[ax] = 1
        let resultCount = try Tensor.checkedCount(outShape, dtype: dtype)
        let n = source.shape[ax]
        let inner = source.shape[(ax + 1)...].reduce(1, *)
        let input = try source.converted(to: dtype)
        func run<T: TensorElement>(_ x: [T], one: T, _ f: (T, T) -> T) throws(CoreError) -> [T] {
            var out = [T](repeating: one, count: resultCount)
            var sincePoll = 0
            for o in 0..<(resultCount / Swift.max(inner, 1)) {
                for k in 0..<n {
                    let row = (o * n + k) * inner, at = o * inner
                    for i in 0..<inner { out[at + i] = f(out[at + i], x[row + i]) }
                    sincePoll += inner
                    if sincePoll >= Interrupt.pollInterval {
                        sincePoll = 0
                        try Interrupt.check()
                    }
                }
            }
            return out
        }
        let storage: TensorStorage
        switch input.storage {
        case .float64(let x): storage = .float64(try run(x, one: 1, *))
        case .float32(let x): storage = .float32(try run(x, one: 1, *))
        case .int64(let x): storage = .int64(try run(x, one: 1, &*))
        case .int32, .bool:
            throw CoreError.invalidArgument("product in \(input.dtype.rawValue) is not supported")
        }
        var shape: [Int]
        if axis == nil {
            shape = keepDims ? [Int](repeating: 1, count: rank) : []
        } else {
            shape = outShape
            if !keepDims { shape.remove(at: ax) }
        }
        return Tensor(unchecked: shape, storage: storage)
    }
}
