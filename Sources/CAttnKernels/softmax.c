// One key block of the online softmax of fused attention (AVX2 and AVX-512).
// See attn_softmax_block_* in CAttnKernels.h for the contract; this is the
// same computation as the Swift path in AttnCore's FlashAttention+Softmax
// (scoreRow, then expShifted, then the running-sum and rescale update).
//
// The additive bias is folded into the scaling: scale·s + bias is one fused
// multiply-add where the unbiased path has one multiply, so a bias costs one
// more load per score and no extra pass. The ALiBi term is one more fused
// multiply-add, −slope·|distance|, with the distance formed from the row and
// key indices. Each row reads only the vectors that hold its allowed key
// range [lo, hi) (causal attention, sliding windows); the rest of the row is
// zero weight without a load or an exp. The common rows (no mask, no ALiBi)
// run whole vectors of allowed keys in loops without lane selection, one
// with a bias and one without, as before windows existed.

#include "CAttnKernels.h"

#if defined(__x86_64__)

#include <math.h>

#include "simd_exp.h"

/// x clamped to [0, nk]: a row's key bound within the block.
static inline long clamp_key(long x, long nk) {
    return x < 0 ? 0 : (x > nk ? nk : x);
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

/// The lanes of the vector at key j whose keys lie in [lo, hi).
static inline __mmask8 lanes_in(long j, long lo, long hi) {
    long below = hi - j, skip = lo - j;
    unsigned upto = below >= 8 ? 0xFFu : (below <= 0 ? 0u : (1u << below) - 1);
    unsigned from = skip <= 0 ? 0xFFu : (skip >= 8 ? 0u : (0xFFu << skip) & 0xFFu);
    return (__mmask8)(upto & from);
}

/// The scores of the 8 keys at j (fewer at the row's end) of one row, with
/// every option: scale, bias, ALiBi, the range [lo, hi) and the mask.
/// Stores them and folds them into the running maximum and NaN flags.
__attribute__((target("avx512f,avx2,fma"))) static inline void
score_vector_avx512(double *row, const double *mrow, const double *brow, long j, long nk, long lo, long hi,
                    __m512d vscale, double alibi_slope, long distance, __m512d *best, __mmask8 *nan_seen) {
    const __m512d ninf = _mm512_set1_pd(-INFINITY);
    long left = nk - j;
    __mmask8 live = left >= 8 ? 0xFF : (__mmask8)((1u << left) - 1);
    __mmask8 ok = lanes_in(j, lo, hi);
    if (mrow) {
        ok = _mm512_mask_cmp_pd_mask(ok, _mm512_maskz_loadu_pd(live, mrow + j), _mm512_setzero_pd(), _CMP_NEQ_UQ);
    }
    __m512d raw = _mm512_maskz_loadu_pd(live, row + j);
    __m512d sv = brow ? _mm512_fmadd_pd(raw, vscale, _mm512_maskz_loadu_pd(live, brow + j))
                      : _mm512_mul_pd(raw, vscale);
    if (alibi_slope != 0) {
        // |distance − lane|: key j + lane is distance − lane after the diagonal.
        __m512d dist = _mm512_sub_pd(_mm512_set1_pd((double)distance), _mm512_setr_pd(0, 1, 2, 3, 4, 5, 6, 7));
        sv = _mm512_fnmadd_pd(_mm512_set1_pd(alibi_slope), _mm512_abs_pd(dist), sv);
    }
    // Excluded keys are −inf whatever their bias (even NaN).
    sv = _mm512_mask_blend_pd(ok, ninf, sv);
    *nan_seen |= _mm512_cmp_pd_mask(sv, sv, _CMP_UNORD_Q);
    *best = _mm512_max_pd(sv, *best);
    _mm512_mask_storeu_pd(row + j, live, sv);
}

__attribute__((target("avx512f,avx2,fma")))
int attn_softmax_block_avx512(long rows, long nk, double *s, long lds, double scale,
                              long lo0, long hi0, long band_step,
                              const double *mask, long ldmask,
                              const double *bias, long ldbias,
                              double alibi_slope, long alibi_distance0,
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
        long lo = clamp_key(lo0 + r * band_step, nk), hi = clamp_key(hi0 + r * band_step, nk);
        long distance = alibi_distance0 + r;
        if (hi <= lo) {
            // Nothing this row may see here: zero weights, state unchanged.
            for (long j = 0; j < nk; j++) {
                row[j] = 0;
            }
            continue;
        }
        // Scores of the vectors [start, end) that hold keys lo ..< hi:
        // scale, bias, ALiBi, mask, maximum (NaN lanes ignored), NaN detection.
        __m512d best = ninf;
        __mmask8 nan_seen = 0;
        long start = lo & ~7L;
        long j = start;
        if (!mrow && alibi_slope == 0) {
            // Whole vectors of allowed keys: no lane selection.
            if (j < lo) {
                score_vector_avx512(row, mrow, brow, j, nk, lo, hi, vscale, 0, 0, &best, &nan_seen);
                j += 8;
            }
            if (!brow) {
                for (; j + 8 <= hi; j += 8) {
                    __m512d sv = _mm512_mul_pd(_mm512_loadu_pd(row + j), vscale);
                    nan_seen |= _mm512_cmp_pd_mask(sv, sv, _CMP_UNORD_Q);
                    best = _mm512_max_pd(sv, best);
                    _mm512_storeu_pd(row + j, sv);
                }
            } else {
                for (; j + 8 <= hi; j += 8) {
                    __m512d sv = _mm512_fmadd_pd(_mm512_loadu_pd(row + j), vscale, _mm512_loadu_pd(brow + j));
                    nan_seen |= _mm512_cmp_pd_mask(sv, sv, _CMP_UNORD_Q);
                    best = _mm512_max_pd(sv, best);
                    _mm512_storeu_pd(row + j, sv);
                }
            }
        }
        for (; j < hi; j += 8) {
            score_vector_avx512(row, mrow, brow, j, nk, lo, hi, vscale, alibi_slope, distance - j, &best, &nan_seen);
        }
        long end = j < nk ? j : nk;
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
        // Weights exp(score − m) and their sum over [start, end) (padding
        // lanes are exp(−inf) = 0); zero weight outside it.
        for (j = 0; j < start; j += 8) {
            _mm512_storeu_pd(row + j, zero);
        }
        const __m512d vm = _mm512_set1_pd(m_new);
        __m512d sum = zero;
        for (j = start; j < end; j += 8) {
            long left = nk - j;
            __mmask8 live = left >= 8 ? 0xFF : (__mmask8)((1u << left) - 1);
            __m512d e = attn_exp8(_mm512_sub_pd(_mm512_mask_loadu_pd(ninf, live, row + j), vm));
            _mm512_mask_storeu_pd(row + j, live, e);
            sum = _mm512_add_pd(sum, e);
        }
        for (j = end; j < nk; j++) {
            row[j] = 0;
        }
        rescale(row_max + r, row_sum + r, acc + r * ldacc, dv, m_old, m_new, _mm512_reduce_add_pd(sum));
    }
    return any_active;
}

