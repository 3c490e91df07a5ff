@testable import AttnCore
import XCTest

/// What the golden file cannot show: attn's choice for unseeded streams,
/// streams as values, sizes checked before allocating, interrupts, and the
/// small helpers (decimal seeds, masks, 128-bit arithmetic).
final class NumpyRandomTests: XCTestCase {
    override func tearDown() {
        Interrupt.clear()
        super.tearDown()
    }

    // MARK: - Unseeded streams

    func testUnseededStreamsUseTheDocumentedEntropy() throws {
        XCTAssertEqual(LegacyRandomState.unseededEntropy, 1_635_021_934)
        XCTAssertEqual(Array("attn".utf8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }, LegacyRandomState.unseededEntropy)
        XCTAssertEqual(LegacyRandomState(), LegacyRandomState(seedSequence: SeedSequence(LegacyRandomState.unseededEntropy)))
        XCTAssertEqual(NumpyGenerator(), NumpyGenerator(seed: LegacyRandomState.unseededEntropy))
        // Two unseeded runs draw the same numbers.
        var a = LegacyRandomState(), b = LegacyRandomState()
        XCTAssertEqual(try a.randn([5]), try b.randn([5]))
    }

    func testSeedingWithNoneStartsTheUnseededStreamAfresh() throws {
        var state = try LegacyRandomState(seed: 3)
        _ = try state.randn([1])
        try state.seed(nil)
        XCTAssertEqual(state, LegacyRandomState())
        try state.seed(3)
        XCTAssertEqual(state, try LegacyRandomState(seed: 3), "seeding forgets the kept Gaussian")
    }

    func testTheKeptGaussianCarriesOverBetweenCalls() throws {
        var split = try LegacyRandomState(seed: 0), whole = try LegacyRandomState(seed: 0)
        let parts = try Tensor.concatenate([split.randn([3]), split.rand([0]), split.randn([2])], axis: 0)
        XCTAssertEqual(parts, try whole.randn([5]), "randn(3) then randn(2) is randn(5)")
        var pair = try LegacyRandomState(seed: 9)
        let both = try pair.randn([2]).scalars
        var one = try LegacyRandomState(seed: 9)
        XCTAssertEqual(try one.randn([]).scalars, [both[0]])
        XCTAssertEqual(try one.normal(loc: 0, scale: 1, shape: []).scalars, [both[1]], "the kept second value of the pair")
    }

    // MARK: - Streams are values

    func testACopyForksTheStream() throws {
        var original = try LegacyRandomState(seed: 42)
        _ = try original.randn([1])  // leaves a kept value
        var copy = original
        let first = try original.randn([4])
        XCTAssertEqual(try copy.randn([4]), first, "the copy draws what the original drew, the kept value included")
        XCTAssertEqual(original, copy)
        var generator = NumpyGenerator(seed: 1)
        _ = try generator.integers(low: 0, high: 10, shape: [1])  // leaves a spare 32-bit half
        var fork = generator
        XCTAssertEqual(try generator.integers(low: 0, high: 10, shape: [3]), try fork.integers(low: 0, high: 10, shape: [3]))
    }

    func testNoSizeGivesARankZeroTensor() throws {
        var state = try LegacyRandomState(seed: 0)
        XCTAssertEqual(try state.rand([]).shape, [])
        XCTAssertEqual(try state.randint(low: 5, shape: []).dtype, .int64)
        XCTAssertEqual(try state.choice(from: Tensor(vector: [1, 2, 3]), shape: []).shape, [])
        var generator = NumpyGenerator(seed: 0)
        XCTAssertEqual(try generator.standardNormal([]).shape, [])
        XCTAssertEqual(try generator.choice(from: Tensor(unchecked: [2, 3], [1, 2, 3, 4, 5, 6]), shape: [], axis: 1).shape, [2])
    }

    // MARK: - Sizes

    func testSizesAreCheckedBeforeAnythingIsAllocated() throws {
        var state = try LegacyRandomState(seed: 0)
        var generator = NumpyGenerator(seed: 0)
        func assertTooLarge(_ what: String, _ body: () throws -> Tensor) {
            XCTAssertThrowsError(try body(), what) { error in
                guard case .tooLarge = error as? CoreError else { return XCTFail("\(what): \(error)") }
            }
        }
        assertTooLarge("randn") { try state.randn([1 << 20, 1 << 20]) }
        assertTooLarge("randint") { try state.randint(low: 0, high: 10, shape: [1 << 40]) }
        assertTooLarge("choice without replacement shuffles all n") { try state.choice(1 << 40, shape: [2], replace: false) }
        assertTooLarge("permutation") { try state.permutation(1 << 40) }
        assertTooLarge("integers") { try generator.integers(low: 0, high: 10, shape: [1 << 40]) }
        assertTooLarge("normal with arrays") {
            try generator.normal(loc: Tensor(0), scale: Tensor(1), shape: [1 << 40])
        }
        assertTooLarge("the generator's tail shuffle") { try generator.choice(1 << 40, shape: [1 << 36], replace: false) }
        XCTAssertThrowsError(try state.rand([-1]), "a negative length")
        // Floyd's algorithm needs memory for the sample only.
        XCTAssertEqual(try generator.choice(1 << 40, shape: [3], replace: false).shape, [3])
    }

    // MARK: - Interrupts

