@testable import AttnCore
import XCTest

/// The promotion API, weak scalars, and the dtype that shape operations,
/// sizes and interrupts respect. (Values against numpy: DTypeGoldenTests.)
final class DTypeRulesTests: XCTestCase {
    func f32(_ v: [Float]) -> Tensor { Tensor(unchecked: [v.count], storage: .float32(v)) }
    func i32(_ v: [Int32]) -> Tensor { Tensor(unchecked: [v.count], storage: .int32(v)) }
    func i64(_ v: [Int64]) -> Tensor { Tensor(unchecked: [v.count], storage: .int64(v)) }
    func flags(_ v: [Bool]) -> Tensor { Tensor(unchecked: [v.count], storage: .bool(v)) }

    func testPromotionTableIsNumpys() {
        // np.promote_types for every pair, written out.
        let expected: [DType: [DType]] = [
            .bool: [.bool, .int32, .int64, .float32, .float64],
            .int32: [.int32, .int32, .int64, .float64, .float64],
            .int64: [.int64, .int64, .int64, .float64, .float64],
            .float32: [.float32, .float64, .float64, .float32, .float64],
            .float64: [.float64, .float64, .float64, .float64, .float64],
        ]
        let order: [DType] = [.bool, .int32, .int64, .float32, .float64]
        for a in order {
            for (b, result) in zip(order, expected[a] ?? []) {
                XCTAssertEqual(DType.promoted(a, b), result, "\(a) with \(b)")
                XCTAssertEqual(DType.promoted(b, a), result, "symmetric: \(b) with \(a)")
            }
        }
    }

    func testWeakScalarsTakeTheTensorsDtypeWithinTheirKind() {
        let float = Tensor.weak(2.5), int = Tensor.weak(integer: 3), bool = Tensor.weak(true)
        XCTAssertEqual([float.dtype, int.dtype, bool.dtype], [.float64, .int64, .bool])
        XCTAssertTrue(float.isWeak && int.isWeak && bool.isWeak)
        XCTAssertEqual(Tensor.resultType(f32([1]), float), .float32)
        XCTAssertEqual(Tensor.resultType(float, f32([1])), .float32)
        XCTAssertEqual(Tensor.resultType(i32([1]), float), .float64, "int array and a Python float")
        XCTAssertEqual(Tensor.resultType(i32([1]), int), .int32)
        XCTAssertEqual(Tensor.resultType(flags([true]), int), .int64, "bool array and a Python int")
        XCTAssertEqual(Tensor.resultType(flags([true]), bool), .bool)
        XCTAssertEqual(Tensor.resultType(float, int), .float64)
        XCTAssertEqual(Tensor.resultType(f32([1]), Tensor(2.5)), .float64, "a strong float64 scalar (np.float64) is not weak")
        XCTAssertEqual(Tensor.resultType([f32([1]), i32([1])]), .float64)
    }

    func testWeaknessSurvivesOperatorsOnlyBetweenWeakScalars() throws {
        let two = Tensor.weak(2.0), three = Tensor.weak(3.0)
        XCTAssertTrue(try Tensor.binary(.add, two, three).isWeak)
        XCTAssertTrue(try Tensor.binary(.less, two, three).isWeak)
        XCTAssertTrue(try Tensor.unary(.negate, two).isWeak)
        XCTAssertTrue(try Tensor.unary(.positive, two).isWeak)
        XCTAssertFalse(try Tensor.unary(.exp, two).isWeak, "np.exp(2.0) is a numpy float64")
        XCTAssertFalse(try Tensor.binary(.add, two, Tensor(3)).isWeak)
        XCTAssertFalse(try two.reshape([1]).isWeak)
        XCTAssertFalse(try two.converted(to: .float64).isWeak)
        XCTAssertFalse(try two.reduce(.sum).isWeak)
        XCTAssertFalse(try two.broadcast(to: []).isWeak)
        XCTAssertFalse(two.strong.isWeak)
        XCTAssertEqual(two, Tensor(2), "weakness is not part of ==")
        // Python's int arithmetic: exact, true division and negative powers give floats.
        let seven = Tensor.weak(integer: 7)
        XCTAssertEqual(try Tensor.binary(.multiply, seven, seven).storage, .int64([49]))
        XCTAssertEqual(try Tensor.binary(.divide, seven, Tensor.weak(integer: 2)).storage, .float64([3.5]))
        XCTAssertEqual(try Tensor.binary(.power, Tensor.weak(integer: 2), Tensor.weak(integer: -1)).storage, .float64([0.5]))
        XCTAssertEqual(try Tensor.binary(.add, Tensor.weak(true), Tensor.weak(true)).storage, .int64([2]))
        XCTAssertThrowsError(try Tensor.binary(.multiply, Tensor.weak(integer: .max), seven), "Python would grow the integer")
    }

