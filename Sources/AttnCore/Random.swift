import Foundation

/// A seeded pseudo-random generator that gives the same numbers on every
/// platform: xoshiro256** seeded by SplitMix64, integer arithmetic only.
/// Uniform doubles take the top 53 bits; normal ones use the Box–Muller
/// transform with `log`, `cos` and `sin`, which glibc and Darwin compute to
/// within an ulp, so values agree across platforms to ~1e-15 relative.
///
/// These are not numpy's streams: `rand([2], seed: 1)` in attn is not
/// `np.random.default_rng(1).random(2)`.
///
/// `rand` and `randn` always give float64 (numpy's `random` and
/// `standard_normal` default). A float32 tensor of random values is the
/// float64 one converted (`converted(to: .float32)`), each value rounded
/// once; numpy's `random(dtype=np.float32)` draws 24-bit values from the
/// stream instead, which attn does not imitate.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = rotl(s.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform double in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A standard normal double (Box–Muller; one value per call, so the
    /// stream does not depend on how many values a caller asks for).
    public mutating func normal() -> Double {
        let u1 = 1.0 - uniform()  // in (0, 1]: log never sees 0
        let u2 = uniform()
        return (-2.0 * Foundation.log(u1)).squareRoot() * Foundation.cos(2.0 * Double.pi * u2)
    }
}

extension Tensor {
    /// Uniform values in [0, 1), reproducible for a given seed. Polls
    /// `Interrupt` between blocks.
    public static func rand(_ shape: [Int], seed: UInt64) throws(CoreError) -> Tensor {
        var g = SeededRandom(seed: seed)
        return try generated(shape) { g.uniform() }
    }

    /// Standard normal values, reproducible for a given seed. Polls
    /// `Interrupt` between blocks.
    public static func randn(_ shape: [Int], seed: UInt64) throws(CoreError) -> Tensor {
        var g = SeededRandom(seed: seed)
        return try generated(shape) { g.normal() }
    }

    /// A tensor whose elements, in row-major order, are successive values of `next`.
    static func generated(_ shape: [Int], _ next: () -> Double) throws(CoreError) -> Tensor {
        let n = try checkedCount(shape)
        return Tensor(unchecked: shape, try buildScalars(n) { o, r in for i in r { o[i] = next() } })
    }
}
