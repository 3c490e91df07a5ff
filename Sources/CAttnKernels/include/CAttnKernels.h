// CAttnKernels: x86-64 SIMD kernels for AttnCore, chosen at run time.
//
// The target is compiled for baseline x86-64 (no -m/-march flags). Each
// AVX2/FMA or AVX-512 function carries its own __attribute__((target(...))),
// so the object file loads on any x86-64 CPU; AttnCore calls a function only
// when attn_cpu_level() says the CPU (and OS) supports its instructions.
// On other architectures only attn_cpu_level() exists and returns 0, and
// AttnCore uses its pure-Swift kernels.
//
// Every function trusts its arguments: sizes are non-negative, buffers hold
// the stated number of elements, outputs do not overlap inputs.

#ifndef CATTNKERNELS_H
#define CATTNKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// The instruction-set level the kernels may use:
/// 0 = baseline (the portable Swift kernels),
/// 1 = AVX2 + FMA (x86-64 only),
/// 2 = AVX-512F (with AVX2 + FMA; x86-64 only).
/// Detected once, with __builtin_cpu_supports (which also checks that the OS
/// saves the wider registers). The environment variable ATTN_CPU_LEVEL, read
/// at the first call, can lower the level (a single digit 0, 1 or 2; larger
/// values and anything else are ignored): tests and benchmarks use it to run
/// the slower paths on a fast machine. Thread-safe.
int attn_cpu_level(void);

/// The level the CPU supports, ignoring ATTN_CPU_LEVEL.
int attn_cpu_level_supported(void);

/// Asks the CPU to start loading `rows` rows of `cols` doubles, rows `ld`
/// apart, from memory into its caches (L2 and outward), without waiting and
/// without changing anything a program can observe. Fused attention calls it
/// for the mask and bias blocks a key-block step is about to read, before the
/// Q·Kᵀ product of that block, so that reading an Lq×Lk operand overlaps with
/// arithmetic instead of stalling on memory. A no-op where the compiler has
/// no prefetch instruction. Any architecture, any level.
void attn_prefetch_rows(const double *p, long rows, long cols, long ld);

/// attn_prefetch_rows for float32 rows (`cols` floats, rows `ld` floats apart).
void attn_prefetch_rows_f32(const float *p, long rows, long cols, long ld);

#if defined(__x86_64__)

/// Register tiles of the GEMM micro-kernels (rows of A × columns of B).
#define ATTN_AVX2_MR 6
#define ATTN_AVX2_NR 8
#define ATTN_AVX512_MR 12
#define ATTN_AVX512_NR 16

/// C[mc×nc] = A·B (accumulate == 0) or C[mc×nc] += A·B (accumulate != 0),
/// with A mc×kc and B kc×nc, on the AVX2/FMA (6×8 tile) or AVX-512 (12×16
/// tile) micro-kernel with fused multiply-add.
///
/// - A is read in row panels of MR rows: element (i, p) is at
///   a[(i / MR)·a_panel + (i % MR)·a_rs + p·a_cs]. A packed panel has
///   a_rs = 1, a_cs = MR, a_panel = kc·MR; a row-major matrix with leading
///   dimension lda has a_rs = lda, a_cs = 1, a_panel = MR·lda. Rows up to
///   mc rounded up to a multiple of MR must be readable (their values do
///   not matter: those rows of the result are dropped).
/// - B is packed in panels of NR columns: element (p, j) is at
///   b[(j / NR)·kc·NR + p·NR + (j % NR)]; columns up to nc rounded up to a
///   multiple of NR must be readable (zero padding, as AttnCore packs).
/// - C(i, j) is c[i·ldc + j]; only i < mc, j < nc are read or written.
/// - Each element is one running fused sum over p = 0, 1, …, kc−1, starting
///   from zero, then added to C when accumulating. kc may be 0.
void attn_gemm_avx2(long mc, long nc, long kc,
                    const double *a, long a_rs, long a_cs, long a_panel,
                    const double *b, double *c, long ldc, int accumulate);
void attn_gemm_avx512(long mc, long nc, long kc,
                      const double *a, long a_rs, long a_cs, long a_panel,
                      const double *b, double *c, long ldc, int accumulate);

/// x[i] = e^x[i] for i < count, within 2 ulp of glibc's exp, with its
/// special values: −inf and x < −745.13… give +0 (results between the
/// smallest subnormal and the smallest normal are subnormal, not flushed),
/// +inf and x > 709.78… give +inf, NaN stays NaN, ±0 gives 1.
void attn_exp_avx2(double *x, long count);
void attn_exp_avx512(double *x, long count);

