/// numpy's PCG64 (numpy/random/src/pcg64/pcg64.h, the "XSL RR 128/64"
/// member of O'Neill's PCG family): a 128-bit linear congruential state,
/// state ← state × M + inc (mod 2^128) with the PCG multiplier
/// M = 0x2360ED051FC65DA4_4385DF649FCCF645 and an odd increment, and each
/// output taken from the new state: the high and low halves xor-ed, rotated
/// right by the state's top six bits.
///
/// Seeding (numpy's `PCG64.__init__` and `pcg64_set_seed`): four 64-bit
/// words from a `SeedSequence`; words 0 and 1 are the initial state s (high,
/// low) and words 2 and 3 the stream selector t. Then state = 0,
/// inc = 2t + 1 (mod 2^128), one step, state += s, one step.
///
/// Words become numbers as numpy's bit generator does: `nextUInt64` is one
/// output; `nextDouble` is its top 53 bits times 2^-53; `nextUInt32` hands
/// out the two halves of one output, low half first, keeping the high half
/// for the next call (numpy's `has_uint32`/`uinteger`), so 32-bit draws
/// (bounded integers below 2^32) and 64-bit draws share one stream.
public struct PCG64: NumpyBitGenerator, Equatable {
    /// The LCG state.
    var state: UInt128Parts
    /// The LCG increment (always odd).
    var increment: UInt128Parts
    /// The high half of the last output, waiting to be the next 32-bit word.
    var bufferedHalf: UInt32?

    static let multiplier = UInt128Parts(high: 2549297995355413924, low: 4865540595714422341)

    /// numpy's `PCG64(seed_sequence)`.
    public init(seedSequence: SeedSequence) {
        let words = seedSequence.generateState64(count: 4)
        self.init(state: UInt128Parts(high: words[0], low: words[1]),
                  stream: UInt128Parts(high: words[2], low: words[3]))
    }

    /// numpy's `pcg64_set_seed` (`pcg_setseq_128_srandom_r`).
    init(state initialState: UInt128Parts, stream: UInt128Parts) {
        state = UInt128Parts(high: 0, low: 0)
        increment = UInt128Parts(high: stream.high << 1 | stream.low >> 63, low: stream.low << 1 | 1)
        bufferedHalf = nil
        step()
        state = state.adding(initialState)
        step()
    }

    @inline(__always)
    mutating func step() {
        state = state.multiplied(by: PCG64.multiplier).adding(increment)
    }

    public mutating func nextUInt64() -> UInt64 {
        step()
        let folded = state.high ^ state.low
        let rotation = state.high >> 58
        return folded >> rotation | folded << ((64 - rotation) & 63)
    }

    public mutating func nextUInt32() -> UInt32 {
        if let half = bufferedHalf {
            bufferedHalf = nil
            return half
        }
        let word = nextUInt64()
        bufferedHalf = UInt32(truncatingIfNeeded: word >> 32)
        return UInt32(truncatingIfNeeded: word)
    }

    public mutating func nextDouble() -> Double {
        Double(nextUInt64() >> 11) * RandomBits.doubleScale
    }
}

/// An unsigned 128-bit integer as two 64-bit halves, with the wrapping
/// multiply and add PCG64 needs (Swift's UInt128 needs macOS 15, which the
/// package does not require).
struct UInt128Parts: Equatable, Sendable {
    var high: UInt64
    var low: UInt64

    /// self + other (mod 2^128).
    @inline(__always)
    func adding(_ other: UInt128Parts) -> UInt128Parts {
        let (low, carry) = low.addingReportingOverflow(other.low)
        return UInt128Parts(high: high &+ other.high &+ (carry ? 1 : 0), low: low)
    }

    /// self × other (mod 2^128): the full product of the low halves plus
    /// the cross terms in the high half.
    @inline(__always)
    func multiplied(by other: UInt128Parts) -> UInt128Parts {
        let (productHigh, productLow) = low.multipliedFullWidth(by: other.low)
        let cross = high &* other.low &+ low &* other.high
        return UInt128Parts(high: productHigh &+ cross, low: productLow)
    }
}