    func testEveryLongDrawStopsOnRequest() throws {
        var state = try LegacyRandomState(seed: 0)
        var generator = NumpyGenerator(seed: 0)
        let n = 1 << 18
        let vector = try state.rand([n])
        let p = try Tensor(repeating: 1.0 / Double(n), shape: [n])
        Interrupt.request()
        func assertStops(_ what: String, _ body: () throws -> Any) {
            XCTAssertThrowsError(try body(), what) { XCTAssertEqual($0 as? CoreError, .interrupted, what) }
        }
        assertStops("rand") { try state.rand([n]) }
        assertStops("randn") { try state.randn([n]) }
        assertStops("normal") { try state.normal(loc: 1, scale: 2, shape: [n]) }
        assertStops("uniform with arrays") { try state.uniform(low: vector, high: Tensor(2), shape: nil) }
        assertStops("randint") { try state.randint(low: 0, high: 7, shape: [n]) }
        assertStops("randint bool") { try state.randint(low: 0, high: 2, shape: [n], dtype: .bool) }
        assertStops("permutation") { try state.permutation(n) }
        assertStops("shuffle") { var x = vector; try state.shuffle(&x); return x }
        assertStops("shuffle a list") { var list = Array(0..<n); try state.shuffle(&list); return list }
        assertStops("choice") { try state.choice(n, shape: [n]) }
        assertStops("choice with p") { try state.choice(n, shape: [n], p: p) }
        assertStops("choice without replacement") { try state.choice(n, shape: [10], replace: false) }
        assertStops("random") { try generator.random([n]) }
        assertStops("standard_normal") { try generator.standardNormal([n]) }
        assertStops("integers int32") { try generator.integers(low: 0, high: 7, shape: [n], dtype: .int32) }
        assertStops("generator permutation") { try generator.permutation(n) }
        assertStops("tail shuffle") { try generator.choice(n, shape: [n / 2], replace: false) }
        assertStops("Floyd's algorithm") { try generator.choice(1 << 40, shape: [n], replace: false) }
        assertStops("choice along an axis") { try generator.choice(from: vector, shape: [n]) }
        Interrupt.clear()
        XCTAssertEqual(try state.rand([n]).count, n, "a cleared request stops nothing")
    }

    // MARK: - Helpers

    func testDecimalSeedsSplitIntoWordsLeastSignificantFirst() {
        XCTAssertEqual(SeedSequence.words(decimal: "0"), [0])
        XCTAssertEqual(SeedSequence.words(decimal: "00042"), [42])
        XCTAssertEqual(SeedSequence.words(decimal: "4294967295"), [0xFFFF_FFFF])
        XCTAssertEqual(SeedSequence.words(decimal: "4294967296"), [0, 1])
        XCTAssertEqual(SeedSequence.words(decimal: "340282366920938463463374607431768211457"), [1, 0, 0, 0, 1])
        XCTAssertEqual(SeedSequence.words(decimal: "18446744073709551615"), SeedSequence.words(of: UInt64.max))
        XCTAssertNil(SeedSequence.words(decimal: "-1"))
        XCTAssertNil(SeedSequence.words(decimal: ""))
        XCTAssertNil(SeedSequence.words(decimal: "12a"))
        XCTAssertEqual(SeedSequence(5), SeedSequence(entropyWords: [5]))
        XCTAssertEqual(SeedSequence([1, 1 << 32]), SeedSequence(entropyWords: [1, 0, 1]))
    }

    func testMasksAndWideArithmetic() {
        XCTAssertEqual(RandomBits.mask(covering: 0), 0)
        XCTAssertEqual(RandomBits.mask(covering: 1), 1)
        XCTAssertEqual(RandomBits.mask(covering: 5), 7)
        XCTAssertEqual(RandomBits.mask(covering: 1 << 40), (1 << 41) - 1)
        XCTAssertEqual(RandomBits.mask(covering: UInt64.max), UInt64.max)
        let a = UInt128Parts(high: 0, low: UInt64.max)
        XCTAssertEqual(a.adding(UInt128Parts(high: 0, low: 1)), UInt128Parts(high: 1, low: 0))
        XCTAssertEqual(UInt128Parts(high: UInt64.max, low: UInt64.max).adding(UInt128Parts(high: 0, low: 1)),
                       UInt128Parts(high: 0, low: 0), "wraps at 2^128")
        // (2^64 − 1)^2 = 2^128 − 2^65 + 1.
        XCTAssertEqual(a.multiplied(by: a), UInt128Parts(high: UInt64.max - 1, low: 1))
        XCTAssertEqual(UInt128Parts(high: 3, low: 5).multiplied(by: UInt128Parts(high: 7, low: 11)),
                       UInt128Parts(high: 3 * 11 + 5 * 7, low: 55))
    }

    func testIntervalsFollowNumpysMessages() {
        func message(_ low: Int64, _ high: Int64, closed: Bool = false, dtype: DType = .int64) -> String? {
            do {
                _ = try IntegerInterval(low: low, high: high, closed: closed, dtype: dtype, caller: "randint")
                return nil
            } catch { return error.message }
        }
        XCTAssertNil(message(Int64.min, Int64.max))
        XCTAssertNil(message(Int64.min, Int64.max, closed: true))
        XCTAssertEqual(message(0, Int64.min), "high <= 0", "high − 1 below Int64.min")
        XCTAssertEqual(message(3, Int64.min), "low >= high")
        XCTAssertEqual(message(0, -1, closed: true), "high < 0")
        XCTAssertEqual(message(Int64(Int32.min) - 1, 0, dtype: .int32), "low is out of bounds for int32")
        XCTAssertEqual(message(0, 3, dtype: .bool), "high is out of bounds for bool")
        XCTAssertEqual(message(0, 1, dtype: .float32), "Unsupported dtype dtype('float32') for randint")
    }
}
