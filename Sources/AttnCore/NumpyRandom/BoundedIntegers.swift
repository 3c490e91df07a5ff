/// Uniform integers in a closed interval [offset, offset + range], drawn from
/// a bit generator exactly as numpy's distributions.c draws them
/// (`random_bounded_uint64_fill`, `random_bounded_uint32_fill`,
/// `random_bounded_bool_fill`, `random_bounded_uint64`, `random_interval`).
///
/// Two methods, each reading words in its own pattern:
/// - masked rejection (the legacy `RandomState.randint`, and `shuffle`): take
///   a word, keep the bits under the smallest all-ones mask covering
///   `range`, retry while the result exceeds `range`;
/// - Lemire's multiply-shift (`Generator.integers`, `Generator.choice`):
///   the word times (range + 1) as a double-width product; its high half is
///   the draw unless the low half falls under (2^w − range − 1) mod
///   (range + 1), then retry. (Lemire, "Fast Random Integer Generation in
///   an Interval", 2019.)
/// A range that fits in 32 bits draws 32-bit words (`nextUInt32`), a wider
/// one 64-bit words; a range of zero draws nothing; a full range
/// (2^32 − 1 or 2^64 − 1) takes one word as it is.
enum BoundedIntegers {
    /// One value in [0, range] from 32-bit words (range < 2^32 − 1).
    @inline(__always)
    static func draw32<G: NumpyBitGenerator>(_ g: inout G, range: UInt32, mask: UInt32, masked: Bool) -> UInt32 {
        if masked {
            while true {
                let value = g.nextUInt32() & mask
                if value <= range { return value }
            }
        }
        let exclusive = UInt64(range) + 1
        var product = UInt64(g.nextUInt32()) * exclusive
        var leftover = UInt32(truncatingIfNeeded: product)
        if UInt64(leftover) < exclusive {
            let threshold = UInt32((UInt64(UInt32.max) - UInt64(range)) % exclusive)
            while leftover < threshold {
                product = UInt64(g.nextUInt32()) * exclusive
                leftover = UInt32(truncatingIfNeeded: product)
            }
        }
        return UInt32(truncatingIfNeeded: product >> 32)
    }

    /// One value in [0, range] from 64-bit words (2^32 − 1 < range < 2^64 − 1).
    @inline(__always)
    static func draw64<G: NumpyBitGenerator>(_ g: inout G, range: UInt64, mask: UInt64, masked: Bool) -> UInt64 {
        if masked {
            while true {
                let value = g.nextUInt64() & mask
                if value <= range { return value }
            }
        }
        let exclusive = range &+ 1
        var (high, leftover) = g.nextUInt64().multipliedFullWidth(by: exclusive)
        if leftover < exclusive {
            let threshold = (UInt64.max - range) % exclusive
            while leftover < threshold {
                (high, leftover) = g.nextUInt64().multipliedFullWidth(by: exclusive)
            }
        }
        return high
    }

    /// numpy's `random_bounded_uint64`: one value in [offset, offset + range]
    /// (wrapping), choosing 32- or 64-bit words by the range.
    static func one<G: NumpyBitGenerator>(_ g: inout G, offset: UInt64, range: UInt64, masked: Bool) -> UInt64 {
        if range == 0 { return offset }
        if range == UInt64(UInt32.max) { return offset &+ UInt64(g.nextUInt32()) }
        if range < UInt64(UInt32.max) {
            let mask = UInt32(RandomBits.mask(covering: range))
            return offset &+ UInt64(draw32(&g, range: UInt32(range), mask: mask, masked: masked))
        }
        if range == UInt64.max { return offset &+ g.nextUInt64() }
        return offset &+ draw64(&g, range: range, mask: RandomBits.mask(covering: range), masked: masked)
    }

    /// numpy's `random_interval(max)`: a value in [0, max] by masked
    /// rejection, from 32-bit words when max fits in 32 bits (what both
    /// `shuffle`s and the legacy `permutation` use).
    static func interval<G: NumpyBitGenerator>(_ g: inout G, max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        let mask = RandomBits.mask(covering: max)
        if max <= UInt64(UInt32.max) {
            while true {
                let value = UInt64(g.nextUInt32()) & mask
                if value <= max { return value }
            }
        }
        while true {
            let value = g.nextUInt64() & mask
            if value <= max { return value }
        }
    }

    /// numpy's `random_bounded_uint64_fill` into `out[range]` (the int64
    /// dtype): a range below 2^32 − 1 draws 32-bit words; the mask is
    /// computed once for the whole fill.
    @inline(__always)
    static func fill64<G: NumpyBitGenerator>(
        _ g: inout G, offset: UInt64, range: UInt64, masked: Bool,
        _ out: UnsafeMutablePointer<Int64>, _ indices: Range<Int>
    ) {
        if range == 0 {
            for i in indices { out[i] = Int64(bitPattern: offset) }
        } else if range == UInt64(UInt32.max) {
            for i in indices { out[i] = Int64(bitPattern: offset &+ UInt64(g.nextUInt32())) }
        } else if range < UInt64(UInt32.max) {
            let mask = UInt32(RandomBits.mask(covering: range))
            for i in indices {
                out[i] = Int64(bitPattern: offset &+ UInt64(draw32(&g, range: UInt32(range), mask: mask, masked: masked)))
            }
        } else if range == UInt64.max {
            for i in indices { out[i] = Int64(bitPattern: offset &+ g.nextUInt64()) }
        } else {
            let mask = RandomBits.mask(covering: range)
            for i in indices { out[i] = Int64(bitPattern: offset &+ draw64(&g, range: range, mask: mask, masked: masked)) }
        }
    }

