/// Low-level kernels on contiguous row-major buffers. The Tensor-level
/// operations (matmul, softmax, attention) validate shapes and then call
/// these; the kernels themselves trust their arguments (non-negative sizes,
/// buffers of the stated lengths, outputs that do not overlap inputs).
///
/// The implementations live in `Kernels/`, as internal types nested in
/// `Kernels` (so they cannot clash with other AttnCore names):
/// `GemmEngine` (packed, blocked, multithreaded GEMM), `GemmDirect`
/// (unpacked paths for thin and tiny products), `FlashAttention` (fused
/// attention), `VectorExp` (SIMD exp), `ReferenceKernels` (the plain
/// formulas the tests compare against), `KernelSupport.swift`
/// (instruction-set level, register tiles, SIMD loads, threading helpers)
/// and `KernelScalar.swift` with `KernelScalar+Float64.swift` and
/// `KernelScalar+Float32.swift` (what differs between the element types).
///
/// Element types: every kernel exists for float64 (`Double`) and float32
/// (`Float`), written once and specialised per type. A float32 kernel
/// computes in float32 throughout — products, sums, scores, the softmax
/// state — as PyTorch's CPU kernels and OpenBLAS's sgemm do; its accuracy
/// is stated with its entry point in units of u = 2⁻²⁴ (half an ulp of 1).
///
/// Run-time CPU dispatch: the package is compiled for baseline x86-64
/// (SSE2, no FMA) and runs on any x86-64 CPU. The first kernel call asks
/// `attn_cpu_level()` (C target `CAttnKernels`) what the CPU supports and
/// then uses, for good (see `Level`):
/// - AVX-512F: C micro-kernels with a 12×16 tile (float32: 12×32), 8-lane
///   exp (float32: 16), the online softmax step of attention in C; fused
///   multiply-add throughout.
/// - AVX2 + FMA: the same in C with a 6×8 tile (float32: 6×16) and 4-lane
///   exp (float32: 8).
/// - otherwise (and on non-x86 CPUs): the Swift kernels, 6×4 tile (float32:
///   6×8), multiply and add separately.
/// The environment variable `ATTN_CPU_LEVEL` (0, 1 or 2, read once) forces
/// a lower level, e.g. to compare or test the paths on one machine. The
/// thin GEMM paths (`GemmDirect`) are Swift at every level.
///
/// Threads: large problems are split over `DispatchQueue.concurrentPerform`.
/// Every output element is computed by one worker in an order that depends
/// only on the shapes, so results are bit-for-bit identical whatever the
/// number of threads.
public enum Kernels {
    /// The instruction set the kernels use in this process: "avx512",
    /// "avx2" or "baseline" (see the run-time dispatch note above; lowered
    /// by `ATTN_CPU_LEVEL`). For reports such as benchmark headers.
    public static var instructionSet: String { Level.current.description }

    // MARK: - Matrix products

    /// C = A · B.
    ///
    /// - A is m×k, B is k×n, C is m×n; all row-major and contiguous. C is
    ///   overwritten (never read) and must not overlap A or B.
    /// - `C[i][j] = Σ_p A[i][p]·B[p][j]`; with k = 0, C is all zeros.
    /// - Non-finite values propagate as in IEEE arithmetic (every product is
    ///   formed, so `0 · inf` gives NaN).
    /// - Accuracy: each element is a dot product whose summation order
    ///   depends only on (m, n, k): blocks of up to 256 terms for the packed
    ///   path, eight interleaved partial sums or one running sum for thin
    ///   and tiny products. The error is within the usual
    ///   `k·ε·Σ_p |A[i][p]·B[p][j]|` bound. The baseline level multiplies and
    ///   adds separately; the AVX2 and AVX-512 levels use fused multiply-add
    ///   in the packed path, which changes the last bits (see `Level`).
    /// - Threads: products above about 10⁶ multiply-adds are split over the
    ///   cores; the result is bit-for-bit the same for any thread count (on
    ///   a given CPU level).
    public static func gemm(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int
    ) {
        GemmEngine.gemm(
            m: m, n: n, k: k, a: a, rsa: k, csa: 1, b: b, rsb: n, csb: 1, c: c, ldc: n,
            workers: KernelThreads.available, level: .current)
    }

