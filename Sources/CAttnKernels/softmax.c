// One key block of the online softmax of fused attention (AVX2 and AVX-512).
// See attn_softmax_block_* in CAttnKernels.h for the contract; this is the
// same computation as the Swift path in AttnCore's FlashAttention
// (scoreRow, then expShifted, then the running-sum and rescale update).
//
// The additive bias is folded into the scaling: scale·s + bias is one fused
// multiply-add where the unbiased path has one multiply, so a bias costs one
// more load per score and no extra pass. The unbiased path keeps its loops:
// the AVX-512 loop over whole allowed vectors has a biased copy of its own,
// and the other loops test the row's bias pointer, a branch that goes the
// same way for the whole row.

#include "CAttnKernels.h"

#if defined(__x86_64__)

#include <math.h>

#include "simd_exp.h"

/// Number of keys row r may see by position: allowed0 + r·step in [0, nk].
static inline long allowed_keys(long allowed0, long step, long r, long nk) {
    long allowed = allowed0 + r * step;
    return allowed < 0 ? 0 : (allowed > nk ? nk : allowed);
}

/// The state update after the block's maximum is known. Returns the new
/// maximum; the caller exponentiates the row against it when it is not −inf.
static inline double new_max(double block_max, int saw_nan, double old_max) {
    if (saw_nan) {
        return NAN;
    }
    return block_max > old_max ? block_max : old_max;
}

/// rowSum·α + blockSum, rowMax = mNew, and acc·α when α ≠ 1.
static inline void rescale(double *row_max, double *row_sum, double *acc, long dv,
                           double m_old, double m_new, double block_sum) {
    double alpha = exp(m_old - m_new);  // 0 when m_old = −inf, 1 when unchanged
    *row_sum = *row_sum * alpha + block_sum;
    *row_max = m_new;
    if (alpha != 1) {
        for (long c = 0; c < dv; c++) {
            acc[c] *= alpha;
        }
    }
}

// MARK: AVX-512

__attribute__((target("avx512f,avx2,fma")))
int attn_softmax_block_avx512(long rows, long nk, double *s, long lds, double scale,
                              long allowed0, long allowed_step,
                              const double *mask, long ldmask,
                              const double *bias, long ldbias,
                              double *row_max, double *row_sum,
                              double *acc, long ldacc, long dv) {
    const __m512d vscale = _mm512_set1_pd(scale);
    const __m512d ninf = _mm512_set1_pd(-INFINITY);
    const __m512d zero = _mm512_setzero_pd();
    int any_active = 0;
    for (long r = 0; r < rows; r++) {
        double *row = s + r * lds;
        const double *mrow = mask ? mask + r * ldmask : NULL;
        const double *brow = bias ? bias + r * ldbias : NULL;
        long allowed = allowed_keys(allowed0, allowed_step, r, nk);
        // Scores: scale, bias, mask, maximum (NaN lanes ignored), NaN detection.
        __m512d best = ninf;
        __mmask8 nan_seen = 0;
        // Whole vectors of allowed keys first (no mask): no lane selection.
        long j = 0;
        if (!mrow && !brow) {
            for (; j + 8 <= allowed; j += 8) {
                __m512d sv = _mm512_mul_pd(_mm512_loadu_pd(row + j), vscale);
                nan_seen |= _mm512_cmp_pd_mask(sv, sv, _CMP_UNORD_Q);
                best = _mm512_max_pd(sv, best);
                _mm512_storeu_pd(row + j, sv);
            }
        } else if (!mrow) {
            for (; j + 8 <= allowed; j += 8) {
                __m512d sv = _mm512_fmadd_pd(_mm512_loadu_pd(row + j), vscale, _mm512_loadu_pd(brow + j));
                nan_seen |= _mm512_cmp_pd_mask(sv, sv, _CMP_UNORD_Q);
                best = _mm512_max_pd(sv, best);
                _mm512_storeu_pd(row + j, sv);
            }
        }
        for (; j < nk; j += 8) {
            long left = nk - j, open = allowed - j;
            __mmask8 live = left >= 8 ? 0xFF : (__mmask8)((1u << left) - 1);
            __mmask8 ok = open >= 8 ? 0xFF : (open <= 0 ? 0 : (__mmask8)((1u << open) - 1));
            ok &= live;
            if (mrow) {
                ok = _mm512_mask_cmp_pd_mask(ok, _mm512_maskz_loadu_pd(live, mrow + j), zero, _CMP_NEQ_UQ);
            }
            __m512d raw = _mm512_maskz_loadu_pd(live, row + j);
            __m512d sv = brow ? _mm512_fmadd_pd(raw, vscale, _mm512_maskz_loadu_pd(live, brow + j))
                              : _mm512_mul_pd(raw, vscale);
            // Excluded keys are −inf whatever their bias (even NaN).
            sv = _mm512_mask_blend_pd(ok, ninf, sv);
            nan_seen |= _mm512_cmp_pd_mask(sv, sv, _CMP_UNORD_Q);
            best = _mm512_max_pd(sv, best);
            _mm512_mask_storeu_pd(row + j, live, sv);
        }
        double m_old = row_max[r];
        double m_new = new_max(_mm512_reduce_max_pd(best), nan_seen != 0, m_old);
        if (m_new == -INFINITY) {
            // Nothing allowed so far: these weights are all zero.
            for (j = 0; j < nk; j++) {
                row[j] = 0;
            }
            continue;
        }
        any_active = 1;
        // Weights exp(score − m) and their sum (padding lanes are exp(−inf) = 0).
        const __m512d vm = _mm512_set1_pd(m_new);
        __m512d sum = zero;
        for (j = 0; j < nk; j += 8) {
            long left = nk - j;
            __mmask8 live = left >= 8 ? 0xFF : (__mmask8)((1u << left) - 1);
            __m512d e = attn_exp8(_mm512_sub_pd(_mm512_mask_loadu_pd(ninf, live, row + j), vm));
            _mm512_mask_storeu_pd(row + j, live, e);
            sum = _mm512_add_pd(sum, e);
        }
        rescale(row_max + r, row_sum + r, acc + r * ldacc, dv, m_old, m_new, _mm512_reduce_add_pd(sum));
    }
    return any_active;
}

