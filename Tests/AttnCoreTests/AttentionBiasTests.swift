@testable import AttnCore
import XCTest

/// `Attention` with `bias:` and the 0/1 rule for `mask:`, at the tensor level:
/// broadcasting and packing of the bias over batch and heads, agreement
/// between the fused `attend` and the separate `weights` path, and the typed
/// error for a mask that is not boolean. (The kernels themselves are checked
/// against the reference in KernelTests; the numbers against numpy in the
/// golden tests.)
final class AttentionBiasTests: XCTestCase {
    private func tensor(_ shape: [Int], seed: UInt64, scale: Double = 1) throws -> Tensor {
        try Tensor.randn(shape, seed: seed).map { $0 * scale }
    }

    /// Head h of x [b, L, d]: columns h·d/heads ..< (h+1)·d/heads of batch entry b, as [L, d/heads].
    private func head(_ x: Tensor, batch b: Int, head h: Int, heads: Int) throws -> Tensor {
        let (l, d) = (x.shape[x.rank - 2], x.shape[x.rank - 1])
        let w = d / heads
        var out: [Double] = []
        for i in 0..<l {
            let start: Int = (b * l + i) * d + h * w
            out += x.scalars[start..<(start + w)]
        }
        return try Tensor(shape: [l, w], scalars: out)
    }

    func testBiasBroadcastsOverBatchAndHeadsLikeAFullBias() throws {
        let (batch, heads, lq, lk, d, dv) = (2, 2, 5, 7, 8, 6)
        let q = try tensor([batch, lq, d], seed: 1), k = try tensor([batch, lk, d], seed: 2)
        let v = try tensor([batch, lk, dv], seed: 3)
        var full = try tensor([batch, heads, lq, lk], seed: 4, scale: 2)
        full.scalars[3] = -.infinity
        let target = [batch, heads, lq, lk]
        let shapes: [[Int]] = [[lq, lk], [lk], [batch, 1, lq, lk], [1, heads, lq, lk], [batch, heads, 1, lk], target]
        for shape in shapes {
            let bias = try tensor(shape, seed: 5, scale: 2)
            let expanded = try bias.broadcast(to: target)
            for causal in [false, true] {
                let small = AttentionOptions(bias: bias, causal: causal ? .topLeft : .none, heads: heads)
                let big = AttentionOptions(bias: expanded, causal: causal ? .topLeft : .none, heads: heads)
                // One shared block or per-(batch, head) blocks: the same numbers, bit for bit.
                XCTAssertEqual(try Attention.attend(q, k, v, options: small), try Attention.attend(q, k, v, options: big),
                               "bias \(shape) causal=\(causal)")
                XCTAssertEqual(try Attention.weights(q, k, options: small), try Attention.weights(q, k, options: big),
                               "bias \(shape) causal=\(causal)")
            }
        }
    }

    func testAttendAgreesWithWeightsTimesV() throws {
        // Two implementations: the fused kernel and the row-by-row `weights`.
        let (batch, heads, lq, lk, d, dv) = (2, 2, 6, 9, 4, 6)
        let q = try tensor([batch, lq, d], seed: 11, scale: 2), k = try tensor([batch, lk, d], seed: 12, scale: 2)
        let v = try tensor([batch, lk, dv], seed: 13)
        var bias = try tensor([batch, heads, lq, lk], seed: 14, scale: 3)
        for n in stride(from: 0, to: bias.count, by: 5) { bias.scalars[n] = -.infinity }
        for j in 0..<lk { bias.scalars[(1 * heads + 1) * lq * lk + 4 * lk + j] = -.infinity }  // batch 1, head 1, row 4
        var mask = try Tensor(repeating: 1, shape: [lq, lk])
        for n in stride(from: 1, to: mask.count, by: 4) { mask.scalars[n] = 0 }
        for causal in [false, true] {
            let options = AttentionOptions(mask: mask, bias: bias, causal: causal ? .topLeft : .none, heads: heads)
            let out = try Attention.attend(q, k, v, options: options)
            let w = try Attention.weights(q, k, options: options)
            XCTAssertEqual(w.shape, [batch, heads, lq, lk])
            XCTAssertEqual(out.shape, [batch, lq, dv])
            let wh = dv / heads
            for b in 0..<batch {
                for h in 0..<heads {
                    let wBlock = try Tensor(shape: [lq, lk], scalars: Array(w.scalars[((b * heads + h) * lq * lk)..<((b * heads + h + 1) * lq * lk)]))
                    let expected = try Tensor.matmul(wBlock, try head(v, batch: b, head: h, heads: heads))
                    let actual = try head(out, batch: b, head: h, heads: heads)
                    for (x, y) in zip(actual.scalars, expected.scalars) {
                        XCTAssertEqual(x, y, accuracy: 1e-12, "batch \(b) head \(h) causal=\(causal)")
                    }
                }
            }
            // The row every key of which is -inf: zero weights, zero output.
            let row = (1 * heads + 1) * lq * lk + 4 * lk
            XCTAssertEqual(Array(w.scalars[row..<(row + lk)]), [Double](repeating: 0, count: lk))
            let dead = try head(out, batch: 1, head: 1, heads: heads).scalars[(4 * wh)..<(5 * wh)]
            XCTAssertTrue(dead.allSatisfy { $0 == 0 }, "\(dead)")
        }
    }