/// One key block of the online softmax in fused attention, for `rows` query
/// rows. Row r's scores are s[r·lds + j], j < nk: on entry raw dot products
/// q·k, on return the unnormalised weights exp(score − m_r), where m_r is the
/// row's new running maximum.
///
/// - Key j is allowed for row r when lo_r ≤ j < hi_r, with
///   lo_r = lo0 + r·band_step and hi_r = hi0 + r·band_step clamped to
///   [0, nk] (causal attention and sliding windows; band_step is 0 or 1),
///   and, if mask is not NULL, mask[r·ldmask + j] != 0 (a NaN mask entry
///   allows). The score of an allowed key is scale·q·k, plus
///   bias[r·ldbias + j] when bias is not NULL (one fused multiply-add, so
///   one rounding), minus alibi_slope·|alibi_distance0 + r − j| when
///   alibi_slope is not 0 (one more fused multiply-add; the distance is the
///   key's offset from the row's diagonal); others are −inf whatever their
///   bias. A −inf bias therefore excludes its key too, a +inf bias gives the
///   row a +inf maximum (its weights, and so its output, become NaN), and a
///   NaN bias at an allowed key is a NaN score. Keys outside [lo_r, hi_r)
///   are neither loaded nor exponentiated: their weight is set to 0.
/// - row_max[r] (the running maximum m, −inf before the first block) and
///   row_sum[r] (Σ weights so far, relative to m) are updated; when m grows,
///   acc[r·ldacc + c] for c < dv is multiplied by exp(m_old − m_new), so it
///   stays relative to the new maximum. A NaN allowed score makes m NaN
///   (and so the row's output NaN).
/// - A row with no allowed finite score so far (m = −inf), or no key in
///   [lo_r, hi_r), gets all-zero weights and keeps its state.
/// - The block's weight sum is accumulated in 8 (AVX-512) or 4 (AVX2)
///   interleaved partial sums, aligned to the block's key 0, then reduced in
///   a fixed order.
/// Returns nonzero when some row has m > −inf (its weights must be applied).
int attn_softmax_block_avx2(long rows, long nk, double *s, long lds, double scale,
                            long lo0, long hi0, long band_step,
                            const double *mask, long ldmask,
                            const double *bias, long ldbias,
                            double alibi_slope, long alibi_distance0,
                            double *row_max, double *row_sum,
                            double *acc, long ldacc, long dv);
int attn_softmax_block_avx512(long rows, long nk, double *s, long lds, double scale,
                              long lo0, long hi0, long band_step,
                              const double *mask, long ldmask,
                              const double *bias, long ldbias,
                              double alibi_slope, long alibi_distance0,
                              double *row_max, double *row_sum,
                              double *acc, long ldacc, long dv);

// MARK: float32
//
// The same kernels on float32 data: twice the lanes per register, float32
// arithmetic throughout (products, running sums, scores, weights, the
// softmax state), with the contracts above. They differ only where stated.

/// Register tiles of the float32 GEMM micro-kernels.
#define ATTN_AVX2_MR_F32 6
#define ATTN_AVX2_NR_F32 16
#define ATTN_AVX512_MR_F32 12
#define ATTN_AVX512_NR_F32 32

/// attn_gemm_* on float32: C[mc×nc] (+)= A·B with the 6×16 (AVX2/FMA) or
/// 12×32 (AVX-512) tile, one running fused float32 sum per element over
/// p = 0, 1, …, kc−1. Layouts as for attn_gemm_* with these MR and NR.
void attn_sgemm_avx2(long mc, long nc, long kc,
                     const float *a, long a_rs, long a_cs, long a_panel,
                     const float *b, float *c, long ldc, int accumulate);
void attn_sgemm_avx512(long mc, long nc, long kc,
                       const float *a, long a_rs, long a_cs, long a_panel,
                       const float *b, float *c, long ldc, int accumulate);

/// x[i] = e^x[i] in float32 for i < count (simd_expf.h), within 1 ulp of
/// exp rounded to float32, with expf's special values: −inf and
/// x < −103.97… give +0 (subnormal results are not flushed), +inf and
/// x > 88.72… give +inf, NaN stays NaN, ±0 gives 1.
void attn_expf_avx2(float *x, long count);
void attn_expf_avx512(float *x, long count);

/// attn_softmax_block_* on float32 scores, mask, bias and state: the same
/// contract, with float32 fused multiply-adds, the float32 exponential
/// (attn_expf_*) for the weights and libm's expf for the rescale factor.
/// The block's weight sum is accumulated in 16 (AVX-512) or 8 (AVX2)
/// interleaved partial sums. ALiBi distances are exact below 2^24.
int attn_softmax_block_f32_avx2(long rows, long nk, float *s, long lds, float scale,
                                long lo0, long hi0, long band_step,
                                const float *mask, long ldmask,
                                const float *bias, long ldbias,
                                float alibi_slope, long alibi_distance0,
                                float *row_max, float *row_sum,
                                float *acc, long ldacc, long dv);
int attn_softmax_block_f32_avx512(long rows, long nk, float *s, long lds, float scale,
                                  long lo0, long hi0, long band_step,
                                  const float *mask, long ldmask,
                                  const float *bias, long ldbias,
                                  float alibi_slope, long alibi_distance0,
                                  float *row_max, float *row_sum,
                                  float *acc, long ldacc, long dv);

/// softmax of `rows` contiguous rows of n floats (x and y may not overlap):
/// y = exp(x − m) / Σ exp(x − m), m the row's maximum, in float32 with the
/// float32 exponential; the sum in 16 (AVX-512) or 8 (AVX2) partial sums.
/// A NaN anywhere in a row, a +inf, or a row all −inf gives a NaN row (as
/// AttnCore's softmax: 0/0 or inf − inf).
void attn_softmax_rows_f32_avx2(const float *x, float *y, long rows, long n);
void attn_softmax_rows_f32_avx512(const float *x, float *y, long rows, long n);

#endif  // __x86_64__

#ifdef __cplusplus
}
#endif

#endif  // CATTNKERNELS_H
