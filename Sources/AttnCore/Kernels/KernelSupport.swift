import CAttnKernels
import Dispatch
import Foundation
import Synchronization

// Shared plumbing for the kernels: the run-time instruction-set level, the
// register-tile geometry, SIMD loads and stores through raw pointers, and
// the helpers that hand unsafe pointers to `DispatchQueue.concurrentPerform`
// workers.

extension Kernels {
    /// Which kernels run: chosen once at run time from the CPU, so one binary
    /// (compiled for baseline x86-64) uses AVX2/FMA or AVX-512 where present
    /// and never executes an instruction the CPU lacks.
    ///
    /// - `baseline`: the pure-Swift kernels (SSE2 on x86-64, NEON on arm64),
    ///   multiply and add separately.
    /// - `avx2`: the C kernels of `CAttnKernels` compiled with
    ///   `target("avx2,fma")`: 6×8 GEMM tile, 4-lane exp, fused multiply-add.
    /// - `avx512`: `target("avx512f,avx2,fma")`: 12×16 GEMM tile, 8-lane exp.
    ///
    /// Every level computes the same functions within the documented
    /// accuracy; the last bits differ between levels (fused multiply-add,
    /// tile shapes and block sums change the rounding). Within one level,
    /// results are bit-for-bit identical for any number of threads.
    enum Level: Int, Comparable, Sendable, CustomStringConvertible {
        case baseline = 0
        case avx2 = 1
        case avx512 = 2

        /// The level the public kernels use: `attn_cpu_level()`, i.e. what
        /// the CPU supports, lowered by `ATTN_CPU_LEVEL` when that is set.
        static let current = Level(clamping: Int(attn_cpu_level()))

        /// What the CPU supports, ignoring `ATTN_CPU_LEVEL`.
        static let supported = Level(clamping: Int(attn_cpu_level_supported()))

        /// Every level this machine can run, lowest first (tests run them all).
        static var available: [Level] { [.baseline, .avx2, .avx512].filter { $0 <= supported } }

        init(clamping raw: Int) {
            #if arch(x86_64)
            self = Level(rawValue: min(max(raw, 0), 2)) ?? .baseline
            #else
            self = .baseline
            #endif
        }

        /// The GEMM register tile of this level's micro-kernel, which fixes
        /// the layout of packed panels.
        var tile: Tile {
            #if arch(x86_64)
            switch self {
            case .baseline: return .baseline
            case .avx2: return Tile(mr: Int(ATTN_AVX2_MR), nr: Int(ATTN_AVX2_NR), aDup: 1)
            case .avx512: return Tile(mr: Int(ATTN_AVX512_MR), nr: Int(ATTN_AVX512_NR), aDup: 1)
            }
            #else
            return .baseline
            #endif
        }

        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        var description: String {
            switch self {
            case .baseline: "baseline"
            case .avx2: "avx2"
            case .avx512: "avx512"
            }
        }
    }

    /// The register tile of a GEMM micro-kernel and the layout of packed
    /// panels: A in panels of `mr` rows (each element stored `aDup` times),
    /// B in panels of `nr` columns.
    struct Tile: Sendable, Equatable {
        let mr: Int
        let nr: Int
        let aDup: Int

        /// The Swift micro-kernel: 6 rows × 4 columns, each element of A
        /// stored twice in its packed panel so that a 2-lane broadcast is a
        /// plain 16-byte load (SSE2 cannot broadcast from memory).
        static let baseline = Tile(mr: 6, nr: 4, aDup: 2)
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
