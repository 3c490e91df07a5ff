@testable import AttnCore
import Foundation
import XCTest

/// `Attention` with kvHeads, causal alignments, windows, ALiBi and the
/// log-sum-exp, at the tensor level: grouped K/V packed once per key/value
/// head and equal to K/V repeated per query head, the three paths (fused
/// attend, row-by-row weights and scores, lse alone) agreeing, and the
/// errors. (The kernels are checked against the reference in
/// KernelOptionTests; the numbers against PyTorch in the golden tests.)
final class AttentionOptionsTests: XCTestCase {
    private func tensor(_ shape: [Int], seed: UInt64, scale: Double = 1) throws -> Tensor {
        try Tensor.randn(shape, seed: seed).map { $0 * scale }
    }

    /// x [..., L, g·w] with each of its g column blocks repeated `times` times: [..., L, g·times·w].
    private func repeatHeads(_ x: Tensor, groups g: Int, times: Int) throws -> Tensor {
        let width = x.shape[x.rank - 1], w = width / g
        let rows = x.count / width
        var out: [Double] = []
        for r in 0..<rows {
            for h in 0..<g {
                let block = x.scalars[(r * width + h * w)..<(r * width + (h + 1) * w)]
                for _ in 0..<times { out += block }
            }
        }
        return try Tensor(shape: Array(x.shape.dropLast()) + [width * times], scalars: out)
    }

    func testGroupedKeysAndValuesEqualRepeatedOnes() throws {
        let (batch, heads, kvHeads, lq, lk, dh, dvh) = (2, 6, 2, 5, 7, 3, 2)
        let q = try tensor([batch, lq, heads * dh], seed: 1)
        let k = try tensor([batch, lk, kvHeads * dh], seed: 2), v = try tensor([batch, lk, kvHeads * dvh], seed: 3)
        let kr = try repeatHeads(k, groups: kvHeads, times: heads / kvHeads)
        let vr = try repeatHeads(v, groups: kvHeads, times: heads / kvHeads)
        var bias = try tensor([batch, heads, lq, lk], seed: 4)
        bias.scalars[7] = -.infinity
        let slopes = try Tensor(shape: [heads], scalars: (0..<heads).map { 0.1 * Double($0 + 1) })
        for causal in [AttentionOptions.Causal.none, .topLeft, .bottomRight] {
            for window in [nil, AttentionOptions.Window(left: 2, right: 0)] {
                var grouped = AttentionOptions(bias: bias, causal: causal, window: window, alibi: slopes, heads: heads,
                                               kvHeads: kvHeads)
                var repeated = grouped
                repeated.kvHeads = nil
                let label = "\(causal) \(String(describing: window))"
                // The same per-head problems: the same bits.
                XCTAssertEqual(try Attention.attend(q, k, v, options: grouped), try Attention.attend(q, kr, vr, options: repeated), label)
                XCTAssertEqual(try Attention.weights(q, k, options: grouped), try Attention.weights(q, kr, options: repeated), label)
                XCTAssertEqual(try Attention.scores(q, k, options: grouped), try Attention.scores(q, kr, options: repeated), label)
                XCTAssertEqual(try Attention.logSumExp(q, k, options: grouped), try Attention.logSumExp(q, kr, options: repeated), label)
                grouped.kvHeads = 1  // multi-query: one key/value head for all
                repeated.kvHeads = 1
                let k1 = try tensor([batch, lk, dh], seed: 5), v1 = try tensor([batch, lk, dvh], seed: 6)
                let out = try Attention.attend(q, k1, v1, options: grouped)
                XCTAssertEqual(out.shape, [batch, lq, heads * dvh])
                XCTAssertEqual(out, try Attention.attend(q, try repeatHeads(k1, groups: 1, times: heads),
                                                         try repeatHeads(v1, groups: 1, times: heads),
                                                         options: AttentionOptions(bias: bias, causal: causal, window: window,
                                                                                   alibi: slopes, heads: heads)), label)
            }
        }
    }

    func testGroupedKeysArePackedOncePerKeyValueHead() throws {
        let q = try tensor([2, 4, 32], seed: 11), k = try tensor([2, 9, 8], seed: 12), v = try tensor([2, 9, 4], seed: 13)
        let g = try Geometry(q: q, k: k, v: v, heads: 8, kvHeads: 2)
        XCTAssertEqual(g.group, 4)
        XCTAssertEqual(g.dv, 16)
        let packed = try g.pack(q: q, k: k, v: v)
        XCTAssertEqual(packed.q.count, 2 * 8 * 4 * 4)
        XCTAssertEqual(packed.k.count, 2 * 2 * 9 * 4, "K is packed per key/value head, not per query head")
        XCTAssertEqual(packed.v.count, 2 * 2 * 9 * 2)
        // Block b·kvHeads + h holds batch entry b's key head h.
        let packedIndex: Int = (1 * 2 + 1) * 9 * 4 + 3 * 4 + 2, sourceIndex: Int = (1 * 9 + 3) * 8 + 1 * 4 + 2
        XCTAssertEqual(packed.k[packedIndex], k.scalars[sourceIndex])
    }

