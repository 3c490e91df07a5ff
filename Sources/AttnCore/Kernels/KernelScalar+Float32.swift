import CAttnKernels
import Foundation

// float32's side of `KernelScalar`: the Swift 6×8 baseline tile and the C
// 6×16 (AVX2) and 12×32 (AVX-512) tiles, the float32 exp, and the baseline
// SIMD code of fused attention and softmax with eight float32 lanes. Every
// operation is float32: nothing is widened on the way.

extension Float: KernelScalar {
    static func tile(_ level: Kernels.Level) -> Kernels.Tile {
        #if arch(x86_64)
        switch level {
        case .baseline: return .baselineFloat
        case .avx2: return Kernels.Tile(mr: Int(ATTN_AVX2_MR_F32), nr: Int(ATTN_AVX2_NR_F32), aDup: 1)
        case .avx512: return Kernels.Tile(mr: Int(ATTN_AVX512_MR_F32), nr: Int(ATTN_AVX512_NR_F32), aDup: 1)
        }
        #else
        return .baselineFloat
        #endif
    }

    @inline(__always)
    static func packBaselineAPanel(
        _ base: UnsafePointer<Float>, rowStride rs: Int, cols: Int, into panel: UnsafeMutablePointer<Float>
    ) {
        let r0 = base, r1 = base + rs, r2 = base + 2 * rs
        let r3 = base + 3 * rs, r4 = base + 4 * rs, r5 = base + 5 * rs
        var d = panel
        for p in 0..<cols {
            Kernels.storeVector(d, SIMD4(repeating: r0[p]))
            Kernels.storeVector(d + 4, SIMD4(repeating: r1[p]))
            Kernels.storeVector(d + 8, SIMD4(repeating: r2[p]))
            Kernels.storeVector(d + 12, SIMD4(repeating: r3[p]))
            Kernels.storeVector(d + 16, SIMD4(repeating: r4[p]))
            Kernels.storeVector(d + 20, SIMD4(repeating: r5[p]))
            d += 24
        }
    }

    @inline(__always)
    static func copyPanelRow(_ from: UnsafePointer<Float>, _ to: UnsafeMutablePointer<Float>, nr: Int) {
        typealias V = SIMD16<Float>
        if nr == 32 {
            Kernels.storeVector(to, Kernels.loadVector(from) as V)
            Kernels.storeVector(to + 16, Kernels.loadVector(from + 16) as V)
        } else if nr == 16 {
            Kernels.storeVector(to, Kernels.loadVector(from) as V)
        } else if nr == 8 {
            Kernels.storeVector(to, Kernels.loadVector(from) as SIMD8<Float>)
        } else {
            for c in 0..<nr { to[c] = from[c] }
        }
    }

    /// The baseline float32 micro-kernel (`Tile.baselineFloat`): C[6×8]
    /// (+)= A panel · B panel. A holds each element four times, so a 4-lane
    /// broadcast is one 16-byte load; multiply, then add (no FMA).
    @inline(never)
    static func baselineMicroKernel(
        kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int,
        accumulate: Bool
    ) {
        typealias V = SIMD4<Float>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var pa = a, pb = b
        for _ in 0..<kc {
            let b0: V = Kernels.loadVector(pb), b1: V = Kernels.loadVector(pb + 4)
            var t: V = Kernels.loadVector(pa)
            c00 += t * b0; c01 += t * b1
            t = Kernels.loadVector(pa + 4)
            c10 += t * b0; c11 += t * b1
            t = Kernels.loadVector(pa + 8)
            c20 += t * b0; c21 += t * b1
            t = Kernels.loadVector(pa + 12)
            c30 += t * b0; c31 += t * b1
            t = Kernels.loadVector(pa + 16)
            c40 += t * b0; c41 += t * b1
            t = Kernels.loadVector(pa + 20)
            c50 += t * b0; c51 += t * b1
            pa += 24
            pb += 8
        }
        @inline(__always)
        func write(_ r: Int, _ lo: V, _ hi: V) {
            let row = c + r * ldc
            if accumulate {
                Kernels.storeVector(row, (Kernels.loadVector(row) as V) + lo)
                Kernels.storeVector(row + 4, (Kernels.loadVector(row + 4) as V) + hi)
            } else {
                Kernels.storeVector(row, lo)
                Kernels.storeVector(row + 4, hi)
            }
        }
        write(0, c00, c01); write(1, c10, c11); write(2, c20, c21)
        write(3, c30, c31); write(4, c40, c41); write(5, c50, c51)
    }