    /// C = A · Bᵀ, for B given as n×k row-major (so `C[i][j]` is the dot
    /// product of row i of A with row j of B, as in attention scores Q·Kᵀ).
    ///
    /// Shapes: A is m×k, B is n×k, C is m×n; contiguous row-major. Same
    /// contract (overwrite, k = 0, NaN/inf, accuracy, determinism) as `gemm`.
    public static func gemmTransB(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int
    ) {
        GemmEngine.gemm(
            m: m, n: n, k: k, a: a, rsa: k, csa: 1, b: b, rsb: 1, csb: k, c: c, ldc: n,
            workers: KernelThreads.available, level: .current)
    }

    /// C = A · B in float32: `gemm` for float32 operands, accumulating in
    /// float32 (the 6×8, 6×16 and 12×32 tiles).
    ///
    /// Same shapes, overwrite, k = 0, NaN/inf and determinism contract as the
    /// float64 `gemm`. Accuracy: each element is a float32 dot product whose
    /// summation order depends only on (m, n, k), so
    /// |Ĉ[i][j] − C[i][j]| ≤ γ_k · Σ_p |A[i][p]·B[p][j]|, γ_k = k·u/(1 − k·u),
    /// u = 2⁻²⁴, against the exact product of the float32 inputs (the packed
    /// path sums blocks of up to 256 terms, so its bound is
    /// (min(k, 256) + ⌈k/256⌉)·u in place of k·u; errors on random data are
    /// about √k·u, as with OpenBLAS's sgemm).
    public static func gemm(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int
    ) {
        GemmEngine.gemm(
            m: m, n: n, k: k, a: a, rsa: k, csa: 1, b: b, rsb: n, csb: 1, c: c, ldc: n,
            workers: KernelThreads.available, level: .current)
    }

    /// C = A · Bᵀ in float32 (B given as n×k): `gemmTransB` with the
    /// contract and accuracy of the float32 `gemm`.
    public static func gemmTransB(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>,
        m: Int, n: Int, k: Int
    ) {
        GemmEngine.gemm(
            m: m, n: n, k: k, a: a, rsa: k, csa: 1, b: b, rsb: 1, csb: k, c: c, ldc: n,
            workers: KernelThreads.available, level: .current)
    }

    // MARK: - Attention

