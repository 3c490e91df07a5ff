import Foundation
import XCTest

@testable import AttnCore

/// A small deterministic generator (SplitMix64) so failures reproduce.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private func randomArray(_ count: Int, _ rng: inout SplitMix, in range: ClosedRange<Double> = -1...1) -> [Double] {
    (0..<count).map { _ in Double.random(in: range, using: &rng) }
}

/// Every element agrees to 1e-12 relative (absolute below magnitude 1);
/// NaN only where the reference has NaN; infinities equal.
private func assertClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double = 1e-12, _ context: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, context, file: file, line: line)
    var worst = 0.0
    var worstIndex = -1
    for (index, (a, b)) in zip(actual, expected).enumerated() {
        if b.isNaN || a.isNaN {
            if a.isNaN != b.isNaN {
                XCTFail("\(context): element \(index) is \(a), expected \(b)", file: file, line: line)
                return
            }
            continue
        }
        if b.isInfinite || a.isInfinite {
            if a != b {
                XCTFail("\(context): element \(index) is \(a), expected \(b)", file: file, line: line)
                return
            }
            continue
        }
        let error = abs(a - b) / max(1, abs(b))
        if error > worst {
            worst = error
            worstIndex = index
        }
    }
    if worst > tolerance {
        XCTFail(
            "\(context): relative error \(worst) at \(worstIndex) (\(actual[worstIndex]) vs \(expected[worstIndex]))",
            file: file, line: line)
    }
}

/// Bit-for-bit equality (NaN payloads aside).
private func assertIdentical(
    _ a: [Double], _ b: [Double], _ context: String, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.count, b.count, context, file: file, line: line)
    for (index, (x, y)) in zip(a, b).enumerated() where !(x.isNaN && y.isNaN) && x.bitPattern != y.bitPattern {
        XCTFail("\(context): element \(index) differs: \(x) vs \(y)", file: file, line: line)
        return
    }
}

// MARK: - Helpers that run the kernels on arrays

