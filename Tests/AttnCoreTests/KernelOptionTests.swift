import Foundation
import XCTest

@testable import AttnCore

/// The fused kernel's positional options (causal top-left and bottom-right,
/// sliding windows: one `KeyBand`), ALiBi, the log-sum-exp output and
/// grouped key/value heads, against the reference at every CPU level, with
/// small blocks so that bands, windows and online-softmax rescaling cross
/// block boundaries.
final class KernelOptionTests: XCTestCase {
    private let levels = Kernels.Level.available

    /// flash-attn's and PyTorch's rules, written out as they are documented.
    private func allowedByDefinition(
        i: Int, j: Int, lq: Int, lk: Int, causal: AttentionOptions.Causal, window: AttentionOptions.Window?
    ) -> Bool {
        switch causal {
        case .none: break
        case .topLeft: if j > i { return false }
        case .bottomRight: if j > i + lk - lq { return false }
        }
        if let window {
            if let left = window.left, j < i + lk - lq - left { return false }
            if let right = window.right, j > i + lk - lq + right { return false }
        }
        return true
    }

    private let causals: [AttentionOptions.Causal] = [.none, .topLeft, .bottomRight]
    private let windows: [AttentionOptions.Window?] = [
        nil, .init(left: 0, right: 0), .init(left: 2, right: 1), .init(left: 3, right: nil), .init(left: nil, right: 2),
        .init(left: -1, right: 0), .init(left: 1, right: -1), .init(left: 5, right: 5), .init(left: 100, right: 100),
    ]

    func testKeyBandIsTheDocumentedRule() {
        for (lq, lk) in [(1, 1), (4, 4), (3, 7), (7, 3), (1, 9), (9, 1), (5, 0), (0, 5)] {
            for causal in causals {
                for window in windows {
                    let band = KeyBand(causal: causal, window: window, lq: lq, lk: lk)
                    for i in 0..<lq {
                        let keys = band.keys(query: i, keyCount: lk)
                        for j in 0..<lk {
                            let expected = allowedByDefinition(i: i, j: j, lq: lq, lk: lk, causal: causal, window: window)
                            XCTAssertEqual(band.allows(query: i, key: j), expected, "\(lq)x\(lk) \(causal) \(String(describing: window)) i=\(i) j=\(j)")
                            XCTAssertEqual(keys.contains(j), expected, "keys \(lq)x\(lk) \(causal) i=\(i) j=\(j)")
                        }
                    }
                }
            }
        }
        // flash-attn's example: Lq = 2, Lk = 5 bottom-right causal keeps 1 1 1 1 0 / 1 1 1 1 1.
        let band = KeyBand(causal: .bottomRight, window: nil, lq: 2, lk: 5)
        XCTAssertEqual(band.keys(query: 0, keyCount: 5), 0..<4)
        XCTAssertEqual(band.keys(query: 1, keyCount: 5), 0..<5)
        // Lq = 5, Lk = 2: the first three queries see nothing.
        let tall = KeyBand(causal: .bottomRight, window: nil, lq: 5, lk: 2)
        XCTAssertEqual((0..<5).map { tall.keys(query: $0, keyCount: 2).count }, [0, 0, 0, 1, 2])
        // Huge bounds do not overflow.
        let wide = KeyBand(lower: Int.min, upper: Int.max)
        XCTAssertEqual(wide.keys(query: 1 << 40, keyCount: 10), 0..<10)
    }

    /// Random cases with a band, optionally ALiBi, a mask and a bias.
    private func bandCase(_ rng: inout SeededRandom, lq: Int, lk: Int, causal: AttentionOptions.Causal,
                          window: AttentionOptions.Window?, alibi: Double?, masked: Bool, biased: Bool) -> AttentionCase {
        var c = AttentionCase(lq: lq, lk: lk, d: 5, dv: 3, causal: false, masked: masked, rng: &rng, magnitude: 3)
        c.explicitBand = KeyBand(causal: causal, window: window, lq: lq, lk: lk)
        c.alibiSlope = alibi
        if biased { c.bias = randomArray(lq * lk, &rng, in: -2...2) }
        return c
    }

