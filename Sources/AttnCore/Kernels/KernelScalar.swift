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

protocol KernelScalar: FloatElement, SIMDScalar, Codable {

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
