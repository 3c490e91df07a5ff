/// Long loops over elements, written once: in blocks of
/// `Interrupt.pollInterval` elements with a poll for a stop request between
/// blocks (see `Interrupt`). Results are built in place, without first
/// filling them with zeros, so a 2 GiB result costs one pass, and that pass
/// can be stopped.
extension Tensor {
    /// `count` new elements, written block by block by `fill(out, range)`,
    /// which must set every `out[i]` for i in `range`. The caller has checked
    /// `count` with `checkedCount`. Throws `CoreError.interrupted`, with
    /// nothing returned, when a stop is requested.
    @inline(__always)
    static func buildScalars(
        _ count: Int, _ fill: (_ out: UnsafeMutablePointer<Double>, _ range: Range<Int>) -> Void
    ) throws(CoreError) -> [Double] {
        try buildElements(count, fill)
    }

    /// `buildScalars` for elements of any dtype (any plain value type).
    @inline(__always)
    static func buildElements<Element: BitwiseCopyable>(
        _ count: Int, _ fill: (_ out: UnsafeMutablePointer<Element>, _ range: Range<Int>) -> Void
    ) throws(CoreError) -> [Element] {
        var stopped = false
        let scalars = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start < count {
                let end = Swift.min(count, start + Interrupt.pollInterval)
                fill(base, start..<end)
                start = end
                // Plain values need no deinitialisation, so a partly
                // written buffer can be given up at any block boundary.
                initialized = start
                if Interrupt.isRequested {
                    stopped = true
                    return
                }
            }
        }
        if stopped { throw CoreError.interrupted }
        return scalars
    }
}