    /// One head of scaled dot-product attention:
    /// O[i] = Σ_j softmax_j(s_ij) · V[j], with
    /// s_ij = scale · Q[i]·K[j] + bias[i][j] − slope·|i + Lk − Lq − j|
    /// where key j is allowed for query i, and -inf where it is not
    /// (PyTorch's `scaled_dot_product_attention` with a float `attn_mask` =
    /// bias; flash-attn's `alibi_slopes`, `window_size` and causal through
    /// `band`).
    ///
    /// - Q is Lq×d, K is Lk×d, V is Lk×dv, O is Lq×dv (row-major, contiguous).
    /// - Key j is allowed for query i when `band.allows(query: i, key: j)`
    ///   (causal attention and sliding windows: i + lower ≤ j ≤ i + upper)
    ///   and the mask, when given, is nonzero there.
    /// - `mask`, when given, is Lq×Lk with nonzero meaning "may attend"
    ///   (a NaN mask entry is nonzero, so it allows; the language layer only
    ///   lets 0 and 1 through).
    /// - `bias`, when given, is Lq×Lk, added to the scaled score (nil: no
    ///   bias, and no cost). A −inf entry excludes its key exactly as mask 0
    ///   does; a finite one, however negative (−1e9), does not: a row whose
    ///   keys all carry −1e9 gets the weights of its scores alone (up to the
    ///   rounding of s − 1e9), as in PyTorch. The bias of
    ///   a disallowed key (mask 0, outside the band) is ignored, NaN included.
    /// - `alibiSlope`, when given (finite; nil or 0: none), subtracts
    ///   slope·|i + Lk − Lq − j| from the scaled, biased score: flash-attn's
    ///   ALiBi, whose diagonal is aligned bottom-right like its causal mask.
    /// - A query whose keys are all disallowed or excluded (mask, band, −inf
    ///   bias or −inf scores in any mix, or no keys at all, Lk = 0) gets a
    ///   zero output row, not NaN.
    /// - A NaN score at an allowed key (a NaN in Q or K, or a NaN bias), or a
    ///   +inf score (+inf bias), makes the row NaN.
    ///   Keys whose weight is exactly zero (disallowed, or exp underflow)
    ///   contribute nothing, even when their V row holds inf or NaN.
    /// - `lse`, when given (Lq values), receives each row's log-sum-exp
    ///   log Σ_j exp(s_ij) over the allowed keys, computed as m + log(l) from
    ///   the running maximum m and sum l: −inf for a row with nothing
    ///   allowed, NaN for a NaN row (a NaN or +inf score). With dv = 0 only
    ///   the lse is computed (no P·V product).
    /// - Computed FlashAttention-style: query blocks × key blocks with an
    ///   online softmax, never forming the Lq×Lk matrix. Extra memory: a
    ///   packed copy of K and V (about (Lk)·(d+dv) doubles) plus
    ///   O(72·(256 + d + dv)) doubles per worker. Key blocks that the band
    ///   hides from every row of a query block are skipped, so a sliding
    ///   window of w keys costs about Lq·(w + 136)·(d + dv) multiply-adds
    ///   (query blocks of 72, key blocks of 64 for bands narrower than
    ///   1,024 keys) instead of Lq·Lk·(d + dv), and causal attention about
    ///   half.
    /// - Accuracy: agrees with the textbook formula (`referenceAttention`)
    ///   to about 1e-14 relative for ordinary data; the exponential is the
    ///   algorithm of `Kernels.exp` (within 2 ulp of `Foundation.exp`), in C
    ///   with fused multiply-add at the AVX2 and AVX-512 levels (where
    ///   scale·s + bias and the ALiBi term are fused multiply-adds; the
    ///   baseline level multiplies, then adds). The lse is within a few ulp
    ///   of log Σ exp relative to its magnitude (m + log l, l ≥ 1).
    /// - Speed: the bias and ALiBi are added in the pass that scales the
    ///   score block; without them that pass is what it was.
    /// - Deterministic: the result depends on the shapes and the CPU level,
    ///   not on the number of threads.
    /// - Polls `Interrupt` between blocks and throws `CoreError.interrupted`;
    ///   `out` and `lse` are then partly written.
    public static func attention(
        q: UnsafePointer<Double>, k: UnsafePointer<Double>, v: UnsafePointer<Double>,
        out: UnsafeMutablePointer<Double>, lse: UnsafeMutablePointer<Double>? = nil,
        lq: Int, lk: Int, d: Int, dv: Int, scale: Double,
        mask: UnsafePointer<Double>?, bias: UnsafePointer<Double>?,
        band: KeyBand = .unlimited, alibiSlope: Double? = nil
    ) throws(CoreError) {
        try attentionBatched(
            q: q, k: k, v: v, out: out, lse: lse, heads: 1,
            qStride: 0, kStride: 0, vStride: 0, outStride: 0,
            lq: lq, lk: lk, d: d, dv: dv, scale: scale,
            mask: mask, maskStride: 0, bias: bias, biasStride: 0,
            band: band, alibiSlopes: alibiSlope.map { [$0] } ?? [])
    }

