// One key block of the online softmax of fused attention in float32 (AVX2
// and AVX-512): softmax.c with float32 scores, weights and running state,
// 8 or 16 lanes, and the float32 exponential of simd_expf.h. See
// attn_softmax_block_f32_* in CAttnKernels.h for the contract; the Swift
// path of AttnCore's FlashAttention+Softmax computes the same at baseline.

#include "CAttnKernels.h"

#if defined(__x86_64__)

#include <math.h>

#include "simd_expf.h"

/// x clamped to [0, nk]: a row's key bound within the block.
static inline long clamp_key_f32(long x, long nk) {
    return x < 0 ? 0 : (x > nk ? nk : x);
}

static inline float new_max_f32(float block_max, int saw_nan, float old_max) {
    if (saw_nan) {
        return NAN;
    }
    return block_max > old_max ? block_max : old_max;
}

/// rowSum·α + blockSum, rowMax = mNew, and acc·α when α ≠ 1 (α = expf of
/// libm, as the Swift path's Foundation.exp on Float).
static inline void rescale_f32(float *row_max, float *row_sum, float *acc, long dv,
                               float m_old, float m_new, float block_sum) {
    float alpha = expf(m_old - m_new);  // 0 when m_old = −inf, 1 when unchanged
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
static inline __mmask16 lanes_in16(long j, long lo, long hi) {
    long below = hi - j, skip = lo - j;
    unsigned upto = below >= 16 ? 0xFFFFu : (below <= 0 ? 0u : (1u << below) - 1);
    unsigned from = skip <= 0 ? 0xFFFFu : (skip >= 16 ? 0u : (0xFFFFu << skip) & 0xFFFFu);
    return (__mmask16)(upto & from);
}

/// The scores of the 16 keys at j (fewer at the row's end) of one row, with
/// every option. Stores them and folds them into the maximum and NaN flags.
__attribute__((target("avx512f,avx2,fma"))) static inline void
score_vector_avx512_f32(float *row, const float *mrow, const float *brow, long j, long nk, long lo, long hi,
                        __m512 vscale, float alibi_slope, long distance, __m512 *best, __mmask16 *nan_seen) {
    const __m512 ninf = _mm512_set1_ps(-INFINITY);
    long left = nk - j;
    __mmask16 live = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
    __mmask16 ok = lanes_in16(j, lo, hi);
    if (mrow) {
        ok = _mm512_mask_cmp_ps_mask(ok, _mm512_maskz_loadu_ps(live, mrow + j), _mm512_setzero_ps(), _CMP_NEQ_UQ);
    }
    __m512 raw = _mm512_maskz_loadu_ps(live, row + j);
    __m512 sv = brow ? _mm512_fmadd_ps(raw, vscale, _mm512_maskz_loadu_ps(live, brow + j))
                     : _mm512_mul_ps(raw, vscale);
    if (alibi_slope != 0) {
        // |distance − lane|: key j + lane is distance − lane after the diagonal.
        __m512 dist = _mm512_sub_ps(_mm512_set1_ps((float)distance),
                                    _mm512_setr_ps(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        sv = _mm512_fnmadd_ps(_mm512_set1_ps(alibi_slope), _mm512_abs_ps(dist), sv);
    }
    sv = _mm512_mask_blend_ps(ok, ninf, sv);
    *nan_seen |= _mm512_cmp_ps_mask(sv, sv, _CMP_UNORD_Q);
    *best = _mm512_max_ps(sv, *best);
    _mm512_mask_storeu_ps(row + j, live, sv);
}

__attribute__((target("avx512f,avx2,fma")))
int attn_softmax_block_f32_avx512(long rows, long nk, float *s, long lds, float scale,
                                  long lo0, long hi0, long band_step,
                                  const float *mask, long ldmask,
                                  const float *bias, long ldbias,
                                  float alibi_slope, long alibi_distance0,
                                  float *row_max, float *row_sum,
                                  float *acc, long ldacc, long dv) {
    const __m512 vscale = _mm512_set1_ps(scale);
    const __m512 ninf = _mm512_set1_ps(-INFINITY);
    const __m512 zero = _mm512_setzero_ps();
    int any_active = 0;
    for (long r = 0; r < rows; r++) {
        float *row = s + r * lds;
        const float *mrow = mask ? mask + r * ldmask : NULL;
        const float *brow = bias ? bias + r * ldbias : NULL;
        long lo = clamp_key_f32(lo0 + r * band_step, nk), hi = clamp_key_f32(hi0 + r * band_step, nk);
        long distance = alibi_distance0 + r;
        if (hi <= lo) {
            for (long j = 0; j < nk; j++) {
                row[j] = 0;
            }
            continue;
        }
        __m512 best = ninf;
        __mmask16 nan_seen = 0;
        long start = lo & ~15L;
        long j = start;
        if (!mrow && alibi_slope == 0) {
            // Whole vectors of allowed keys: no lane selection.
            if (j < lo) {
                score_vector_avx512_f32(row, mrow, brow, j, nk, lo, hi, vscale, 0, 0, &best, &nan_seen);
                j += 16;
            }
            if (!brow) {
                for (; j + 16 <= hi; j += 16) {
                    __m512 sv = _mm512_mul_ps(_mm512_loadu_ps(row + j), vscale);
                    nan_seen |= _mm512_cmp_ps_mask(sv, sv, _CMP_UNORD_Q);
                    best = _mm512_max_ps(sv, best);
                    _mm512_storeu_ps(row + j, sv);
                }
            } else {
                for (; j + 16 <= hi; j += 16) {
                    __m512 sv = _mm512_fmadd_ps(_mm512_loadu_ps(row + j), vscale, _mm512_loadu_ps(brow + j));
                    nan_seen |= _mm512_cmp_ps_mask(sv, sv, _CMP_UNORD_Q);
                    best = _mm512_max_ps(sv, best);
                    _mm512_storeu_ps(row + j, sv);
                }
            }
        }
        for (; j < hi; j += 16) {
            score_vector_avx512_f32(row, mrow, brow, j, nk, lo, hi, vscale, alibi_slope, distance - j, &best,
                                    &nan_seen);
        }
        long end = j < nk ? j : nk;
        float m_old = row_max[r];
        float m_new = new_max_f32(_mm512_reduce_max_ps(best), nan_seen != 0, m_old);
        if (m_new == -INFINITY) {
            for (j = 0; j < nk; j++) {
                row[j] = 0;
            }
            continue;
        }
        any_active = 1;
        for (j = 0; j < start; j += 16) {
            _mm512_storeu_ps(row + j, zero);
        }
        const __m512 vm = _mm512_set1_ps(m_new);
        __m512 sum = zero;
        for (j = start; j < end; j += 16) {
            long left = nk - j;
            __mmask16 live = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
            __m512 e = attn_expf16(_mm512_sub_ps(_mm512_mask_loadu_ps(ninf, live, row + j), vm));
            _mm512_mask_storeu_ps(row + j, live, e);
            sum = _mm512_add_ps(sum, e);
        }
        for (j = end; j < nk; j++) {
            row[j] = 0;
        }
        rescale_f32(row_max + r, row_sum + r, acc + r * ldacc, dv, m_old, m_new, _mm512_reduce_add_ps(sum));
    }
    return any_active;
}

// MARK: AVX2

__attribute__((target("avx2,fma")))
int attn_softmax_block_f32_avx2(long rows, long nk, float *s, long lds, float scale,
                                long lo0, long hi0, long band_step,
                                const float *mask, long ldmask,
                                const float *bias, long ldbias,
                                float alibi_slope, long alibi_distance0,
                                float *row_max, float *row_sum,
                                float *acc, long ldacc, long dv) {
    const __m256 vscale = _mm256_set1_ps(scale);
    const __m256 vslope = _mm256_set1_ps(alibi_slope);
    const __m256 ninf = _mm256_set1_ps(-INFINITY);
    const __m256 zero = _mm256_setzero_ps();
    const __m256 sign = _mm256_set1_ps(-0.0f);
    const __m256 lanes = _mm256_setr_ps(0, 1, 2, 3, 4, 5, 6, 7);
    int any_active = 0;
    for (long r = 0; r < rows; r++) {
        float *row = s + r * lds;
        const float *mrow = mask ? mask + r * ldmask : NULL;
        const float *brow = bias ? bias + r * ldbias : NULL;
        long lo = clamp_key_f32(lo0 + r * band_step, nk), hi = clamp_key_f32(hi0 + r * band_step, nk);
        long distance = alibi_distance0 + r;
        if (hi <= lo) {
            for (long j = 0; j < nk; j++) {
                row[j] = 0;
            }
            continue;
        }
        __m256 best = ninf;
        __m256 nan_seen = zero;
        long start = lo & ~7L;
        long j = start;
        for (; j + 8 <= hi; j += 8) {
            __m256 sv = brow ? _mm256_fmadd_ps(_mm256_loadu_ps(row + j), vscale, _mm256_loadu_ps(brow + j))
                             : _mm256_mul_ps(_mm256_loadu_ps(row + j), vscale);
            if (alibi_slope != 0) {
                __m256 dist = _mm256_sub_ps(_mm256_set1_ps((float)(distance - j)), lanes);
                sv = _mm256_fnmadd_ps(vslope, _mm256_andnot_ps(sign, dist), sv);
            }
            if (j < lo || mrow) {
                __m256 index = _mm256_add_ps(lanes, _mm256_set1_ps((float)j));
                __m256 ok = _mm256_cmp_ps(index, _mm256_set1_ps((float)lo), _CMP_GE_OQ);
                if (mrow) {
                    ok = _mm256_and_ps(ok, _mm256_cmp_ps(_mm256_loadu_ps(mrow + j), zero, _CMP_NEQ_UQ));
                }
                sv = _mm256_blendv_ps(ninf, sv, ok);
            }
            nan_seen = _mm256_or_ps(nan_seen, _mm256_cmp_ps(sv, sv, _CMP_UNORD_Q));
            best = _mm256_max_ps(sv, best);
            _mm256_storeu_ps(row + j, sv);
        }
        float lane_best[8];
        _mm256_storeu_ps(lane_best, best);
        float block_max = lane_best[0];
        for (int lane = 1; lane < 8; lane++) {
            block_max = lane_best[lane] > block_max ? lane_best[lane] : block_max;
        }
        int saw_nan = _mm256_movemask_ps(nan_seen) != 0;
        for (; j < hi; j++) {
            float value = brow ? fmaf(row[j], scale, brow[j]) : row[j] * scale;
            if (alibi_slope != 0) {
                value = fmaf(-alibi_slope, fabsf((float)(distance - j)), value);
            }
            if (j < lo || (mrow && mrow[j] == 0)) {
                value = -INFINITY;
            }
            saw_nan |= isnan(value);
            block_max = value > block_max ? value : block_max;
            row[j] = value;
        }
        float m_old = row_max[r];
        float m_new = new_max_f32(block_max, saw_nan, m_old);
        if (m_new == -INFINITY) {
            for (long c = 0; c < nk; c++) {
                row[c] = 0;
            }
            continue;
        }
        any_active = 1;
        for (j = 0; j < start; j++) {
            row[j] = 0;
        }
        const __m256 vm = _mm256_set1_ps(m_new);
        __m256 sum = zero;
        j = start;
        for (; j + 8 <= hi; j += 8) {
            __m256 e = attn_expf8(_mm256_sub_ps(_mm256_loadu_ps(row + j), vm));
            _mm256_storeu_ps(row + j, e);
            sum = _mm256_add_ps(sum, e);
        }
        if (j < hi) {
            float tail[8];
            for (int c = 0; c < 8; c++) {
                tail[c] = -INFINITY;
            }
            for (long c = j; c < hi; c++) {
                tail[c - j] = row[c];
            }
            __m256 e = attn_expf8(_mm256_sub_ps(_mm256_loadu_ps(tail), vm));
            _mm256_storeu_ps(tail, e);
            for (long c = j; c < hi; c++) {
                row[c] = tail[c - j];
            }
            sum = _mm256_add_ps(sum, e);
        }
        for (j = hi; j < nk; j++) {
            row[j] = 0;
        }
        float lane_sum[8];
        _mm256_storeu_ps(lane_sum, sum);
        float block_sum = ((lane_sum[0] + lane_sum[1]) + (lane_sum[2] + lane_sum[3])) +
                          ((lane_sum[4] + lane_sum[5]) + (lane_sum[6] + lane_sum[7]));
        rescale_f32(row_max + r, row_sum + r, acc + r * ldacc, dv, m_old, m_new, block_sum);
    }
    return any_active;
}

#endif  // __x86_64__

// MARK: softmax of whole rows (Tensor.softmax on the last axis)

#if defined(__x86_64__)

__attribute__((target("avx512f,avx2,fma")))
void attn_softmax_rows_f32_avx512(const float *x, float *y, long rows, long n) {
    const __m512 ninf = _mm512_set1_ps(-INFINITY);
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * n;
        float *out = y + r * n;
        __m512 best = ninf;
        __mmask16 nan_seen = 0;
        long j = 0;
        for (; j < n; j += 16) {
            long left = n - j;
            __mmask16 live = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
            __m512 v = _mm512_mask_loadu_ps(ninf, live, row + j);
            nan_seen |= _mm512_cmp_ps_mask(v, v, _CMP_UNORD_Q);
            best = _mm512_max_ps(v, best);
        }
        float m = nan_seen ? NAN : _mm512_reduce_max_ps(best);
        const __m512 vm = _mm512_set1_ps(m);
        __m512 sum = _mm512_setzero_ps();
        for (j = 0; j < n; j += 16) {
            long left = n - j;
            __mmask16 live = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
            __m512 e = attn_expf16(_mm512_sub_ps(_mm512_mask_loadu_ps(ninf, live, row + j), vm));
            // Padding lanes: exp(−inf − m) is 0 for finite m (NaN m makes everything NaN anyway).
            e = _mm512_maskz_mov_ps(live, e);
            _mm512_mask_storeu_ps(out + j, live, e);
            sum = _mm512_add_ps(sum, e);
        }
        const __m512 inverse = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(sum));
        for (j = 0; j < n; j += 16) {
            long left = n - j;
            __mmask16 live = left >= 16 ? 0xFFFF : (__mmask16)((1u << left) - 1);
            _mm512_mask_storeu_ps(out + j, live, _mm512_mul_ps(_mm512_maskz_loadu_ps(live, out + j), inverse));
        }
    }
}

__attribute__((target("avx2,fma")))
void attn_softmax_rows_f32_avx2(const float *x, float *y, long rows, long n) {
    const __m256 ninf = _mm256_set1_ps(-INFINITY);
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * n;
        float *out = y + r * n;
        __m256 best = ninf, nan_seen = _mm256_setzero_ps();
        long j = 0;
        for (; j + 8 <= n; j += 8) {
            __m256 v = _mm256_loadu_ps(row + j);
            nan_seen = _mm256_or_ps(nan_seen, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
            best = _mm256_max_ps(v, best);
        }
        float lanes[8];
        _mm256_storeu_ps(lanes, best);
        float m = lanes[0];
        for (int lane = 1; lane < 8; lane++) {
            m = lanes[lane] > m ? lanes[lane] : m;
        }
        int saw_nan = _mm256_movemask_ps(nan_seen) != 0;
        for (; j < n; j++) {
            saw_nan |= isnan(row[j]);
            m = row[j] > m ? row[j] : m;
        }
        if (saw_nan) {
            m = NAN;
        }
        const __m256 vm = _mm256_set1_ps(m);
        __m256 sum = _mm256_setzero_ps();
        for (j = 0; j + 8 <= n; j += 8) {
            __m256 e = attn_expf8(_mm256_sub_ps(_mm256_loadu_ps(row + j), vm));
            _mm256_storeu_ps(out + j, e);
            sum = _mm256_add_ps(sum, e);
        }
        if (j < n) {
            float tail[8];
            for (int c = 0; c < 8; c++) {
                tail[c] = j + c < n ? row[j + c] - m : -INFINITY;
            }
            __m256 e = attn_expf8(_mm256_loadu_ps(tail));
            _mm256_storeu_ps(tail, e);
            for (long c = j; c < n; c++) {
                out[c] = tail[c - j];
            }
            sum = _mm256_add_ps(sum, e);
        }
        _mm256_storeu_ps(lanes, sum);
        float total = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
        const __m256 inverse = _mm256_set1_ps(1.0f / total);
        for (j = 0; j + 8 <= n; j += 8) {
            _mm256_storeu_ps(out + j, _mm256_mul_ps(_mm256_loadu_ps(out + j), inverse));
        }
        float scalar_inverse = 1.0f / total;
        for (; j < n; j++) {
            out[j] *= scalar_inverse;
        }
    }
}

#endif  // __x86_64__
