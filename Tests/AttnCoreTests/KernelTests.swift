import Foundation
import XCTest

@testable import AttnCore
import CAttnKernels

// MARK: - Helpers that run the kernels on arrays

/// The GEMM kernels: the public entry points when neither `workers` nor
/// `level` is given, else the engine with those (defaults: every core, the
/// current level).
private func fastGemm(
    _ a: [Double], _ b: [Double], m: Int, n: Int, k: Int, transposedB: Bool = false, workers: Int? = nil,
    level: Kernels.Level? = nil
) -> [Double] {
    var c = [Double](repeating: .nan, count: m * n)
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                guard let a = pa.baseAddress, let b = pb.baseAddress, let c = pc.baseAddress else { return }
                if workers != nil || level != nil {
                    Kernels.GemmEngine.gemm(
                        m: m, n: n, k: k, a: a, rsa: k, csa: 1,
                        b: b, rsb: transposedB ? 1 : n, csb: transposedB ? k : 1, c: c, ldc: n,
                        workers: workers ?? Kernels.KernelThreads.available, level: level ?? .current)
                } else if transposedB {
                    Kernels.gemmTransB(a, b, c, m: m, n: n, k: k)
                } else {
                    Kernels.gemm(a, b, c, m: m, n: n, k: k)
                }
            }
        }
    }
    return c
}

private func slowGemm(_ a: [Double], _ b: [Double], m: Int, n: Int, k: Int, transposedB: Bool = false) -> [Double] {
    var c = [Double](repeating: .nan, count: m * n)
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                guard let a = pa.baseAddress, let b = pb.baseAddress, let c = pc.baseAddress else { return }
                if transposedB {
                    Kernels.referenceGemmTransB(a, b, c, m: m, n: n, k: k)
                } else {
                    Kernels.referenceGemm(a, b, c, m: m, n: n, k: k)
                }
            }
        }
    }
    return c
}

final class KernelTests: XCTestCase {
    /// Every instruction-set level this machine runs (baseline first): each
    /// kernel is checked at each of them, whatever ATTN_CPU_LEVEL says.
    private let levels = Kernels.Level.available

    // MARK: Levels

    func testLevels() {
        XCTAssertEqual(levels.first, .baseline)
        XCTAssertTrue(levels.contains(.current))
        XCTAssertLessThanOrEqual(Kernels.Level.current, Kernels.Level.supported)
        XCTAssertEqual(Int(attn_cpu_level()), Kernels.Level.current.rawValue)
        XCTAssertTrue(["baseline", "avx2", "avx512"].contains(Kernels.instructionSet))
        XCTAssertEqual(Kernels.instructionSet, Kernels.Level.current.description)
        for level in levels {
            let tile = level.tile
            XCTAssertEqual(Kernels.GemmEngine.mcMax % tile.mr, 0, "\(level)")
            XCTAssertEqual(Kernels.GemmEngine.ncMax % tile.nr, 0, "\(level)")
            XCTAssertEqual(Kernels.FlashAttention.defaultBlockQ % tile.mr, 0, "\(level)")
            XCTAssertEqual(Kernels.FlashAttention.defaultBlockK % tile.nr, 0, "\(level)")
            XCTAssertEqual(Kernels.FlashAttention.narrowBlockK % tile.nr, 0, "\(level)")
        }
        #if !arch(x86_64)
        XCTAssertEqual(levels, [.baseline])
        #endif
    }

    // MARK: GEMM

    func testGemmMatchesReferenceOnManyShapes() {
        var rng = SeededRandom(seed: 1)
        let shapes: [(Int, Int, Int)] = [
            (1, 1, 1), (1, 1, 7), (3, 1, 5), (1, 3, 17), (2, 2, 2), (3, 3, 3), (6, 4, 8), (6, 8, 16),
            (7, 9, 11), (12, 16, 5), (13, 17, 40), (17, 65, 3), (65, 17, 129), (129, 65, 33), (5, 200, 9),
            (200, 5, 13), (13, 21, 257), (9, 10, 300), (140, 7, 30), (3, 2100, 2), (64, 64, 64), (65, 129, 17),
        ]
        for (m, n, k) in shapes {
            let a = randomArray(m * k, &rng), b = randomArray(k * n, &rng), bt = randomArray(n * k, &rng)
            let expected = slowGemm(a, b, m: m, n: n, k: k)
            let expectedT = slowGemm(a, bt, m: m, n: n, k: k, transposedB: true)
            for level in levels {
                assertClose(fastGemm(a, b, m: m, n: n, k: k, level: level), expected, "\(level) gemm \(m)x\(n)x\(k)")
                assertClose(
                    fastGemm(a, bt, m: m, n: n, k: k, transposedB: true, level: level), expectedT,
                    "\(level) gemmTransB \(m)x\(n)x\(k)")
            }
            // The public entry points use the current level.
            assertIdentical(fastGemm(a, b, m: m, n: n, k: k), fastGemm(a, b, m: m, n: n, k: k, level: .current), "public")
        }
    }

