import CAttnKernels
import Foundation

// float64's side of `KernelScalar`: the float64 kernels as they were before
// float32 existed (the Swift 6×4 tile, the C 6×8 and 12×16 tiles, the exp of
// VectorExp.exp8), so float64 results are bit-for-bit what they were.

extension Double: KernelScalar {
    static func tile(_ level: Kernels.Level) -> Kernels.Tile { level.tile }

    @inline(__always)
    static func packBaselineAPanel(
        _ base: UnsafePointer<Double>, rowStride rs: Int, cols: Int, into panel: UnsafeMutablePointer<Double>
    ) {
        let r0 = base, r1 = base + rs, r2 = base + 2 * rs
        let r3 = base + 3 * rs, r4 = base + 4 * rs, r5 = base + 5 * rs
        var d = panel
        for p in 0..<cols {
            Kernels.store2(d, SIMD2(repeating: r0[p]))
            Kernels.store2(d + 2, SIMD2(repeating: r1[p]))
            Kernels.store2(d + 4, SIMD2(repeating: r2[p]))
            Kernels.store2(d + 6, SIMD2(repeating: r3[p]))
            Kernels.store2(d + 8, SIMD2(repeating: r4[p]))
            Kernels.store2(d + 10, SIMD2(repeating: r5[p]))
            d += 12
        }
    }

    @inline(__always)
    static func copyPanelRow(_ from: UnsafePointer<Double>, _ to: UnsafeMutablePointer<Double>, nr: Int) {
        if nr == 16 {
            Kernels.store8(to, Kernels.load8(from))
            Kernels.store8(to + 8, Kernels.load8(from + 8))
        } else if nr == 8 {
            Kernels.store8(to, Kernels.load8(from))
        } else {
            for c in 0..<nr { to[c] = from[c] }
        }
    }

    static func baselineMicroKernel(
        kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, ldc: Int,
        accumulate: Bool
    ) {
        Kernels.GemmEngine.microKernel(kc: kc, a: a, b: b, c: c, ldc: ldc, accumulate: accumulate)
    }

    @inline(__always)
    static func cMacroKernel(
        _ level: Kernels.Level, mc: Int, nc: Int, kc: Int,
        a: UnsafePointer<Double>, aRowStride: Int, aColStride: Int, aPanel: Int,
        b: UnsafePointer<Double>, c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
    ) -> Bool {
        #if arch(x86_64)
        switch level {
        case .avx512:
            attn_gemm_avx512(mc, nc, kc, a, aRowStride, aColStride, aPanel, b, c, ldc, accumulate ? 1 : 0)
            return true
        case .avx2:
            attn_gemm_avx2(mc, nc, kc, a, aRowStride, aColStride, aPanel, b, c, ldc, accumulate ? 1 : 0)
            return true
        case .baseline:
            return false
        }
        #else
        return false
        #endif
    }

    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
        Kernels.GemmDirect.dot(x, y, count: count)
    }

    @inline(__always)
    static func axpy(_ cRow: UnsafeMutablePointer<Double>, _ bRow: UnsafePointer<Double>, scalar: Double, count width: Int) {
        let av = SIMD4<Double>(repeating: scalar)
        var j = 0
        while j + 8 <= width {
            Kernels.store4(cRow + j, Kernels.load4(cRow + j) + av * Kernels.load4(bRow + j))
            Kernels.store4(cRow + j + 4, Kernels.load4(cRow + j + 4) + av * Kernels.load4(bRow + j + 4))
            j += 8
        }
        while j < width {
            cRow[j] += scalar * bRow[j]
            j += 1
        }
    }

    static func allFinite(_ x: UnsafePointer<Double>, count: Int) -> Bool {
        Kernels.FlashAttention.allFinite(x, count: count)
    }

    @inline(__always)
    static func prefetchRows(_ p: UnsafePointer<Double>, rows: Int, cols: Int, ld: Int) {
        attn_prefetch_rows(p, rows, cols, ld)
    }

    @inline(__always)
    static func cSoftmaxBlock(
        _ level: Kernels.Level, rows: Int, nk: Int, s: UnsafeMutablePointer<Double>, lds: Int, scale: Double,
        lo0: Int, hi0: Int, step: Int, mask: UnsafePointer<Double>?, ldmask: Int,
        bias: UnsafePointer<Double>?, ldbias: Int, alibiSlope: Double, alibiDistance0: Int,
        rowMax: UnsafeMutablePointer<Double>, rowSum: UnsafeMutablePointer<Double>,
        acc: UnsafeMutablePointer<Double>, ldacc: Int, dv: Int
    ) -> Bool? {
        #if arch(x86_64)
        switch level {
        case .avx512:
            return attn_softmax_block_avx512(
                rows, nk, s, lds, scale, lo0, hi0, step, mask, ldmask, bias, ldbias,
                alibiSlope, alibiDistance0, rowMax, rowSum, acc, ldacc, dv) != 0
        case .avx2:
            return attn_softmax_block_avx2(
                rows, nk, s, lds, scale, lo0, hi0, step, mask, ldmask, bias, ldbias,
                alibiSlope, alibiDistance0, rowMax, rowSum, acc, ldacc, dv) != 0
        case .baseline:
            return nil
        }
        #else
        return nil
        #endif
    }

    @inline(__always)
    static func scoreRow(
        _ row: UnsafeMutablePointer<Double>, keys: Range<Int>, mask: UnsafePointer<Double>?,
        bias: UnsafePointer<Double>?, scale: Double, alibiSlope: Double, alibiDistance: Int
    ) -> (Double, Bool) {
        Kernels.FlashAttention.scoreRow(
            row, keys: keys, mask: mask, bias: bias, scale: scale, alibiSlope: alibiSlope, alibiDistance: alibiDistance)
    }

    @inline(__always)
    static func expShifted(_ row: UnsafeMutablePointer<Double>, count: Int, minus m: Double) -> Double {
        Kernels.VectorExp.expShifted(row, count: count, minus: m)
    }

    static func expInPlace(_ x: UnsafeMutablePointer<Double>, count: Int, level: Kernels.Level) {
        Kernels.VectorExp.expInPlace(x, count: count, level: level)
    }

    /// Per row: the maximum (NaN if any), x − m, the buffer exp, a running
    /// sum in index order, then a multiply by its inverse.
    static func softmaxRows(
        _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, rows: Int, n: Int, level: Kernels.Level
    ) {
        for r in 0..<rows {
            let row = x + r * n, o = y + r * n
            var m = -Double.infinity
            var sawNaN = false
            for j in 0..<n {
                if row[j].isNaN { sawNaN = true }
                m = Swift.max(m, row[j])
            }
            if sawNaN { m = .nan }
            for j in 0..<n { o[j] = row[j] - m }
            Kernels.VectorExp.expInPlace(o, count: n, level: level)
            var total = 0.0
            for j in 0..<n { total += o[j] }
            let inverse = 1 / total
            for j in 0..<n { o[j] *= inverse }
        }
    }


}