    func testBandsMatchReferenceAtEveryLevel() throws {
        var rng = SeededRandom(seed: 40)
        for (lq, lk) in [(13, 37), (37, 13), (40, 40), (1, 30), (30, 1), (65, 129)] {
            for causal in causals {
                for window in windows {
                    let c = bandCase(&rng, lq: lq, lk: lk, causal: causal, window: window, alibi: nil,
                                     masked: Bool.random(using: &rng), biased: Bool.random(using: &rng))
                    let expected = c.referenceWithLSE()
                    for level in levels {
                        let tile = level.tile
                        for (blockQ, blockK) in [(tile.mr, tile.nr), (2 * tile.mr, 3 * tile.nr), (72, 64), (72, 256)] {
                            let got = try c.fastWithLSE(blockQ: blockQ, blockK: blockK, level: level)
                            let label = "\(level) blocks \(blockQ)x\(blockK) \(causal) \(String(describing: window)) " + c.label
                            assertClose(got.out, expected.out, label)
                            assertClose(got.lse, expected.lse, "lse " + label)
                        }
                    }
                    let publicBlockK = Kernels.FlashAttention.blockK(for: c.band)
                    assertIdentical(try c.fast(), try c.fast(blockK: publicBlockK, level: .current), "public " + c.label)
                }
            }
        }
    }

    func testBandIsExactlyTheMaskItStandsFor() throws {
        // Skipping key blocks and keys outside the band changes nothing: the
        // same problem with the band written as a 0/1 mask gives the same bits.
        var rng = SeededRandom(seed: 41)
        for (lq, lk, causal, window) in [
            (50, 70, AttentionOptions.Causal.bottomRight, AttentionOptions.Window?(.init(left: 9, right: 0))),
            (70, 50, .topLeft, .init(left: 4, right: nil)), (60, 60, .none, .init(left: 7, right: 3)),
            (45, 80, .bottomRight, nil), (80, 45, .bottomRight, nil),
        ] {
            for alibi in [nil, 0.3] {
                let banded = bandCase(&rng, lq: lq, lk: lk, causal: causal, window: window, alibi: alibi,
                                      masked: false, biased: true)
                var masked = banded
                masked.explicitBand = .unlimited
                masked.mask = (0..<(lq * lk)).map {
                    allowedByDefinition(i: $0 / lk, j: $0 % lk, lq: lq, lk: lk, causal: causal, window: window) ? 1 : 0
                }
                for level in levels {
                    for (blockQ, blockK) in [(level.tile.mr, level.tile.nr), (72, 256)] {
                        let a = try banded.fastWithLSE(blockQ: blockQ, blockK: blockK, level: level)
                        let b = try masked.fastWithLSE(blockQ: blockQ, blockK: blockK, level: level)
                        assertIdentical(a.out, b.out, "\(level) band as mask " + banded.label)
                        assertIdentical(a.lse, b.lse, "\(level) lse band as mask " + banded.label)
                    }
                }
            }
        }
    }

    func testSlidingWindowSkipsKeyBlocks() {
        // Window 256 at L = 16,384 with the default blocks: each query block
        // visits at most 3 key blocks of 256, where causal visits up to 64.
        func visited(_ band: KeyBand, l: Int, blockK: Int = Kernels.FlashAttention.defaultBlockK) -> Int {
            let dummy = UnsafeMutablePointer<Double>.allocate(capacity: 1)
            defer { dummy.deallocate() }
            var p = Kernels.FlashAttention.Problem(
                heads: 1, lq: l, lk: l, d: 1, dv: 1, scale: 1, band: band,
                q: Kernels.SharedPointer(dummy), qStride: 0, k: Kernels.SharedPointer(dummy), kStride: 0,
                v: Kernels.SharedPointer(dummy), vStride: 0, out: Kernels.SharedPointer(dummy), outStride: 0,
                mask: nil, maskStride: 0)
            p.blockK = blockK
            return stride(from: 0, to: l, by: p.blockQ).reduce(0) { total, i0 in
                let blocks = Kernels.FlashAttention.keyBlocks(p, firstQuery: i0, rows: min(p.blockQ, l - i0))
                // A query block of 72 rows and a window of 256 span 328 keys.
                XCTAssertLessThanOrEqual(blocks.count, band.lower == nil ? l / blockK : 328 / blockK + 2)
                return total + blocks.count
            }
        }
        let l = 16_384
        let windowBand = KeyBand(causal: .bottomRight, window: .init(left: 256, right: 0), lq: l, lk: l)
        let window = visited(windowBand, l: l)
        let causal = visited(KeyBand(causal: .bottomRight, window: nil, lq: l, lk: l), l: l)
        let full = visited(.unlimited, l: l)
        XCTAssertEqual(full, 228 * 64)
        XCTAssertLessThan(Double(window), 0.1 * Double(causal), "window \(window) vs causal \(causal) key blocks")
        // The public entry points use narrower key blocks for narrow bands: fewer keys computed.
        let narrow = Kernels.FlashAttention.blockK(for: windowBand)
        XCTAssertEqual(narrow, Kernels.FlashAttention.narrowBlockK)
        XCTAssertLessThan(visited(windowBand, l: l, blockK: narrow) * narrow, window * 256)
        XCTAssertEqual(Kernels.FlashAttention.blockK(for: KeyBand(causal: .bottomRight, window: nil, lq: l, lk: l)), 256)
        // Nothing allowed anywhere: no block is visited.
        XCTAssertEqual(visited(KeyBand(lower: 3, upper: 2), l: 1000), 0)
    }