    func testGemmRandomShapes() {
        var rng = SeededRandom(seed: 2)
        for _ in 0..<25 {
            let m = Int.random(in: 1...70, using: &rng)
            let n = Int.random(in: 1...70, using: &rng)
            let k = Int.random(in: 1...70, using: &rng)
            let a = randomArray(m * k, &rng, in: -100...100), b = randomArray(k * n, &rng)
            let expected = slowGemm(a, b, m: m, n: n, k: k)
            for level in levels {
                assertClose(fastGemm(a, b, m: m, n: n, k: k, level: level), expected, "\(level) gemm \(m)x\(n)x\(k)")
            }
        }
    }

    func testGemmEmptyDimensions() {
        for level in levels {
            // k = 0: C is overwritten with zeros.
            XCTAssertEqual(fastGemm([], [], m: 2, n: 3, k: 0, level: level), [Double](repeating: 0, count: 6))
            XCTAssertEqual(
                fastGemm([], [], m: 2, n: 3, k: 0, transposedB: true, level: level), [Double](repeating: 0, count: 6))
            // m = 0 or n = 0: nothing to write, nothing to crash on.
            XCTAssertEqual(fastGemm([], [1, 2, 3], m: 0, n: 3, k: 1, level: level), [])
            XCTAssertEqual(fastGemm([1, 2], [], m: 2, n: 0, k: 1, level: level), [])
        }
        XCTAssertEqual(fastGemm([], [], m: 2, n: 3, k: 0), [Double](repeating: 0, count: 6))
    }

    func testGemmPropagatesNonFiniteValues() {
        var rng = SeededRandom(seed: 3)
        // Tiny (unpacked), packed, and dot-product shapes.
        for (m, n, k, transposed) in [(9, 7, 5, false), (20, 30, 40, false), (20, 30, 40, true), (2, 9, 11, true)] {
            var a = randomArray(m * k, &rng), b = randomArray(k * n, &rng)
            a[3] = .infinity
            a[(m - 1) * k + 1] = .nan
            b[1] = 0  // inf · 0 = NaN
            b[k + 3] = -.infinity
            let slow = slowGemm(a, b, m: m, n: n, k: k, transposedB: transposed)
            XCTAssertTrue(slow.contains { $0.isNaN } && slow.contains { $0.isInfinite })
            for level in levels {
                let fast = fastGemm(a, b, m: m, n: n, k: k, transposedB: transposed, level: level)
                assertClose(fast, slow, "\(level) non-finite gemm \(m)x\(n)x\(k) transposed=\(transposed)")
            }
        }
    }

    func testGemmIsIdenticalForAnyNumberOfWorkers() {
        var rng = SeededRandom(seed: 4)
        for (m, n, k) in [(130, 131, 70), (40, 300, 260), (200, 9, 150)] {
            let a = randomArray(m * k, &rng), b = randomArray(k * n, &rng)
            let expected = slowGemm(a, b, m: m, n: n, k: k)
            for level in levels {
                let label = "\(level) \(m)x\(n)x\(k)"
                let one = fastGemm(a, b, m: m, n: n, k: k, workers: 1, level: level)
                assertIdentical(fastGemm(a, b, m: m, n: n, k: k, workers: 2, level: level), one, "2 workers " + label)
                assertIdentical(fastGemm(a, b, m: m, n: n, k: k, workers: 5, level: level), one, "5 workers " + label)
                assertClose(one, expected, "gemm " + label)
                if level == .current {
                    assertIdentical(fastGemm(a, b, m: m, n: n, k: k), one, "public gemm " + label)
                }
            }
        }
        // The unpacked paths: few rows (row sums of B), and dot products.
        for (m, n, k, transposed) in [(3, 600, 600, false), (2, 600, 900, true), (800, 1, 1400, false)] {
            let a = randomArray(m * k, &rng), b = randomArray(k * n, &rng)
            let expected = slowGemm(a, b, m: m, n: n, k: k, transposedB: transposed)
            for level in levels {
                let one = fastGemm(a, b, m: m, n: n, k: k, transposedB: transposed, workers: 1, level: level)
                let label = "\(level) \(m)x\(n)x\(k) transposed=\(transposed)"
                assertIdentical(
                    fastGemm(a, b, m: m, n: n, k: k, transposedB: transposed, workers: 2, level: level), one, label)
                assertClose(one, expected, label)
            }
        }
    }

    // MARK: Attention

    func testAttentionMatchesReferenceOnManyShapes() throws {
        var rng = SeededRandom(seed: 10)
        let shapes: [(Int, Int, Int, Int)] = [
            (1, 1, 1, 1), (1, 1, 4, 3), (3, 3, 2, 2), (1, 17, 3, 5), (17, 1, 5, 3), (17, 65, 8, 4),
            (65, 17, 3, 9), (65, 129, 16, 16), (129, 65, 7, 1), (3, 200, 4, 6), (200, 3, 6, 4),
            (4, 5, 0, 3), (3, 4, 2, 0), (0, 4, 2, 3),
        ]
        for (lq, lk, d, dv) in shapes {
            for causal in [false, true] {
                for masked in [false, true] {
                    let c = AttentionCase(lq: lq, lk: lk, d: d, dv: dv, causal: causal, masked: masked, rng: &rng)
                    let expected = c.reference()
                    for level in levels {
                        assertClose(try c.fast(level: level), expected, "\(level) " + c.label)
                    }
                    assertIdentical(try c.fast(), try c.fast(level: .current), "public " + c.label)
                }
            }
        }
    }