    /// Many independent attention heads (or batch entries) with the same
    /// shapes, run in parallel over (head, query block) pairs.
    ///
    /// Head h computes exactly what `attention` computes for
    /// `q + h·qStride` (Lq×d), `k + (h / kvGroup)·kStride` (Lk×d),
    /// `v + (h / kvGroup)·vStride` (Lk×dv), `mask + h·maskStride` and
    /// `bias + h·biasStride` (Lq×Lk each, when given), the ALiBi slope
    /// `alibiSlopes[h % alibiSlopes.count]` (none when empty) and `band`,
    /// into `out + h·outStride` (Lq×dv) and, when `lse` is given,
    /// `lse + h·lseStride` (Lq). Strides count elements; a stride of 0
    /// shares one operand between all heads (e.g. one mask or bias, or
    /// multi-query attention's shared K and V). `kvGroup` consecutive heads
    /// share one K and V (grouped-query attention: with heads laid out as
    /// batch·h + t and g key/value heads per batch entry laid out likewise,
    /// kvGroup = h/g sends query head t to key/value head t/(h/g)); shared
    /// K and V are packed once, not per query head. Output heads must not
    /// overlap each other or the inputs. The per-head contract, accuracy and
    /// interrupt behaviour are those of `attention`, and each head's result
    /// is bit-for-bit the one `attention` gives for it alone.
    ///
    /// Extra memory: packed K and V for the key/value heads in flight (one
    /// at a time when Lq is large; several when Lq is small, to keep every
    /// core busy) plus the per-worker blocks of `attention`.
    public static func attentionBatched(
        q: UnsafePointer<Double>, k: UnsafePointer<Double>, v: UnsafePointer<Double>,
        out: UnsafeMutablePointer<Double>, lse: UnsafeMutablePointer<Double>? = nil,
        heads: Int, qStride: Int, kStride: Int, vStride: Int, outStride: Int, lseStride: Int = 0, kvGroup: Int = 1,
        lq: Int, lk: Int, d: Int, dv: Int, scale: Double,
        mask: UnsafePointer<Double>?, maskStride: Int,
        bias: UnsafePointer<Double>?, biasStride: Int,
        band: KeyBand = .unlimited, alibiSlopes: [Double] = []
    ) throws(CoreError) {
        try fusedAttention(
            q: q, k: k, v: v, out: out, lse: lse, heads: heads, qStride: qStride, kStride: kStride,
            vStride: vStride, outStride: outStride, lseStride: lseStride, kvGroup: kvGroup,
            lq: lq, lk: lk, d: d, dv: dv, scale: scale, mask: mask, maskStride: maskStride,
            bias: bias, biasStride: biasStride, band: band, alibiSlopes: alibiSlopes)
    }

    /// Float32 fused attention: `attentionBatched` on float32 operands
    /// (Q, K, V, mask, bias, slopes, scale, output and lse all float32), with
    /// the same shapes, options, NaN/±inf rules, block skipping, threading
    /// and determinism. Every intermediate is float32 — Q·Kᵀ, the scores,
    /// the weights P, the running maximum m, sum l and accumulator acc — and
    /// the weights use the float32 exp (`expInPlace(_:count:)` for Float).
    ///
    /// Accuracy, against the textbook formula evaluated in float64 on the
    /// same float32 inputs (`referenceAttention`), with u = 2⁻²⁴:
    /// - scores: |ŝ_ij − s_ij| ≤ E_ij = (d + 3)·u·(scale·Σ_p|Q_ip·K_jp| +
    ///   |bias_ij| + slope·|i + Lk − Lq − j|) (a float32 dot product of d
    ///   terms, the scaling, the bias and ALiBi fused multiply-adds);
    /// - output: |Ô_ic − O_ic| ≤ M·(2·E_i + (b + 4·⌈Lk/b⌉ + log₂(Lk) + 8)·u),
    ///   where M = max_j |V_jc| over the keys row i sees, E_i = max_j E_ij
    ///   and b = min(Lk, blockK) (256, or 64 for narrow bands): a score
    ///   error of E moves the weights by a factor within e^{±2E}; the
    ///   exponential adds 1 ulp and the rounding of s − m a weighted
    ///   u·(m − s), whose mean under the weights is below log Lk + 1; the
    ///   running sums l and acc are float32 sums of b terms per key block,
    ///   one per block after it, with a rescale per block.
    ///   For d = 64, Lk = 4,096 and unit-variance data the bound is about
    ///   1e-4·M; measured errors are about 1e-6·M (the tests, and the
    ///   benchmark against numpy and PyTorch in float32).
    /// - lse: |lsê_i − lse_i| ≤ E_i + (b/8 + 4·⌈Lk/b⌉ + log₂(Lk) + 8)·u + 2u·|lse_i|
    ///   (the sum l, log l, and m + log l each round once more).
    public static func attentionBatched(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>? = nil,
        heads: Int, qStride: Int, kStride: Int, vStride: Int, outStride: Int, lseStride: Int = 0, kvGroup: Int = 1,
        lq: Int, lk: Int, d: Int, dv: Int, scale: Float,
        mask: UnsafePointer<Float>?, maskStride: Int,
        bias: UnsafePointer<Float>?, biasStride: Int,
        band: KeyBand = .unlimited, alibiSlopes: [Float] = []
    ) throws(CoreError) {
        try fusedAttention(
            q: q, k: k, v: v, out: out, lse: lse, heads: heads, qStride: qStride, kStride: kStride,
            vStride: vStride, outStride: outStride, lseStride: lseStride, kvGroup: kvGroup,
            lq: lq, lk: lk, d: d, dv: dv, scale: scale, mask: mask, maskStride: maskStride,
            bias: bias, biasStride: biasStride, band: band, alibiSlopes: alibiSlopes)
    }

