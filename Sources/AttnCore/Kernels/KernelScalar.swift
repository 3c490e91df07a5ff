import CAttnKernels
import Foundation

// The element types the kernels compute in, float64 and float32, behind one
// protocol: the GEMM driver, packing, the thin GEMM paths and fused attention
// are written once, generic over `KernelScalar`, and specialised by the
// compiler for each type (the public entry points call them with a concrete
// type, so no generic code runs at run time). What differs between the two
// types lives here: the register tiles, the C entry points of each level,
// and the Swift SIMD code of the baseline level (SSE2 has 2 lanes of Double
// and 4 of Float, so each type has its own micro-kernel and exp).
//
// float32 computes in float32 throughout — products, running sums, scores,
// weights, the online softmax's maximum, sum and accumulator — as PyTorch's
// CPU kernels and OpenBLAS's sgemm do. Nothing is widened to float64 on the
// way, so a float32 result carries float32 rounding errors (see the accuracy
// notes on the float32 entry points in `Kernels`).

protocol KernelScalar: BinaryFloatingPoint, SIMDScalar, Sendable, Codable {
    /// The tensor dtype of this element type.
    static var dtype: DType { get }

    /// The GEMM register tile of `level`'s micro-kernel for this type.
    static func tile(_ level: Kernels.Level) -> Kernels.Tile

    /// Packs one full baseline panel (`Tile.baseline(for:)` rows, contiguous
    /// columns) of A, each element repeated `aDup` times.
    static func packBaselineAPanel(
        _ base: UnsafePointer<Self>, rowStride rs: Int, cols: Int, into d: UnsafeMutablePointer<Self>)

    /// Copies `nr` contiguous elements (one row piece of a packed B panel).
    static func copyPanelRow(_ from: UnsafePointer<Self>, _ to: UnsafeMutablePointer<Self>, nr: Int)

    /// The baseline micro-kernel: C[mr×nr] (+)= A panel · B panel over `kc`.
    static func baselineMicroKernel(
        kc: Int, a: UnsafePointer<Self>, b: UnsafePointer<Self>, c: UnsafeMutablePointer<Self>, ldc: Int,
        accumulate: Bool)

    /// `level`'s C macro-kernel (see `attn_gemm_*`, `attn_sgemm_*`); false
    /// at the baseline level, where nothing ran.
    static func cMacroKernel(
        _ level: Kernels.Level, mc: Int, nc: Int, kc: Int,
        a: UnsafePointer<Self>, aRowStride: Int, aColStride: Int, aPanel: Int,
        b: UnsafePointer<Self>, c: UnsafeMutablePointer<Self>, ldc: Int, accumulate: Bool
    ) -> Bool

    /// Σ x[p]·y[p] in an order fixed by `count` (the thin GEMM paths).
    static func dot(_ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>, count: Int) -> Self

    /// c[j] += scalar·b[j] for j < count (multiply, then add).
    static func axpy(_ c: UnsafeMutablePointer<Self>, _ b: UnsafePointer<Self>, scalar: Self, count: Int)

    /// Whether `count` values are all finite.
    static func allFinite(_ x: UnsafePointer<Self>, count: Int) -> Bool

    /// Prefetches `rows` rows of `cols` elements, `ld` apart (`attn_prefetch_rows`).
    static func prefetchRows(_ p: UnsafePointer<Self>, rows: Int, cols: Int, ld: Int)

    /// `level`'s C online-softmax step of one key block (`attn_softmax_block_*`);
    /// nil at the baseline level, where nothing ran.
    static func cSoftmaxBlock(
        _ level: Kernels.Level, rows: Int, nk: Int, s: UnsafeMutablePointer<Self>, lds: Int, scale: Self,
        lo0: Int, hi0: Int, step: Int, mask: UnsafePointer<Self>?, ldmask: Int,
        bias: UnsafePointer<Self>?, ldbias: Int, alibiSlope: Self, alibiDistance0: Int,
        rowMax: UnsafeMutablePointer<Self>, rowSum: UnsafeMutablePointer<Self>,
        acc: UnsafeMutablePointer<Self>, ldacc: Int, dv: Int
    ) -> Bool?