    func testAttentionWithSmallBlocksCoversOnlineSoftmax() throws {
        // Small blocks make several query and key blocks out of small inputs,
        // so the running max / rescaling paths run.
        var rng = SeededRandom(seed: 11)
        for (lq, lk, d, dv) in [(13, 37, 3, 5), (37, 13, 4, 2), (50, 50, 8, 8), (1, 65, 2, 3), (65, 1, 3, 2)] {
            for causal in [false, true] {
                for masked in [false, true] {
                    // Larger magnitudes make the maximum move between key blocks.
                    let c = AttentionCase(
                        lq: lq, lk: lk, d: d, dv: dv, causal: causal, masked: masked, rng: &rng, magnitude: 4)
                    let expected = c.reference()
                    for level in levels {
                        let blockQ = level.tile.mr, blockK = 2 * level.tile.nr
                        assertClose(
                            try c.fast(blockQ: blockQ, blockK: blockK, level: level), expected,
                            "\(level) small blocks " + c.label)
                        assertClose(
                            try c.fast(blockQ: 2 * blockQ, blockK: blockK * 3, workers: 1, level: level), expected,
                            "\(level) other blocks " + c.label)
                    }
                }
            }
        }
    }

    func testAttentionRandomShapes() throws {
        var rng = SeededRandom(seed: 12)
        for _ in 0..<20 {
            let c = AttentionCase(
                lq: Int.random(in: 1...90, using: &rng), lk: Int.random(in: 1...90, using: &rng),
                d: Int.random(in: 1...20, using: &rng), dv: Int.random(in: 1...20, using: &rng),
                causal: Bool.random(using: &rng), masked: Bool.random(using: &rng), rng: &rng,
                magnitude: Double.random(in: 0.1...5, using: &rng))
            let expected = c.reference()
            for level in levels {
                let tile = level.tile
                assertClose(
                    try c.fast(blockQ: tile.mr * 2, blockK: tile.nr * 3, level: level), expected,
                    "\(level) random " + c.label)
                assertClose(try c.fast(level: level), expected, "\(level) random " + c.label)
            }
        }
    }

    func testAttentionHugeScoreRangesUnderflowToZeroWeights() throws {
        // Scores spread over hundreds: most weights underflow (some to
        // subnormals) and the maximum jumps between key blocks.
        var rng = SeededRandom(seed: 13)
        for causal in [false, true] {
            var c = AttentionCase(lq: 40, lk: 70, d: 4, dv: 3, causal: causal, masked: true, rng: &rng, magnitude: 12)
            c.scale = 2
            let expected = c.reference()
            for level in levels {
                assertClose(
                    try c.fast(blockQ: level.tile.mr, blockK: level.tile.nr * 2, level: level), expected,
                    "\(level) huge scores " + c.label)
                assertClose(try c.fast(level: level), expected, "\(level) huge scores " + c.label)
            }
        }
    }

    func testFullyMaskedRowsAreZero() throws {
        for level in levels {
            var rng = SeededRandom(seed: 14)
            var c = AttentionCase(lq: 9, lk: 11, d: 3, dv: 4, causal: false, masked: true, rng: &rng)
            let out = try c.fast(blockQ: level.tile.mr, blockK: level.tile.nr, level: level)
            for i in stride(from: 1, to: 9, by: 3) {
                XCTAssertEqual(Array(out[(i * 4)..<(i * 4 + 4)]), [0, 0, 0, 0], "\(level) row \(i)")
            }
            assertClose(out, c.reference(), "\(level) " + c.label)
            // No keys at all.
            c = AttentionCase(lq: 3, lk: 0, d: 2, dv: 2, causal: false, masked: false, rng: &rng)
            XCTAssertEqual(try c.fast(level: level), [Double](repeating: 0, count: 6))
            // Everything masked, with causal too.
            c = AttentionCase(lq: 5, lk: 7, d: 2, dv: 3, causal: true, masked: true, rng: &rng)
            c.mask = [Double](repeating: 0, count: 35)
            XCTAssertEqual(try c.fast(level: level), [Double](repeating: 0, count: 15))
            XCTAssertEqual(c.reference(), [Double](repeating: 0, count: 15))
            // Causal with Lq > Lk and a mask that hides the first key: query 0
            // sees nothing, the rest see some keys.
            c = AttentionCase(lq: 30, lk: 20, d: 3, dv: 5, causal: true, masked: true, rng: &rng)
            for i in 0..<30 { c.mask?[i * 20] = 0 }
            let causalOut = try c.fast(blockQ: level.tile.mr, blockK: level.tile.nr, level: level)
            XCTAssertEqual(Array(causalOut[0..<5]), [0, 0, 0, 0, 0], "\(level)")
            assertClose(causalOut, c.reference(), "\(level) " + c.label)
        }
    }