// MARK: AVX2

__attribute__((target("avx2,fma")))
int attn_softmax_block_avx2(long rows, long nk, double *s, long lds, double scale,
                            long lo0, long hi0, long band_step,
                            const double *mask, long ldmask,
                            const double *bias, long ldbias,
                            double alibi_slope, long alibi_distance0,
                            double *row_max, double *row_sum,
                            double *acc, long ldacc, long dv) {
    const __m256d vscale = _mm256_set1_pd(scale);
    const __m256d vslope = _mm256_set1_pd(alibi_slope);
    const __m256d ninf = _mm256_set1_pd(-INFINITY);
    const __m256d zero = _mm256_setzero_pd();
    const __m256d sign = _mm256_set1_pd(-0.0);
    const __m256d lanes = _mm256_setr_pd(0, 1, 2, 3);
    int any_active = 0;
    for (long r = 0; r < rows; r++) {
        double *row = s + r * lds;
        const double *mrow = mask ? mask + r * ldmask : NULL;
        const double *brow = bias ? bias + r * ldbias : NULL;
        long lo = clamp_key(lo0 + r * band_step, nk), hi = clamp_key(hi0 + r * band_step, nk);
        long distance = alibi_distance0 + r;
        if (hi <= lo) {
            for (long j = 0; j < nk; j++) {
                row[j] = 0;
            }
            continue;
        }
        // Scores of keys [start, hi), start = lo rounded down to a vector.
        __m256d best = ninf;
        __m256d nan_seen = zero;
        long start = lo & ~3L;
        long j = start;
        for (; j + 4 <= hi; j += 4) {
            __m256d sv = brow ? _mm256_fmadd_pd(_mm256_loadu_pd(row + j), vscale, _mm256_loadu_pd(brow + j))
                              : _mm256_mul_pd(_mm256_loadu_pd(row + j), vscale);
            if (alibi_slope != 0) {
                __m256d dist = _mm256_sub_pd(_mm256_set1_pd((double)(distance - j)), lanes);
                sv = _mm256_fnmadd_pd(vslope, _mm256_andnot_pd(sign, dist), sv);
            }
            if (j < lo || mrow) {
                // Excluded keys are −inf whatever their bias (even NaN).
                __m256d index = _mm256_add_pd(lanes, _mm256_set1_pd((double)j));
                __m256d ok = _mm256_cmp_pd(index, _mm256_set1_pd((double)lo), _CMP_GE_OQ);
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
        for (; j < hi; j++) {
            double value = brow ? fma(row[j], scale, brow[j]) : row[j] * scale;
            if (alibi_slope != 0) {
                value = fma(-alibi_slope, fabs((double)(distance - j)), value);
            }
            if (j < lo || (mrow && mrow[j] == 0)) {
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
        // Weights over [start, hi); zero weight outside it.
        for (j = 0; j < start; j++) {
            row[j] = 0;
        }
        const __m256d vm = _mm256_set1_pd(m_new);
        __m256d sum = zero;
        j = start;
        for (; j + 4 <= hi; j += 4) {
            __m256d e = attn_exp4(_mm256_sub_pd(_mm256_loadu_pd(row + j), vm));
            _mm256_storeu_pd(row + j, e);
            sum = _mm256_add_pd(sum, e);
        }
        if (j < hi) {
            double tail[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
            for (long c = j; c < hi; c++) {
                tail[c - j] = row[c];
            }
            __m256d e = attn_exp4(_mm256_sub_pd(_mm256_loadu_pd(tail), vm));
            _mm256_storeu_pd(tail, e);
            for (long c = j; c < hi; c++) {
                row[c] = tail[c - j];
            }
            sum = _mm256_add_pd(sum, e);
        }
        for (j = hi; j < nk; j++) {
            row[j] = 0;
        }
        double lane_sum[4];
        _mm256_storeu_pd(lane_sum, sum);
        double block_sum = (lane_sum[0] + lane_sum[1]) + (lane_sum[2] + lane_sum[3]);
        rescale(row_max + r, row_sum + r, acc + r * ldacc, dv, m_old, m_new, block_sum);
    }
    return any_active;
}

#endif  // __x86_64__
