// exp over a buffer, AVX2 and AVX-512. See CAttnKernels.h and simd_exp.h.

#include "CAttnKernels.h"

#if defined(__x86_64__)

#include "simd_exp.h"

__attribute__((target("avx2,fma"))) void attn_exp_avx2(double *x, long count) {
    long i = 0;
    for (; i + 4 <= count; i += 4) {
        _mm256_storeu_pd(x + i, attn_exp4(_mm256_loadu_pd(x + i)));
    }
    if (i < count) {
        double lanes[4] = {0, 0, 0, 0};
        for (long j = i; j < count; j++) {
            lanes[j - i] = x[j];
        }
        _mm256_storeu_pd(lanes, attn_exp4(_mm256_loadu_pd(lanes)));
        for (long j = i; j < count; j++) {
            x[j] = lanes[j - i];
        }
    }
}

__attribute__((target("avx512f,avx2,fma"))) void attn_exp_avx512(double *x, long count) {
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        _mm512_storeu_pd(x + i, attn_exp8(_mm512_loadu_pd(x + i)));
    }
    if (i < count) {
        __mmask8 live = (__mmask8)((1u << (count - i)) - 1);
        _mm512_mask_storeu_pd(x + i, live, attn_exp8(_mm512_maskz_loadu_pd(live, x + i)));
    }
}

#endif  // __x86_64__

// MARK: float32

#if defined(__x86_64__)

#include "simd_expf.h"

__attribute__((target("avx2,fma"))) void attn_expf_avx2(float *x, long count) {
    long i = 0;
    for (; i + 8 <= count; i += 8) {
        _mm256_storeu_ps(x + i, attn_expf8(_mm256_loadu_ps(x + i)));
    }
    if (i < count) {
        float lanes[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (long j = i; j < count; j++) {
            lanes[j - i] = x[j];
        }
        _mm256_storeu_ps(lanes, attn_expf8(_mm256_loadu_ps(lanes)));
        for (long j = i; j < count; j++) {
            x[j] = lanes[j - i];
        }
    }
}

__attribute__((target("avx512f,avx2,fma"))) void attn_expf_avx512(float *x, long count) {
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        _mm512_storeu_ps(x + i, attn_expf16(_mm512_loadu_ps(x + i)));
    }
    if (i < count) {
        __mmask16 live = (__mmask16)((1u << (count - i)) - 1);
        _mm512_mask_storeu_ps(x + i, live, attn_expf16(_mm512_maskz_loadu_ps(live, x + i)));
    }
}

#endif  // __x86_64__