    func testCausalWithMoreKeysOrMoreQueries() throws {
        var rng = SeededRandom(seed: 15)
        for (lq, lk) in [(5, 40), (40, 5), (1, 30), (30, 1), (33, 64), (64, 33), (100, 300), (300, 100)] {
            for masked in [false, true] {
                let c = AttentionCase(lq: lq, lk: lk, d: 5, dv: 3, causal: true, masked: masked, rng: &rng)
                let expected = c.reference()
                for level in levels {
                    assertClose(
                        try c.fast(blockQ: level.tile.mr, blockK: level.tile.nr, level: level), expected,
                        "\(level) causal " + c.label)
                    let out = try c.fast(level: level)
                    assertClose(out, expected, "\(level) causal " + c.label)
                    if !masked {
                        // Query 0 sees only key 0: its output is V[0].
                        assertClose(Array(out[0..<3]), Array(c.v[0..<3]), "\(level) causal first row " + c.label)
                    }
                }
            }
        }
    }

    func testAttentionNonFiniteInputs() throws {
        for level in levels {
            let tile = level.tile
            var rng = SeededRandom(seed: 16)
            var c = AttentionCase(lq: 6, lk: 20, d: 3, dv: 2, causal: false, masked: false, rng: &rng)
            for j in 0..<20 { c.k[j * 3] = abs(c.k[j * 3]) + 0.5 }  // K[:,0] > 0
            c.q[0] = .nan  // row 0: NaN scores → NaN row
            c.q[3] = .infinity  // row 1: +inf scores → NaN row
            c.q[6] = -.infinity  // row 2: all scores -inf → zero row
            let out = try c.fast(blockQ: tile.mr, blockK: tile.nr, level: level)
            let expected = c.reference()
            assertClose(out, expected, "\(level) non-finite q")
            XCTAssertTrue(out[0].isNaN && out[1].isNaN && out[2].isNaN && out[3].isNaN, "\(level)")
            XCTAssertEqual(Array(out[4..<6]), [0, 0], "\(level)")
            XCTAssertTrue(out[6...].allSatisfy { $0.isFinite }, "\(level)")
            assertClose(try c.fast(level: level), expected, "\(level) non-finite q, one block")

            // inf and NaN in V rows that nobody may attend to do not leak.
            var d = AttentionCase(lq: 8, lk: 12, d: 3, dv: 2, causal: true, masked: false, rng: &rng)
            d.v[11 * 2] = .infinity
            d.v[10 * 2 + 1] = .nan
            let causalOut = try d.fast(blockQ: tile.mr, blockK: tile.nr, level: level)
            XCTAssertTrue(causalOut.allSatisfy { $0.isFinite }, "\(level)")
            assertClose(causalOut, d.reference(), "\(level) masked non-finite V")
            // …but they do reach the rows that attend to them.
            d.v[2 * 2] = .infinity
            let leaking = try d.fast(level: level)
            assertClose(leaking, d.reference(), "\(level) attended non-finite V")
            XCTAssertTrue(leaking[0..<4].allSatisfy { $0.isFinite }, "\(level)")
            XCTAssertTrue(leaking[4].isInfinite || leaking[4].isNaN, "\(level)")
        }
    }

