/// The Mersenne Twister MT19937 as numpy runs it (numpy/random/src/mt19937/
/// mt19937.c and mt19937.h): 624 words of state, regenerated all at once
/// when they run out, each word tempered on the way out.
///
/// Seeding, as numpy's `MT19937._legacy_seeding` (what `RandomState(seed)`
/// and `np.random.seed(seed)` call):
/// - an integer in [0, 2^32): Knuth's recurrence from the Mersenne Twister's
///   reference code (`mt19937_seed`): key[0] = seed, key[i] =
///   1812433253 * (key[i-1] ^ (key[i-1] >> 30)) + i (mod 2^32);
/// - an array of such integers: the reference `init_by_array`
///   (`mt19937_init_by_array`), which starts from the recurrence above with
///   seed 19650218 and mixes the array in;
/// - a `SeedSequence` (what `MT19937(seed)` and `RandomState()` without a
///   seed use): 624 words from the sequence with key[0] = 0x80000000, and
///   the position left at 623 as numpy leaves it, so the first output is
///   the tempered last key word and the state regenerates after it.
///
/// Words become numbers as numpy's bit generator does: `nextUInt32` is one
/// tempered word, `nextUInt64` is two (the first in the high half), and
/// `nextDouble` takes 27 bits of one word and 26 of the next:
/// (a >> 5) * 2^26 + (b >> 6), divided by 2^53.
public struct MT19937: NumpyBitGenerator, Equatable {
    static let n = 624
    static let m = 397

    /// The 624 state words.
    var key: [UInt32]
    /// The next key word to temper (0-based); 624 means "regenerate first".
    var position: Int

    /// numpy's `mt19937_seed`: the state for an integer seed.
    public init(seed: UInt32) {
        var key = [UInt32](repeating: 0, count: MT19937.n)
        var value = seed
        for i in 0..<MT19937.n {
            key[i] = value
            value = 1812433253 &* (value ^ (value >> 30)) &+ UInt32(i + 1)
        }
        self.key = key
        position = MT19937.n
    }

    /// numpy's `mt19937_init_by_array`: the state for an array of 32-bit
    /// words (numpy refuses an empty array before it gets here; an empty
    /// array is treated as [0]).
    public init(seedArray initKey: [UInt32]) {
        let words = initKey.isEmpty ? [0] : initKey
        self.init(seed: 19650218)
        let n = MT19937.n
        var i = 1
        var j = 0
        for _ in 0..<Swift.max(n, words.count) {
            let previous = key[i - 1] ^ (key[i - 1] >> 30)
            key[i] = (key[i] ^ (previous &* 1664525)) &+ words[j] &+ UInt32(truncatingIfNeeded: j)
            i += 1
            j += 1
            if i >= n {
                key[0] = key[n - 1]
                i = 1
            }
            if j >= words.count { j = 0 }
        }
        for _ in 0..<(n - 1) {
            let previous = key[i - 1] ^ (key[i - 1] >> 30)
            key[i] = (key[i] ^ (previous &* 1566083941)) &- UInt32(i)
            i += 1
            if i >= n {
                key[0] = key[n - 1]
                i = 1
            }
        }
        // The reference code's guarantee of a nonzero state.
        key[0] = 0x8000_0000
        position = n
    }

    /// numpy's `MT19937(seed_sequence)`: 624 words from the sequence, the
    /// first replaced by 0x80000000, and the position at 623.
    public init(seedSequence: SeedSequence) {
        var words = seedSequence.generateState32(count: MT19937.n)
        words[0] = 0x8000_0000
        key = words
        position = MT19937.n - 1
    }

    /// Regenerates all 624 words (numpy's `mt19937_gen`).
    mutating func regenerate() {
        let n = MT19937.n, m = MT19937.m
        func twist(_ upper: UInt32, _ lower: UInt32, _ far: UInt32) -> UInt32 {
            let y = (upper & 0x8000_0000) | (lower & 0x7FFF_FFFF)
            return far ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_B0DF)
        }
        for i in 0..<(n - m) { key[i] = twist(key[i], key[i + 1], key[i + m]) }
        for i in (n - m)..<(n - 1) { key[i] = twist(key[i], key[i + 1], key[i + m - n]) }
        key[n - 1] = twist(key[n - 1], key[0], key[m - 1])
        position = 0
    }

    public mutating func nextUInt32() -> UInt32 {
        if position == MT19937.n { regenerate() }
        var y = key[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    public mutating func nextUInt64() -> UInt64 {
        let high = UInt64(nextUInt32())
        return high << 32 | UInt64(nextUInt32())
    }

    public mutating func nextDouble() -> Double {
        let a = nextUInt32() >> 5
        let b = nextUInt32() >> 6
        return (Double(a) * 67108864.0 + Double(b)) / 9007199254740992.0
    }
}