    func testFusedWeightsScoresAndLogSumExpAgree() throws {
        let (heads, lq, lk, d, dv) = (2, 6, 9, 4, 6)
        let q = try tensor([lq, d], seed: 21, scale: 2), k = try tensor([lk, d], seed: 22, scale: 2)
        let v = try tensor([lk, dv], seed: 23)
        var mask = try Tensor(repeating: 1, shape: [lq, lk])
        for j in 0..<lk { mask.scalars[3 * lk + j] = 0 }  // row 3: nothing allowed
        let options = AttentionOptions(
            mask: mask, bias: try tensor([heads, lq, lk], seed: 24), causal: .bottomRight,
            window: .init(left: 4, right: nil), alibi: try Tensor(shape: [2], scalars: [0.5, 0.125]), heads: heads)
        let (out, lse) = try Attention.attendWithLSE(q, k, v, options: options)
        XCTAssertEqual(out, try Attention.attend(q, k, v, options: options))
        XCTAssertEqual(lse, try Attention.logSumExp(q, k, options: options), "lse alone, bit for bit")
        XCTAssertEqual(lse, try Attention.logSumExp(q, k, v, options: options))
        XCTAssertEqual(lse.shape, [heads, lq])
        let s = try Attention.scores(q, k, options: options)
        let w = try Attention.weights(q, k, options: options)
        let bySoftmax = try s.logSumExp(axis: -1)
        for h in 0..<heads {
            XCTAssertEqual(lse.scalars[h * lq + 3], -.infinity)
            XCTAssertEqual(Array(w.scalars[((h * lq + 3) * lk)..<((h * lq + 4) * lk)]), [Double](repeating: 0, count: lk))
            for i in 0..<lq {
                let l = lse.scalars[h * lq + i]
                if l == -.infinity { XCTAssertEqual(bySoftmax.scalars[h * lq + i], -.infinity); continue }
                XCTAssertEqual(l, bySoftmax.scalars[h * lq + i], accuracy: 1e-13)
                for j in 0..<lk {
                    // weights = exp(scores − lse)
                    let n = (h * lq + i) * lk + j
                    XCTAssertEqual(w.scalars[n], Foundation.exp(s.scalars[n] - l), accuracy: 1e-14)
                }
            }
        }
        // Excluded keys are -inf in scores: the band (window 4 before the
        // bottom-right diagonal, nothing after it) with Lk − Lq = 3.
        for i in 0..<lq where i != 3 {
            for j in 0..<lk {
                let inBand = j >= i + 3 - 4 && j <= i + 3
                XCTAssertEqual(s.scalars[i * lk + j] == -.infinity, !inBand, "i \(i) j \(j)")
            }
        }
    }

    func testOneQueryAndNoKeys() throws {
        let q = try tensor([4], seed: 31), k = try tensor([5, 4], seed: 32)
        let lse = try Attention.logSumExp(q, k, options: AttentionOptions(heads: 2))
        XCTAssertEqual(lse.shape, [2])
        let one = try Attention.logSumExp(q, k, options: AttentionOptions())
        XCTAssertEqual(one.shape, [])
        let none = try Attention.logSumExp(try tensor([3, 4], seed: 33), try Tensor(repeating: 0, shape: [0, 4]),
                                           options: AttentionOptions(causal: .bottomRight))
        XCTAssertEqual(none.scalars, [-.infinity, -.infinity, -.infinity])
    }

    func testOptionErrors() throws {
        let q = try tensor([3, 8], seed: 41), k = try tensor([5, 4], seed: 42), v = try tensor([5, 4], seed: 43)
        let cases: [(AttentionOptions, Tensor, Tensor, String)] = [
            (AttentionOptions(heads: 4, kvHeads: 3), k, v, "kv_heads: 3 does not divide heads: 4"),
            (AttentionOptions(heads: 4, kvHeads: 1), k, v, "K must have width kv_heads·d/heads = 1·2 = 2"),
            (AttentionOptions(heads: 4, kvHeads: 2), k, try tensor([5, 3], seed: 44), "kv_heads: 2 does not divide the value width 3"),
            (AttentionOptions(heads: 2, kvHeads: 0), k, v, "kv_heads must be ≥ 1"),
            (AttentionOptions(alibi: try tensor([3], seed: 45), heads: 2, kvHeads: 1), k, v, "alibi: slopes must be one number or a vector of heads = 2"),
            (AttentionOptions(alibi: Tensor(.infinity)), try tensor([5, 8], seed: 46), v, "alibi: slopes must be finite"),
        ]
        for (options, k, v, expected) in cases {
            XCTAssertThrowsError(try Attention.attend(q, k, v, options: options)) { error in
                let text = (error as? CoreError)?.message ?? "\(error)"
                XCTAssertTrue(text.contains(expected), "\(text) should contain \(expected)")
            }
        }
        // K of Q's width with kv_heads: the hint says what is wrong.
        XCTAssertThrowsError(try Attention.attend(q, try tensor([5, 8], seed: 47), v, options: AttentionOptions(heads: 4, kvHeads: 2))) { error in
            XCTAssertTrue((error as? CoreError)?.message.contains("K has Q's width") ?? false, "\(error)")
        }
    }
}
