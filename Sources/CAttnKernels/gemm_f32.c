// float32 GEMM macro-kernels (AVX2/FMA 6×16 and AVX-512 12×32 register
// tiles) over AttnCore's packed B panels: the float64 kernels of gemm.c with
// twice the lanes per register. See CAttnKernels.h for the contract.
//
// Each element is one running fused sum in float32 over the depth, as
// OpenBLAS's sgemm and PyTorch's CPU kernels accumulate.

#include "CAttnKernels.h"

#if defined(__x86_64__)

#include <immintrin.h>

#define TARGET_AVX2 __attribute__((target("avx2,fma")))
#define TARGET_AVX512 __attribute__((target("avx512f,avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

// MARK: AVX2 + FMA, 6 × 16

enum { MR2 = ATTN_AVX2_MR_F32, NR2 = ATTN_AVX2_NR_F32 };

/// C[6×16] (+)= A-panel · B-panel. A row r, depth p at a[r·a_rs + p·a_cs].
INLINE TARGET_AVX2 void tile_avx2_f32(long kc, const float *a, long a_rs, long a_cs,
                                      const float *b, float *c, long ldc, int accumulate) {
    __m256 acc[MR2][2];
    for (int r = 0; r < MR2; r++) {
        acc[r][0] = _mm256_setzero_ps();
        acc[r][1] = _mm256_setzero_ps();
    }
    for (int r = 0; r < MR2; r++) {
        _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);
    }
#pragma clang loop unroll_count(4)
    for (long p = 0; p < kc; p++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
#pragma clang loop unroll(full)
        for (int r = 0; r < MR2; r++) {
            __m256 t = _mm256_broadcast_ss(a + r * a_rs);
            acc[r][0] = _mm256_fmadd_ps(t, b0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_ps(t, b1, acc[r][1]);
        }
        a += a_cs;
        b += NR2;
    }
    for (int r = 0; r < MR2; r++) {
        float *row = c + r * ldc;
        if (accumulate) {
            acc[r][0] = _mm256_add_ps(_mm256_loadu_ps(row), acc[r][0]);
            acc[r][1] = _mm256_add_ps(_mm256_loadu_ps(row + 8), acc[r][1]);
        }
        _mm256_storeu_ps(row, acc[r][0]);
        _mm256_storeu_ps(row + 8, acc[r][1]);
    }
}

INLINE TARGET_AVX2 void macro_avx2_f32(long mc, long nc, long kc,
                                       const float *a, long a_rs, long a_cs, long a_panel,
                                       const float *b, float *c, long ldc, int accumulate) {
    float scratch[MR2 * NR2];
    for (long j0 = 0; j0 < nc; j0 += NR2) {
        long w = nc - j0 < NR2 ? nc - j0 : NR2;
        const float *pb = b + (j0 / NR2) * kc * NR2;
        for (long i0 = 0; i0 < mc; i0 += MR2) {
            long h = mc - i0 < MR2 ? mc - i0 : MR2;
            const float *pa = a + (i0 / MR2) * a_panel;
            float *target = c + i0 * ldc + j0;
            if (h == MR2 && w == NR2) {
                tile_avx2_f32(kc, pa, a_rs, a_cs, pb, target, ldc, accumulate);
            } else {
                tile_avx2_f32(kc, pa, a_rs, a_cs, pb, scratch, NR2, 0);
                for (long r = 0; r < h; r++) {
                    for (long col = 0; col < w; col++) {
                        float v = scratch[r * NR2 + col];
                        target[r * ldc + col] = accumulate ? target[r * ldc + col] + v : v;
                    }
                }
            }
        }
    }
}