    func testALiBiMatchesReference() throws {
        var rng = SeededRandom(seed: 42)
        for (lq, lk) in [(20, 20), (13, 41), (41, 13), (1, 50), (70, 90)] {
            for slope in [0.0625, 0.5, 2, -0.25] {
                for (causal, window) in [(AttentionOptions.Causal.none, AttentionOptions.Window?.none),
                                         (.bottomRight, nil), (.topLeft, nil), (.none, .init(left: 6, right: 2)),
                                         (.bottomRight, .init(left: 4, right: nil))] {
                    let c = bandCase(&rng, lq: lq, lk: lk, causal: causal, window: window, alibi: slope,
                                     masked: Bool.random(using: &rng), biased: Bool.random(using: &rng))
                    let expected = c.referenceWithLSE()
                    for level in levels {
                        let tile = level.tile
                        for (blockQ, blockK) in [(tile.mr, tile.nr), (72, 256)] {
                            let got = try c.fastWithLSE(blockQ: blockQ, blockK: blockK, level: level)
                            assertClose(got.out, expected.out, "\(level) alibi \(slope) " + c.label)
                            assertClose(got.lse, expected.lse, "\(level) alibi lse \(slope) " + c.label)
                        }
                    }
                }
            }
        }
    }

    func testALiBiIsTheBiasItStandsFor() throws {
        // Independent of the reference: ALiBi equals the explicit bias
        // −slope·|i + Lk − Lq − j| added to a zero-ALiBi problem.
        var rng = SeededRandom(seed: 43)
        for (lq, lk) in [(30, 50), (50, 30)] {
            var c = bandCase(&rng, lq: lq, lk: lk, causal: .none, window: .init(left: 10, right: 3), alibi: 0.7,
                             masked: true, biased: false)
            var plain = c
            plain.alibiSlope = nil
            plain.bias = (0..<(lq * lk)).map { -0.7 * Double(abs($0 / lk + lk - lq - $0 % lk)) }
            for level in levels {
                let a = try c.fastWithLSE(blockQ: level.tile.mr, blockK: level.tile.nr, level: level)
                let b = try plain.fastWithLSE(blockQ: level.tile.mr, blockK: level.tile.nr, level: level)
                assertClose(a.out, b.out, "\(level) alibi as bias")
                assertClose(a.lse, b.lse, "\(level) alibi as bias, lse")
            }
            c.alibiSlope = 0  // a zero slope is no ALiBi at all
            plain.bias = nil
            for level in levels {
                assertIdentical(try c.fast(level: level), try plain.fast(level: level), "\(level) zero slope")
            }
        }
    }