    /// numpy's `random_bounded_uint32_fill` into `out[range]` (the int32 dtype).
    @inline(__always)
    static func fill32<G: NumpyBitGenerator>(
        _ g: inout G, offset: UInt32, range: UInt32, masked: Bool,
        _ out: UnsafeMutablePointer<Int32>, _ indices: Range<Int>
    ) {
        if range == 0 {
            for i in indices { out[i] = Int32(bitPattern: offset) }
        } else if range == UInt32.max {
            for i in indices { out[i] = Int32(bitPattern: offset &+ g.nextUInt32()) }
        } else {
            let mask = UInt32(RandomBits.mask(covering: UInt64(range)))
            for i in indices { out[i] = Int32(bitPattern: offset &+ draw32(&g, range: range, mask: mask, masked: masked)) }
        }
    }

    /// numpy's `random_bounded_bool_fill`: with a range of 1, one bit per
    /// value, 32 values per 32-bit word, lowest bit first; the word and how
    /// many bits are left carry across calls of `fill` within one request.
    struct BoolBuffer {
        /// The current word, already shifted past the bits handed out.
        var word: UInt32 = 0
        /// How many more bits `word` holds after its lowest.
        var remaining = 0

        @inline(__always)
        mutating func next<G: NumpyBitGenerator>(_ g: inout G, offset: Bool, range: Bool) -> Bool {
            if !range { return offset }
            if remaining == 0 {
                word = g.nextUInt32()
                remaining = 31
            } else {
                word >>= 1
                remaining -= 1
            }
            return word & 1 != 0
        }
    }
}

/// The closed interval of a bounded-integer request, checked as numpy's
/// `_rand_int64`, `_rand_int32` and `_rand_bool` check theirs (the scalar
/// path of numpy/random/_bounded_integers.pyx.in).
struct IntegerInterval {
    /// The lowest value, as the unsigned offset numpy adds draws to.
    let offset: UInt64
    /// highest − lowest, as an unsigned range.
    let range: UInt64

    /// `low` and `high` as numpy's `randint`/`integers` receive them:
    /// [low, high) or, with `closed`, [low, high], for `dtype` (int64,
    /// int32 or bool). Throws numpy's errors: "low is out of bounds for
    /// int64", "high is out of bounds for int64", "high <= 0" (an empty
    /// interval from 0), "low >= high" (or "high < 0", "low > high" when
    /// closed), and "Unsupported dtype" for float dtypes.
    init(low: Int64, high: Int64, closed: Bool, dtype: DType, caller: String) throws(CoreError) {
        let (lowest, highest): (Int64, Int64)
        switch dtype {
        case .int64: (lowest, highest) = (Int64.min, Int64.max)
        case .int32: (lowest, highest) = (Int64(Int32.min), Int64(Int32.max))
        case .bool: (lowest, highest) = (0, 1)
        case .float64, .float32:
            throw CoreError.invalidArgument("Unsupported dtype dtype('\(dtype.rawValue)') for \(caller)")
        }
        // high − 1 below Int64.min stands for "below every low": the
        // interval is empty, which the order check reports.
        let (inclusive, belowAll) = closed ? (high, false) : high.subtractingReportingOverflow(1)
        guard low >= lowest else { throw CoreError.invalidArgument("low is out of bounds for \(dtype.rawValue)") }
        guard belowAll || inclusive <= highest else {
            throw CoreError.invalidArgument("high is out of bounds for \(dtype.rawValue)")
        }
        guard !belowAll && low <= inclusive else {
            if low == 0 { throw CoreError.invalidArgument(closed ? "high < 0" : "high <= 0") }
            throw CoreError.invalidArgument(closed ? "low > high" : "low >= high")
        }
        offset = UInt64(bitPattern: low)
        range = UInt64(bitPattern: inclusive) &- UInt64(bitPattern: low)
    }
}

extension Tensor {
    /// The tensor of a bounded-integer request (`randint`, `integers`):
    /// `low` and `high` as numpy takes them (nil `high` means [0, low)),
    /// masked rejection or Lemire's method, one fill for the whole shape.
    static func boundedIntegers<G: NumpyBitGenerator>(
        _ g: inout G, low: Int64, high: Int64?, shape: [Int], dtype: DType,
        closed: Bool, masked: Bool, caller: String
    ) throws(CoreError) -> Tensor {
        guard dtype == .int64 || dtype == .int32 || dtype == .bool else {
            throw CoreError.invalidArgument("Unsupported dtype dtype('\(dtype.rawValue)') for \(caller)")
        }
        // numpy returns an empty request before it looks at the bounds.
        if try Tensor.elementCount(shape) == 0 { return try Tensor.zeros(shape, dtype: dtype) }
        let (lowest, highest) = high.map { (low, $0) } ?? (0, low)
        let interval = try IntegerInterval(low: lowest, high: highest, closed: closed, dtype: dtype, caller: caller)
        switch dtype {
        case .int32:
            let offset = UInt32(truncatingIfNeeded: interval.offset)
            let range = UInt32(truncatingIfNeeded: interval.range)
            return try drawn(shape) { (out: UnsafeMutablePointer<Int32>, indices) in
                BoundedIntegers.fill32(&g, offset: offset, range: range, masked: masked, out, indices)
            }
        case .bool:
            var buffer = BoundedIntegers.BoolBuffer()
            return try drawn(shape) { (out: UnsafeMutablePointer<Bool>, indices) in
                for i in indices { out[i] = buffer.next(&g, offset: interval.offset != 0, range: interval.range != 0) }
            }
        default:
            return try drawn(shape) { (out: UnsafeMutablePointer<Int64>, indices) in
                BoundedIntegers.fill64(&g, offset: interval.offset, range: interval.range, masked: masked, out, indices)
            }
        }
    }
}
