// GEMM macro-kernels (AVX2/FMA 6×8 and AVX-512 12×16 register tiles) over
// AttnCore's packed B panels. See CAttnKernels.h for the contract.
//
// Loops: B panels of NR columns (outer, the panel stays in L1), then row
// panels of MR rows of A (inner), then the micro-kernel over the depth.
// Edge tiles are computed whole into a scratch tile and then copied, so the
// arithmetic of every element is the same wherever it lies. The C tile is
// prefetched before the depth loop (it is read or written only after it),
// and the depth loop is unrolled 4 times: together about 5% on AVX-512.

#include "CAttnKernels.h"

#if defined(__x86_64__)

#include <immintrin.h>

#define TARGET_AVX2 __attribute__((target("avx2,fma")))
#define TARGET_AVX512 __attribute__((target("avx512f,avx2,fma")))
#define INLINE static inline __attribute__((always_inline))

// MARK: AVX2 + FMA, 6 × 8

enum { MR2 = ATTN_AVX2_MR, NR2 = ATTN_AVX2_NR };

/// C[6×8] (+)= A-panel · B-panel. A row r, depth p at a[r·a_rs + p·a_cs].
INLINE TARGET_AVX2 void tile_avx2(long kc, const double *a, long a_rs, long a_cs,
                                  const double *b, double *c, long ldc, int accumulate) {
    __m256d acc[MR2][2];
    for (int r = 0; r < MR2; r++) {
        acc[r][0] = _mm256_setzero_pd();
        acc[r][1] = _mm256_setzero_pd();
    }
    for (int r = 0; r < MR2; r++) {
        _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);
    }
#pragma clang loop unroll_count(4)
    for (long p = 0; p < kc; p++) {
        __m256d b0 = _mm256_loadu_pd(b), b1 = _mm256_loadu_pd(b + 4);
#pragma clang loop unroll(full)
        for (int r = 0; r < MR2; r++) {
            __m256d t = _mm256_broadcast_sd(a + r * a_rs);
            acc[r][0] = _mm256_fmadd_pd(t, b0, acc[r][0]);
            acc[r][1] = _mm256_fmadd_pd(t, b1, acc[r][1]);
        }
        a += a_cs;
        b += NR2;
    }
    for (int r = 0; r < MR2; r++) {
        double *row = c + r * ldc;
        if (accumulate) {
            acc[r][0] = _mm256_add_pd(_mm256_loadu_pd(row), acc[r][0]);
            acc[r][1] = _mm256_add_pd(_mm256_loadu_pd(row + 4), acc[r][1]);
        }
        _mm256_storeu_pd(row, acc[r][0]);
        _mm256_storeu_pd(row + 4, acc[r][1]);
    }
}

INLINE TARGET_AVX2 void macro_avx2(long mc, long nc, long kc,
                                   const double *a, long a_rs, long a_cs, long a_panel,
                                   const double *b, double *c, long ldc, int accumulate) {
    double scratch[MR2 * NR2];
    for (long j0 = 0; j0 < nc; j0 += NR2) {
        long w = nc - j0 < NR2 ? nc - j0 : NR2;
        const double *pb = b + (j0 / NR2) * kc * NR2;
        for (long i0 = 0; i0 < mc; i0 += MR2) {
            long h = mc - i0 < MR2 ? mc - i0 : MR2;
            const double *pa = a + (i0 / MR2) * a_panel;
            double *target = c + i0 * ldc + j0;
            if (h == MR2 && w == NR2) {
                tile_avx2(kc, pa, a_rs, a_cs, pb, target, ldc, accumulate);
            } else {
                tile_avx2(kc, pa, a_rs, a_cs, pb, scratch, NR2, 0);
                for (long r = 0; r < h; r++) {
                    for (long col = 0; col < w; col++) {
                        double v = scratch[r * NR2 + col];
                        target[r * ldc + col] = accumulate ? target[r * ldc + col] + v : v;
                    }
                }
            }
        }
    }
}