private func fastGemm(_ a: [Double], _ b: [Double], m: Int, n: Int, k: Int, transposedB: Bool = false, workers: Int? = nil) -> [Double] {
    var c = [Double](repeating: .nan, count: m * n)
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                guard let a = pa.baseAddress, let b = pb.baseAddress, let c = pc.baseAddress else { return }
                if let workers {
                    Kernels.GemmEngine.gemm(
                        m: m, n: n, k: k, a: a, rsa: k, csa: 1,
                        b: b, rsb: transposedB ? 1 : n, csb: transposedB ? k : 1, c: c, ldc: n, workers: workers)
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

private struct AttentionCase {
    var lq: Int, lk: Int, d: Int, dv: Int
    var scale: Double
    var causal: Bool
    var q: [Double], k: [Double], v: [Double]
    var mask: [Double]?

    init(lq: Int, lk: Int, d: Int, dv: Int, causal: Bool, masked: Bool, rng: inout SplitMix, magnitude: Double = 1) {
        self.lq = lq
        self.lk = lk
        self.d = d
        self.dv = dv
        self.causal = causal
        scale = 1 / Double(max(d, 1)).squareRoot()
        q = randomArray(lq * d, &rng, in: -magnitude...magnitude)
        k = randomArray(lk * d, &rng, in: -magnitude...magnitude)
        v = randomArray(lk * dv, &rng)
        if masked {
            var m = (0..<(lq * lk)).map { _ in Double.random(in: 0..<1, using: &rng) < 0.7 ? 1.0 : 0.0 }
            // Fully masked rows: every third row (when there are several).
            if lq > 1 {
                for i in stride(from: 1, to: lq, by: 3) { for j in 0..<lk { m[i * lk + j] = 0 } }
            }
            mask = m
        }
    }

    func reference() -> [Double] {
        var out = [Double](repeating: .nan, count: lq * dv)
        q.withUnsafeBufferPointer { pq in
            k.withUnsafeBufferPointer { pk in
                v.withUnsafeBufferPointer { pv in
                    out.withUnsafeMutableBufferPointer { po in
                        withMask { pm in
                            guard let q = pq.baseAddress, let k = pk.baseAddress, let v = pv.baseAddress,
                                let o = po.baseAddress
                            else { return }
                            Kernels.referenceAttention(
                                q: q, k: k, v: v, out: o, lq: lq, lk: lk, d: d, dv: dv, scale: scale,
                                mask: pm, causal: causal)
                        }
                    }
                }
            }
        }
        return out
    }

    /// Runs the fast kernel; `blockQ`/`blockK`/`workers` override the defaults.
    func fast(blockQ: Int? = nil, blockK: Int? = nil, workers: Int? = nil) throws -> [Double] {
        var out = [Double](repeating: .nan, count: lq * dv)
        var failure: CoreError?
        q.withUnsafeBufferPointer { pq in
            k.withUnsafeBufferPointer { pk in
                v.withUnsafeBufferPointer { pv in
                    out.withUnsafeMutableBufferPointer { po in
                        withMask { pm in
                            // Empty arrays may have no base address; the kernel never reads them then.
                            let dummy = UnsafeMutablePointer<Double>.allocate(capacity: 1)
                            defer { dummy.deallocate() }
                            let q = pq.baseAddress ?? UnsafePointer(dummy)
                            let k = pk.baseAddress ?? UnsafePointer(dummy)
                            let v = pv.baseAddress ?? UnsafePointer(dummy)
                            let o = po.baseAddress ?? dummy
                            do throws(CoreError) {
                                if blockQ == nil && blockK == nil && workers == nil {
                                    try Kernels.attention(
                                        q: q, k: k, v: v, out: o, lq: lq, lk: lk, d: d, dv: dv, scale: scale,
                                        mask: pm, causal: causal)
                                } else {
                                    var problem = Kernels.FlashAttention.Problem(
                                        heads: 1, lq: lq, lk: lk, d: d, dv: dv, scale: scale, causal: causal,
                                        q: Kernels.SharedPointer(q), qStride: 0, k: Kernels.SharedPointer(k), kStride: 0,
                                        v: Kernels.SharedPointer(v), vStride: 0, out: Kernels.SharedPointer(o), outStride: 0,
                                        mask: pm.map { Kernels.SharedPointer($0) }, maskStride: 0)
                                    if let blockQ { problem.blockQ = blockQ }
                                    if let blockK { problem.blockK = blockK }
                                    try Kernels.FlashAttention.run(problem, workers: workers ?? Kernels.KernelThreads.available)
                                }
                            } catch {
                                failure = error
                            }
                        }
                    }
                }
            }
        }
        if let failure { throw failure }
        return out
    }

    private func withMask(_ body: (UnsafePointer<Double>?) -> Void) {
        if let mask {
            mask.withUnsafeBufferPointer { body($0.baseAddress) }
        } else {
            body(nil)
        }
    }

    var label: String {
        "lq=\(lq) lk=\(lk) d=\(d) dv=\(dv) causal=\(causal) mask=\(mask != nil)"
    }
}

final class KernelTests: XCTestCase {
    // MARK: GEMM

    func testGemmMatchesReferenceOnManyShapes() {
        var rng = SplitMix(seed: 1)
        let shapes: [(Int, Int, Int)] = [
            (1, 1, 1), (1, 1, 7), (3, 1, 5), (1, 3, 17), (2, 2, 2), (3, 3, 3), (6, 4, 8), (6, 8, 16),
            (7, 9, 11), (17, 65, 3), (65, 17, 129), (129, 65, 33), (5, 200, 9), (200, 5, 13),
            (13, 21, 257), (9, 10, 300), (140, 7, 30), (3, 2100, 2), (64, 64, 64), (65, 129, 17),
        ]
        for (m, n, k) in shapes {
            let a = randomArray(m * k, &rng), b = randomArray(k * n, &rng)
            assertClose(fastGemm(a, b, m: m, n: n, k: k), slowGemm(a, b, m: m, n: n, k: k), "gemm \(m)x\(n)x\(k)")
            let bt = randomArray(n * k, &rng)
            assertClose(
                fastGemm(a, bt, m: m, n: n, k: k, transposedB: true),
                slowGemm(a, bt, m: m, n: n, k: k, transposedB: true), "gemmTransB \(m)x\(n)x\(k)")
        }
    }

    func testGemmRandomShapes() {
        var rng = SplitMix(seed: 2)
        for _ in 0..<25 {
            let m = Int.random(in: 1...70, using: &rng)
            let n = Int.random(in: 1...70, using: &rng)
            let k = Int.random(in: 1...70, using: &rng)
            let a = randomArray(m * k, &rng, in: -100...100), b = randomArray(k * n, &rng)
            assertClose(fastGemm(a, b, m: m, n: n, k: k), slowGemm(a, b, m: m, n: n, k: k), "gemm \(m)x\(n)x\(k)")
        }
    }

    func testGemmEmptyDimensions() {
        // k = 0: C is overwritten with zeros.
        XCTAssertEqual(fastGemm([], [], m: 2, n: 3, k: 0), [Double](repeating: 0, count: 6))
        XCTAssertEqual(fastGemm([], [], m: 2, n: 3, k: 0, transposedB: true), [Double](repeating: 0, count: 6))
        // m = 0 or n = 0: nothing to write, nothing to crash on.
        XCTAssertEqual(fastGemm([], [1, 2, 3], m: 0, n: 3, k: 1), [])
        XCTAssertEqual(fastGemm([1, 2], [], m: 2, n: 0, k: 1), [])
    }

    func testGemmPropagatesNonFiniteValues() {
        var rng = SplitMix(seed: 3)
        // Tiny (unpacked), packed, and dot-product shapes.
        for (m, n, k, transposed) in [(9, 7, 5, false), (20, 30, 40, false), (20, 30, 40, true), (2, 9, 11, true)] {
            var a = randomArray(m * k, &rng), b = randomArray(k * n, &rng)
            a[3] = .infinity
            a[(m - 1) * k + 1] = .nan
            b[1] = 0  // inf · 0 = NaN
            b[k + 3] = -.infinity
            let fast = fastGemm(a, b, m: m, n: n, k: k, transposedB: transposed)
            let slow = slowGemm(a, b, m: m, n: n, k: k, transposedB: transposed)
            XCTAssertTrue(slow.contains { $0.isNaN } && slow.contains { $0.isInfinite })
            assertClose(fast, slow, "non-finite gemm \(m)x\(n)x\(k) transposed=\(transposed)")
        }
    }

    func testGemmIsIdenticalForAnyNumberOfWorkers() {
        var rng = SplitMix(seed: 4)
        for (m, n, k) in [(130, 131, 70), (40, 300, 260), (200, 9, 150)] {
            let a = randomArray(m * k, &rng), b = randomArray(k * n, &rng)
            let one = fastGemm(a, b, m: m, n: n, k: k, workers: 1)
            assertIdentical(fastGemm(a, b, m: m, n: n, k: k, workers: 2), one, "2 workers \(m)x\(n)x\(k)")
            assertIdentical(fastGemm(a, b, m: m, n: n, k: k, workers: 5), one, "5 workers \(m)x\(n)x\(k)")
            assertIdentical(fastGemm(a, b, m: m, n: n, k: k), one, "public gemm \(m)x\(n)x\(k)")
            assertClose(one, slowGemm(a, b, m: m, n: n, k: k), "gemm \(m)x\(n)x\(k)")
        }
        // The unpacked paths: few rows (row sums of B), and dot products.
        for (m, n, k, transposed) in [(3, 600, 600, false), (2, 600, 900, true), (800, 1, 1400, false)] {
            let a = randomArray(m * k, &rng), b = randomArray(k * n, &rng)
            let one = fastGemm(a, b, m: m, n: n, k: k, transposedB: transposed, workers: 1)
            let label = "\(m)x\(n)x\(k) transposed=\(transposed)"
            assertIdentical(fastGemm(a, b, m: m, n: n, k: k, transposedB: transposed, workers: 2), one, label)
            assertIdentical(fastGemm(a, b, m: m, n: n, k: k, transposedB: transposed), one, label)
            assertClose(one, slowGemm(a, b, m: m, n: n, k: k, transposedB: transposed), label)
        }
    }

    // MARK: Attention

    func testAttentionMatchesReferenceOnManyShapes() throws {
        var rng = SplitMix(seed: 10)
        let shapes: [(Int, Int, Int, Int)] = [
            (1, 1, 1, 1), (1, 1, 4, 3), (3, 3, 2, 2), (1, 17, 3, 5), (17, 1, 5, 3), (17, 65, 8, 4),
            (65, 17, 3, 9), (65, 129, 16, 16), (129, 65, 7, 1), (3, 200, 4, 6), (200, 3, 6, 4),
            (4, 5, 0, 3), (3, 4, 2, 0), (0, 4, 2, 3),
        ]
        for (lq, lk, d, dv) in shapes {
            for causal in [false, true] {
                for masked in [false, true] {
                    let c = AttentionCase(lq: lq, lk: lk, d: d, dv: dv, causal: causal, masked: masked, rng: &rng)
                    assertClose(try c.fast(), c.reference(), c.label)
                }
            }
        }
    }

    func testAttentionWithSmallBlocksCoversOnlineSoftmax() throws {
        // Small blocks make several query and key blocks out of small inputs,
        // so the running max / rescaling paths run.
        var rng = SplitMix(seed: 11)
        let blockQ = Kernels.Tile.mr, blockK = 2 * Kernels.Tile.nr
        for (lq, lk, d, dv) in [(13, 37, 3, 5), (37, 13, 4, 2), (50, 50, 8, 8), (1, 65, 2, 3), (65, 1, 3, 2)] {
            for causal in [false, true] {
                for masked in [false, true] {
                    // Larger magnitudes make the maximum move between key blocks.
                    let c = AttentionCase(
                        lq: lq, lk: lk, d: d, dv: dv, causal: causal, masked: masked, rng: &rng, magnitude: 4)
                    assertClose(try c.fast(blockQ: blockQ, blockK: blockK), c.reference(), "small blocks " + c.label)
                    assertClose(
                        try c.fast(blockQ: 2 * blockQ, blockK: blockK * 3, workers: 1), c.reference(),
                        "other blocks " + c.label)
                }
            }
        }
    }

    func testAttentionRandomShapes() throws {
        var rng = SplitMix(seed: 12)
        for _ in 0..<20 {
            let c = AttentionCase(
                lq: Int.random(in: 1...90, using: &rng), lk: Int.random(in: 1...90, using: &rng),
                d: Int.random(in: 1...20, using: &rng), dv: Int.random(in: 1...20, using: &rng),
                causal: Bool.random(using: &rng), masked: Bool.random(using: &rng), rng: &rng,
                magnitude: Double.random(in: 0.1...5, using: &rng))
            assertClose(try c.fast(blockQ: Kernels.Tile.mr * 2, blockK: Kernels.Tile.nr * 3), c.reference(), "random " + c.label)
            assertClose(try c.fast(), c.reference(), "random " + c.label)
        }
    }

    func testAttentionHugeScoreRangesUnderflowToZeroWeights() throws {
        // Scores spread over hundreds: most weights underflow (some to
        // subnormals) and the maximum jumps between key blocks.
        var rng = SplitMix(seed: 13)
        for causal in [false, true] {
            var c = AttentionCase(lq: 40, lk: 70, d: 4, dv: 3, causal: causal, masked: true, rng: &rng, magnitude: 12)
            c.scale = 2
            assertClose(try c.fast(blockQ: Kernels.Tile.mr, blockK: Kernels.Tile.nr * 2), c.reference(), "huge scores " + c.label)
            assertClose(try c.fast(), c.reference(), "huge scores " + c.label)
        }
    }

    func testFullyMaskedRowsAreZero() throws {
        var rng = SplitMix(seed: 14)
        var c = AttentionCase(lq: 9, lk: 11, d: 3, dv: 4, causal: false, masked: true, rng: &rng)
        let out = try c.fast(blockQ: Kernels.Tile.mr, blockK: Kernels.Tile.nr)
        for i in stride(from: 1, to: 9, by: 3) {
            XCTAssertEqual(Array(out[(i * 4)..<(i * 4 + 4)]), [0, 0, 0, 0], "row \(i)")
        }
        // No keys at all.
        c = AttentionCase(lq: 3, lk: 0, d: 2, dv: 2, causal: false, masked: false, rng: &rng)
        XCTAssertEqual(try c.fast(), [Double](repeating: 0, count: 6))
        // Everything masked, with causal too.
        c = AttentionCase(lq: 5, lk: 7, d: 2, dv: 3, causal: true, masked: true, rng: &rng)
        c.mask = [Double](repeating: 0, count: 35)
        XCTAssertEqual(try c.fast(), [Double](repeating: 0, count: 15))
        XCTAssertEqual(c.reference(), [Double](repeating: 0, count: 15))
    }

    func testCausalWithMoreKeysOrMoreQueries() throws {
        var rng = SplitMix(seed: 15)
        for (lq, lk) in [(5, 40), (40, 5), (1, 30), (30, 1), (33, 64), (64, 33)] {
            let c = AttentionCase(lq: lq, lk: lk, d: 5, dv: 3, causal: true, masked: false, rng: &rng)
            assertClose(try c.fast(blockQ: Kernels.Tile.mr, blockK: Kernels.Tile.nr), c.reference(), "causal " + c.label)
            // Query 0 sees only key 0: its output is V[0].
            let out = try c.fast()
            assertClose(Array(out[0..<3]), Array(c.v[0..<3]), "causal first row " + c.label)
        }
    }

    func testAttentionNonFiniteInputs() throws {
        var rng = SplitMix(seed: 16)
        var c = AttentionCase(lq: 6, lk: 20, d: 3, dv: 2, causal: false, masked: false, rng: &rng)
        for j in 0..<20 { c.k[j * 3] = abs(c.k[j * 3]) + 0.5 }  // K[:,0] > 0
        c.q[0] = .nan  // row 0: NaN scores → NaN row
        c.q[3] = .infinity  // row 1: +inf scores → NaN row
        c.q[6] = -.infinity  // row 2: all scores -inf → zero row
        let out = try c.fast(blockQ: Kernels.Tile.mr, blockK: Kernels.Tile.nr)
        let expected = c.reference()
        assertClose(out, expected, "non-finite q")
        XCTAssertTrue(out[0].isNaN && out[1].isNaN && out[2].isNaN && out[3].isNaN)
        XCTAssertEqual(Array(out[4..<6]), [0, 0])
        XCTAssertTrue(out[6...].allSatisfy { $0.isFinite })

        // inf and NaN in V rows that nobody may attend to do not leak.
        var d = AttentionCase(lq: 8, lk: 12, d: 3, dv: 2, causal: true, masked: false, rng: &rng)
        d.v[11 * 2] = .infinity
        d.v[10 * 2 + 1] = .nan
        let causalOut = try d.fast(blockQ: Kernels.Tile.mr, blockK: Kernels.Tile.nr)
        XCTAssertTrue(causalOut.allSatisfy { $0.isFinite })
        assertClose(causalOut, d.reference(), "masked non-finite V")
        // …but they do reach the rows that attend to them.
        d.v[2 * 2] = .infinity
        let leaking = try d.fast()
        assertClose(leaking, d.reference(), "attended non-finite V")
        XCTAssertTrue(leaking[0..<4].allSatisfy { $0.isFinite })
        XCTAssertTrue(leaking[4].isInfinite || leaking[4].isNaN)
    }

    func testAttentionBatchedMatchesSingleHeads() throws {
        var rng = SplitMix(seed: 17)
        let heads = 5, lq = 23, lk = 31, d = 6, dv = 5
        let q = randomArray(heads * lq * d, &rng), k = randomArray(heads * lk * d, &rng)
        let v = randomArray(heads * lk * dv, &rng)
        let mask = (0..<(lq * lk)).map { _ in Double.random(in: 0..<1, using: &rng) < 0.6 ? 1.0 : 0.0 }
        for causal in [false, true] {
            for useMask in [false, true] {
                for sharedKV in [false, true] {
                    var out = [Double](repeating: .nan, count: heads * lq * dv)
                    try q.withUnsafeBufferPointer { pq in
                        try k.withUnsafeBufferPointer { pk in
                            try v.withUnsafeBufferPointer { pv in
                                try mask.withUnsafeBufferPointer { pm in
                                    try out.withUnsafeMutableBufferPointer { po in
                                        guard let q = pq.baseAddress, let k = pk.baseAddress, let v = pv.baseAddress,
                                            let m = pm.baseAddress, let o = po.baseAddress
                                        else { return }
                                        try Kernels.attentionBatched(
                                            q: q, k: k, v: v, out: o, heads: heads,
                                            qStride: lq * d, kStride: sharedKV ? 0 : lk * d,
                                            vStride: sharedKV ? 0 : lk * dv, outStride: lq * dv,
                                            lq: lq, lk: lk, d: d, dv: dv, scale: 0.4,
                                            mask: useMask ? m : nil, maskStride: 0, causal: causal)
                                    }
                                }
                            }
                        }
                    }
                    for h in 0..<heads {
                        var c = AttentionCase(lq: lq, lk: lk, d: d, dv: dv, causal: causal, masked: false, rng: &rng)
                        c.scale = 0.4
                        c.q = Array(q[(h * lq * d)..<((h + 1) * lq * d)])
                        let kh = sharedKV ? 0 : h
                        c.k = Array(k[(kh * lk * d)..<((kh + 1) * lk * d)])
                        c.v = Array(v[(kh * lk * dv)..<((kh + 1) * lk * dv)])
                        c.mask = useMask ? mask : nil
                        let head = Array(out[(h * lq * dv)..<((h + 1) * lq * dv)])
                        assertIdentical(head, try c.fast(), "head \(h) " + c.label)
                        assertClose(head, c.reference(), "head \(h) " + c.label)
                    }
                }
            }
        }
    }

    func testAttentionIsIdenticalForAnyNumberOfWorkers() throws {
        var rng = SplitMix(seed: 18)
        for causal in [false, true] {
            let c = AttentionCase(lq: 150, lk: 170, d: 16, dv: 12, causal: causal, masked: true, rng: &rng)
            let one = try c.fast(blockQ: Kernels.Tile.mr * 2, blockK: Kernels.Tile.nr * 4, workers: 1)
            assertIdentical(try c.fast(blockQ: Kernels.Tile.mr * 2, blockK: Kernels.Tile.nr * 4, workers: 2), one, c.label)
            assertIdentical(try c.fast(blockQ: Kernels.Tile.mr * 2, blockK: Kernels.Tile.nr * 4, workers: 7), one, c.label)
            assertClose(one, c.reference(), c.label)
        }
    }

    func testAttentionStopsWhenInterrupted() {
        var rng = SplitMix(seed: 19)
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

    private func vectorExp(_ values: [Double]) -> [Double] {
        var out = values
        out.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else { return }
            Kernels.expInPlace(base, count: p.count)
        }
        return out
    }

    func testExpIsWithinTwoUlpOfFoundation() {
        var rng = SplitMix(seed: 20)
        var xs: [Double] = []
        xs += randomArray(20_000, &rng, in: -745.2...709.8)
        xs += randomArray(10_000, &rng, in: -2...2)
        xs += randomArray(5_000, &rng, in: -1e-6...1e-6)
        xs += randomArray(5_000, &rng, in: -745.2...(-708))  // subnormal results
        xs += randomArray(2_000, &rng, in: 700...709.78)
        xs += (-1100...1030).map { Double($0) * 0.6931471805599453 }  // near the reduction boundaries
        xs += (-100...100).map { Double($0) * 0.34657359027997264 }
        var worst: UInt64 = 0
        var worstX = 0.0
        for (x, y) in zip(xs, vectorExp(xs)) {
            let distance = ulpDistance(y, Foundation.exp(x))
            if distance > worst {
                worst = distance
                worstX = x
            }
        }
        XCTAssertLessThanOrEqual(worst, 2, "worst at x = \(worstX)")
    }

    func testExpSpecialValues() {
        let xs: [Double] = [
            -.infinity, .infinity, .nan, 0, -0.0, 1, -1, 709.78, 709.79, 710, 1e300, .greatestFiniteMagnitude,
            -745.13, -745.14, -746, -1e300, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        ]
        let ys = vectorExp(xs)
        for (x, y) in zip(xs, ys) {
            let expected = Foundation.exp(x)
            if expected.isNaN {
                XCTAssertTrue(y.isNaN, "exp(\(x)) = \(y)")
            } else if expected == 0 || expected.isInfinite || expected == 1 {
                XCTAssertEqual(y.bitPattern, expected.bitPattern, "exp(\(x)) = \(y), expected \(expected)")
            } else {
                XCTAssertLessThanOrEqual(ulpDistance(y, expected), 2, "exp(\(x)) = \(y), expected \(expected)")
            }
        }
        XCTAssertEqual(ys[0], 0)
        XCTAssertEqual(ys[1], .infinity)
        XCTAssertEqual(ys[3], 1)
        XCTAssertEqual(ys[4], 1)
        XCTAssertGreaterThan(ys[12], 0)  // exp(-745.13) is the smallest subnormal
        XCTAssertEqual(ys[13], 0)
        // The SIMD entry point agrees with the buffer one.
        let lanes = SIMD8<Double>(-.infinity, -1, 0, 0.5, 3, 700, .nan, -740)
        let viaSIMD = Kernels.exp(lanes)
        let viaBuffer = vectorExp((0..<8).map { lanes[$0] })
        for lane in 0..<8 {
            XCTAssertTrue(viaSIMD[lane] == viaBuffer[lane] || (viaSIMD[lane].isNaN && viaBuffer[lane].isNaN))
        }
    }

    func testExpInPlaceHandlesEveryTailLength() {
        var rng = SplitMix(seed: 21)
        for count in 0...19 {
            let xs = randomArray(count, &rng, in: -30...30)
            let ys = vectorExp(xs)
            XCTAssertEqual(ys.count, count)
            for (x, y) in zip(xs, ys) {
                XCTAssertLessThanOrEqual(ulpDistance(y, Foundation.exp(x)), 2, "count \(count), x = \(x)")
            }
        }
    }
}
