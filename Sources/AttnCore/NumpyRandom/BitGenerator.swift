/// numpy's random numbers, bit for bit: the streams a Python program gets
/// from `np.random.seed(s); np.random.randn(...)` (the legacy `RandomState`
/// on MT19937) and from `np.random.default_rng(s)` (a `Generator` on PCG64
/// seeded through `SeedSequence`).
///
/// The layers, as in numpy (numpy/random/, numpy 2.4):
/// - a bit generator makes raw words: `MT19937` (mt19937.c) and `PCG64`
///   (pcg64.h), each with numpy's seeding and numpy's ways of turning words
///   into 32-bit words, 64-bit words and doubles (`NumpyBitGenerator`);
/// - the distributions read those words exactly as numpy's C does:
///   bounded integers by masked rejection or Lemire's method
///   (`BoundedIntegers.swift`, distributions.c), the legacy polar Gaussian
///   and the ziggurat normal (`Normal.swift`, legacy-distributions.c and
///   distributions.c);
/// - `LegacyRandomState` (mtrand.pyx) and `NumpyGenerator` (_generator.pyx)
///   are the two front doors, one method per numpy method, returning
///   tensors of numpy's dtypes.
///
/// Every step is integer arithmetic or a float64 operation that IEEE 754
/// rounds the same everywhere (+, -, *, /, sqrt), except `log`, `log1p` and
/// `exp` in the Gaussian's polar method and the ziggurat's rare tail and
/// wedge tests: those call the C library, as numpy does, so they agree with
/// numpy on the same C library (glibc on Linux) and differ only where two
/// libraries round a result differently.
///
/// A stream is a value (a struct): copying one forks it. A session keeps one
/// per Python `RandomState` or `Generator` object, and one for numpy's
/// module-level legacy state.
public protocol NumpyBitGenerator: Sendable {
    /// The next 64 random bits (numpy's `next_uint64`).
    mutating func nextUInt64() -> UInt64
    /// The next 32 random bits (numpy's `next_uint32`).
    mutating func nextUInt32() -> UInt32
    /// A double in [0, 1) (numpy's `next_double`).
    mutating func nextDouble() -> Double
}

/// The masks and scales numpy's generators share.
enum RandomBits {
    /// 2^-53: a 53-bit integer times this is a double in [0, 1), exactly.
    static let doubleScale: Double = 1.0 / 9007199254740992.0

    /// The smallest all-ones mask covering `max` (numpy's `gen_mask`).
    @inline(__always)
    static func mask(covering max: UInt64) -> UInt64 {
        var mask = max
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        mask |= mask >> 32
        return mask
    }
}