    /// One head of float32 attention (`attention` on float32 operands): the
    /// float32 `attentionBatched` with one head; same accuracy.
    public static func attention(
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
        out: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>? = nil,
        lq: Int, lk: Int, d: Int, dv: Int, scale: Float,
        mask: UnsafePointer<Float>?, bias: UnsafePointer<Float>?,
        band: KeyBand = .unlimited, alibiSlope: Float? = nil
    ) throws(CoreError) {
        try attentionBatched(
            q: q, k: k, v: v, out: out, lse: lse, heads: 1,
            qStride: 0, kStride: 0, vStride: 0, outStride: 0,
            lq: lq, lk: lk, d: d, dv: dv, scale: scale,
            mask: mask, maskStride: 0, bias: bias, biasStride: 0,
            band: band, alibiSlopes: alibiSlope.map { [$0] } ?? [])
    }

    /// `attentionBatched` for either element type, at the current level
    /// with every core and the key blocks `FlashAttention.blockK(for:)`
    /// picks for the band: what both public overloads and the tensor layer
    /// run.
    static func fusedAttention<T: KernelScalar>(
        q: UnsafePointer<T>, k: UnsafePointer<T>, v: UnsafePointer<T>,
        out: UnsafeMutablePointer<T>, lse: UnsafeMutablePointer<T>?,
        heads: Int, qStride: Int, kStride: Int, vStride: Int, outStride: Int, lseStride: Int, kvGroup: Int,
        lq: Int, lk: Int, d: Int, dv: Int, scale: T,
        mask: UnsafePointer<T>?, maskStride: Int,
        bias: UnsafePointer<T>?, biasStride: Int,
        band: KeyBand, alibiSlopes: [T]
    ) throws(CoreError) {
        var problem = FlashAttention.Problem(
            heads: heads, lq: lq, lk: lk, d: d, dv: dv, scale: scale, band: band,
            q: SharedPointer(q), qStride: qStride, k: SharedPointer(k), kStride: kStride,
            v: SharedPointer(v), vStride: vStride, out: SharedPointer(out), outStride: outStride,
            mask: mask.map { SharedPointer($0) }, maskStride: maskStride,
            bias: bias.map { SharedPointer($0) }, biasStride: biasStride,
            alibiSlopes: alibiSlopes, kvGroup: max(1, kvGroup),
            lse: lse.map { SharedPointer($0) }, lseStride: lseStride)
        problem.blockK = FlashAttention.blockK(for: band)
        try FlashAttention.run(problem, workers: KernelThreads.available, level: .current)
    }

    // MARK: - Exponential