    func testWeightsRowsWithNaNOrPlusInfinityAreNaN() throws {
        let q = try tensor([3, 4], seed: 21), k = try tensor([5, 4], seed: 22)
        var bias = try Tensor(repeating: 0, shape: [3, 5])
        bias.scalars[0 * 5 + 2] = .nan
        bias.scalars[1 * 5 + 4] = .infinity
        let w = try Attention.weights(q, k, options: AttentionOptions(bias: bias))
        XCTAssertTrue(w.scalars[0..<10].allSatisfy(\.isNaN))
        XCTAssertTrue(w.scalars[10..<15].allSatisfy(\.isFinite))
        // A single allowed key whose score is NaN: NaN, not an "all excluded" zero row.
        var mask = try Tensor(repeating: 0, shape: [3, 5])
        mask.scalars[0 * 5 + 2] = 1
        let lone = try Attention.weights(q, k, options: AttentionOptions(mask: mask, bias: bias))
        XCTAssertTrue(lone.scalars[0..<5].allSatisfy(\.isNaN))
        XCTAssertEqual(Array(lone.scalars[5..<15]), [Double](repeating: 0, count: 10))
    }

    func testMaskMustBeZeroOrOne() throws {
        let q = try tensor([2, 4], seed: 31), k = try tensor([3, 4], seed: 32), v = try tensor([3, 2], seed: 33)
        let cases: [(Tensor, Double, [Int])] = [
            (try Tensor(shape: [2, 3], scalars: [1, 1, 0, 0, -1e9, 1]), -1e9, [1, 1]),
            (try Tensor(shape: [3], scalars: [1, .nan, 1]), .nan, [1]),
            (try Tensor(shape: [3], scalars: [1, 0.5, 1]), 0.5, [1]),
            (try Tensor(shape: [2, 1], scalars: [1, -.infinity]), -.infinity, [1, 0]),
            (Tensor(2), 2, []),
        ]
        for (mask, value, index) in cases {
            for run in [
                { try Attention.attend(q, k, v, options: AttentionOptions(mask: mask)) },
                { try Attention.weights(q, k, options: AttentionOptions(mask: mask)) },
            ] {
                XCTAssertThrowsError(try run()) { error in
                    guard case CoreError.nonBooleanMask(let got, let at) = error else {
                        return XCTFail("mask \(mask.scalars): \(error)")
                    }
                    XCTAssertTrue(got == value || (got.isNaN && value.isNaN), "\(got) for \(value)")
                    XCTAssertEqual(at, index)
                    XCTAssertTrue((error as? CoreError)?.message.contains("bias") ?? false)
                }
            }
        }
        // 0 and 1 (true and false), -0 included, are fine.
        let ok = try Tensor(shape: [2, 3], scalars: [1, -0.0, 1, 0, 1, 1])
        XCTAssertNoThrow(try Attention.attend(q, k, v, options: AttentionOptions(mask: ok)))
    }

    func testBiasShapeMustBroadcast() throws {
        let q = try tensor([2, 4], seed: 41), k = try tensor([3, 4], seed: 42), v = try tensor([3, 2], seed: 43)
        XCTAssertThrowsError(try Attention.attend(q, k, v, options: AttentionOptions(bias: try tensor([3, 2], seed: 44)))) { error in
            guard case CoreError.shapeMismatch(let text) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(text.hasPrefix("bias of shape [3, 2]"), text)
        }
    }
}