    func testFloat32StaysFloat32WithLiteralsAndRoundsInFloat32() throws {
        let x = f32([1, 13])
        let third = try Tensor.binary(.divide, x, Tensor.weak(3.0))
        XCTAssertEqual(third.storage, .float32([1 / 3, 13 / 3]))
        // 13 · float32(0.1) in float32 is 1.3000001; 13 · 0.1 in float64
        // rounded to float32 would be 1.2999999.
        XCTAssertEqual(try Tensor.binary(.multiply, x, Tensor.weak(0.1)).storage, .float32([Float(0.1), 1.3000001]))
        XCTAssertNotEqual(13 * Float(0.1), Float(13 * 0.1), "the case shows float32 arithmetic")
        XCTAssertEqual(try Tensor.binary(.add, x, Tensor(1)).dtype, .float64)
        XCTAssertEqual(try Tensor.unary(.exp, x).dtype, .float32)
        XCTAssertEqual(try Tensor.unary(.exp, i32([1])).dtype, .float64)
        XCTAssertEqual(try x.reduce(.mean).dtype, .float32)
        XCTAssertEqual(try i32([1, 2]).reduce(.mean).storage, .float64([1.5]))
        XCTAssertEqual(try i32([.max, .max]).reduce(.sum).storage, .int64([2 * Int64(Int32.max)]))
        XCTAssertEqual(try x.norm().dtype, .float32)
    }

    func testShapeOperationsKeepTheDtype() throws {
        let m = Tensor(unchecked: [2, 3], storage: .int32([1, 2, 3, 4, 5, 6]))
        XCTAssertEqual(try m.reshape([3, 2]).storage, m.storage)
        XCTAssertEqual(try m.index([.at(1)]).storage, .int32([4, 5, 6]))
        XCTAssertEqual(try m.index([.slice(start: nil, stop: nil, step: -1), .at(0)]).storage, .int32([4, 1]))
        XCTAssertEqual(try flags([true, false]).broadcast(to: [2, 2]).storage, .bool([true, false, true, false]))
        XCTAssertEqual(try Tensor.stack([i32([1]), i64([2])], axis: 0).storage, .int64([1, 2]))
        XCTAssertEqual(try Tensor.concatenate([flags([true]), f32([2])], axis: 0).storage, .float32([1, 2]))
        XCTAssertEqual(try m.index([.slice(start: 5, stop: nil, step: nil)]).dtype, .int32, "empty results keep it too")
    }

    func testErrorsNumpyRaises() {
        func message(_ body: () throws -> Tensor) -> String {
            do { _ = try body(); return "" } catch { return (error as? CoreError)?.message ?? "\(error)" }
        }
        XCTAssertTrue(message { try Tensor.binary(.subtract, self.flags([true]), self.flags([false])) }.contains("boolean subtract"))
        XCTAssertTrue(message { try Tensor.unary(.negate, self.flags([true])) }.contains("boolean negative"))
        XCTAssertTrue(message { try Tensor.binary(.power, self.i32([2]), self.i32([-1])) }.contains("negative integer powers"))
        XCTAssertTrue(message { try Tensor.binary(.add, self.i32([2]), Tensor.weak(integer: 1 << 40)) }.contains("out of bounds for int32"))
        XCTAssertEqual(try Tensor.binary(.less, i32([2]), Tensor.weak(integer: 1 << 40)).storage, .bool([true]),
                       "comparisons with a too-large integer are answered, as in numpy 2")
    }

    func testResultsAreCheckedAgainstTheBudgetInTheirOwnWidth() throws {
        let n = 1 << 18
        let x32 = try Tensor.ones([n], dtype: .float32), x64 = try Tensor.ones([n])
        let saved = MemoryBudget.limit
        defer { MemoryBudget.limit = saved }
        MemoryBudget.limit = MemoryBudget.liveBytes + 3 << 19  // 1.5 MiB: a float32 result fits, a float64 one does not
        XCTAssertNoThrow(try Tensor.binary(.add, x32, x32))
        XCTAssertNoThrow(try x32.reduce(.sum, axis: 0))
        XCTAssertThrowsError(try Tensor.binary(.add, x64, x64)) { error in
            guard case CoreError.outOfMemory(_, let bytes, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(bytes, 8 * n)
        }
        XCTAssertThrowsError(try Tensor.zeros([n], dtype: .int64))
        XCTAssertNoThrow(try Tensor.zeros([n], dtype: .bool))
    }

    func testDtypeLoopsStopOnRequest() throws {
        let n = 1 << 18
        let a = try Tensor.randn([n], seed: 1).converted(to: .float32)
        let i = try Tensor.arange(0, Double(n), dtype: .int32)
        let m = try Tensor.randn([512, 512], seed: 2).converted(to: .float32)
        Interrupt.request()
        defer { Interrupt.clear() }
        func assertStops(_ what: String, _ body: () throws -> Tensor) {
            XCTAssertThrowsError(try body(), what) { XCTAssertEqual($0 as? CoreError, .interrupted, what) }
        }
        assertStops("float32 add") { try Tensor.binary(.add, a, a) }
        assertStops("int32 multiply") { try Tensor.binary(.multiply, i, i) }
        assertStops("mixed dtypes") { try Tensor.binary(.add, a, i) }
        assertStops("float32 exp") { try Tensor.unary(.exp, a) }
        assertStops("float32 sum") { try a.reduce(.sum) }
        assertStops("float32 sum row by row") { try m.reduce(.sum, axis: 0) }
        assertStops("int32 mean") { try i.reduce(.mean) }
        assertStops("int32 max") { try i.reduce(.max) }
        assertStops("where") { try Tensor.select(i, a, i) }
        assertStops("concat") { try Tensor.concatenate([a, i], axis: 0) }
        assertStops("int32 broadcast") { try i.broadcast(to: [2, n]) }
        assertStops("arange int32") { try Tensor.arange(0, Double(n), dtype: .int32) }
        assertStops("full float32") { try Tensor.full([n], 1, dtype: .float32) }
    }
}