    /// The baseline score pass of one row (see `FlashAttention.scoreRow`).
    static func scoreRow(
        _ row: UnsafeMutablePointer<Self>, keys: Range<Int>, mask: UnsafePointer<Self>?,
        bias: UnsafePointer<Self>?, scale: Self, alibiSlope: Self, alibiDistance: Int
    ) -> (Self, Bool)

    /// row[j] = exp(row[j] − m) for j < count with the baseline SIMD exp;
    /// returns their sum (see `VectorExp.expShifted`).
    static func expShifted(_ row: UnsafeMutablePointer<Self>, count: Int, minus m: Self) -> Self

    /// x[i] = exp(x[i]) with `level`'s kernel.
    static func expInPlace(_ x: UnsafeMutablePointer<Self>, count: Int, level: Kernels.Level)

    /// The softmax of `rows` contiguous rows of n (`Tensor.softmax` on the
    /// last axis): y = exp(x − m)/Σ exp(x − m) per row, NaN rows for a NaN,
    /// a +inf or nothing but −inf.
    static func softmaxRows(
        _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>, rows: Int, n: Int, level: Kernels.Level)

    /// libm's exp, log and tanh (exp and expf, …), for scalars.
    static func scalarExp(_ x: Self) -> Self
    static func scalarLog(_ x: Self) -> Self
    static func scalarTanh(_ x: Self) -> Self

    /// Tensor storage holding `elements`.
    static func storage(_ elements: [Self]) -> TensorStorage
    /// The elements of `storage` when it holds this type, else nil.
    static func elements(of storage: TensorStorage) -> [Self]?
}

extension Tensor {
    /// The elements converted to `T` (numpy's astype; no copy when the
    /// tensor already holds `T`). Polls `Interrupt` while converting.
    func elements<T: KernelScalar>(as _: T.Type) throws(CoreError) -> [T] {
        if let own = T.elements(of: storage) { return own }
        let converted = try converted(to: T.dtype)
        return T.elements(of: converted.storage) ?? []
    }

    /// A tensor of `T` elements.
    init<T: KernelScalar>(unchecked shape: [Int], elements: [T]) {
        self.init(unchecked: shape, storage: T.storage(elements))
    }
}

extension Kernels {
    /// Loads a SIMD vector from `p` (any alignment).
    @inline(__always)
    static func loadVector<V: SIMD>(_ p: UnsafePointer<V.Scalar>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    /// Stores a SIMD vector at `p` (any alignment).
    @inline(__always)
    static func storeVector<V: SIMD>(_ p: UnsafeMutablePointer<V.Scalar>, _ v: V) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    /// Allocates `count` elements aligned to a cache line. The caller deallocates.
    @inline(__always)
    static func allocate<T>(_ count: Int, of _: T.Type) -> UnsafeMutablePointer<T> {
        UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<T>.stride, alignment: 64)
            .bindMemory(to: T.self, capacity: max(count, 1))
    }
}

// MARK: - float64

extension Double: KernelScalar {
    static var dtype: DType { .float64 }

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

    @inline(__always) static func scalarExp(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) static func scalarLog(_ x: Double) -> Double { Foundation.log(x) }
    @inline(__always) static func scalarTanh(_ x: Double) -> Double { Foundation.tanh(x) }

    static func storage(_ elements: [Double]) -> TensorStorage { .float64(elements) }
    static func elements(of storage: TensorStorage) -> [Double]? {
        if case .float64(let a) = storage { return a }
        return nil
    }
}

// MARK: - float32

extension Float: KernelScalar {
    static var dtype: DType { .float32 }

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

    @inline(__always) static func scalarExp(_ x: Float) -> Float { Foundation.exp(x) }
    @inline(__always) static func scalarLog(_ x: Float) -> Float { Foundation.log(x) }
    @inline(__always) static func scalarTanh(_ x: Float) -> Float { Foundation.tanh(x) }

    static func storage(_ elements: [Float]) -> TensorStorage { .float32(elements) }
    static func elements(of storage: TensorStorage) -> [Float]? {
        if case .float32(let a) = storage { return a }
        return nil
    }
}

extension Kernels.Tile {
    /// The Swift float32 micro-kernel: 6 rows × 8 columns, each element of A
    /// stored four times so that a 4-lane broadcast is a plain 16-byte load.
    static let baselineFloat = Kernels.Tile(mr: 6, nr: 8, aDup: 4)
}
