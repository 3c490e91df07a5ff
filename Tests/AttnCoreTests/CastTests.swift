@testable import AttnCore
import XCTest

/// numpy's astype on x86-64; expected values written out from numpy 2.4.6:
/// np.array([nan, inf, -inf, 3.7, -3.7, 1e30]).astype(np.int64 / np.int32 / bool),
/// np.array([2**40 + 1]).astype(np.int32), np.array([1e300]).astype(np.float32).
final class CastTests: XCTestCase {
    private let specials = Tensor(vector: [.nan, .infinity, -.infinity, 3.7, -3.7, 1e30])

    func testFloatToIntegersTruncatesAndSendsTheRestToTheSmallest() throws {
        let i64 = try specials.converted(to: .int64)
        XCTAssertEqual(i64.storage, .int64([.min, .min, .min, 3, -3, .min]))
        let i32 = try specials.converted(to: .int32)
        XCTAssertEqual(i32.storage, .int32([.min, .min, .min, 3, -3, .min]))
        XCTAssertEqual(i32.dtype, .int32)
        XCTAssertEqual(i32.shape, [6])
    }

    func testToBoolIsNonzero() throws {
        XCTAssertEqual(try Tensor(vector: [.nan, 0, -0.0, 2]).converted(to: .bool).storage, .bool([true, false, false, true]))
    }

    func testNarrowingWrapsOrOverflows() throws {
        let big = Tensor(unchecked: [1], storage: .int64([(1 << 40) + 1]))
        XCTAssertEqual(try big.converted(to: .int32).storage, .int32([1]))
        XCTAssertEqual(try Tensor(vector: [1e300]).converted(to: .float32).storage, .float32([.infinity]))
        // 2^53 + 1 as float32 in one rounding: 2^53 (numpy: np.float32(np.int64(2**53 + 1)) == 2**53).
        let odd = Tensor(unchecked: [1], storage: .int64([(1 << 53) + 1]))
        XCTAssertEqual(try odd.converted(to: .float32).storage, .float32([Float(1 << 53)]))
    }

    func testRoundTripsAndViews() throws {
        let x = Tensor(vector: [1, 2.5, -3])
        let f = try x.converted(to: .float32)
        XCTAssertEqual(f.dtype, .float32)
        XCTAssertEqual(f.scalars, [1, 2.5, -3], "float32 holds these exactly")
        XCTAssertEqual(try f.converted(to: .float64), x)
        XCTAssertEqual(try x.converted(to: .float64), x)
        XCTAssertEqual(try f.reshape([3, 1]).dtype, .float32, "a view keeps its dtype")
        XCTAssertEqual(Tensor(unchecked: [2], storage: .bool([true, false])).scalars, [1, 0])
    }
}
