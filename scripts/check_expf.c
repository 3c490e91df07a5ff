// Exhaustive accuracy check of attn's float32 exp (simd_expf.h and the
// baseline Swift algorithm of VectorExp.exp8, transcribed to scalar C with
// separate multiply and add) against exp computed in double and rounded to
// float: every float32 in [-104, 89] and the special values. Prints the
// worst distance in ulps per implementation. Not part of the build; run:
//   cc -O2 -ffp-contract=off -I Sources/CAttnKernels -o /tmp/check_expf scripts/check_expf.c -lm && /tmp/check_expf
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "simd_expf.h"

static float baseline(float x) {
    // VectorExp.exp8 (Float) lane by lane: multiply, then add.
    if (x != x) return x;
    float xc = x < -110.0f ? -110.0f : (x > 90.0f ? 90.0f : x);
    float t = xc * 1.44269504088896341f;
    t = t + 12582912.0f;
    float n = t - 12582912.0f;
    float p1 = n * 0.693145751953125f;
    float r = xc - p1;
    float p2 = n * 1.42860682030941723212e-6f;
    r = r - p2;
    float q = 0x1.6d10fcp-10f;
    q = q * r; q = q + 0x1.120b62p-7f;
    q = q * r; q = q + 0x1.55551ap-5f;
    q = q * r; q = q + 0x1.5554dep-3f;
    q = q * r; q = q + 0.5f;
    float rr = r * r;
    float poly = rr * q; poly = r + poly; poly = 1.0f + poly;
    float half = n * 0.5f;
    float t1 = half + 12582912.0f;
    uint32_t tb, t1b;
    memcpy(&tb, &t, 4);
    memcpy(&t1b, &t1, 4);
    uint32_t s1b = (t1b << 23) + (127u << 23), s2b = ((tb - t1b) << 23) + (127u << 23);
    float s1, s2;
    memcpy(&s1, &s1b, 4);
    memcpy(&s2, &s2b, 4);
    return (poly * s1) * s2;
}

__attribute__((target("avx2,fma"))) static float avx2(float x) {
    float lanes[8];
    _mm256_storeu_ps(lanes, attn_expf8(_mm256_set1_ps(x)));
    return lanes[0];
}

__attribute__((target("avx512f,avx2,fma"))) static float avx512(float x) {
    float lanes[16];
    _mm512_storeu_ps(lanes, attn_expf16(_mm512_set1_ps(x)));
    return lanes[0];
}

static int64_t key(float x) {
    int32_t b;
    memcpy(&b, &x, 4);
    return b < 0 ? (int64_t)INT32_MIN - b : b;
}

static int64_t ulps(float a, float b) {
    if (a != a || b != b) return (a != a) == (b != b) ? 0 : 1 << 30;
    int64_t d = key(a) - key(b);
    return d < 0 ? -d : d;
}

int main(void) {
    __builtin_cpu_init();
    int have2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    int have5 = __builtin_cpu_supports("avx512f");
    int64_t worst[3] = {0, 0, 0};
    float at[3] = {0, 0, 0};
    uint64_t count = 0;
    for (float x = -104.0f; x <= 89.0f; x = nextafterf(x, INFINITY)) {
        float want = (float)exp((double)x);
        float got[3] = {baseline(x), have2 ? avx2(x) : want, have5 ? avx512(x) : want};
        for (int i = 0; i < 3; i++) {
            int64_t d = ulps(got[i], want);
            if (d > worst[i]) {
                worst[i] = d;
                at[i] = x;
            }
        }
        count++;
    }
    float specials[] = {-INFINITY, INFINITY, NAN, 0.0f, -0.0f, 88.72f, 88.73f, -103.97f, -103.98f, 1e30f, -1e30f};
    for (unsigned s = 0; s < sizeof specials / sizeof specials[0]; s++) {
        float x = specials[s], want = (float)exp((double)x);
        float got[3] = {baseline(x), have2 ? avx2(x) : want, have5 ? avx512(x) : want};
        for (int i = 0; i < 3; i++) {
            if (ulps(got[i], want) > worst[i]) {
                worst[i] = ulps(got[i], want);
                at[i] = x;
            }
        }
    }
    const char *names[3] = {"baseline (Swift algorithm)", "avx2", "avx512"};
    printf("%llu float32 values in [-104, 89] and the special values\n", (unsigned long long)count);
    for (int i = 0; i < 3; i++) {
        printf("%-28s worst %lld ulp (at x = %.9g)%s\n", names[i], (long long)worst[i], at[i],
               (i == 1 && !have2) || (i == 2 && !have5) ? " [not supported here]" : "");
    }
    return 0;
}
