import Foundation
import XCTest

@testable import AttnCore

// What the kernel tests share: random inputs, comparisons that report the
// worst element, and `AttentionCase`, one attention problem that runs
// through the fused kernel (any level, block sizes, workers) and through the
// reference.

func randomArray(_ count: Int, _ rng: inout SeededRandom, in range: ClosedRange<Double> = -1...1) -> [Double] {
    (0..<count).map { _ in Double.random(in: range, using: &rng) }
}

/// Every element agrees to 1e-12 relative (absolute below magnitude 1);
/// NaN only where the reference has NaN; infinities equal.
func assertClose(
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
func assertIdentical(
    _ a: [Double], _ b: [Double], _ context: String, file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(a.count, b.count, context, file: file, line: line)
    for (index, (x, y)) in zip(a, b).enumerated() where !(x.isNaN && y.isNaN) && x.bitPattern != y.bitPattern {
        XCTFail("\(context): element \(index) differs: \(x) vs \(y)", file: file, line: line)
        return
    }
}

// MARK: - One attention problem

/// One head's inputs and options; `fast` runs the fused kernel, `reference`
/// the textbook formula.
struct AttentionCase {
    var lq: Int, lk: Int, d: Int, dv: Int
    var scale: Double
    /// Top-left causal (the band j ≤ i) unless `band` is set.
    var causal: Bool
    var q: [Double], k: [Double], v: [Double]
    var mask: [Double]?
    /// Added to the scaled scores (Lq×Lk), when set.
    var bias: [Double]?
    /// The positional band; nil: from `causal`.
    var explicitBand: KeyBand?
    /// The ALiBi slope, when set.
    var alibiSlope: Double?

    var band: KeyBand { explicitBand ?? (causal ? KeyBand(upper: 0) : .unlimited) }

    init(lq: Int, lk: Int, d: Int, dv: Int, causal: Bool, masked: Bool, rng: inout SeededRandom, magnitude: Double = 1) {
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

    func reference() -> [Double] { referenceWithLSE().out }

    /// The reference output and log-sum-exps.
    func referenceWithLSE() -> (out: [Double], lse: [Double]) {
        var out = [Double](repeating: .nan, count: lq * dv)
        var lse = [Double](repeating: .nan, count: lq)
        q.withUnsafeBufferPointer { pq in
            k.withUnsafeBufferPointer { pk in
                v.withUnsafeBufferPointer { pv in
                    out.withUnsafeMutableBufferPointer { po in
                        lse.withUnsafeMutableBufferPointer { pl in
                            withMaskAndBias { pm, pb in
                                let dummy = UnsafeMutablePointer<Double>.allocate(capacity: 1)
                                defer { dummy.deallocate() }
                                Kernels.referenceAttention(
                                    q: pq.baseAddress ?? UnsafePointer(dummy), k: pk.baseAddress ?? UnsafePointer(dummy),
                                    v: pv.baseAddress ?? UnsafePointer(dummy), out: po.baseAddress ?? dummy,
                                    lse: pl.baseAddress, lq: lq, lk: lk, d: d, dv: dv, scale: scale,
                                    mask: pm, bias: pb, band: band, alibiSlope: alibiSlope)
                            }
                        }
                    }
                }
            }
        }
        return (out, lse)
    }

    /// Runs the fast kernel; `blockQ`/`blockK`/`workers`/`level` override the
    /// defaults (with none of them, through the public `Kernels.attention`).
    func fast(blockQ: Int? = nil, blockK: Int? = nil, workers: Int? = nil, level: Kernels.Level? = nil) throws -> [Double] {
        try fastWithLSE(blockQ: blockQ, blockK: blockK, workers: workers, level: level, lse: false).out
    }

    /// The fast kernel's output and, with `lse`, its log-sum-exps (else []).
    /// With `outputs: false` the kernel runs with dv = 0 (lse only).
    func fastWithLSE(
        blockQ: Int? = nil, blockK: Int? = nil, workers: Int? = nil, level: Kernels.Level? = nil,
        lse wantLSE: Bool = true, outputs: Bool = true
    ) throws -> (out: [Double], lse: [Double]) {
        let dv = outputs ? self.dv : 0
        var out = [Double](repeating: .nan, count: lq * dv)
        var lse = [Double](repeating: .nan, count: wantLSE ? lq : 0)
        var failure: CoreError?
        q.withUnsafeBufferPointer { pq in
            k.withUnsafeBufferPointer { pk in
                v.withUnsafeBufferPointer { pv in
                    out.withUnsafeMutableBufferPointer { po in
                        lse.withUnsafeMutableBufferPointer { pl in
                            withMaskAndBias { pm, pb in
                                // Empty arrays may have no base address; the kernel never reads them then.
                                let dummy = UnsafeMutablePointer<Double>.allocate(capacity: 1)
                                defer { dummy.deallocate() }
                                let q = pq.baseAddress ?? UnsafePointer(dummy)
                                let k = pk.baseAddress ?? UnsafePointer(dummy)
                                let v = pv.baseAddress ?? UnsafePointer(dummy)
                                let o = po.baseAddress ?? dummy
                                let l = wantLSE ? (pl.baseAddress ?? dummy) : nil
                                do throws(CoreError) {
                                    if blockQ == nil && blockK == nil && workers == nil && level == nil {
                                        try Kernels.attention(
                                            q: q, k: k, v: v, out: o, lse: l, lq: lq, lk: lk, d: d, dv: dv, scale: scale,
                                            mask: pm, bias: pb, band: band, alibiSlope: alibiSlope)
                                    } else {
                                        var problem = Kernels.FlashAttention.Problem(
                                            heads: 1, lq: lq, lk: lk, d: d, dv: dv, scale: scale, band: band,
                                            q: Kernels.SharedPointer(q), qStride: 0, k: Kernels.SharedPointer(k), kStride: 0,
                                            v: Kernels.SharedPointer(v), vStride: 0, out: Kernels.SharedPointer(o), outStride: 0,
                                            mask: pm.map { Kernels.SharedPointer($0) }, maskStride: 0,
                                            bias: pb.map { Kernels.SharedPointer($0) }, biasStride: 0,
                                            alibiSlopes: alibiSlope.map { [$0] } ?? [],
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
        if let failure { throw failure }
        return (out, lse)
    }

    private func withMaskAndBias(_ body: (UnsafePointer<Double>?, UnsafePointer<Double>?) -> Void) {
        func withBias(_ pm: UnsafePointer<Double>?) {
            if let bias {
                bias.withUnsafeBufferPointer { body(pm, $0.baseAddress) }
            } else {
                body(pm, nil)
            }
        }
        if let mask {
            mask.withUnsafeBufferPointer { withBias($0.baseAddress) }
        } else {
            withBias(nil)
        }
    }

    var label: String {
        "lq=\(lq) lk=\(lk) d=\(d) dv=\(dv) causal=\(causal) mask=\(mask != nil) bias=\(bias != nil)"
            + (explicitBand.map { " band=[\($0.lower.map(String.init) ?? "-"), \($0.upper.map(String.init) ?? "-")]" } ?? "")
            + (alibiSlope.map { " alibi=\($0)" } ?? "")
    }
}

