import Foundation

/// Low-level kernels on contiguous row-major buffers. The Tensor-level
/// operations (matmul, attention) validate shapes and then call these; the
/// kernels themselves trust their arguments.
public enum Kernels {
    /// C[m×n] = A[m×k] · B[k×n], all row-major and contiguous. C is overwritten.
    public static func gemm(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int
    ) {
        for i in 0..<m {
            let row = c + i * n
            for j in 0..<n { row[j] = 0 }
            for p in 0..<k {
                let aip = a[i * k + p]
                let brow = b + p * n
                for j in 0..<n { row[j] += aip * brow[j] }
            }
        }
    }

    /// One head of scaled dot-product attention:
    /// O[i] = Σ_j softmax_j(s_ij) · V[j], with s_ij = scale · Q[i]·K[j] where
    /// key j is allowed for query i, and -inf where it is not.
    ///
    /// - Q is Lq×d, K is Lk×d, V is Lk×dv, O is Lq×dv (row-major, contiguous).
    /// - `mask`, when given, is Lq×Lk with nonzero meaning "may attend".
    /// - `causal` allows key j for query i only when j ≤ i (top-left aligned).
    /// - A query whose keys are all disallowed gets a zero output row.
    public static func attention(
        q: UnsafePointer<Double>, k: UnsafePointer<Double>, v: UnsafePointer<Double>,
        out: UnsafeMutablePointer<Double>,
        lq: Int, lk: Int, d: Int, dv: Int, scale: Double,
        mask: UnsafePointer<Double>?, causal: Bool
    ) throws(CoreError) {
        var s = [Double](repeating: 0, count: lk)
        for i in 0..<lq {
            if i & 63 == 0 { try Interrupt.check() }
            var best = -Double.infinity
            for j in 0..<lk {
                var allowed = !causal || j <= i
                if let mask, mask[i * lk + j] == 0 { allowed = false }
                if allowed {
                    var dot = 0.0
                    for p in 0..<d { dot += q[i * d + p] * k[j * d + p] }
                    s[j] = dot * scale
                } else {
                    s[j] = -.infinity
                }
                best = max(best, s[j])
            }
            let o = out + i * dv
            for c in 0..<dv { o[c] = 0 }
            if best == -.infinity { continue }
            var total = 0.0
            for j in 0..<lk {
                let w = s[j] == -.infinity ? 0 : exp(s[j] - best)
                total += w
                if w != 0 { for c in 0..<dv { o[c] += w * v[j * dv + c] } }
            }
            for c in 0..<dv { o[c] /= total }
        }
    }
}
