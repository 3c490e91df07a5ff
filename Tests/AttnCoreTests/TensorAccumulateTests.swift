@testable import AttnCore
import XCTest

/// `Tensor.accumulated` (numpy's cumsum and cumprod) and `Tensor.product`
/// (np.prod) against a plain left-to-right loop, and against values from
/// numpy 2.4.6.
final class TensorAccumulateTests: XCTestCase {
    /// The reference: out[k] = out[k − 1] ∘ x[k] over a flat run, in Float.
    private func referenceRun(_ x: [Float], _ op: (Float, Float) -> Float) -> [Float] {
        var out: [Float] = []
        for v in x { out.append(out.last.map { op($0, v) } ?? v) }
        return out
    }

    func testFloat32RunsInOrderAndInFloat32() throws {
        let x: [Float] = (0..<1000).map { Float($0 % 7) * 0.1 + 0.01 }
        let t = Tensor(unchecked: [1000], storage: .float32(x))
        XCTAssertEqual(try t.accumulated(.sum, axis: nil).storage, .float32(referenceRun(x, +)))
        XCTAssertEqual(try t.accumulated(.product, axis: 0).storage, .float32(referenceRun(x, *)))
        // numpy: np.cumsum(np.float32([0.1, 0.2, 0.3, 0.4])) and np.prod of the same.
        let small = Tensor(unchecked: [4], storage: .float32([0.1, 0.2, 0.3, 0.4]))
        XCTAssertEqual(try small.accumulated(.sum, axis: nil).storage, .float32([0.1, 0.3, 0.6, 1.0]))
        XCTAssertEqual(try small.product(axis: nil).storage, .float32([0.0024000003]))
    }

    func testIntegersAccumulateInInt64AndWrap() throws {
        let i32 = Tensor(unchecked: [2], storage: .int32([Int32.max, 1]))
        XCTAssertEqual(try i32.accumulated(.sum, axis: nil).storage, .int64([2_147_483_647, 2_147_483_648]))
        let big = Tensor(unchecked: [2], storage: .int64([1 << 62, 4]))
        XCTAssertEqual(try big.product(axis: nil).storage, .int64([0]))
        let bools = Tensor(unchecked: [3], storage: .bool([true, true, false]))
        XCTAssertEqual(try bools.accumulated(.sum, axis: nil).storage, .int64([1, 2, 2]))
    }

    func testAxesShapesAndEmptyProducts() throws {
        let m = Tensor(unchecked: [2, 3], storage: .int64([1, 2, 3, 4, 5, 6]))
        let down = try m.accumulated(.product, axis: 0)
        XCTAssertEqual(down.shape, [2, 3])
        XCTAssertEqual(down.storage, .int64([1, 2, 3, 4, 10, 18]))
        let rows = try m.product(axis: 1, keepDims: true)
        XCTAssertEqual(rows.shape, [2, 1])
        XCTAssertEqual(rows.storage, .int64([6, 120]))
        let empty = try Tensor.zeros([2, 0]).product(axis: 1)
        XCTAssertEqual(empty.shape, [2])
        XCTAssertEqual(empty.scalars, [1, 1])
        XCTAssertThrowsError(try m.accumulated(.sum, axis: 2)) { XCTAssertEqual($0 as? CoreError, .badAxis(axis: 2, rank: 2)) }
    }
}
