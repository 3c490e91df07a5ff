/// Conversions between dtypes, as numpy's `astype` performs them on x86-64.
///
/// - float → float32: rounded to nearest (values beyond float32's range
///   become ±inf, as numpy gives with a warning).
/// - float → int32/int64: truncated toward zero; nan, ±inf and values out of
///   the integer's range give its smallest value (-2^31, -2^63), which is what
///   numpy's C cast produces on x86-64 (it warns, attn does not).
/// - int64 → int32: wraps (the low 32 bits), as numpy does.
/// - anything → bool: nonzero is true (nan is true).
/// - bool → numbers: 1 and 0.
/// - int64 → float: rounded to the nearest float.
extension Tensor {
    /// This tensor with its elements converted to `dtype` (itself when it
    /// already has that dtype, no longer weak: `np.asarray(x, dtype)`).
    /// Polls `Interrupt` between blocks.
    public func converted(to dtype: DType) throws(CoreError) -> Tensor {
        if dtype == self.dtype { return strong }
        let n = try Tensor.checkedCount(shape, dtype: dtype)
        let storage: TensorStorage
        switch dtype {
        case .float64:
            storage = .float64(try convertedElements(n) { $0 })
        case .float32:
            if case .int64(let a) = self.storage {  // one rounding, not two
                storage = .float32(try Tensor.buildElements(n) { o, r in for i in r { o[i] = Float(a[i]) } })
            } else {
                storage = .float32(try convertedElements(n) { Float($0) })
            }
        case .int64:
            if case .int32(let a) = self.storage {
                storage = .int64(try Tensor.buildElements(n) { o, r in for i in r { o[i] = Int64(a[i]) } })
            } else {
                storage = .int64(try convertedElements(n) { Tensor.truncated($0, Int64.self) })
            }
        case .int32:
            if case .int64(let a) = self.storage {
                storage = .int32(try Tensor.buildElements(n) { o, r in for i in r { o[i] = Int32(truncatingIfNeeded: a[i]) } })
            } else {
                storage = .int32(try convertedElements(n) { Tensor.truncated($0, Int32.self) })
            }
        case .bool:
            storage = .bool(try convertedElements(n) { $0 != 0 })
        }
        return Tensor(unchecked: shape, storage: storage)
    }

    /// Each element read as float64 (exact for every dtype but int64, whose
    /// int → int paths above avoid it) and mapped by `convert`.
    private func convertedElements<Element: BitwiseCopyable>(
        _ n: Int, _ convert: (Double) -> Element
    ) throws(CoreError) -> [Element] {
        let storage = self.storage
        return try Tensor.buildElements(n) { o, r in for i in r { o[i] = convert(storage.double(at: i)) } }
    }

    /// `x` truncated toward zero into an integer type; nan, ±inf and values
    /// out of range give the type's smallest value (x86-64's cvttsd2si).
    static func truncated<I: FixedWidthInteger>(_ x: Double, _: I.Type) -> I {
        guard x.isFinite else { return I.min }
        let t = x.rounded(.towardZero)
        guard t >= Double(I.min), t < -Double(I.min) else { return I.min }
        return I(t)
    }
}
