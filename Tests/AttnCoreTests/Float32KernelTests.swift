import Foundation
import XCTest

@testable import AttnCore

// The float32 kernels (GEMM, fused attention with every option, exp) at
// every CPU level, against the float64 reference on the same float32
// inputs, within the error bounds `Kernels` documents for float32.

/// The float32 GEMM at `level` (nil: the public entry points), with
/// `workers` threads (nil: every core).
private func gemm32(
    _ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transposedB: Bool = false, workers: Int? = nil,
    level: Kernels.Level? = nil
) -> [Float] {
    var c = [Float](repeating: .nan, count: m * n)
    let dummy = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    defer { dummy.deallocate() }
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                let a = pa.baseAddress ?? UnsafePointer(dummy), b = pb.baseAddress ?? UnsafePointer(dummy)
                let c = pc.baseAddress ?? dummy
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

/// The float64 reference product of float32 inputs and the float32 bound
/// γ_k·Σ_p|A[i][p]·B[p][j]| of every element.
private func reference32(
    _ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transposedB: Bool = false
) -> (c: [Double], bound: [Double]) {
    var c = [Double](repeating: 0, count: m * n), magnitude = c
    for i in 0..<m {
        for j in 0..<n {
            var sum = 0.0, abs = 0.0
            for p in 0..<k {
                let x = Double(a[i * k + p]) * Double(transposedB ? b[j * k + p] : b[p * n + j])
                sum += x
                abs += Swift.abs(x)
            }
            c[i * n + j] = sum
            magnitude[i * n + j] = abs
        }
    }
    let gamma = Double(k) * float32Unit / (1 - Double(k) * float32Unit)
    return (c, magnitude.map { gamma * $0 + Double(Float.leastNonzeroMagnitude) })
}

private func randomFloats(_ count: Int, _ rng: inout SeededRandom, in range: ClosedRange<Float> = -1...1) -> [Float] {
    (0..<count).map { _ in Float(Double.random(in: Double(range.lowerBound)...Double(range.upperBound), using: &rng)) }
}

final class Float32KernelTests: XCTestCase {
    private let levels = Kernels.Level.available

    func testFloat32Tiles() {
        for level in levels {
            let tile = Float.tile(level)
            XCTAssertEqual(Kernels.GemmEngine.mcMax % tile.mr, 0, "\(level)")
            XCTAssertEqual(Kernels.GemmEngine.ncMax % tile.nr, 0, "\(level)")
            XCTAssertEqual(Kernels.FlashAttention.defaultBlockQ % tile.mr, 0, "\(level)")
            XCTAssertEqual(Kernels.FlashAttention.defaultBlockK % tile.nr, 0, "\(level)")
            XCTAssertEqual(Kernels.FlashAttention.narrowBlockK % tile.nr, 0, "\(level)")
        }
        XCTAssertEqual(Float.tile(.baseline), .baselineFloat)
    }

    // MARK: GEMM

    func testGemmMatchesReferenceWithinTheFloat32Bound() {
        var rng = SeededRandom(seed: 101)
        let shapes: [(Int, Int, Int)] = [
            (1, 1, 1), (1, 1, 7), (3, 1, 5), (1, 3, 17), (2, 2, 2), (6, 8, 16), (7, 9, 11), (12, 32, 5),
            (13, 33, 40), (17, 65, 3), (65, 17, 129), (129, 65, 33), (5, 200, 9), (200, 5, 13), (13, 21, 257),
            (9, 10, 300), (140, 7, 30), (3, 2100, 2), (64, 64, 64), (65, 129, 17), (25, 70, 600),
        ]
        for (m, n, k) in shapes {
            let a = randomFloats(m * k, &rng), b = randomFloats(k * n, &rng, in: -10...10)
            let bt = randomFloats(n * k, &rng)
            let expected = reference32(a, b, m: m, n: n, k: k)
            let expectedT = reference32(a, bt, m: m, n: n, k: k, transposedB: true)
            for level in levels {
                assertWithinBounds(
                    gemm32(a, b, m: m, n: n, k: k, level: level), expected.c, expected.bound, "\(level) sgemm \(m)x\(n)x\(k)")
                assertWithinBounds(
                    gemm32(a, bt, m: m, n: n, k: k, transposedB: true, level: level), expectedT.c, expectedT.bound,
                    "\(level) sgemm transB \(m)x\(n)x\(k)")
            }
            XCTAssertEqual(gemm32(a, b, m: m, n: n, k: k), gemm32(a, b, m: m, n: n, k: k, level: .current), "public")
        }
    }

    func testGemmErrorIsFloat32SizedNotWider() {
        // The result is float32 arithmetic: on a product whose float64 value
        // is not a float32, the error is nonzero somewhere (so the test could
        // see a kernel that secretly widened), and far inside the bound.
        var rng = SeededRandom(seed: 102)
        let (m, n, k) = (40, 50, 300)
        let a = randomFloats(m * k, &rng), b = randomFloats(k * n, &rng)
        let expected = reference32(a, b, m: m, n: n, k: k)
        for level in levels {
            let c = gemm32(a, b, m: m, n: n, k: k, level: level)
            let errors = zip(c, expected.c).map { abs(Double($0) - $1) }
            XCTAssertGreaterThan(errors.max() ?? 0, 0, "\(level)")
            let rms = (errors.map { $0 * $0 }.reduce(0, +) / Double(errors.count)).squareRoot()
            let typical = expected.bound.reduce(0, +) / Double(expected.bound.count)
            XCTAssertLessThan(rms, typical / 8, "\(level): errors should grow like √k, not k")
        }
    }

    func testGemmPropagatesNonFiniteValues() {
        var rng = SeededRandom(seed: 103)
        for (m, n, k, transposed) in [(9, 7, 5, false), (20, 40, 40, false), (20, 40, 40, true), (2, 9, 11, true)] {
            var a = randomFloats(m * k, &rng), b = randomFloats(k * n, &rng)
            a[3] = .infinity
            a[(m - 1) * k + 1] = .nan
            b[1] = 0
            b[k + 3] = -.infinity
            let expected = reference32(a, b, m: m, n: n, k: k, transposedB: transposed)
            XCTAssertTrue(expected.c.contains { $0.isNaN } && expected.c.contains { $0.isInfinite })
            for level in levels {
                let c = gemm32(a, b, m: m, n: n, k: k, transposedB: transposed, level: level)
                assertWithinBounds(c, expected.c, expected.bound, "\(level) non-finite sgemm \(m)x\(n)x\(k)")
            }
        }
    }

    func testGemmIsIdenticalForAnyNumberOfWorkers() {
        var rng = SeededRandom(seed: 104)
        for (m, n, k, transposed) in [(130, 131, 70, false), (40, 300, 260, false), (3, 600, 600, false), (2, 600, 900, true)] {
            let a = randomFloats(m * k, &rng), b = randomFloats(k * n, &rng)
            let expected = reference32(a, b, m: m, n: n, k: k, transposedB: transposed)
            for level in levels {
                let one = gemm32(a, b, m: m, n: n, k: k, transposedB: transposed, workers: 1, level: level)
                XCTAssertEqual(gemm32(a, b, m: m, n: n, k: k, transposedB: transposed, workers: 2, level: level), one)
                XCTAssertEqual(gemm32(a, b, m: m, n: n, k: k, transposedB: transposed, workers: 5, level: level), one)
                assertWithinBounds(one, expected.c, expected.bound, "\(level) sgemm \(m)x\(n)x\(k)")
            }
        }
    }

    func testGemmEmptyDimensions() {
        for level in levels {
            XCTAssertEqual(gemm32([], [], m: 2, n: 3, k: 0, level: level), [Float](repeating: 0, count: 6))
            XCTAssertEqual(gemm32([], [1, 2, 3], m: 0, n: 3, k: 1, level: level), [])
            XCTAssertEqual(gemm32([1, 2], [], m: 2, n: 0, k: 1, level: level), [])
        }
    }

    // MARK: Attention

    /// Checks `c` (rounded to float32) at every level and the given block
    /// sizes against the float64 reference, output and lse, within the
    /// documented bounds.
    private func check(
        _ c: AttentionCase, blocks: (Kernels.Level) -> [(Int, Int)], _ label: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let c = c.roundedToFloat32
        let expected = c.referenceWithLSE()
        for level in levels {
            for (blockQ, blockK) in blocks(level) {
                let got = try c.fast32(blockQ: blockQ, blockK: blockK, level: level)
                let bounds = c.float32Bounds(blockK: blockK, reference: expected)
                let context = "\(level) blocks \(blockQ)x\(blockK) \(label) " + c.label
                assertWithinBounds(got.out, expected.out, bounds.out, context, file: file, line: line)
                assertWithinBounds(got.lse, expected.lse, bounds.lse, "lse " + context, file: file, line: line)
            }
        }
    }

    /// The smallest blocks, others, and the defaults.
    private func someBlocks(_ level: Kernels.Level) -> [(Int, Int)] {
        let tile = Float.tile(level)
        return [(tile.mr, tile.nr), (2 * tile.mr, 3 * tile.nr), (72, 256)]
    }

    func testAttentionMatchesReferenceOnManyShapes() throws {
        var rng = SeededRandom(seed: 110)
        let shapes: [(Int, Int, Int, Int)] = [
            (1, 1, 1, 1), (1, 1, 4, 3), (3, 3, 2, 2), (1, 17, 3, 5), (17, 1, 5, 3), (17, 65, 8, 4),
            (65, 17, 3, 9), (65, 129, 16, 16), (129, 65, 7, 1), (3, 200, 4, 6), (200, 3, 6, 4), (40, 300, 64, 64),
            (4, 5, 0, 3), (3, 4, 2, 0), (0, 4, 2, 3),
        ]
        for (lq, lk, d, dv) in shapes {
            for causal in [false, true] {
                for masked in [false, true] {
                    let c = AttentionCase(
                        lq: lq, lk: lk, d: d, dv: dv, causal: causal, masked: masked, rng: &rng,
                        magnitude: Double.random(in: 0.5...3, using: &rng))
                    try check(c, blocks: someBlocks, "shapes")
                    let rounded = c.roundedToFloat32
                    XCTAssertEqual(try rounded.fast32().out, try rounded.fast32(level: .current).out, "public " + c.label)
                }
            }
        }
    }

    func testAttentionRandomShapesWithBiasAndHugeScores() throws {
        var rng = SeededRandom(seed: 111)
        for round in 0..<24 {
            var c = AttentionCase(
                lq: Int.random(in: 1...90, using: &rng), lk: Int.random(in: 1...300, using: &rng),
                d: Int.random(in: 1...70, using: &rng), dv: Int.random(in: 1...20, using: &rng),
                causal: Bool.random(using: &rng), masked: Bool.random(using: &rng), rng: &rng,
                magnitude: round % 4 == 0 ? 12 : Double.random(in: 0.1...5, using: &rng))
            if round % 4 == 0 { c.scale = 2 }  // scores over hundreds: weights underflow, the maximum jumps
            if Bool.random(using: &rng) {
                var b = randomArray(c.lq * c.lk, &rng, in: -3...3)
                for n in b.indices where Double.random(in: 0..<1, using: &rng) < 0.15 { b[n] = -.infinity }
                c.bias = b
            }
            try check(c, blocks: someBlocks, "random")
        }
    }

    func testBandsALiBiAndLSEMatchReference() throws {
        var rng = SeededRandom(seed: 112)
        let causals: [AttentionOptions.Causal] = [.none, .topLeft, .bottomRight]
        let windows: [AttentionOptions.Window?] = [
            nil, .init(left: 0, right: 0), .init(left: 2, right: 1), .init(left: 3, right: nil),
            .init(left: nil, right: 2), .init(left: 40, right: 5),
        ]
        for (lq, lk) in [(13, 37), (37, 13), (40, 40), (1, 30), (65, 129)] {
            for causal in causals {
                for window in windows {
                    var c = AttentionCase(
                        lq: lq, lk: lk, d: 5, dv: 3, causal: false, masked: Bool.random(using: &rng), rng: &rng,
                        magnitude: 3)
                    c.explicitBand = KeyBand(causal: causal, window: window, lq: lq, lk: lk)
                    c.alibiSlope = Bool.random(using: &rng) ? Double.random(in: -0.5...2, using: &rng) : nil
                    if Bool.random(using: &rng) { c.bias = randomArray(lq * lk, &rng, in: -2...2) }
                    try check(c, blocks: { level in
                        let tile = Float.tile(level)
                        return [(tile.mr, tile.nr), (72, 64), (72, 256)]
                    }, "\(causal) \(String(describing: window))")
                }
            }
        }
    }

    func testLSEWithoutOutputsAndExcludedRows() throws {
        var rng = SeededRandom(seed: 113)
        var c = AttentionCase(lq: 9, lk: 11, d: 3, dv: 4, causal: false, masked: true, rng: &rng).roundedToFloat32
        c.bias = randomArray(9 * 11, &rng, in: -1...1).map { Double(Float($0)) }
        for j in 0..<11 { c.bias?[2 * 11 + j] = -.infinity }  // row 2 excluded by bias alone
        c.bias?[0 * 11 + 3] = .nan  // row 0: NaN where the mask allows → NaN, or ignored when masked
        let expected = c.referenceWithLSE()
        for level in levels {
            let tile = Float.tile(level)
            let both = try c.fast32(blockQ: tile.mr, blockK: tile.nr, level: level)
            let lseOnly = try c.fast32(blockQ: tile.mr, blockK: tile.nr, level: level, outputs: false)
            XCTAssertEqual(both.lse.map(\.bitPattern), lseOnly.lse.map(\.bitPattern), "\(level) lse without P·V")
            for i in [1, 2, 4, 7] {
                XCTAssertEqual(Array(both.out[(i * 4)..<(i * 4 + 4)]), [0, 0, 0, 0], "\(level) row \(i)")
                XCTAssertEqual(both.lse[i], -.infinity, "\(level) row \(i)")
            }
            let bounds = c.float32Bounds(blockK: tile.nr, reference: expected)
            assertWithinBounds(both.out, expected.out, bounds.out, "\(level) excluded rows")
            assertWithinBounds(both.lse, expected.lse, bounds.lse, "\(level) excluded rows, lse")
        }
    }

    func testNonFiniteInputs() throws {
        for level in levels {
            let tile = Float.tile(level)
            var rng = SeededRandom(seed: 114)
            var c = AttentionCase(lq: 6, lk: 40, d: 3, dv: 2, causal: false, masked: false, rng: &rng).roundedToFloat32
            for j in 0..<40 { c.k[j * 3] = abs(c.k[j * 3]) + 0.5 }
            c.q[0] = .nan  // row 0: NaN
            c.q[3] = .infinity  // row 1: +inf scores → NaN
            c.q[6] = -.infinity  // row 2: all −inf → zeros
            let expected = c.referenceWithLSE()
            let bounds = c.float32Bounds(blockK: tile.nr, reference: expected)
            let out = try c.fast32(blockQ: tile.mr, blockK: tile.nr, level: level).out
            assertWithinBounds(out, expected.out, bounds.out, "\(level) non-finite q")
            XCTAssertTrue(out[0..<4].allSatisfy(\.isNaN), "\(level)")
            XCTAssertEqual(Array(out[4..<6]), [0, 0], "\(level)")
            // inf and NaN in V rows nobody may attend to do not leak.
            var d = AttentionCase(lq: 8, lk: 40, d: 3, dv: 2, causal: true, masked: false, rng: &rng).roundedToFloat32
            d.v[39 * 2] = .infinity
            d.v[30 * 2 + 1] = .nan
            let causalOut = try d.fast32(blockQ: tile.mr, blockK: tile.nr, level: level).out
            XCTAssertTrue(causalOut.allSatisfy(\.isFinite), "\(level)")
        }
    }

    func testBatchedHeadsGroupedQueryAndWorkers() throws {
        // 6 query heads sharing 3 key/value heads, with a per-head bias,
        // ALiBi slopes and a causal band: each head equals the single-head
        // kernel bit for bit, is within the bound of the reference, and the
        // result does not depend on the number of workers.
        var rng = SeededRandom(seed: 115)
        let heads = 6, group = 2, lq = 37, lk = 53, d = 8, dv = 5
        let q = randomFloats(heads * lq * d, &rng), k = randomFloats(heads / group * lk * d, &rng)
        let v = randomFloats(heads / group * lk * dv, &rng), bias = randomFloats(heads * lq * lk, &rng)
        let slopes: [Float] = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0]
        let band = KeyBand(causal: .bottomRight, window: nil, lq: lq, lk: lk)
        func run(_ level: Kernels.Level?, workers: Int = Kernels.KernelThreads.available) throws -> [Float] {
            var out = [Float](repeating: .nan, count: heads * lq * dv)
            try q.withUnsafeBufferPointer { pq in
                try k.withUnsafeBufferPointer { pk in
                    try v.withUnsafeBufferPointer { pv in
                        try bias.withUnsafeBufferPointer { pb in
                            try out.withUnsafeMutableBufferPointer { po in
                                guard let q = pq.baseAddress, let k = pk.baseAddress, let v = pv.baseAddress,
                                    let b = pb.baseAddress, let o = po.baseAddress
                                else { return }
                                if let level {
                                    let problem = Kernels.FlashAttention.Problem<Float>(
                                        heads: heads, lq: lq, lk: lk, d: d, dv: dv, scale: 0.4, band: band,
                                        q: Kernels.SharedPointer(q), qStride: lq * d, k: Kernels.SharedPointer(k),
                                        kStride: lk * d, v: Kernels.SharedPointer(v), vStride: lk * dv,
                                        out: Kernels.SharedPointer(o), outStride: lq * dv, mask: nil, maskStride: 0,
                                        bias: Kernels.SharedPointer(b), biasStride: lq * lk, alibiSlopes: slopes,
                                        kvGroup: group)
                                    try Kernels.FlashAttention.run(problem, workers: workers, level: level)
                                } else {
                                    try Kernels.attentionBatched(
                                        q: q, k: k, v: v, out: o, heads: heads, qStride: lq * d, kStride: lk * d,
                                        vStride: lk * dv, outStride: lq * dv, kvGroup: group, lq: lq, lk: lk, d: d,
                                        dv: dv, scale: 0.4, mask: nil, maskStride: 0, bias: b, biasStride: lq * lk,
                                        band: band, alibiSlopes: slopes)
                                }
                            }
                        }
                    }
                }
            }
            return out
        }
        XCTAssertEqual(try run(nil), try run(.current), "public")
        for level in levels {
            let out = try run(level)
            XCTAssertEqual(try run(level, workers: 1), out, "\(level) one worker")
            XCTAssertEqual(try run(level, workers: 5), out, "\(level) five workers")
            for h in 0..<heads {
                var c = AttentionCase(lq: lq, lk: lk, d: d, dv: dv, causal: false, masked: false, rng: &rng)
                c.scale = Double(Float(0.4))
                c.explicitBand = band
                c.q = q[(h * lq * d)..<((h + 1) * lq * d)].map { Double($0) }
                c.k = k[(h / group * lk * d)..<((h / group + 1) * lk * d)].map { Double($0) }
                c.v = v[(h / group * lk * dv)..<((h / group + 1) * lk * dv)].map { Double($0) }
                c.bias = bias[(h * lq * lk)..<((h + 1) * lq * lk)].map { Double($0) }
                c.alibiSlope = slopes[h] == 0 ? nil : Double(slopes[h])
                let head = Array(out[(h * lq * dv)..<((h + 1) * lq * dv)])
                XCTAssertEqual(head, try c.fast32(level: level, lse: false).out, "\(level) head \(h)")
                let expected = c.referenceWithLSE()
                let bounds = c.float32Bounds(blockK: Kernels.FlashAttention.defaultBlockK, reference: expected)
                assertWithinBounds(head, expected.out, bounds.out, "\(level) head \(h)")
            }
        }
    }

    func testErrorAtBenchmarkScaleIsFarInsideTheBound() throws {
        // d = 64, Lk = 1,024, unit-variance inputs: the bound is a worst case
        // (about 6e-5 of max|V|); typical errors are much smaller. A kernel
        // that lost float32 precision somewhere (an exp or a sum in half
        // precision, a missed rescale) would show here.
        var rng = SeededRandom(seed: 116)
        var c = AttentionCase(lq: 64, lk: 1024, d: 64, dv: 64, causal: false, masked: false, rng: &rng, magnitude: 1.7)
        c = c.roundedToFloat32
        let expected = c.referenceWithLSE()
        let scale = expected.out.map(abs).max() ?? 1
        for level in levels {
            let got = try c.fast32(level: level)
            let worst = zip(got.out, expected.out).map { abs(Double($0) - $1) }.max() ?? 0
            XCTAssertLessThan(worst / scale, 2e-6, "\(level)")
            XCTAssertGreaterThan(worst, 0, "\(level): float32 arithmetic leaves some error")
        }
    }

    func testStopsWhenInterrupted() {
        var rng = SeededRandom(seed: 117)
        let c = AttentionCase(lq: 20, lk: 20, d: 4, dv: 4, causal: false, masked: false, rng: &rng)
        Interrupt.request()
        defer { Interrupt.clear() }
        XCTAssertThrowsError(try c.fast32()) { XCTAssertEqual($0 as? CoreError, .interrupted) }
        Interrupt.clear()
        XCTAssertNoThrow(try c.fast32())
    }

    // MARK: exp

    private func ulps(_ a: Float, _ b: Float) -> UInt32 {
        func key(_ x: Float) -> Int32 {
            let bits = Int32(bitPattern: x.bitPattern)
            return bits < 0 ? Int32.min - bits : bits
        }
        let (ka, kb) = (Int64(key(a)), Int64(key(b)))
        return UInt32(min(abs(ka - kb), Int64(UInt32.max)))
    }

    private func expf(_ values: [Float], level: Kernels.Level?) -> [Float] {
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

    func testExpIsWithinOneUlpOfTheRoundedExp() {
        // Every 1,009th float32 from −104 to 89 (about 2.2 million), and the
        // reduction boundaries n·ln2/2: within 1 ulp of exp computed in
        // float64 and rounded to float32 (the correctly rounded value but
        // for double rounding, which is rarer than the 1-ulp allowance).
        var xs: [Float] = []
        var bits = Float(-104).bitPattern
        while bits > Float(-0.0).bitPattern {  // negative floats: bits decrease toward −0
            xs.append(Float(bitPattern: bits))
            bits = bits >= 1009 + Float(-0.0).bitPattern ? bits - 1009 : Float(-0.0).bitPattern
        }
        bits = 0
        while Float(bitPattern: bits) <= 89 {
            xs.append(Float(bitPattern: bits))
            bits += 1009
        }
        xs += (-300...256).map { Float(Double($0) * 0.34657359027997264) }
        xs += (-300...256).map { Float(Double($0) * 0.34657359027997264).nextUp }
        let expected = xs.map { Float(Foundation.exp(Double($0))) }
        for level in levels {
            let ys = expf(xs, level: level)
            var worst: UInt32 = 0
            var worstX: Float = 0
            for index in xs.indices {
                let distance = ulps(ys[index], expected[index])
                if distance > worst {
                    worst = distance
                    worstX = xs[index]
                }
            }
            XCTAssertLessThanOrEqual(worst, 1, "\(level): worst at x = \(worstX)")
        }
        XCTAssertEqual(expf(Array(xs.prefix(5000)), level: nil), expf(Array(xs.prefix(5000)), level: .current))
    }

    func testExpSpecialValuesAndTails() {
        let xs: [Float] = [
            -.infinity, .infinity, .nan, 0, -0.0, 1, -1, 88.72, 88.73, 89, 1e30, .greatestFiniteMagnitude,
            -103.97, -103.98, -104, -1e30, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -87.5, -100,
        ]
        for level in levels {
            let together = expf(xs, level: level)
            for (index, x) in xs.enumerated() {
                let expected = Float(Foundation.exp(Double(x)))
                for y in [together[index], expf([x], level: level)[0]] {
                    if expected.isNaN {
                        XCTAssertTrue(y.isNaN, "\(level): exp(\(x)) = \(y)")
                    } else if expected == 0 || expected.isInfinite || expected == 1 {
                        XCTAssertEqual(y.bitPattern, expected.bitPattern, "\(level): exp(\(x)) = \(y), expected \(expected)")
                    } else {
                        XCTAssertLessThanOrEqual(ulps(y, expected), 1, "\(level): exp(\(x)) = \(y), expected \(expected)")
                    }
                }
            }
            XCTAssertGreaterThan(together[12], 0, "\(level): exp(-103.97) is subnormal, not flushed")
            XCTAssertTrue(together[18].isSubnormal, "\(level)")
            var rng = SeededRandom(seed: 118)
            for count in 0...33 {
                let values = randomFloats(count, &rng, in: -20...20)
                let ys = expf(values, level: level)
                XCTAssertEqual(ys.count, count)
                for (x, y) in zip(values, ys) {
                    XCTAssertLessThanOrEqual(ulps(y, Float(Foundation.exp(Double(x)))), 1, "\(level) count \(count)")
                }
            }
        }
        let lanes = SIMD8<Float>(-.infinity, -1, 0, 0.5, 3, 80, .nan, -100)
        let viaSIMD = Kernels.exp(lanes)
        let viaBuffer = expf((0..<8).map { lanes[$0] }, level: .baseline)
        for lane in 0..<8 {
            XCTAssertTrue(viaSIMD[lane] == viaBuffer[lane] || (viaSIMD[lane].isNaN && viaBuffer[lane].isNaN))
        }
    }
}
