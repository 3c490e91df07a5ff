@testable import AttnCore
import XCTest

/// Sizes are checked before anything is allocated, empty axes never make a
/// loop visit their neighbours, live tensors stay within the memory budget,
/// and a stop request ends every long loop with `CoreError.interrupted`.
final class LimitsTests: XCTestCase {
    override func tearDown() {
        Interrupt.clear()
        super.tearDown()
    }

    // MARK: - Empty axes

    func testReductionsOfEmptyAxesCheckTheResultsSize() throws {
        let empty = try Tensor.zeros([0, 1 << 40])
        XCTAssertEqual(empty.count, 0)
        XCTAssertThrowsError(try empty.reduce(.sum, axis: 0)) { error in
            guard case CoreError.tooLarge(let shape, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(shape, [1 << 40])
        }
        XCTAssertEqual(try empty.reduce(.sum, axis: 1).shape, [0])
        XCTAssertEqual(try empty.reduce(.max, axis: 1).shape, [0])
        let saved = Tensor.maxElements
        defer { Tensor.maxElements = saved }
        Tensor.maxElements = 100_000
        XCTAssertThrowsError(try Tensor.zeros([0, 1000, 1000]).reduce(.mean, axis: 0))
        XCTAssertEqual(try Tensor.zeros([0, 100, 10]).reduce(.sum, axis: 0), try Tensor.zeros([100, 10]))
        XCTAssertTrue(try Tensor.zeros([0, 3]).reduce(.mean, axis: 0).scalars.allSatisfy(\.isNaN))
        XCTAssertThrowsError(try Tensor.zeros([0, 3]).reduce(.max, axis: 0), "max of an empty axis has no identity")
    }

    func testSoftmaxSlicesAndConcatOfEmptyTensorsReturnAtOnce() throws {
        let empty = try Tensor.zeros([0, 1 << 40])
        XCTAssertEqual(try empty.softmax(axis: 0).shape, [0, 1 << 40])
        XCTAssertEqual(try empty.logSoftmax(axis: 0).shape, [0, 1 << 40])
        XCTAssertEqual(try empty.index([.slice(start: nil, stop: nil, step: nil), .slice(start: 5, stop: nil, step: 2)]).shape,
                       [0, (1 << 39) - 2])
        let tall = try Tensor.zeros([1 << 40, 0])
        XCTAssertEqual(try Tensor.concatenate([tall, tall], axis: 1).shape, [1 << 40, 0])
        XCTAssertEqual(try Tensor.concatenate([tall, tall], axis: 0).shape, [1 << 41, 0], "2^41 rows of nothing hold nothing")
    }

    func testTheNonzeroLengthsMustFitAsInNumpy() throws {
        XCTAssertThrowsError(try Tensor.zeros([0, 1 << 62, 1 << 62]))
        XCTAssertThrowsError(try Tensor.zeros([1 << 62, 1 << 62, 0]))
        XCTAssertEqual(try Tensor.elementCount([0, Int.max]), 0)
    }

    func testSlicesAreProgressions() throws {
        let x = Tensor(vector: (0..<10).map(Double.init))
        func sliced(_ start: Int?, _ stop: Int?, _ step: Int?) throws -> [Double] {
            try x.index([.slice(start: start, stop: stop, step: step)]).scalars
        }
        // Expected values written out from Python's list slicing of range(10).
        XCTAssertEqual(try sliced(nil, nil, nil), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        XCTAssertEqual(try sliced(1, 8, 3), [1, 4, 7])
        XCTAssertEqual(try sliced(nil, nil, -3), [9, 6, 3, 0])
        XCTAssertEqual(try sliced(-3, nil, nil), [7, 8, 9])
        XCTAssertEqual(try sliced(8, 2, -2), [8, 6, 4])
        XCTAssertEqual(try sliced(-100, 100, 4), [0, 4, 8])
        XCTAssertEqual(try sliced(100, -100, -4), [9, 5, 1])
        XCTAssertEqual(try sliced(5, 5, 1), [])
        XCTAssertEqual(try sliced(2, 7, -1), [])
    }

    // MARK: - Memory budget

    func testLiveTensorsStayWithinTheBudget() throws {
        let saved = MemoryBudget.limit
        defer { MemoryBudget.limit = saved }
        let baseline = MemoryBudget.liveBytes
        MemoryBudget.limit = baseline + (3 << 20)  // room for three 1 MiB tensors
        let n = 1 << 17  // 1 MiB of doubles
        var kept: [Tensor] = []
        for _ in 0..<3 { kept.append(try Tensor.ones([n])) }
        XCTAssertEqual(MemoryBudget.liveBytes - baseline, 3 << 20)
        XCTAssertThrowsError(try Tensor.ones([n])) { error in
            guard case CoreError.outOfMemory(let shape, let bytes, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(shape, [n])
            XCTAssertEqual(bytes, 1 << 20)
        }
        XCTAssertThrowsError(try kept[0].map { $0 + 1 }, "results are checked too")
        // A reshaped view shares its storage and is not counted again.
        let view = try kept[0].reshape([1 << 7, 1 << 10])
        XCTAssertEqual(MemoryBudget.liveBytes - baseline, 3 << 20)
        XCTAssertEqual(view.shape, [128, 1024])
        // Freed tensors give their bytes back.
        kept.removeAll()
        _ = view
        XCTAssertEqual(MemoryBudget.liveBytes - baseline, 1 << 20, "only the storage the view still holds")
        XCTAssertNoThrow(try Tensor.ones([n]))
    }

    // MARK: - Interrupts

    func testEveryLongLoopStopsOnRequest() throws {
        let big = try Tensor.randn([512, 512], seed: 1)
        let vector = try Tensor.randn([1 << 18], seed: 2)
        Interrupt.request()
        func assertStops(_ what: String, _ body: () throws -> Tensor) {
            XCTAssertThrowsError(try body(), what) { XCTAssertEqual($0 as? CoreError, .interrupted, what) }
        }
        assertStops("map") { try vector.map { $0 * 2 } }
        assertStops("zip") { try Tensor.zip(vector, vector, +) }
        assertStops("broadcast") { try Tensor.zip(big, Tensor(vector: Array(repeating: 1, count: 512)), +) }
        assertStops("matmul") { try Tensor.matmul(big, big) }
        assertStops("sum") { try vector.reduce(.sum) }
        assertStops("max along an axis") { try big.reduce(.max, axis: 0) }
        assertStops("softmax") { try big.softmax() }
        assertStops("softmax along the first axis") { try big.softmax(axis: 0) }
        assertStops("logsumexp") { try vector.logSumExp(axis: nil) }
        assertStops("transpose") { try big.transposed }
        assertStops("randn") { try Tensor.randn([1 << 18], seed: 3) }
        assertStops("zeros") { try Tensor.zeros([1 << 18]) }
        assertStops("slicing") { try vector.index([.slice(start: nil, stop: nil, step: 2)]) }
        assertStops("concat") { try Tensor.concatenate([vector, vector], axis: 0) }
        assertStops("outer") { try Tensor.outer(vector, vector[0..<512]) }
        assertStops("where") { try Tensor.select(vector, vector, vector) }
        Interrupt.clear()
        XCTAssertEqual(try vector.map { $0 * 2 }.count, 1 << 18, "a cleared request stops nothing")
    }

    func testARequestKeepsItsFirstReason() {
        Interrupt.request(.timeout)
        Interrupt.request(.user)
        XCTAssertEqual(Interrupt.reason, .timeout)
        Interrupt.clear()
        XCTAssertEqual(Interrupt.reason, .none)
        XCTAssertFalse(Interrupt.isRequested)
    }
}

private extension Tensor {
    subscript(_ range: Range<Int>) -> Tensor { Tensor(vector: Array(scalars[range])) }
}
