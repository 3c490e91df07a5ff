// exp on AVX2 (4 lanes) and AVX-512 (8 lanes) vectors: the algorithm of
// AttnCore's VectorExp, with fused multiply-add.
//
//   n = round(x·log2e)                      (adding and subtracting 1.5·2^52)
//   r = (x − n·ln2_hi) − n·ln2_lo           (n·ln2_hi is exact: 32-bit ln2_hi)
//   e^r ≈ 1 + (r + r²·q(r)),  q ≈ (e^r − 1 − r)/r², degree 9, near-minimax
//                                             on |r| ≤ 0.3466 (error < 0.15 ulp)
//   e^x = e^r · 2^n1 · 2^n2,  n1 = round(n/2), n2 = n − n1
// Two normal scale factors keep the first product exact and round once into
// the subnormal range, so tiny results are not flushed (AVX-512: vscalefpd,
// which rounds the same way in one instruction). x is clamped to
// [−760, 720] first (−inf → +0, large x → +inf); NaN passes through.
// Measured within 1 ulp of glibc's exp.
//
// Private to the target: included by the .c files that need it.

#ifndef CATTNKERNELS_SIMD_EXP_H
#define CATTNKERNELS_SIMD_EXP_H

#if defined(__x86_64__)

#include <immintrin.h>

#define EXP_LOG2E 1.4426950408889634074
#define EXP_LN2_HI 6.93147180369123816490e-01
#define EXP_LN2_LO 1.90821492927058770002e-10
#define EXP_SHIFTER 6755399441055744.0
#define EXP_LOWER (-760.0)
#define EXP_UPPER 720.0
#define EXP_C9 2.510038319586702e-08
#define EXP_C8 2.7620085455018414e-07
#define EXP_C7 2.7557268464831627e-06
#define EXP_C6 2.4801521302241082e-05
#define EXP_C5 0.00019841269863050506
#define EXP_C4 0.001388888891720967
#define EXP_C3 0.008333333333330063
#define EXP_C2 0.041666666666624136
#define EXP_C1 0.16666666666666669
#define EXP_C0 0.5000000000000001
#define EXP_BIAS (1023LL << 52)

static inline __attribute__((always_inline, target("avx2,fma"))) __m256d attn_exp4(__m256d x) {
    // max and min return their second operand when either is NaN: written
    // this way round they pass NaN through, and NaN stays NaN to the end.
    __m256d xc = _mm256_min_pd(_mm256_set1_pd(EXP_UPPER), _mm256_max_pd(_mm256_set1_pd(EXP_LOWER), x));
    const __m256d shifter = _mm256_set1_pd(EXP_SHIFTER);
    __m256d t = _mm256_fmadd_pd(xc, _mm256_set1_pd(EXP_LOG2E), shifter);
    __m256d n = _mm256_sub_pd(t, shifter);
    __m256d r = _mm256_fnmadd_pd(n, _mm256_set1_pd(EXP_LN2_HI), xc);
    r = _mm256_fnmadd_pd(n, _mm256_set1_pd(EXP_LN2_LO), r);
    __m256d q = _mm256_set1_pd(EXP_C9);
    q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(EXP_C8));
    q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(EXP_C7));
    q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(EXP_C6));
    q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(EXP_C5));
    q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(EXP_C4));
    q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(EXP_C3));
    q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(EXP_C2));
    q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(EXP_C1));
    q = _mm256_fmadd_pd(q, r, _mm256_set1_pd(EXP_C0));
    __m256d poly = _mm256_add_pd(_mm256_set1_pd(1.0), _mm256_fmadd_pd(_mm256_mul_pd(r, r), q, r));
    // t and t1 hold shifter + integer; their low bits are the integer.
    __m256d t1 = _mm256_fmadd_pd(n, _mm256_set1_pd(0.5), shifter);
    __m256i t_bits = _mm256_castpd_si256(t), t1_bits = _mm256_castpd_si256(t1);
    __m256i bias = _mm256_set1_epi64x(EXP_BIAS);
    __m256d scale1 = _mm256_castsi256_pd(_mm256_add_epi64(_mm256_slli_epi64(t1_bits, 52), bias));
    __m256d scale2 = _mm256_castsi256_pd(
        _mm256_add_epi64(_mm256_slli_epi64(_mm256_sub_epi64(t_bits, t1_bits), 52), bias));
    // For NaN lanes poly is NaN, so the product is NaN whatever the scales.
    return _mm256_mul_pd(_mm256_mul_pd(poly, scale1), scale2);
}

/// The AVX-512 version scales with vscalefpd, which computes poly·2^n with
/// one rounding: exactly what the two-factor product gives (exact in the
/// normal range, one rounding into the subnormals, inf on overflow).
static inline __attribute__((always_inline, target("avx512f,avx2,fma"))) __m512d attn_exp8(__m512d x) {
    __m512d xc = _mm512_min_pd(_mm512_set1_pd(EXP_UPPER), _mm512_max_pd(_mm512_set1_pd(EXP_LOWER), x));
    const __m512d shifter = _mm512_set1_pd(EXP_SHIFTER);
    __m512d n = _mm512_sub_pd(_mm512_fmadd_pd(xc, _mm512_set1_pd(EXP_LOG2E), shifter), shifter);
    __m512d r = _mm512_fnmadd_pd(n, _mm512_set1_pd(EXP_LN2_HI), xc);
    r = _mm512_fnmadd_pd(n, _mm512_set1_pd(EXP_LN2_LO), r);
    __m512d q = _mm512_set1_pd(EXP_C9);
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(EXP_C8));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(EXP_C7));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(EXP_C6));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(EXP_C5));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(EXP_C4));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(EXP_C3));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(EXP_C2));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(EXP_C1));
    q = _mm512_fmadd_pd(q, r, _mm512_set1_pd(EXP_C0));
    __m512d poly = _mm512_add_pd(_mm512_set1_pd(1.0), _mm512_fmadd_pd(_mm512_mul_pd(r, r), q, r));
    return _mm512_scalef_pd(poly, n);
}

#endif  // __x86_64__

#endif  // CATTNKERNELS_SIMD_EXP_H
