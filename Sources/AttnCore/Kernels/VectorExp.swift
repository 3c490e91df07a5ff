// exp(x) for eight doubles at a time.
//
// Method (Cody–Waite range reduction plus a polynomial):
//   n = round(x / ln 2)                      (by adding and subtracting 1.5·2^52)
//   r = (x − n·ln2_hi) − n·ln2_lo             (|r| ≤ ln2/2 + tiny; n·ln2_hi is exact)
//   exp(r) ≈ 1 + (r + r²·q(r)),  q ≈ (eʳ − 1 − r)/r² of degree 9
//   exp(x) = exp(r) · 2^n1 · 2^n2,  n1 = round(n/2), n2 = n − n1
// q is a Chebyshev (near-minimax) fit on |r| ≤ 0.3466, computed with mpmath
// at 50 digits and rounded to double; with those rounded coefficients the
// polynomial's relative error is below 1.7e-17 (0.15 ulp). Evaluation adds
// about one rounding of `1 + t` plus a fraction of an ulp in t: measured
// results are within 1 ulp of glibc's exp. Splitting 2^n into two normal factors makes the first product exact
// and rounds once into the subnormal range, so tiny results are correctly
// scaled rather than flushed.
// Special values: x is clamped to [−760, 720] first, so −inf and very
// negative x give +0, +inf and x > 709.78… give +inf; NaN is returned as is.
//
// This is the baseline (Swift) path. At the AVX2 and AVX-512 levels the
// buffer functions call CAttnKernels, which evaluates the same formulas
// with fused multiply-add, 4 or 8 lanes at a time.

import CAttnKernels

extension Kernels {
    enum VectorExp {
        static let log2e = 1.4426950408889634074
        static let ln2Hi = 6.93147180369123816490e-01  // 0x3FE62E42FEE00000: 32 significant bits
        static let ln2Lo = 1.90821492927058770002e-10
        static let shifter = 6755399441055744.0  // 1.5 · 2^52
        static let lowerClamp = -760.0
        static let upperClamp = 720.0

        // `@_transparent` rather than `@inline(__always)`: the optimizer left
        // `@inline(__always)` calls out of line, and an out-of-line call passes
        // the SIMD8 in xmm pieces, which made exp three times slower under AVX-512.
        @_transparent
        static func exp8(_ x: SIMD8<Double>) -> SIMD8<Double> {
            typealias V = SIMD8<Double>
            typealias U = SIMD8<UInt64>
            var xc = x.replacing(with: lowerClamp, where: x .< lowerClamp)
            xc = xc.replacing(with: upperClamp, where: xc .> upperClamp)

            let t = xc * log2e + shifter
            let n = t - shifter
            let r = (xc - n * ln2Hi) - n * ln2Lo

            var q = V(repeating: 2.510038319586702e-08)
            q = q * r + 2.7620085455018414e-07
            q = q * r + 2.7557268464831627e-06
            q = q * r + 2.4801521302241082e-05
            q = q * r + 0.00019841269863050506
            q = q * r + 0.001388888891720967
            q = q * r + 0.008333333333330063
            q = q * r + 0.041666666666624136
            q = q * r + 0.16666666666666669
            q = q * r + 0.5000000000000001
            let poly = 1.0 + (r + (r * r) * q)

            // t and t1 both hold shifter + integer; their low bits are the integer.
            // (Same-size bit casts between SIMD vectors of Double and UInt64.)
            let t1 = n * 0.5 + shifter
            let tBits = unsafeBitCast(t, to: U.self)
            let t1Bits = unsafeBitCast(t1, to: U.self)
            let bias = U(repeating: 1023 &<< 52)
            let scale1 = unsafeBitCast((t1Bits &<< 52) &+ bias, to: V.self)
            let scale2 = unsafeBitCast(((tBits &- t1Bits) &<< 52) &+ bias, to: V.self)
            let result = (poly * scale1) * scale2
            return result.replacing(with: x, where: x .!= x)
        }

        /// x[i] = exp(x[i]) for i in 0..<count, with `level`'s kernel.
        static func expInPlace(_ x: UnsafeMutablePointer<Double>, count: Int, level: Level) {
            #if arch(x86_64)
            switch level {
            case .avx512: attn_exp_avx512(x, count); return
            case .avx2: attn_exp_avx2(x, count); return
            case .baseline: break
            }
            #endif
            var i = 0
            while i + 8 <= count {
                store8(x + i, exp8(load8(x + i)))
                i += 8
            }
            let rest = count - i
            if rest > 0 {
                var v = SIMD8<Double>(repeating: 0)
                for lane in 0..<rest { v[lane] = x[i + lane] }
                v = exp8(v)
                for lane in 0..<rest { x[i + lane] = v[lane] }
            }
        }

