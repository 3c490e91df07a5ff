/// numpy's `SeedSequence` (numpy/random/bit_generator.pyx): it turns a seed
/// of any size into well-mixed 32-bit words for a bit generator, the way
/// `np.random.default_rng(seed)` and `MT19937(seed)` seed theirs.
///
/// - The entropy becomes 32-bit words (`_coerce_to_uint32_array`): a
///   non-negative integer is split into words, least significant first
///   (0 is one word, 0); a sequence of integers is each integer's words, in
///   order, concatenated. `words(of:)` and `words(decimal:)` do the split.
/// - Those words are hashed into a pool of 4 words (`mix_entropy`) with
///   the multiply-xorshift hash `hashmix` (its multiplier advancing by
///   0x931E8875 from 0x43B0D7E5 at every use) and the pairwise `mix`
///   (x × 0xCA01F9DD − y × 0x4973F715, xorshifted); words beyond the fourth
///   are mixed into every pool word.
/// - `generate_state(n)` reads the pool cyclically through a second hash
///   (multiplier advancing by 0x58F38DED from 0x8B51F9DD). 64-bit words are
///   two 32-bit words, the first in the low half.
///
/// Spawn keys and pool sizes other than 4 are not supported: numpy's
/// default_rng(seed) uses neither.
public struct SeedSequence: Equatable, Sendable {
    /// The entropy as 32-bit words, as numpy assembles it.
    public let entropy: [UInt32]
    /// The mixed pool (numpy's `pool`).
    let pool: [UInt32]

    static let poolSize = 4
    static let initA: UInt32 = 0x43B0_D7E5
    static let multiplierA: UInt32 = 0x931E_8875
    static let initB: UInt32 = 0x8B51_F9DD
    static let multiplierB: UInt32 = 0x58F3_8DED
    static let mixLeft: UInt32 = 0xCA01_F9DD
    static let mixRight: UInt32 = 0x4973_F715

    /// A sequence from entropy already split into 32-bit words.
    public init(entropyWords: [UInt32]) {
        entropy = entropyWords
        pool = SeedSequence.mixed(entropyWords)
    }

    /// `SeedSequence(seed)` for a non-negative integer that fits in 64 bits.
    public init(_ seed: UInt64) {
        self.init(entropyWords: SeedSequence.words(of: seed))
    }

    /// `SeedSequence([s0, s1, ...])` for non-negative integers that fit in
    /// 64 bits (each contributes its own words, as numpy splits each
    /// element of a sequence separately).
    public init(_ seeds: [UInt64]) {
        self.init(entropyWords: seeds.flatMap(SeedSequence.words(of:)))
    }

    /// An integer's 32-bit words, least significant first; [0] for 0
    /// (numpy's `_int_to_uint32_array`).
    public static func words(of value: UInt64) -> [UInt32] {
        if value == 0 { return [0] }
        var words: [UInt32] = []
        var rest = value
        while rest > 0 {
            words.append(UInt32(truncatingIfNeeded: rest))
            rest >>= 32
        }
        return words
    }

    /// The 32-bit words of a non-negative integer of any size written in
    /// decimal ("340282366920938463463374607431768211457"), least
    /// significant first, or nil when the text is not a plain run of
    /// decimal digits. For Python integers beyond 64 bits.
    public static func words(decimal text: String) -> [UInt32]? {
        let digits = text.utf8.map { Int($0) - 48 }
        guard !digits.isEmpty, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        // Multiply-and-add in base 2^32, one decimal digit at a time.
        var words: [UInt32] = [0]
        for digit in digits {
            var carry = UInt64(digit)
            for i in words.indices {
                let value = UInt64(words[i]) * 10 + carry
                words[i] = UInt32(truncatingIfNeeded: value)
                carry = value >> 32
            }
            if carry > 0 { words.append(UInt32(carry)) }
        }
        while words.count > 1, words.last == 0 { words.removeLast() }
        return words
    }

    /// numpy's `hashmix`: hashes `value` and advances the multiplier.
    @inline(__always)
    static func hashmix(_ value: UInt32, _ hashConstant: inout UInt32) -> UInt32 {
        var value = value ^ hashConstant
        hashConstant = hashConstant &* multiplierA
        value = value &* hashConstant
        return value ^ (value >> 16)
    }

    /// numpy's `mix`.
    @inline(__always)
    static func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
        let result = mixLeft &* x &- mixRight &* y
        return result ^ (result >> 16)
    }

    /// numpy's `mix_entropy` into a fresh pool of 4 words.
    static func mixed(_ entropy: [UInt32]) -> [UInt32] {
        var hashConstant = initA
        var pool = [UInt32](repeating: 0, count: poolSize)
        for i in 0..<poolSize {
            pool[i] = hashmix(i < entropy.count ? entropy[i] : 0, &hashConstant)
        }
        for source in 0..<poolSize {
            for destination in 0..<poolSize where source != destination {
                pool[destination] = mix(pool[destination], hashmix(pool[source], &hashConstant))
            }
        }
        if entropy.count > poolSize {
            for source in poolSize..<entropy.count {
                for destination in 0..<poolSize {
                    pool[destination] = mix(pool[destination], hashmix(entropy[source], &hashConstant))
                }
            }
        }
        return pool
    }

    /// numpy's `generate_state(count, np.uint32)`.
    public func generateState32(count: Int) -> [UInt32] {
        var hashConstant = SeedSequence.initB
        var words = [UInt32](repeating: 0, count: Swift.max(0, count))
        for i in words.indices {
            var value = pool[i % SeedSequence.poolSize] ^ hashConstant
            hashConstant = hashConstant &* SeedSequence.multiplierB
            value = value &* hashConstant
            words[i] = value ^ (value >> 16)
        }
        return words
    }

    /// numpy's `generate_state(count, np.uint64)`: 2 × count 32-bit words,
    /// paired little-endian.
    public func generateState64(count: Int) -> [UInt64] {
        let halves = generateState32(count: 2 * Swift.max(0, count))
        return (0..<Swift.max(0, count)).map { UInt64(halves[2 * $0]) | UInt64(halves[2 * $0 + 1]) << 32 }
    }
}