    /// eˣ for eight lanes at once (Swift, inlined; the same algorithm as
    /// `expInPlace` at every level).
    ///
    /// Accuracy: within 2 ulp of `Foundation.exp` (about 1 ulp of the exact
    /// value) over the whole range, including subnormal results.
    /// Special values, as `Foundation.exp`: −inf → +0, x < −745.13… → +0
    /// (results between the smallest subnormal and the smallest normal are
    /// subnormal, not flushed), +inf and x > 709.78… → +inf, NaN → NaN,
    /// ±0 → 1.
    @inline(__always)
    public static func exp(_ x: SIMD8<Double>) -> SIMD8<Double> {
        VectorExp.exp8(x)
    }

    /// x[i] = eˣ⁽ⁱ⁾ for i in 0..<count, with the accuracy and special values of
    /// `exp(_:)`. `count` may be zero. Runs the C AVX-512 or AVX2 kernel when
    /// the CPU level allows (results may then differ from `exp(_:)` in the
    /// last bit), else the Swift one.
    public static func expInPlace(_ x: UnsafeMutablePointer<Double>, count: Int) {
        VectorExp.expInPlace(x, count: count, level: .current)
    }

    /// x[i] = eˣ⁽ⁱ⁾ in float32 for i in 0..<count (`count` may be zero):
    /// the AVX-512 (16 lanes) or AVX2 (8 lanes) C kernel or the Swift one
    /// (8 lanes) by the CPU level; the levels may differ in the last bit.
    ///
    /// Accuracy: within 1 ulp of eˣ computed in float64 and rounded to
    /// float32, at every level: checked on every float32 in [−104, 89]
    /// (2.24·10⁹ values) by scripts/check_expf.c, and by the tests on every
    /// 1,009th of them and at the reduction boundaries. Subnormal results
    /// are rounded, not flushed. Special values, as `expf`: −inf and x < −103.97… → +0,
    /// +inf and x > 88.72… → +inf, NaN → NaN, ±0 → 1.
    public static func expInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
        VectorExp.expInPlace(x, count: count, level: .current)
    }

    /// eˣ for eight floats (Swift, inlined: the baseline algorithm of the
    /// float32 `expInPlace`, with its accuracy and special values).
    @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        VectorExp.exp8(x)
    }

    // MARK: - References

    /// The textbook triple loop for C = A · B (same shapes as `gemm`):
    /// `C[i][j] = Σ_p A[i][p]·B[p][j]`, summed in increasing p. Slow; for tests.
    public static func referenceGemm(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int
    ) {
        ReferenceKernels.gemm(a, b, c, m: m, n: n, k: k, transposedB: false)
    }

    /// The textbook triple loop for C = A · Bᵀ (same shapes as `gemmTransB`).
    public static func referenceGemmTransB(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ c: UnsafeMutablePointer<Double>,
        m: Int, n: Int, k: Int
    ) {
        ReferenceKernels.gemm(a, b, c, m: m, n: n, k: k, transposedB: true)
    }

    /// The textbook formula for `attention` (same arguments and contract):
    /// the full Lq×Lk score matrix scale·Q·Kᵀ + bias − slope·|i + Lk − Lq − j|
    /// with -inf at disallowed keys (mask 0 or outside the band), a
    /// numerically stable softmax per row with `Foundation.exp`, then the
    /// weighted sum of V rows; the lse as max + log Σ exp(s − max).
    /// Allocates Lq×Lk doubles; slow; for tests.
    public static func referenceAttention(
        q: UnsafePointer<Double>, k: UnsafePointer<Double>, v: UnsafePointer<Double>,
        out: UnsafeMutablePointer<Double>, lse: UnsafeMutablePointer<Double>? = nil,
        lq: Int, lk: Int, d: Int, dv: Int, scale: Double,
        mask: UnsafePointer<Double>?, bias: UnsafePointer<Double>?,
        band: KeyBand = .unlimited, alibiSlope: Double? = nil
    ) {
        ReferenceKernels.attention(
            q: q, k: k, v: v, out: out, lse: lse, lq: lq, lk: lk, d: d, dv: dv, scale: scale,
            mask: mask, bias: bias, band: band, alibiSlope: alibiSlope)
    }
}
