// exp on float32 vectors, AVX2 (8 lanes) and AVX-512 (16 lanes): the
// algorithm of AttnCore's VectorExp.exp8f, with fused multiply-add.
//
//   n = round(x·log2e)                      (adding and subtracting 1.5·2^23)
//   r = (x − n·ln2_hi) − n·ln2_lo           (ln2_hi has 16 significant bits,
//                                            so n·ln2_hi is exact for |n| < 256)
//   e^r ≈ 1 + (r + r²·q(r)),  q ≈ (e^r − 1 − r)/r², degree 4, near-minimax on
//                               |r| ≤ ln2/2 (scripts/expf_coefficients.py:
//                               0.08 ulp with the float32 coefficients)
//   e^x = e^r · 2^n1 · 2^n2,  n1 = round(n/2), n2 = n − n1
// Two normal scale factors keep the first product exact and round once into
// the subnormal range (AVX-512: vscalefps, which rounds the same way in one
// instruction). x is clamped to [−110, 90] first (−inf → +0, large x → +inf);
// NaN passes through. Within 1 ulp of exp rounded to float32 on every
// float32 in [−104, 89] (scripts/check_expf.c checks all of them).
//
// Private to the target: included by the .c files that need it.

#ifndef CATTNKERNELS_SIMD_EXPF_H
#define CATTNKERNELS_SIMD_EXPF_H

#if defined(__x86_64__)

#include <immintrin.h>

#define EXPF_LOG2E 1.44269504088896341f
#define EXPF_LN2_HI 0.693145751953125f
#define EXPF_LN2_LO 1.42860682030941723212e-6f
#define EXPF_SHIFTER 12582912.0f
#define EXPF_LOWER (-110.0f)
#define EXPF_UPPER 90.0f
#define EXPF_C4 0x1.6d10fcp-10f
#define EXPF_C3 0x1.120b62p-7f
#define EXPF_C2 0x1.55551ap-5f
#define EXPF_C1 0x1.5554dep-3f
#define EXPF_C0 0.5f
#define EXPF_BIAS (127 << 23)

static inline __attribute__((always_inline, target("avx2,fma"))) __m256 attn_expf8(__m256 x) {
    // max and min return their second operand when either is NaN: written
    // this way round they pass NaN through, and NaN stays NaN to the end.
    __m256 xc = _mm256_min_ps(_mm256_set1_ps(EXPF_UPPER), _mm256_max_ps(_mm256_set1_ps(EXPF_LOWER), x));
    const __m256 shifter = _mm256_set1_ps(EXPF_SHIFTER);
    __m256 t = _mm256_fmadd_ps(xc, _mm256_set1_ps(EXPF_LOG2E), shifter);
    __m256 n = _mm256_sub_ps(t, shifter);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(EXPF_LN2_HI), xc);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(EXPF_LN2_LO), r);
    __m256 q = _mm256_set1_ps(EXPF_C4);
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(EXPF_C3));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(EXPF_C2));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(EXPF_C1));
    q = _mm256_fmadd_ps(q, r, _mm256_set1_ps(EXPF_C0));
    __m256 poly = _mm256_add_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(_mm256_mul_ps(r, r), q, r));
    // t and t1 hold shifter + integer; their low bits are the integer.
    __m256 t1 = _mm256_fmadd_ps(n, _mm256_set1_ps(0.5f), shifter);
    __m256i t_bits = _mm256_castps_si256(t), t1_bits = _mm256_castps_si256(t1);
    __m256i bias = _mm256_set1_epi32(EXPF_BIAS);
    __m256 scale1 = _mm256_castsi256_ps(_mm256_add_epi32(_mm256_slli_epi32(t1_bits, 23), bias));
    __m256 scale2 = _mm256_castsi256_ps(
        _mm256_add_epi32(_mm256_slli_epi32(_mm256_sub_epi32(t_bits, t1_bits), 23), bias));
    // For NaN lanes poly is NaN, so the product is NaN whatever the scales.
    return _mm256_mul_ps(_mm256_mul_ps(poly, scale1), scale2);
}

/// vscalefps computes poly·2^n with one rounding: what the two-factor
/// product gives (exact in the normal range, one rounding into the
/// subnormals, inf on overflow).
static inline __attribute__((always_inline, target("avx512f,avx2,fma"))) __m512 attn_expf16(__m512 x) {
    __m512 xc = _mm512_min_ps(_mm512_set1_ps(EXPF_UPPER), _mm512_max_ps(_mm512_set1_ps(EXPF_LOWER), x));
    const __m512 shifter = _mm512_set1_ps(EXPF_SHIFTER);
    __m512 n = _mm512_sub_ps(_mm512_fmadd_ps(xc, _mm512_set1_ps(EXPF_LOG2E), shifter), shifter);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(EXPF_LN2_HI), xc);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(EXPF_LN2_LO), r);
    __m512 q = _mm512_set1_ps(EXPF_C4);
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(EXPF_C3));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(EXPF_C2));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(EXPF_C1));
    q = _mm512_fmadd_ps(q, r, _mm512_set1_ps(EXPF_C0));
    __m512 poly = _mm512_add_ps(_mm512_set1_ps(1.0f), _mm512_fmadd_ps(_mm512_mul_ps(r, r), q, r));
    return _mm512_scalef_ps(poly, n);
}

#endif  // __x86_64__

#endif  // CATTNKERNELS_SIMD_EXPF_H
