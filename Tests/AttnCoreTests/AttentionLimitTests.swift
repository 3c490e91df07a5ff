import AttnCore
import XCTest

/// The fused kernel never builds the Lq×Lk matrix, so the element limit
/// applies to what attend allocates, not to the scores it never stores.
final class AttentionLimitTests: XCTestCase {
    func testAttendIsNotLimitedByTheScoreMatrixItNeverBuilds() throws {
        let saved = Tensor.maxElements
        defer { Tensor.maxElements = saved }
        Tensor.maxElements = 100
        let x = try Tensor.randn([20, 4], seed: 7)  // 80 elements; the scores would be 400
        let out = try Attention.attend(x, x, x, options: AttentionOptions())
        XCTAssertEqual(out.shape, [20, 4])
        XCTAssertThrowsError(try Attention.weights(x, x, options: AttentionOptions())) { error in
            guard case CoreError.tooLarge(let shape, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(shape, [20, 20])
        }
    }
}