// MARK: AVX2

__attribute__((target("avx2,fma")))
int attn_softmax_block_avx2(long rows, long nk, double *s, long lds, double scale,
                            long allowed0, long allowed_step,
                            const double *mask, long ldmask,
                            const double *bias, long ldbias,
                            double *row_max, double *row_sum,
                            double *acc, long ldacc, long dv) {
    const __m256d vscale = _mm256_set1_pd(scale);
    const __m256d ninf = _mm256_set1_pd(-INFINITY);
    const __m256d zero = _mm256_setzero_pd();
    const __m256d lanes = _mm256_setr_pd(0, 1, 2, 3);
    int any_active = 0;
    for (long r = 0; r < rows; r++) {
        double *row = s + r * lds;
        const double *mrow = mask ? mask + r * ldmask : NULL;
        const double *brow = bias ? bias + r * ldbias : NULL;
        long allowed = allowed_keys(allowed0, allowed_step, r, nk);
        __m256d best = ninf;
        __m256d nan_seen = zero;
        long j = 0;
        for (; j + 4 <= nk; j += 4) {
            __m256d sv = brow ? _mm256_fmadd_pd(_mm256_loadu_pd(row + j), vscale, _mm256_loadu_pd(brow + j))
                              : _mm256_mul_pd(_mm256_loadu_pd(row + j), vscale);
            if (j + 4 > allowed || mrow) {
                // Excluded keys are −inf whatever their bias (even NaN).
                __m256d index = _mm256_add_pd(lanes, _mm256_set1_pd((double)j));
                __m256d ok = _mm256_cmp_pd(index, _mm256_set1_pd((double)allowed), _CMP_LT_OQ);
                if (mrow) {
                    ok = _mm256_and_pd(ok, _mm256_cmp_pd(_mm256_loadu_pd(mrow + j), zero, _CMP_NEQ_UQ));
                }
                sv = _mm256_blendv_pd(ninf, sv, ok);
            }
            nan_seen = _mm256_or_pd(nan_seen, _mm256_cmp_pd(sv, sv, _CMP_UNORD_Q));
            best = _mm256_max_pd(sv, best);
            _mm256_storeu_pd(row + j, sv);
        }
        double lane_best[4];
        _mm256_storeu_pd(lane_best, best);
        double block_max = lane_best[0];
        for (int lane = 1; lane < 4; lane++) {
            block_max = lane_best[lane] > block_max ? lane_best[lane] : block_max;
        }
        int saw_nan = _mm256_movemask_pd(nan_seen) != 0;
        for (; j < nk; j++) {
            double value = brow ? fma(row[j], scale, brow[j]) : row[j] * scale;
            if (j >= allowed || (mrow && mrow[j] == 0)) {
                value = -INFINITY;
            }
            saw_nan |= isnan(value);
            block_max = value > block_max ? value : block_max;
            row[j] = value;
        }
        double m_old = row_max[r];
        double m_new = new_max(block_max, saw_nan, m_old);
        if (m_new == -INFINITY) {
            for (long c = 0; c < nk; c++) {
                row[c] = 0;
            }
            continue;
        }
        any_active = 1;
        const __m256d vm = _mm256_set1_pd(m_new);
        __m256d sum = zero;
        j = 0;
        for (; j + 4 <= nk; j += 4) {
            __m256d e = attn_exp4(_mm256_sub_pd(_mm256_loadu_pd(row + j), vm));
            _mm256_storeu_pd(row + j, e);
            sum = _mm256_add_pd(sum, e);
        }
        if (j < nk) {
            double tail[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
            for (long c = j; c < nk; c++) {
                tail[c - j] = row[c];
            }
            __m256d e = attn_exp4(_mm256_sub_pd(_mm256_loadu_pd(tail), vm));
            _mm256_storeu_pd(tail, e);
            for (long c = j; c < nk; c++) {
                row[c] = tail[c - j];
            }
            sum = _mm256_add_pd(sum, e);
        }
        double lane_sum[4];
        _mm256_storeu_pd(lane_sum, sum);
        double block_sum = (lane_sum[0] + lane_sum[1]) + (lane_sum[2] + lane_sum[3]);
        rescale(row_max + r, row_sum + r, acc + r * ldacc, dv, m_old, m_new, block_sum);
    }
    return any_active;
}

#endif  // __x86_64__