        /// row[j] = exp(row[j] − m) for j < count; returns the sum of the new
        /// values (in an order fixed by `count`). Used by the attention kernel.
        static func expShifted(_ row: UnsafeMutablePointer<Double>, count: Int, minus m: Double) -> Double {
            typealias V = SIMD8<Double>
            var sum = V(repeating: 0)
            var j = 0
            while j + 8 <= count {
                let e = exp8(load8(row + j) - m)
                store8(row + j, e)
                sum += e
                j += 8
            }
            if j < count {
                var v = V(repeating: -.infinity)
                for lane in 0..<(count - j) { v[lane] = row[j + lane] - m }
                let e = exp8(v)
                for lane in 0..<(count - j) { row[j + lane] = e[lane] }
                sum += e  // padding lanes are exp(-inf) = 0
            }
            return sum.sum()
        }
    
        // MARK: float32

        static let log2eF: Float = 1.44269504088896341
        static let ln2HiF: Float = 0.693145751953125  // 0x3F317200: 16 significant bits
        static let ln2LoF: Float = 1.42860682030941723212e-6
        static let shifterF: Float = 12582912  // 1.5 · 2^23
        static let lowerClampF: Float = -110
        static let upperClampF: Float = 90

        /// eˣ for eight floats: the algorithm of simd_expf.h (see there and
        /// scripts/expf_coefficients.py), multiply then add. A degree-4
        /// near-minimax q on |r| ≤ ln2/2 (0.08 ulp with float32
        /// coefficients); the 2ⁿ scaling in two normal factors, so subnormal
        /// results are rounded once, not flushed. x is clamped to [−110, 90]
        /// (−inf → +0, large x → +inf); NaN passes through.
        @_transparent
        static func exp8(_ x: SIMD8<Float>) -> SIMD8<Float> {
            typealias V = SIMD8<Float>
            typealias U = SIMD8<UInt32>
            var xc = x.replacing(with: lowerClampF, where: x .< lowerClampF)
            xc = xc.replacing(with: upperClampF, where: xc .> upperClampF)

            let t = xc * log2eF + shifterF
            let n = t - shifterF
            let r = (xc - n * ln2HiF) - n * ln2LoF

            var q = V(repeating: 0x1.6d10fcp-10)
            q = q * r + 0x1.120b62p-7
            q = q * r + 0x1.55551ap-5
            q = q * r + 0x1.5554dep-3
            q = q * r + 0.5
            let poly = 1 + (r + (r * r) * q)

            // t and t1 both hold shifter + integer; their low bits are the integer.
            let t1 = n * 0.5 + shifterF
            let tBits = unsafeBitCast(t, to: U.self)
            let t1Bits = unsafeBitCast(t1, to: U.self)
            let bias = U(repeating: 127 &<< 23)
            let scale1 = unsafeBitCast((t1Bits &<< 23) &+ bias, to: V.self)
            let scale2 = unsafeBitCast(((tBits &- t1Bits) &<< 23) &+ bias, to: V.self)
            let result = (poly * scale1) * scale2
            return result.replacing(with: x, where: x .!= x)
        }

        /// x[i] = exp(x[i]) in float32 for i in 0..<count, with `level`'s kernel.
        static func expInPlace(_ x: UnsafeMutablePointer<Float>, count: Int, level: Level) {
            #if arch(x86_64)
            switch level {
            case .avx512: attn_expf_avx512(x, count); return
            case .avx2: attn_expf_avx2(x, count); return
            case .baseline: break
            }
            #endif
            typealias V = SIMD8<Float>
            var i = 0
            while i + 8 <= count {
                storeVector(x + i, exp8(loadVector(x + i) as V))
                i += 8
            }
            let rest = count - i
            if rest > 0 {
                var v = V(repeating: 0)
                for lane in 0..<rest { v[lane] = x[i + lane] }
                v = exp8(v)
                for lane in 0..<rest { x[i + lane] = v[lane] }
            }
        }

        /// row[j] = exp(row[j] − m) in float32 for j < count; returns the sum
        /// of the new values over eight interleaved partial sums.
        static func expShifted(_ row: UnsafeMutablePointer<Float>, count: Int, minus m: Float) -> Float {
            expShifted(row, from: UnsafePointer(row), count: count, minus: m)
        }

        /// out[j] = exp(x[j] − m) in float32 for j < count (out may be x);
        /// returns the sum of the new values over eight interleaved partial
        /// sums.
        static func expShifted(
            _ out: UnsafeMutablePointer<Float>, from x: UnsafePointer<Float>, count: Int, minus m: Float
        ) -> Float {
            typealias V = SIMD8<Float>
            var sum = V(repeating: 0)
            var j = 0
            while j + 8 <= count {
                let e = exp8((loadVector(x + j) as V) - m)
                storeVector(out + j, e)
                sum += e
                j += 8
            }
            if j < count {
                var v = V(repeating: -.infinity)
                for lane in 0..<(count - j) { v[lane] = x[j + lane] - m }
                let e = exp8(v)
                for lane in 0..<(count - j) { out[j + lane] = e[lane] }
                sum += e  // padding lanes are exp(-inf) = 0
            }
            return ((sum[0] + sum[1]) + (sum[2] + sum[3])) + ((sum[4] + sum[5]) + (sum[6] + sum[7]))
        }
    }
}