TARGET_AVX2 void attn_sgemm_avx2(long mc, long nc, long kc,
                                 const float *a, long a_rs, long a_cs, long a_panel,
                                 const float *b, float *c, long ldc, int accumulate) {
    if (a_rs == 1 && a_cs == MR2) {
        // Packed A: constant strides let the compiler use fixed offsets.
        macro_avx2_f32(mc, nc, kc, a, 1, MR2, a_panel, b, c, ldc, accumulate);
    } else {
        macro_avx2_f32(mc, nc, kc, a, a_rs, a_cs, a_panel, b, c, ldc, accumulate);
    }
}

// MARK: AVX-512, 12 × 32

enum { MR5 = ATTN_AVX512_MR_F32, NR5 = ATTN_AVX512_NR_F32 };

/// C[12×32] (+)= A-panel · B-panel. A row r, depth p at a[r·a_rs + p·a_cs].
INLINE TARGET_AVX512 void tile_avx512_f32(long kc, const float *a, long a_rs, long a_cs,
                                          const float *b, float *c, long ldc, int accumulate) {
    __m512 acc[MR5][2];
    for (int r = 0; r < MR5; r++) {
        acc[r][0] = _mm512_setzero_ps();
        acc[r][1] = _mm512_setzero_ps();
    }
    for (int r = 0; r < MR5; r++) {
        _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + r * ldc + 16), _MM_HINT_T0);
    }
#pragma clang loop unroll_count(4)
    for (long p = 0; p < kc; p++) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma clang loop unroll(full)
        for (int r = 0; r < MR5; r++) {
            __m512 t = _mm512_set1_ps(a[r * a_rs]);
            acc[r][0] = _mm512_fmadd_ps(t, b0, acc[r][0]);
            acc[r][1] = _mm512_fmadd_ps(t, b1, acc[r][1]);
        }
        a += a_cs;
        b += NR5;
    }
    for (int r = 0; r < MR5; r++) {
        float *row = c + r * ldc;
        if (accumulate) {
            acc[r][0] = _mm512_add_ps(_mm512_loadu_ps(row), acc[r][0]);
            acc[r][1] = _mm512_add_ps(_mm512_loadu_ps(row + 16), acc[r][1]);
        }
        _mm512_storeu_ps(row, acc[r][0]);
        _mm512_storeu_ps(row + 16, acc[r][1]);
    }
}

INLINE TARGET_AVX512 void macro_avx512_f32(long mc, long nc, long kc,
                                           const float *a, long a_rs, long a_cs, long a_panel,
                                           const float *b, float *c, long ldc, int accumulate) {
    float scratch[MR5 * NR5];
    for (long j0 = 0; j0 < nc; j0 += NR5) {
        long w = nc - j0 < NR5 ? nc - j0 : NR5;
        const float *pb = b + (j0 / NR5) * kc * NR5;
        for (long i0 = 0; i0 < mc; i0 += MR5) {
            long h = mc - i0 < MR5 ? mc - i0 : MR5;
            const float *pa = a + (i0 / MR5) * a_panel;
            float *target = c + i0 * ldc + j0;
            if (h == MR5 && w == NR5) {
                tile_avx512_f32(kc, pa, a_rs, a_cs, pb, target, ldc, accumulate);
            } else {
                tile_avx512_f32(kc, pa, a_rs, a_cs, pb, scratch, NR5, 0);
                for (long r = 0; r < h; r++) {
                    for (long col = 0; col < w; col++) {
                        float v = scratch[r * NR5 + col];
                        target[r * ldc + col] = accumulate ? target[r * ldc + col] + v : v;
                    }
                }
            }
        }
    }
}

TARGET_AVX512 void attn_sgemm_avx512(long mc, long nc, long kc,
                                     const float *a, long a_rs, long a_cs, long a_panel,
                                     const float *b, float *c, long ldc, int accumulate) {
    if (a_rs == 1 && a_cs == MR5) {
        macro_avx512_f32(mc, nc, kc, a, 1, MR5, a_panel, b, c, ldc, accumulate);
    } else {
        macro_avx512_f32(mc, nc, kc, a, a_rs, a_cs, a_panel, b, c, ldc, accumulate);
    }
}

#endif  // __x86_64__
