import Dispatch
import Foundation
import Synchronization

// Shared plumbing for the kernels: SIMD loads and stores through raw
// pointers, the register-tile geometry, and the helpers that hand unsafe
// pointers to `DispatchQueue.concurrentPerform` workers.

extension Kernels {
    /// The register tile of the GEMM micro-kernel and the layout of packed panels.
    ///
    /// Swift has no per-function target attributes, so the tile is chosen when
    /// the module is compiled:
    /// - default (baseline x86-64: SSE2, no FMA): 6 rows × 4 columns, each
    ///   element of A stored twice in its packed panel so that a 2-lane
    ///   broadcast is a plain 16-byte load (SSE2 cannot broadcast from memory);
    ///   multiply and add are separate instructions.
    /// - `-DATTN_FMA` with an AVX2/FMA CPU target (`-target-cpu haswell`):
    ///   6 × 8 with fused multiply-add (12 ymm accumulators).
    /// - `-DATTN_AVX512` with an AVX-512 CPU target (`-target-cpu
    ///   skylake-avx512` or newer): 6 × 16 with fused multiply-add (12 zmm
    ///   accumulators).
    /// Without a matching `-target-cpu`, the FMA variants compile
    /// `addingProduct` into calls to libm's `fma` and are very slow.
    enum Tile {
        #if ATTN_AVX512
        static let mr = 6
        static let nr = 16
        static let aDup = 1
        #elseif ATTN_FMA
        static let mr = 6
        static let nr = 8
        static let aDup = 1
        #else
        static let mr = 6
        static let nr = 4
        static let aDup = 2
        #endif
    }

    @inline(__always)
    static func roundUp(_ value: Int, _ multiple: Int) -> Int {
        (value + multiple - 1) / multiple * multiple
    }

    @inline(__always)
    static func load2(_ p: UnsafePointer<Double>) -> SIMD2<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD2<Double>.self)
    }

    @inline(__always)
    static func load4(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always)
    static func load8(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
    }

    @inline(__always)
    static func store2(_ p: UnsafeMutablePointer<Double>, _ v: SIMD2<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD2<Double>.self)
    }

    @inline(__always)
    static func store4(_ p: UnsafeMutablePointer<Double>, _ v: SIMD4<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
    }

    @inline(__always)
    static func store8(_ p: UnsafeMutablePointer<Double>, _ v: SIMD8<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
    }

    /// acc + a·b: fused in the FMA builds (like their micro-kernels), a
    /// multiply and an add in the default build (no FMA instruction there).
    @inline(__always)
    static func multiplyAdd(_ acc: SIMD4<Double>, _ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> {
        #if ATTN_FMA || ATTN_AVX512
        acc.addingProduct(a, b)
        #else
        acc + a * b
        #endif
    }

    @inline(__always)
    static func multiplyAdd(_ acc: SIMD8<Double>, _ a: SIMD8<Double>, _ b: SIMD8<Double>) -> SIMD8<Double> {
        #if ATTN_FMA || ATTN_AVX512
        acc.addingProduct(a, b)
        #else
        acc + a * b
        #endif
    }

    @inline(__always)
    static func multiplyAdd(_ acc: Double, _ a: Double, _ b: Double) -> Double {
        #if ATTN_FMA || ATTN_AVX512
        acc.addingProduct(a, b)
        #else
        acc + a * b
        #endif
    }

    /// Allocates `count` doubles aligned to a cache line. The caller deallocates.
    @inline(__always)
    static func allocateDoubles(_ count: Int) -> UnsafeMutablePointer<Double> {
        UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Double>.stride, alignment: 64)
            .bindMemory(to: Double.self, capacity: max(count, 1))
    }

    /// A pointer handed to `concurrentPerform` workers.
    ///
    /// Unsafe pointers are not `Sendable`. The kernels share buffers between
    /// workers in two ways only: read-only inputs (and packed panels that were
    /// completed before the parallel section began), and outputs where every
    /// worker writes a disjoint set of elements. This wrapper states that
    /// contract; it is used nowhere else.
    struct SharedPointer<Element>: @unchecked Sendable {
        let raw: UnsafeMutablePointer<Element>
        init(_ pointer: UnsafeMutablePointer<Element>) { raw = pointer }
        init(_ pointer: UnsafePointer<Element>) { raw = UnsafeMutablePointer(mutating: pointer) }
        var readOnly: UnsafePointer<Element> { UnsafePointer(raw) }
    }

    /// A stop request observed by some worker, reported after the join.
    final class StopFlag: Sendable {
        private let flag = Atomic<Bool>(false)
        func set() { flag.store(true, ordering: .relaxed) }
        var isSet: Bool { flag.load(ordering: .relaxed) }
    }

    enum KernelThreads {
        /// The number of workers the kernels use by default (read once: asking
        /// the system costs microseconds, which matters for small products).
        static let available: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

        /// Runs `body(0..<count)` on up to `workers` threads (the calling thread
        /// included). Each index runs exactly once; which thread runs it must not
        /// matter to the caller.
        static func forEach(_ count: Int, workers: Int, _ body: @Sendable (Int) -> Void) {
            if workers > 1 && count > 1 {
                DispatchQueue.concurrentPerform(iterations: count, execute: body)
            } else {
                for index in 0..<count { body(index) }
            }
        }
    }
}