TARGET_AVX2 void attn_gemm_avx2(long mc, long nc, long kc,
                                const double *a, long a_rs, long a_cs, long a_panel,
                                const double *b, double *c, long ldc, int accumulate) {
    if (a_rs == 1 && a_cs == MR2) {
        // Packed A: constant strides let the compiler use fixed offsets.
        macro_avx2(mc, nc, kc, a, 1, MR2, a_panel, b, c, ldc, accumulate);
    } else {
        macro_avx2(mc, nc, kc, a, a_rs, a_cs, a_panel, b, c, ldc, accumulate);
    }
}

// MARK: AVX-512, 12 × 16

enum { MR5 = ATTN_AVX512_MR, NR5 = ATTN_AVX512_NR };

/// C[12×16] (+)= A-panel · B-panel. A row r, depth p at a[r·a_rs + p·a_cs].
INLINE TARGET_AVX512 void tile_avx512(long kc, const double *a, long a_rs, long a_cs,
                                      const double *b, double *c, long ldc, int accumulate) {
    __m512d acc[MR5][2];
    for (int r = 0; r < MR5; r++) {
        acc[r][0] = _mm512_setzero_pd();
        acc[r][1] = _mm512_setzero_pd();
    }
    for (int r = 0; r < MR5; r++) {
        _mm_prefetch((const char *)(c + r * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + r * ldc + 8), _MM_HINT_T0);
    }
#pragma clang loop unroll_count(4)
    for (long p = 0; p < kc; p++) {
        __m512d b0 = _mm512_loadu_pd(b), b1 = _mm512_loadu_pd(b + 8);
#pragma clang loop unroll(full)
        for (int r = 0; r < MR5; r++) {
            __m512d t = _mm512_set1_pd(a[r * a_rs]);
            acc[r][0] = _mm512_fmadd_pd(t, b0, acc[r][0]);
            acc[r][1] = _mm512_fmadd_pd(t, b1, acc[r][1]);
        }
        a += a_cs;
        b += NR5;
    }
    for (int r = 0; r < MR5; r++) {
        double *row = c + r * ldc;
        if (accumulate) {
            acc[r][0] = _mm512_add_pd(_mm512_loadu_pd(row), acc[r][0]);
            acc[r][1] = _mm512_add_pd(_mm512_loadu_pd(row + 8), acc[r][1]);
        }
        _mm512_storeu_pd(row, acc[r][0]);
        _mm512_storeu_pd(row + 8, acc[r][1]);
    }
}

INLINE TARGET_AVX512 void macro_avx512(long mc, long nc, long kc,
                                       const double *a, long a_rs, long a_cs, long a_panel,
                                       const double *b, double *c, long ldc, int accumulate) {
    double scratch[MR5 * NR5];
    for (long j0 = 0; j0 < nc; j0 += NR5) {
        long w = nc - j0 < NR5 ? nc - j0 : NR5;
        const double *pb = b + (j0 / NR5) * kc * NR5;
        for (long i0 = 0; i0 < mc; i0 += MR5) {
            long h = mc - i0 < MR5 ? mc - i0 : MR5;
            const double *pa = a + (i0 / MR5) * a_panel;
            double *target = c + i0 * ldc + j0;
            if (h == MR5 && w == NR5) {
                tile_avx512(kc, pa, a_rs, a_cs, pb, target, ldc, accumulate);
            } else {
                tile_avx512(kc, pa, a_rs, a_cs, pb, scratch, NR5, 0);
                for (long r = 0; r < h; r++) {
                    for (long col = 0; col < w; col++) {
                        double v = scratch[r * NR5 + col];
                        target[r * ldc + col] = accumulate ? target[r * ldc + col] + v : v;
                    }
                }
            }
        }
    }
}

TARGET_AVX512 void attn_gemm_avx512(long mc, long nc, long kc,
                                    const double *a, long a_rs, long a_cs, long a_panel,
                                    const double *b, double *c, long ldc, int accumulate) {
    if (a_rs == 1 && a_cs == MR5) {
        macro_avx512(mc, nc, kc, a, 1, MR5, a_panel, b, c, ldc, accumulate);
    } else {
        macro_avx512(mc, nc, kc, a, a_rs, a_cs, a_panel, b, c, ldc, accumulate);
    }
}

#endif  // __x86_64__