    @inline(__always)
    static func cMacroKernel(
        _ level: Kernels.Level, mc: Int, nc: Int, kc: Int,
        a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int, aPanel: Int,
        b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool
    ) -> Bool {
        #if arch(x86_64)
        switch level {
        case .avx512:
            attn_sgemm_avx512(mc, nc, kc, a, aRowStride, aColStride, aPanel, b, c, ldc, accumulate ? 1 : 0)
            return true
        case .avx2:
            attn_sgemm_avx2(mc, nc, kc, a, aRowStride, aColStride, aPanel, b, c, ldc, accumulate ? 1 : 0)
            return true
        case .baseline:
            return false
        }
        #else
        return false
        #endif
    }

    /// Σ x[p]·y[p] over sixteen interleaved partial sums, then a fixed reduction.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        typealias V = SIMD8<Float>
        var s0 = V(), s1 = V()
        var p = 0
        while p + 16 <= count {
            s0 += (Kernels.loadVector(x + p) as V) * (Kernels.loadVector(y + p) as V)
            s1 += (Kernels.loadVector(x + p + 8) as V) * (Kernels.loadVector(y + p + 8) as V)
            p += 16
        }
        if p + 8 <= count {
            s0 += (Kernels.loadVector(x + p) as V) * (Kernels.loadVector(y + p) as V)
            p += 8
        }
        let s = s0 + s1
        var sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))
        while p < count {
            sum += x[p] * y[p]
            p += 1
        }
        return sum
    }

    @inline(__always)
    static func axpy(_ cRow: UnsafeMutablePointer<Float>, _ bRow: UnsafePointer<Float>, scalar: Float, count width: Int) {
        typealias V = SIMD8<Float>
        let av = V(repeating: scalar)
        var j = 0
        while j + 16 <= width {
            Kernels.storeVector(cRow + j, (Kernels.loadVector(cRow + j) as V) + av * (Kernels.loadVector(bRow + j) as V))
            Kernels.storeVector(
                cRow + j + 8, (Kernels.loadVector(cRow + j + 8) as V) + av * (Kernels.loadVector(bRow + j + 8) as V))
            j += 16
        }
        while j < width {
            cRow[j] += scalar * bRow[j]
            j += 1
        }
    }

    static func allFinite(_ x: UnsafePointer<Float>, count: Int) -> Bool {
        // x·0 is ±0 for finite x and NaN for ±inf and NaN.
        var probe = SIMD16<Float>(repeating: 0)
        var i = 0
        while i + 16 <= count {
            probe += (Kernels.loadVector(x + i) as SIMD16<Float>) * 0
            i += 16
        }
        var tail: Float = 0
        while i < count {
            tail += x[i] * 0
            i += 1
        }
        return probe.sum() == 0 && tail == 0
    }

    @inline(__always)
    static func prefetchRows(_ p: UnsafePointer<Float>, rows: Int, cols: Int, ld: Int) {
        attn_prefetch_rows_f32(p, rows, cols, ld)
    }

    @inline(__always)
    static func cSoftmaxBlock(
        _ level: Kernels.Level, rows: Int, nk: Int, s: UnsafeMutablePointer<Float>, lds: Int, scale: Float,
        lo0: Int, hi0: Int, step: Int, mask: UnsafePointer<Float>?, ldmask: Int,
        bias: UnsafePointer<Float>?, ldbias: Int, alibiSlope: Float, alibiDistance0: Int,
        rowMax: UnsafeMutablePointer<Float>, rowSum: UnsafeMutablePointer<Float>,
        acc: UnsafeMutablePointer<Float>, ldacc: Int, dv: Int
    ) -> Bool? {
        #if arch(x86_64)
        switch level {
        case .avx512:
            return attn_softmax_block_f32_avx512(
                rows, nk, s, lds, scale, lo0, hi0, step, mask, ldmask, bias, ldbias,
                alibiSlope, alibiDistance0, rowMax, rowSum, acc, ldacc, dv) != 0
        case .avx2:
            return attn_softmax_block_f32_avx2(
                rows, nk, s, lds, scale, lo0, hi0, step, mask, ldmask, bias, ldbias,
                alibiSlope, alibiDistance0, rowMax, rowSum, acc, ldacc, dv) != 0
        case .baseline:
            return nil
        }
        #else
        return nil
        #endif
    }

    /// `FlashAttention.scoreRow` in float32, eight lanes at a time.
    @inline(__always)
    static func scoreRow(
        _ row: UnsafeMutablePointer<Float>, keys: Range<Int>, mask: UnsafePointer<Float>?,
        bias: UnsafePointer<Float>?, scale: Float, alibiSlope: Float, alibiDistance: Int
    ) -> (Float, Bool) {
        typealias V = SIMD8<Float>
        var best = V(repeating: -.infinity)
        var nan = SIMDMask<SIMD8<Int32>>(repeating: false)
        let lanes = V(0, 1, 2, 3, 4, 5, 6, 7)
        let hasAlibi = alibiSlope != 0
        var j = keys.lowerBound
        while j + 8 <= keys.upperBound {
            var sv = (Kernels.loadVector(row + j) as V) * scale
            if let bias { sv += Kernels.loadVector(bias + j) as V }
            if hasAlibi {
                let distance = Float(alibiDistance - j) - lanes
                sv -= alibiSlope * distance.replacing(with: -distance, where: distance .< 0)
            }
            if let mask {
                sv = sv.replacing(with: -.infinity, where: (Kernels.loadVector(mask + j) as V) .== 0)
            }
            nan = nan .| (sv .!= sv)
            best = best.replacing(with: sv, where: sv .> best)
            Kernels.storeVector(row + j, sv)
            j += 8
        }
        var bestScalar = best.max()
        var sawNaN = any(nan)
        while j < keys.upperBound {
            var value = row[j] * scale
            if let bias { value += bias[j] }
            if hasAlibi { value -= alibiSlope * Float(abs(alibiDistance - j)) }
            if let mask, mask[j] == 0 { value = -.infinity }
            if value.isNaN { sawNaN = true }
            if value > bestScalar { bestScalar = value }
            row[j] = value
            j += 1
        }
        return (bestScalar, sawNaN)
    }

    @inline(__always)
    static func expShifted(_ row: UnsafeMutablePointer<Float>, count: Int, minus m: Float) -> Float {
        Kernels.VectorExp.expShifted(row, count: count, minus: m)
    }

    static func expInPlace(_ x: UnsafeMutablePointer<Float>, count: Int, level: Kernels.Level) {
        Kernels.VectorExp.expInPlace(x, count: count, level: level)
    }

    /// `attn_softmax_rows_f32_*` at AVX2 and AVX-512; at baseline the same
    /// with eight lanes in Swift (maximum, exp and sum in one pass each).
    static func softmaxRows(
        _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, rows: Int, n: Int, level: Kernels.Level
    ) {
        #if arch(x86_64)
        switch level {
        case .avx512: attn_softmax_rows_f32_avx512(x, y, rows, n); return
        case .avx2: attn_softmax_rows_f32_avx2(x, y, rows, n); return
        case .baseline: break
        }
        #endif
        typealias V = SIMD8<Float>
        for r in 0..<rows {
            let row = x + r * n, o = y + r * n
            var best = V(repeating: -.infinity)
            var nan = SIMDMask<SIMD8<Int32>>(repeating: false)
            var j = 0
            while j + 8 <= n {
                let v: V = Kernels.loadVector(row + j)
                nan = nan .| (v .!= v)
                best = best.replacing(with: v, where: v .> best)
                j += 8
            }
            var m = best.max()
            var sawNaN = any(nan)
            while j < n {
                if row[j].isNaN { sawNaN = true }
                if row[j] > m { m = row[j] }
                j += 1
            }
            if sawNaN { m = .nan }
            let total = Kernels.VectorExp.expShifted(o, from: row, count: n, minus: m)
            let inverse = 1 / total
            for j in 0..<n { o[j] *= inverse }
        }
    }


}

extension Kernels.Tile {
    /// The Swift float32 micro-kernel: 6 rows × 8 columns, each element of A
    /// stored four times so that a 4-lane broadcast is a plain 16-byte load.
    static let baselineFloat = Kernels.Tile(mr: 6, nr: 8, aDup: 4)
}
