import Foundation
import XCTest

@testable import AttnCore

// What the float32 kernel tests share: inputs rounded to float32 (so that
// the float64 reference sees exactly the values the float32 kernel sees),
// the float32 kernel run on them, and the error bounds that `Kernels`
// documents for float32 results, computed per element.

/// u = 2⁻²⁴: half an ulp of 1 in float32, the unit of the float32 bounds.
let float32Unit = 0x1p-24

/// Every element of `actual` is within `bounds[i]` of `expected[i]`; NaN
/// exactly where the reference has NaN, infinities equal. Reports the
/// element that used most of its bound.
func assertWithinBounds(
    _ actual: [Float], _ expected: [Double], _ bounds: [Double], _ context: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, context, file: file, line: line)
    var worst = 0.0
    var worstIndex = -1
    for (index, (a, b)) in zip(actual, expected).enumerated() {
        let x = Double(a)
        if b.isNaN || x.isNaN {
            if x.isNaN != b.isNaN {
                XCTFail("\(context): element \(index) is \(x), expected \(b)", file: file, line: line)
                return
            }
            continue
        }
        if b.isInfinite || x.isInfinite {
            if x != b {
                XCTFail("\(context): element \(index) is \(x), expected \(b)", file: file, line: line)
                return
            }
            continue
        }
        let used = abs(x - b) / max(bounds[index], .leastNormalMagnitude)
        if used > worst {
            worst = used
            worstIndex = index
        }
    }
    if worst > 1 {
        XCTFail(
            "\(context): element \(worstIndex) is \(actual[worstIndex]), expected \(expected[worstIndex]) within \(bounds[worstIndex]) (\(worst)× the bound)",
            file: file, line: line)
    }
}

extension AttentionCase {
    /// The case with Q, K, V, the bias and the ALiBi slope rounded to float32.
    var roundedToFloat32: AttentionCase {
        var c = self
        let round = { (x: Double) in Double(Float(x)) }
        c.q = q.map(round)
        c.k = k.map(round)
        c.v = v.map(round)
        c.bias = bias?.map(round)
        c.alibiSlope = alibiSlope.map(round)
        c.scale = round(scale)
        return c
    }

    /// The float32 kernel on the inputs rounded to float32: output and
    /// (with `lse`) log-sum-exps; through the public entry point when no
    /// block size, worker count or level is given.
    func fast32(
        blockQ: Int? = nil, blockK: Int? = nil, workers: Int? = nil, level: Kernels.Level? = nil,
        lse wantLSE: Bool = true, outputs: Bool = true
    ) throws -> (out: [Float], lse: [Float]) {
        let dv = outputs ? self.dv : 0
        let q = self.q.map { Float($0) }, k = self.k.map { Float($0) }, v = self.v.map { Float($0) }
        let mask = self.mask?.map { Float($0) }, bias = self.bias?.map { Float($0) }
        var out = [Float](repeating: .nan, count: lq * dv)
        var lse = [Float](repeating: .nan, count: wantLSE ? lq : 0)
        let dummy = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        defer { dummy.deallocate() }
        var failure: CoreError?
        q.withUnsafeBufferPointer { pq in
            k.withUnsafeBufferPointer { pk in
                v.withUnsafeBufferPointer { pv in
                    (mask ?? []).withUnsafeBufferPointer { pmask in
                        (bias ?? []).withUnsafeBufferPointer { pbias in
                            out.withUnsafeMutableBufferPointer { po in
                                lse.withUnsafeMutableBufferPointer { pl in
                                    let q = pq.baseAddress ?? UnsafePointer(dummy)
                                    let k = pk.baseAddress ?? UnsafePointer(dummy)
                                    let v = pv.baseAddress ?? UnsafePointer(dummy)
                                    let o = po.baseAddress ?? dummy
                                    let l = wantLSE ? (pl.baseAddress ?? dummy) : nil
                                    let m = mask == nil ? nil : (pmask.baseAddress ?? UnsafePointer(dummy))
                                    let b = bias == nil ? nil : (pbias.baseAddress ?? UnsafePointer(dummy))
                                    do throws(CoreError) {
                                        if blockQ == nil && blockK == nil && workers == nil && level == nil {
                                            try Kernels.attention(
                                                q: q, k: k, v: v, out: o, lse: l, lq: lq, lk: lk, d: d, dv: dv,
                                                scale: Float(scale), mask: m, bias: b, band: band,
                                                alibiSlope: alibiSlope.map { Float($0) })
                                        } else {
                                            var problem = Kernels.FlashAttention.Problem<Float>(
                                                heads: 1, lq: lq, lk: lk, d: d, dv: dv, scale: Float(scale), band: band,
                                                q: Kernels.SharedPointer(q), qStride: 0, k: Kernels.SharedPointer(k),
                                                kStride: 0, v: Kernels.SharedPointer(v), vStride: 0,
                                                out: Kernels.SharedPointer(o), outStride: 0,
                                                mask: m.map { Kernels.SharedPointer($0) }, maskStride: 0,
                                                bias: b.map { Kernels.SharedPointer($0) }, biasStride: 0,
                                                alibiSlopes: alibiSlope.map { [Float($0)] } ?? [],
                                                lse: l.map { Kernels.SharedPointer($0) })
                                            if let blockQ { problem.blockQ = blockQ }
                                            if let blockK { problem.blockK = blockK }
                                            try Kernels.FlashAttention.run(
                                                problem, workers: workers ?? Kernels.KernelThreads.available,
                                                level: level ?? .current)
                                        }
                                    } catch {
                                        failure = error
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if let failure { throw failure }
        return (out, lse)
    }

    /// The documented float32 bounds (see the float32 `Kernels.attentionBatched`)
    /// for every output element and every log-sum-exp, with key blocks of
    /// `blockK` and `reference` the float64 reference's (out, lse).
    func float32Bounds(blockK: Int, reference: (out: [Double], lse: [Double])) -> (out: [Double], lse: [Double]) {
        let u = float32Unit
        let b = Double(min(max(lk, 1), blockK))
        let blocks = Double((lk + blockK - 1) / blockK)
        let logLk = log2(Double(max(lk, 1)))
        var out = [Double](repeating: 0, count: lq * dv)
        var lse = [Double](repeating: 0, count: lq)
        for i in 0..<lq {
            var e = 0.0, m = 0.0
            for j in 0..<lk where band.allows(query: i, key: j) && (mask?[i * lk + j] ?? 1) != 0 {
                var magnitude = 0.0
                for p in 0..<d { magnitude += abs(q[i * d + p] * k[j * d + p]) }
                magnitude = abs(scale) * magnitude + abs(bias?[i * lk + j] ?? 0)
                if let alibiSlope { magnitude += abs(alibiSlope) * Double(abs(i + lk - lq - j)) }
                e = max(e, Double(d + 3) * u * magnitude)
                for c in 0..<dv { m = max(m, abs(v[j * dv + c])) }
            }
            for c in 0..<dv { out[i * dv + c] = m * (2 * e + (b + 4 * blocks + logLk + 8) * u) }
            let l = reference.lse.isEmpty ? 0 : abs(reference.lse[i])
            lse[i] = e + (b / 8 + 4 * blocks + logLk + 8) * u + 2 * u * (l.isFinite ? l : 0)
        }
        return (out, lse)
    }
}