    func testLogSumExpOfExcludedAndNonFiniteRows() throws {
        var rng = SeededRandom(seed: 44)
        // Rows 1, 4, 7 fully masked; row 2 all -inf bias; row 0 a NaN bias
        // and row 8 a +inf bias at an allowed key. Bottom-right causal with
        // Lq > Lk also hides every key from rows 0-2.
        for causal in [AttentionOptions.Causal.none, .bottomRight] {
            var c = AttentionCase(lq: 9, lk: 6, d: 3, dv: 2, causal: false, masked: true, rng: &rng)
            c.explicitBand = KeyBand(causal: causal, window: nil, lq: 9, lk: 6)
            var b = randomArray(9 * 6, &rng, in: -1...1)
            for j in 0..<6 { b[2 * 6 + j] = -.infinity }
            b[0 * 6 + 5] = .nan
            b[8 * 6 + 5] = .infinity
            c.mask?[0 * 6 + 5] = 1
            c.mask?[8 * 6 + 5] = 1
            c.bias = b
            let expected = c.referenceWithLSE()
            for i in [1, 2, 4, 7] { XCTAssertEqual(expected.lse[i], -.infinity, "row \(i)") }
            XCTAssertTrue(expected.lse[8].isNaN && expected.out[16].isNaN)
            if causal == .none {
                XCTAssertTrue(expected.lse[0].isNaN)
            } else {
                XCTAssertEqual(Array(expected.lse[0..<3]), [-.infinity, -.infinity, -.infinity])
                XCTAssertEqual(Array(expected.out[0..<6]), [0, 0, 0, 0, 0, 0])
            }
            for level in levels {
                for blocks in [(level.tile.mr, level.tile.nr), (72, 256)] {
                    let got = try c.fastWithLSE(blockQ: blocks.0, blockK: blocks.1, level: level)
                    assertClose(got.out, expected.out, "\(level) \(causal) excluded rows")
                    assertClose(got.lse, expected.lse, "\(level) \(causal) excluded rows, lse")
                    // Without outputs (dv = 0) the lse is the same, bit for bit.
                    let alone = try c.fastWithLSE(blockQ: blocks.0, blockK: blocks.1, level: level, outputs: false)
                    assertIdentical(alone.lse, got.lse, "\(level) \(causal) lse alone")
                }
            }
        }
        // No keys at all: zeros and -inf.
        let empty = AttentionCase(lq: 3, lk: 0, d: 2, dv: 2, causal: false, masked: false, rng: &rng)
        for level in levels {
            let got = try empty.fastWithLSE(level: level)
            XCTAssertEqual(got.out, [0, 0, 0, 0, 0, 0])
            XCTAssertEqual(got.lse, [-.infinity, -.infinity, -.infinity])
        }
    }

    func testWindowWiderThanTheKeysIsNoWindow() throws {
        var rng = SeededRandom(seed: 45)
        let c = bandCase(&rng, lq: 17, lk: 23, causal: .none, window: .init(left: 100, right: 100), alibi: nil,
                         masked: false, biased: true)
        var unbanded = c
        unbanded.explicitBand = .unlimited
        for level in levels {
            assertIdentical(try c.fastWithLSE(level: level).lse, try unbanded.fastWithLSE(level: level).lse, "\(level)")
        }
        XCTAssertTrue(c.band.isUnlimited)
    }

    /// `heads` query heads sharing `heads / group` key/value heads through the
    /// batched kernel at `level`, with a per-head bias, causal band and ALiBi.
    private func grouped(
        q: [Double], k: [Double], v: [Double], bias: [Double], heads: Int, group: Int, lq: Int, lk: Int, d: Int, dv: Int,
        band: KeyBand, slopes: [Double], level: Kernels.Level, blockQ: Int, blockK: Int, workers: Int
    ) throws -> (out: [Double], lse: [Double]) {
        var out = [Double](repeating: .nan, count: heads * lq * dv)
        var lse = [Double](repeating: .nan, count: heads * lq)
        try q.withUnsafeBufferPointer { pq in
            try k.withUnsafeBufferPointer { pk in
                try v.withUnsafeBufferPointer { pv in
                    try bias.withUnsafeBufferPointer { pb in
                        try out.withUnsafeMutableBufferPointer { po in
                            try lse.withUnsafeMutableBufferPointer { pl in
                                guard let q = pq.baseAddress, let k = pk.baseAddress, let v = pv.baseAddress,
                                      let b = pb.baseAddress, let o = po.baseAddress, let l = pl.baseAddress else { return }
                                var p = Kernels.FlashAttention.Problem(
                                    heads: heads, lq: lq, lk: lk, d: d, dv: dv, scale: 0.4, band: band,
                                    q: Kernels.SharedPointer(q), qStride: lq * d,
                                    k: Kernels.SharedPointer(k), kStride: lk * d,
                                    v: Kernels.SharedPointer(v), vStride: lk * dv,
                                    out: Kernels.SharedPointer(o), outStride: lq * dv,
                                    mask: nil, maskStride: 0, bias: Kernels.SharedPointer(b), biasStride: lq * lk,
                                    alibiSlopes: slopes, kvGroup: group, lse: Kernels.SharedPointer(l), lseStride: lq)
                                p.blockQ = blockQ
                                p.blockK = blockK
                                try Kernels.FlashAttention.run(p, workers: workers, level: level)
                            }
                        }
                    }
                }
            }
        }
        return (out, lse)
    }

