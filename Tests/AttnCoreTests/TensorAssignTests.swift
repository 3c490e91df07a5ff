@testable import AttnCore
import XCTest

/// `Tensor.assign`, numpy's `a[items] = value`; expected values from numpy 2.4.6.
final class TensorAssignTests: XCTestCase {
    private func matrix() -> Tensor {
        Tensor(unchecked: [3, 4], (0..<12).map(Double.init))
    }

    func testOneElementAndNegativeIndices() throws {
        var t = matrix()
        try t.assign([.at(1), .at(2)], Tensor(-1))
        try t.assign([.at(-1), .at(-1)], Tensor.weak(integer: 100))
        XCTAssertEqual(t.scalars, [0, 1, 2, 3, 4, 5, -1, 7, 8, 9, 10, 100])
        XCTAssertEqual(t.dtype, .float64)
    }

    func testRowColumnAndSteppedRegionsBroadcast() throws {
        var t = matrix()
        try t.assign([.at(0)], Tensor(vector: [9, 8, 7, 6]))  // a[0] = [9, 8, 7, 6]
        try t.assign([.slice(start: nil, stop: nil, step: nil), .at(1)], Tensor(5))  // a[:, 1] = 5
        try t.assign([.slice(start: 1, stop: nil, step: nil), .slice(start: nil, stop: nil, step: 2)],
                     Tensor(vector: [-1, -2]))  // a[1:, ::2] = [-1, -2]
        XCTAssertEqual(t.scalars, [9, 5, 7, 6, -1, 5, -2, 7, -1, 5, -2, 11])
    }

    func testTheValueIsCastToTheTensorsDtype() throws {
        var ints = Tensor(unchecked: [3], storage: .int64([1, 2, 3]))
        try ints.assign([.at(0)], Tensor(2.9))  // numpy truncates: i[0] = 2.9 gives 2
        try ints.assign([.slice(start: 1, stop: nil, step: nil)], Tensor(-1.5))
        XCTAssertEqual(ints.storage, .int64([2, -1, -1]))
        var flags = Tensor(unchecked: [2], storage: .bool([false, false]))
        try flags.assign([.at(1)], Tensor(0.5))
        XCTAssertEqual(flags.storage, .bool([false, true]))
    }

    func testCopiesThatSharedTheStorageKeepTheirElements() throws {
        let original = matrix()
        var changed = original
        try changed.assign([.at(0), .at(0)], Tensor(42))
        try changed.assign([.at(2)], Tensor(0))
        XCTAssertEqual(original.scalars[0], 0, "no views: the other tensor is unchanged")
        XCTAssertEqual(changed.scalars[0], 42)
        XCTAssertEqual(Array(changed.scalars[8...]), [0, 0, 0, 0])
    }

    func testErrors() throws {
        var t = matrix()
        XCTAssertThrowsError(try t.assign([.at(3)], Tensor(1)))
        XCTAssertThrowsError(try t.assign([.at(0), .at(-5)], Tensor(1)))
        XCTAssertThrowsError(try t.assign([.at(0), .at(0), .at(0)], Tensor(1)))
        XCTAssertThrowsError(try t.assign([.at(0)], Tensor(vector: [1, 2, 3])), "a length-3 row does not fit a length-4 one")
        XCTAssertThrowsError(try t.assign([.slice(start: nil, stop: nil, step: 0)], Tensor(1)))
        XCTAssertEqual(t, matrix(), "a refused assignment changes nothing")
    }

    func testAnEmptyRegionWritesNothing() throws {
        var t = matrix()
        try t.assign([.slice(start: 2, stop: 1, step: nil)], Tensor(7))
        XCTAssertEqual(t, matrix())
    }
}
