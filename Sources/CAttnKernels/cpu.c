// Run-time CPU level: which of the kernels in this target may be called.

#include "CAttnKernels.h"

#include <stdlib.h>

int attn_cpu_level_supported(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
        return 0;
    }
    return __builtin_cpu_supports("avx512f") ? 2 : 1;
#else
    return 0;
#endif
}

/// -1 until the first call of attn_cpu_level. Racing first calls compute
/// the same value, so a relaxed store and load suffice.
static int cached_level = -1;

int attn_cpu_level(void) {
    int level = __atomic_load_n(&cached_level, __ATOMIC_RELAXED);
    if (level >= 0) {
        return level;
    }
    level = attn_cpu_level_supported();
    const char *forced = getenv("ATTN_CPU_LEVEL");
    if (forced != NULL && forced[0] >= '0' && forced[0] <= '2' && forced[1] == '\0') {
        int requested = forced[0] - '0';
        if (requested < level) {
            level = requested;
        }
    }
    __atomic_store_n(&cached_level, level, __ATOMIC_RELAXED);
    return level;
}

void attn_prefetch_rows(const double *p, long rows, long cols, long ld) {
    // One request per 64-byte cache line (8 doubles) of each row, plus the
    // row's last element, which may sit on a line of its own.
    for (long r = 0; r < rows; r++) {
        const double *row = p + r * ld;
        for (long j = 0; j < cols; j += 8) {
            __builtin_prefetch(row + j, 0, 2);
        }
        if (cols > 0) {
            __builtin_prefetch(row + cols - 1, 0, 2);
        }
    }
}

void attn_prefetch_rows_f32(const float *p, long rows, long cols, long ld) {
    // One request per 64-byte cache line (16 floats) of each row, plus the last.
    for (long r = 0; r < rows; r++) {
        const float *row = p + r * ld;
        for (long j = 0; j < cols; j += 16) {
            __builtin_prefetch(row + j, 0, 2);
        }
        if (cols > 0) {
            __builtin_prefetch(row + cols - 1, 0, 2);
        }
    }
}