    func testGroupedQueryAttentionWithBiasCausalAndALiBi() throws {
        var rng = SeededRandom(seed: 46)
        let heads = 6, lq = 19, lk = 27, d = 4, dv = 3
        for group in [1, 2, 3, 6] {
            let kvHeads = heads / group
            let q = randomArray(heads * lq * d, &rng, in: -2...2), k = randomArray(kvHeads * lk * d, &rng, in: -2...2)
            let v = randomArray(kvHeads * lk * dv, &rng)
            var bias = randomArray(heads * lq * lk, &rng, in: -1...1)
            for j in 0..<lk { bias[(1 * lq + 5) * lk + j] = -.infinity }  // head 1, row 5: excluded
            let slopes = (0..<heads).map { pow(2, -Double($0 + 1)) }
            for band in [KeyBand.unlimited, KeyBand(causal: .bottomRight, window: nil, lq: lq, lk: lk),
                         KeyBand(causal: .topLeft, window: .init(left: 5, right: nil), lq: lq, lk: lk)] {
                for level in levels {
                    let tile = level.tile
                    let one = try grouped(q: q, k: k, v: v, bias: bias, heads: heads, group: group, lq: lq, lk: lk,
                                          d: d, dv: dv, band: band, slopes: slopes, level: level,
                                          blockQ: tile.mr, blockK: tile.nr, workers: 1)
                    let many = try grouped(q: q, k: k, v: v, bias: bias, heads: heads, group: group, lq: lq, lk: lk,
                                           d: d, dv: dv, band: band, slopes: slopes, level: level,
                                           blockQ: tile.mr, blockK: tile.nr, workers: 3)
                    assertIdentical(many.out, one.out, "\(level) group \(group) workers")
                    for h in 0..<heads {
                        var c = AttentionCase(lq: lq, lk: lk, d: d, dv: dv, causal: false, masked: false, rng: &rng)
                        c.scale = 0.4
                        c.explicitBand = band
                        c.alibiSlope = slopes[h]
                        c.q = Array(q[(h * lq * d)..<((h + 1) * lq * d)])
                        let kv = h / group  // query head h uses key/value head h / (heads / kvHeads)
                        c.k = Array(k[(kv * lk * d)..<((kv + 1) * lk * d)])
                        c.v = Array(v[(kv * lk * dv)..<((kv + 1) * lk * dv)])
                        c.bias = Array(bias[(h * lq * lk)..<((h + 1) * lq * lk)])
                        let expected = c.referenceWithLSE()
                        let label = "\(level) group \(group) head \(h) " + c.label
                        let out = Array(one.out[(h * lq * dv)..<((h + 1) * lq * dv)])
                        let lse = Array(one.lse[(h * lq)..<((h + 1) * lq)])
                        assertClose(out, expected.out, label)
                        assertClose(lse, expected.lse, "lse " + label)
                        let alone = try c.fastWithLSE(blockQ: tile.mr, blockK: tile.nr, level: level)
                        assertIdentical(out, alone.out, "alone " + label)
                        assertIdentical(lse, alone.lse, "alone lse " + label)
                    }
                    XCTAssertEqual(one.lse[1 * lq + 5], -.infinity)
                }
            }
        }
    }

    func testBandedAttentionStopsWhenInterrupted() {
        var rng = SeededRandom(seed: 47)
        var c = AttentionCase(lq: 30, lk: 30, d: 4, dv: 4, causal: false, masked: false, rng: &rng)
        c.explicitBand = KeyBand(causal: .bottomRight, window: .init(left: 3, right: 0), lq: 30, lk: 30)
        c.alibiSlope = 0.5
        Interrupt.request()
        defer { Interrupt.clear() }
        XCTAssertThrowsError(try c.fastWithLSE()) { error in
            XCTAssertEqual(error as? CoreError, .interrupted)
        }
        Interrupt.clear()
        XCTAssertNoThrow(try c.fastWithLSE())
    }
}