    /// `heads` heads through the batched kernel at `level` (nil: the public
    /// `attentionBatched`). A non-empty `bias` is added, `biasStride` apart
    /// per head (0: one Lq×Lk bias for all heads).
    private func batched(
        q: [Double], k: [Double], v: [Double], mask: [Double], heads: Int, lq: Int, lk: Int, d: Int, dv: Int,
        sharedKV: Bool, useMask: Bool, causal: Bool, level: Kernels.Level?,
        bias biasValues: [Double] = [], biasStride: Int = 0
    ) throws -> [Double] {
        var out = [Double](repeating: .nan, count: heads * lq * dv)
        try q.withUnsafeBufferPointer { pq in
            try k.withUnsafeBufferPointer { pk in
                try v.withUnsafeBufferPointer { pv in
                    try mask.withUnsafeBufferPointer { pm in
                        try biasValues.withUnsafeBufferPointer { pb in
                            try out.withUnsafeMutableBufferPointer { po in
                                guard let q = pq.baseAddress, let k = pk.baseAddress, let v = pv.baseAddress,
                                    let m = pm.baseAddress, let o = po.baseAddress
                                else { return }
                                let bias = biasValues.isEmpty ? nil : pb.baseAddress
                                let kStride = sharedKV ? 0 : lk * d, vStride = sharedKV ? 0 : lk * dv
                                if let level {
                                    let problem = Kernels.FlashAttention.Problem(
                                        heads: heads, lq: lq, lk: lk, d: d, dv: dv, scale: 0.4,
                                        band: causal ? KeyBand(upper: 0) : .unlimited,
                                        q: Kernels.SharedPointer(q), qStride: lq * d,
                                        k: Kernels.SharedPointer(k), kStride: kStride,
                                        v: Kernels.SharedPointer(v), vStride: vStride,
                                        out: Kernels.SharedPointer(o), outStride: lq * dv,
                                        mask: useMask ? Kernels.SharedPointer(m) : nil, maskStride: 0,
                                        bias: bias.map { Kernels.SharedPointer($0) }, biasStride: biasStride)
                                    try Kernels.FlashAttention.run(
                                        problem, workers: Kernels.KernelThreads.available, level: level)
                                } else {
                                    try Kernels.attentionBatched(
                                        q: q, k: k, v: v, out: o, heads: heads,
                                        qStride: lq * d, kStride: kStride, vStride: vStride, outStride: lq * dv,
                                        lq: lq, lk: lk, d: d, dv: dv, scale: 0.4,
                                        mask: useMask ? m : nil, maskStride: 0,
                                        bias: bias, biasStride: biasStride,
                                        band: causal ? KeyBand(upper: 0) : .unlimited)
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    func testAttentionBatchedMatchesSingleHeads() throws {
        var rng = SeededRandom(seed: 17)
        let heads = 5, lq = 23, lk = 31, d = 6, dv = 5
        let q = randomArray(heads * lq * d, &rng), k = randomArray(heads * lk * d, &rng)
        let v = randomArray(heads * lk * dv, &rng)
        let mask = (0..<(lq * lk)).map { _ in Double.random(in: 0..<1, using: &rng) < 0.6 ? 1.0 : 0.0 }
        for causal in [false, true] {
            for useMask in [false, true] {
                for sharedKV in [false, true] {
                    let run = { (level: Kernels.Level?) throws -> [Double] in
                        try self.batched(
                            q: q, k: k, v: v, mask: mask, heads: heads, lq: lq, lk: lk, d: d, dv: dv,
                            sharedKV: sharedKV, useMask: useMask, causal: causal, level: level)
                    }
                    assertIdentical(try run(nil), try run(.current), "public batched")
                    for level in levels {
                        let out = try run(level)
                        for h in 0..<heads {
                            var c = AttentionCase(lq: lq, lk: lk, d: d, dv: dv, causal: causal, masked: false, rng: &rng)
                            c.scale = 0.4
                            c.q = Array(q[(h * lq * d)..<((h + 1) * lq * d)])
                            let kh = sharedKV ? 0 : h
                            c.k = Array(k[(kh * lk * d)..<((kh + 1) * lk * d)])
                            c.v = Array(v[(kh * lk * dv)..<((kh + 1) * lk * dv)])
                            c.mask = useMask ? mask : nil
                            let head = Array(out[(h * lq * dv)..<((h + 1) * lq * dv)])
                            assertIdentical(head, try c.fast(level: level), "\(level) head \(h) " + c.label)
                            assertClose(head, c.reference(), "\(level) head \(h) " + c.label)
                        }
                    }
                }
            }
        }
    }

    func testAttentionIsIdenticalForAnyNumberOfWorkers() throws {
        var rng = SeededRandom(seed: 18)
        for causal in [false, true] {
            let c = AttentionCase(lq: 150, lk: 170, d: 16, dv: 12, causal: causal, masked: true, rng: &rng)
            let expected = c.reference()
            for level in levels {
                let blockQ = level.tile.mr * 2, blockK = level.tile.nr * 4
                let one = try c.fast(blockQ: blockQ, blockK: blockK, workers: 1, level: level)
                assertIdentical(try c.fast(blockQ: blockQ, blockK: blockK, workers: 2, level: level), one, "\(level) " + c.label)
                assertIdentical(try c.fast(blockQ: blockQ, blockK: blockK, workers: 7, level: level), one, "\(level) " + c.label)
                assertClose(one, expected, "\(level) " + c.label)
            }
        }
    }

    // MARK: Attention with an additive bias

    /// An Lq×Lk bias with values in -3...3; with `excluding`, about one entry
    /// in six is -inf and, when there are several rows, every fourth row
    /// (from row 2) is -inf throughout.
    private func randomBias(lq: Int, lk: Int, _ rng: inout SeededRandom, excluding: Bool) -> [Double] {
        var b = randomArray(lq * lk, &rng, in: -3...3)
        guard excluding else { return b }
        for n in b.indices where Double.random(in: 0..<1, using: &rng) < 1.0 / 6 { b[n] = -.infinity }
        if lq > 1 {
            for i in stride(from: 2, to: lq, by: 4) { for j in 0..<lk { b[i * lk + j] = -.infinity } }
        }
        return b
    }

    func testAttentionWithBiasMatchesReference() throws {
        var rng = SeededRandom(seed: 30)
        let shapes: [(Int, Int, Int, Int)] = [
            (1, 1, 1, 1), (3, 3, 2, 2), (1, 17, 3, 5), (17, 1, 5, 3), (13, 37, 3, 5), (37, 13, 4, 2),
            (50, 50, 8, 8), (65, 129, 16, 16), (129, 65, 7, 1), (4, 5, 0, 3), (3, 4, 2, 0),
        ]
        for (lq, lk, d, dv) in shapes {
            for causal in [false, true] {
                for masked in [false, true] {
                    for excluding in [false, true] {
                        // Magnitude 3 makes the running maximum move between key blocks.
                        var c = AttentionCase(
                            lq: lq, lk: lk, d: d, dv: dv, causal: causal, masked: masked, rng: &rng, magnitude: 3)
                        c.bias = randomBias(lq: lq, lk: lk, &rng, excluding: excluding)
                        let expected = c.reference()
                        let label = c.label + " excluding=\(excluding)"
                        for level in levels {
                            let tile = level.tile
                            assertClose(try c.fast(level: level), expected, "\(level) bias " + label)
                            assertClose(
                                try c.fast(blockQ: tile.mr, blockK: tile.nr, level: level), expected,
                                "\(level) bias, smallest blocks " + label)
                            assertClose(
                                try c.fast(blockQ: 2 * tile.mr, blockK: 3 * tile.nr, workers: 1, level: level), expected,
                                "\(level) bias, other blocks " + label)
                        }
                        assertIdentical(try c.fast(), try c.fast(level: .current), "public bias " + label)
                    }
                }
            }
        }
    }

    func testAttentionWithBiasRandomShapes() throws {
        var rng = SeededRandom(seed: 31)
        for _ in 0..<20 {
            var c = AttentionCase(
                lq: Int.random(in: 1...90, using: &rng), lk: Int.random(in: 1...90, using: &rng),
                d: Int.random(in: 1...20, using: &rng), dv: Int.random(in: 1...20, using: &rng),
                causal: Bool.random(using: &rng), masked: Bool.random(using: &rng), rng: &rng,
                magnitude: Double.random(in: 0.1...5, using: &rng))
            c.bias = randomBias(lq: c.lq, lk: c.lk, &rng, excluding: Bool.random(using: &rng))
            let expected = c.reference()
            for level in levels {
                let tile = level.tile
                assertClose(
                    try c.fast(blockQ: tile.mr * 2, blockK: tile.nr * 3, level: level), expected,
                    "\(level) random bias " + c.label)
                assertClose(try c.fast(level: level), expected, "\(level) random bias " + c.label)
            }
        }
    }

    func testRowsExcludedByBiasAreZero() throws {
        for level in levels {
            let tile = level.tile
            var rng = SeededRandom(seed: 32)
            // Rows 1, 4, 7 are fully masked; row 2 is excluded by bias alone;
            // row 3 by the mask and the bias together.
            var c = AttentionCase(lq: 9, lk: 11, d: 3, dv: 4, causal: false, masked: true, rng: &rng)
            let mask = c.mask ?? []
            var b = randomArray(9 * 11, &rng, in: -2...2)
            for j in 0..<11 { b[2 * 11 + j] = -.infinity }
            for j in 0..<11 where mask[3 * 11 + j] != 0 { b[3 * 11 + j] = -.infinity }
            XCTAssertTrue(mask[(3 * 11)..<(4 * 11)].contains(0) && mask[(3 * 11)..<(4 * 11)].contains(1))
            c.bias = b
            let expected = c.reference()
            for out in [try c.fast(blockQ: tile.mr, blockK: tile.nr, level: level), try c.fast(level: level)] {
                for i in [1, 2, 3, 4, 7] {
                    XCTAssertEqual(Array(out[(i * 4)..<(i * 4 + 4)]), [0, 0, 0, 0], "\(level) row \(i)")
                }
                for i in [0, 5, 6, 8] { XCTAssertTrue(out[(i * 4)..<(i * 4 + 4)].allSatisfy(\.isFinite), "\(level) row \(i)") }
                assertClose(out, expected, "\(level) excluded rows")
            }
            // Everything -inf, over several key blocks.
            c = AttentionCase(lq: 7, lk: 40, d: 2, dv: 3, causal: false, masked: false, rng: &rng)
            c.bias = [Double](repeating: -.infinity, count: 7 * 40)
            XCTAssertEqual(try c.fast(blockQ: tile.mr, blockK: tile.nr, level: level), [Double](repeating: 0, count: 21))
            XCTAssertEqual(c.reference(), [Double](repeating: 0, count: 21))
            // Causal and a -inf bias on key 0: query 0 sees nothing, the
            // others see keys 1...i.
            c = AttentionCase(lq: 30, lk: 20, d: 3, dv: 5, causal: true, masked: true, rng: &rng)
            var causalBias = randomArray(30 * 20, &rng, in: -1...1)
            for i in 0..<30 { causalBias[i * 20] = -.infinity }
            c.bias = causalBias
            let causalOut = try c.fast(blockQ: tile.mr, blockK: tile.nr, level: level)
            XCTAssertEqual(Array(causalOut[0..<5]), [0, 0, 0, 0, 0], "\(level)")
            assertClose(causalOut, c.reference(), "\(level) causal, bias excludes key 0 " + c.label)
        }
    }

    func testBiasNonFiniteValues() throws {
        var rng = SeededRandom(seed: 33)
        var c = AttentionCase(lq: 5, lk: 20, d: 3, dv: 2, causal: false, masked: false, rng: &rng)
        var mask = [Double](repeating: 1, count: 5 * 20)
        mask[2 * 20 + 4] = 0
        c.mask = mask
        var b = randomArray(5 * 20, &rng, in: -1...1)
        b[0 * 20 + 5] = .nan  // row 0: NaN at an allowed key → NaN row
        b[1 * 20 + 17] = .infinity  // row 1: +inf → +inf maximum, NaN row
        b[2 * 20 + 4] = .nan  // row 2: NaN at a masked key is ignored
        for j in 0..<20 { b[3 * 20 + j] -= 1e9 }  // row 3: a finite -1e9 excludes nothing
        c.bias = b
        var plain = c
        plain.bias?[2 * 20 + 4] = 0
        for j in 0..<20 { plain.bias?[3 * 20 + j] += 1e9 }
        let expected = c.reference()
        XCTAssertTrue(expected[0..<4].allSatisfy(\.isNaN) && expected[4...].allSatisfy(\.isFinite))
        for level in levels {
            let tile = level.tile
            let plainOut = try plain.fast(level: level)
            for out in [try c.fast(blockQ: tile.mr, blockK: tile.nr, level: level), try c.fast(level: level)] {
                assertClose(out, expected, "\(level) non-finite bias")
                XCTAssertTrue(out[0..<4].allSatisfy(\.isNaN), "\(level) NaN and +inf rows")
                XCTAssertTrue(out[4...].allSatisfy(\.isFinite), "\(level) other rows")
            }
            let out = try c.fast(level: level)
            assertIdentical(Array(out[4..<6]), Array(plainOut[4..<6]), "\(level) NaN bias at a masked key")
            // Adding -1e9 rounds the scores to about 1e-7 but excludes nothing.
            assertClose(Array(out[6..<8]), Array(plainOut[6..<8]), tolerance: 1e-6, "\(level) -1e9 row")
        }
    }

    func testZeroBiasChangesNothingAndInfiniteBiasIsAMask() throws {
        // Independent of the reference: a bias of zeros leaves every score as
        // it was, and a bias of -inf where the mask is 0 (zeros elsewhere)
        // excludes exactly the keys that mask excludes, bit for bit.
        var rng = SeededRandom(seed: 34)
        for causal in [false, true] {
            let masked = AttentionCase(lq: 40, lk: 70, d: 5, dv: 3, causal: causal, masked: true, rng: &rng, magnitude: 3)
            var unmasked = masked
            unmasked.mask = nil
            var zero = unmasked
            zero.bias = [Double](repeating: 0, count: 40 * 70)
            var asBias = unmasked
            asBias.bias = (masked.mask ?? []).map { $0 == 0 ? -.infinity : 0 }
            for level in levels {
                for (blockQ, blockK) in [(level.tile.mr, level.tile.nr), (72, 256)] {
                    let run = { (c: AttentionCase) throws -> [Double] in
                        try c.fast(blockQ: blockQ, blockK: blockK, level: level)
                    }
                    assertIdentical(try run(zero), try run(unmasked), "\(level) zero bias, causal=\(causal)")
                    assertIdentical(try run(asBias), try run(masked), "\(level) -inf bias as mask, causal=\(causal)")
                }
            }
        }
    }

    func testAttentionBatchedWithBias() throws {
        var rng = SeededRandom(seed: 35)
        let heads = 4, lq = 19, lk = 27, d = 6, dv = 5
        let q = randomArray(heads * lq * d, &rng), k = randomArray(heads * lk * d, &rng)
        let v = randomArray(heads * lk * dv, &rng)
        let mask = (0..<(lq * lk)).map { _ in Double.random(in: 0..<1, using: &rng) < 0.7 ? 1.0 : 0.0 }
        var perHead: [Double] = []
        for _ in 0..<heads { perHead += randomBias(lq: lq, lk: lk, &rng, excluding: true) }
        for causal in [false, true] {
            for useMask in [false, true] {
                for shared in [false, true] {
                    let bias = shared ? Array(perHead[0..<(lq * lk)]) : perHead
                    let biasStride = shared ? 0 : lq * lk
                    let run = { (level: Kernels.Level?) throws -> [Double] in
                        try self.batched(
                            q: q, k: k, v: v, mask: mask, heads: heads, lq: lq, lk: lk, d: d, dv: dv,
                            sharedKV: false, useMask: useMask, causal: causal, level: level,
                            bias: bias, biasStride: biasStride)
                    }
                    assertIdentical(try run(nil), try run(.current), "public batched with bias")
                    for level in levels {
                        let out = try run(level)
                        for h in 0..<heads {
                            var c = AttentionCase(lq: lq, lk: lk, d: d, dv: dv, causal: causal, masked: false, rng: &rng)
                            c.scale = 0.4
                            c.q = Array(q[(h * lq * d)..<((h + 1) * lq * d)])
                            c.k = Array(k[(h * lk * d)..<((h + 1) * lk * d)])
                            c.v = Array(v[(h * lk * dv)..<((h + 1) * lk * dv)])
                            c.mask = useMask ? mask : nil
                            let b0 = shared ? 0 : h * lq * lk
                            c.bias = Array(bias[b0..<(b0 + lq * lk)])
                            let head = Array(out[(h * lq * dv)..<((h + 1) * lq * dv)])
                            let label = "\(level) head \(h) shared bias=\(shared) " + c.label
                            assertIdentical(head, try c.fast(level: level), label)
                            assertClose(head, c.reference(), label)
                        }
                    }
                }
            }
        }
    }

    func testAttentionStopsWhenInterrupted() {
        var rng = SeededRandom(seed: 19)
        let c = AttentionCase(lq: 20, lk: 20, d: 4, dv: 4, causal: false, masked: false, rng: &rng)
        Interrupt.request()
        defer { Interrupt.clear() }
        XCTAssertThrowsError(try c.fast()) { error in
            XCTAssertEqual(error as? CoreError, .interrupted)
        }
        Interrupt.clear()
        XCTAssertNoThrow(try c.fast())
    }

    // MARK: exp

    private func ulpDistance(_ a: Double, _ b: Double) -> UInt64 {
        // Map bit patterns to a monotonic integer line.
        func key(_ x: Double) -> Int64 {
            let bits = Int64(bitPattern: x.bitPattern)
            return bits < 0 ? Int64.min - bits : bits
        }
        let (ka, kb) = (key(a), key(b))
        return ka > kb ? UInt64(bitPattern: ka &- kb) : UInt64(bitPattern: kb &- ka)
    }

    /// exp over a buffer at `level` (nil: the public `Kernels.expInPlace`).
    private func vectorExp(_ values: [Double], level: Kernels.Level?) -> [Double] {
        var out = values
        out.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            if let level {
                Kernels.VectorExp.expInPlace(base, count: p.count, level: level)
            } else {
                Kernels.expInPlace(base, count: p.count)
            }
        }
        return out
    }

    func testExpIsWithinTwoUlpOfFoundation() {
        var rng = SeededRandom(seed: 20)
        var xs: [Double] = []
        xs += randomArray(20_000, &rng, in: -745.2...709.8)
        xs += randomArray(10_000, &rng, in: -2...2)
        xs += randomArray(5_000, &rng, in: -1e-6...1e-6)
        xs += randomArray(5_000, &rng, in: -745.2...(-708))  // subnormal results
        xs += randomArray(2_000, &rng, in: 700...709.78)
        xs += (-1100...1030).map { Double($0) * 0.6931471805599453 }  // near the reduction boundaries
        xs += (-100...100).map { Double($0) * 0.34657359027997264 }
        let expected = xs.map { Foundation.exp($0) }
        for level in levels {
            var worst: UInt64 = 0
            var worstX = 0.0
            for (x, (y, e)) in zip(xs, zip(vectorExp(xs, level: level), expected)) {
                let distance = ulpDistance(y, e)
                if distance > worst {
                    worst = distance
                    worstX = x
                }
            }
            XCTAssertLessThanOrEqual(worst, 2, "\(level): worst at x = \(worstX)")
        }
        assertIdentical(vectorExp(xs, level: nil), vectorExp(xs, level: .current), "public exp")
    }

    func testExpSpecialValues() {
        let xs: [Double] = [
            -.infinity, .infinity, .nan, 0, -0.0, 1, -1, 709.78, 709.79, 710, 1e300, .greatestFiniteMagnitude,
            -745.13, -745.14, -746, -1e300, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        ]
        for level in levels {
            // Each value alone (the tail path) and all together (full vectors).
            let together = vectorExp(xs, level: level)
            for (index, x) in xs.enumerated() {
                let expected = Foundation.exp(x)
                for y in [together[index], vectorExp([x], level: level)[0]] {
                    if expected.isNaN {
                        XCTAssertTrue(y.isNaN, "\(level): exp(\(x)) = \(y)")
                    } else if expected == 0 || expected.isInfinite || expected == 1 {
                        XCTAssertEqual(
                            y.bitPattern, expected.bitPattern, "\(level): exp(\(x)) = \(y), expected \(expected)")
                    } else {
                        XCTAssertLessThanOrEqual(
                            ulpDistance(y, expected), 2, "\(level): exp(\(x)) = \(y), expected \(expected)")
                    }
                }
            }
            let ys = together
            XCTAssertEqual(ys[0], 0)
            XCTAssertEqual(ys[1], .infinity)
            XCTAssertEqual(ys[3], 1)
            XCTAssertEqual(ys[4], 1)
            XCTAssertGreaterThan(ys[12], 0)  // exp(-745.13) is the smallest subnormal
            XCTAssertEqual(ys[13], 0)
        }
        // The SIMD entry point (Swift at every level) agrees with the baseline buffer one.
        let lanes = SIMD8<Double>(-.infinity, -1, 0, 0.5, 3, 700, .nan, -740)
        let viaSIMD = Kernels.exp(lanes)
        let viaBuffer = vectorExp((0..<8).map { lanes[$0] }, level: .baseline)
        for lane in 0..<8 {
            XCTAssertTrue(viaSIMD[lane] == viaBuffer[lane] || (viaSIMD[lane].isNaN && viaBuffer[lane].isNaN))
        }
    }

    func testExpInPlaceHandlesEveryTailLength() {
        var rng = SeededRandom(seed: 21)
        for count in 0...19 {
            let xs = randomArray(count, &rng, in: -30...30)
            for level in levels {
                let ys = vectorExp(xs, level: level)
                XCTAssertEqual(ys.count, count)
                for (x, y) in zip(xs, ys) {
                    XCTAssertLessThanOrEqual(
                        ulpDistance(y, Foundation.exp(x)), 2, "\(level): count \(count), x = \(x)")
                }
            }
        }
    }
}
