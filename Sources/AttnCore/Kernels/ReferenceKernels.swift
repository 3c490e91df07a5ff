import Foundation

// Plain, obviously correct versions of the kernels, used as the oracle in the
// tests. They follow the textbook formulas directly and are slow.

extension Kernels {
    enum ReferenceKernels {
        static func gemm(
            _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
            m: Int, n: Int, k: Int, transposedB: Bool
        ) {
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0
                    for p in 0..<k {
                        let bv = transposedB ? b[j * k + p] : b[p * n + j]
                        sum += a[i * k + p] * bv
                    }
                    c[i * n + j] = sum
                }
            }
        }

        static func attention(
            q: UnsafePointer<Double>, k: UnsafePointer<Double>, v: UnsafePointer<Double>,
            out: UnsafeMutablePointer<Double>, lse: UnsafeMutablePointer<Double>?,
            lq: Int, lk: Int, d: Int, dv: Int, scale: Double,
            mask: UnsafePointer<Double>?, bias: UnsafePointer<Double>?,
            band: KeyBand, alibiSlope: Double?
        ) {
            // The full score matrix, with -inf for keys a query may not see.
            var scores = [Double](repeating: -.infinity, count: lq * lk)
            for i in 0..<lq {
                for j in 0..<lk {
                    if let lower = band.lower, j < i + lower { continue }
                    if let upper = band.upper, j > i + upper { continue }
                    if let mask, mask[i * lk + j] == 0 { continue }
                    var dot = 0.0
                    for p in 0..<d { dot += q[i * d + p] * k[j * d + p] }
                    var score = dot * scale
                    if let bias { score += bias[i * lk + j] }
                    // ALiBi: distance from the bottom-right-aligned diagonal.
                    if let alibiSlope { score -= alibiSlope * Double(abs(i + lk - lq - j)) }
                    scores[i * lk + j] = score
                }
            }
            for i in 0..<lq {
                let o = out + i * dv
                for c in 0..<dv { o[c] = 0 }
                let row = Array(scores[(i * lk)..<(i * lk + lk)])
                if row.contains(where: { $0.isNaN }) {
                    for c in 0..<dv { o[c] = .nan }
                    lse?[i] = .nan
                    continue
                }
                let best = row.max() ?? -.infinity
                if best == -.infinity {  // fully masked row
                    lse?[i] = -.infinity
                    continue
                }
                // Stable softmax: w_j = exp(s_j − max) / Σ exp(s_l − max).
                var total = 0.0
                var weights = [Double](repeating: 0, count: lk)
                for j in 0..<lk {
                    weights[j] = Foundation.exp(row[j] - best)
                    total += weights[j]
                }
                lse?[i] = best + Foundation.log(total)
                for j in 0..<lk where weights[j] != 0 {
                    let w = weights[j] / total
                    for c in 0..<dv { o[c] += w * v[j * dv + c] }
                }
            }
        }
    }
}
