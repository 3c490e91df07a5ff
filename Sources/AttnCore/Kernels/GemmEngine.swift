// Cache-blocked, packed GEMM in the GotoBLAS/BLIS style.
//
// C (m×n) = A (m×k) · B (k×n) with arbitrary element strides for A and B.
// Loops, outermost first: column blocks of C (nc), depth blocks (kc), row
// blocks (mc, run in parallel together with column chunks), micro-panels of
// B (nr columns, kept in L1), micro-panels of A (mr rows, streamed from L2),
// and the register-tiled micro-kernel. The micro-kernel, and with it the
// tile and the packed layout, follows the run-time `Level` and the element
// type (`KernelScalar`): for float64 the Swift 6×4 kernel at baseline, the C
// kernels of CAttnKernels (6×8 AVX2/FMA, 12×16 AVX-512) above it; for
// float32 a Swift 6×8 kernel and C tiles of 6×16 and 12×32, accumulating in
// float32.
//
// Determinism: every element of C is summed as
//     ((acc(block 0) + acc(block 1)) + acc(block 2)) + …
// where acc(block) runs over the block's depth indices in increasing order,
// starting from zero. The depth blocking depends only on k, so the result
// does not depend on how rows and columns are split between workers, nor on
// the number of workers (for a given level).

import CAttnKernels

extension Kernels {
    enum GemmEngine {
        static let kcMax = 256
        static let mcMax = 132  // a multiple of every tile's mr (6, 12)
        static let ncMax = 2048  // a multiple of every tile's nr (4, 8, 16, 32)
        /// Products below this many multiply-adds run on the calling thread.
        static let parallelThreshold = 1 << 20

        // MARK: Packing

        /// Packs rows×cols of A (element (i, p) at `src[i*rs + p*cs]`) into
        /// micro-panels of `tile.mr` rows: panel-major, then depth, then row,
        /// each element repeated `tile.aDup` times. Rows past `rows` are zero.
        static func packA<T: KernelScalar>(
            _ src: UnsafePointer<T>, rowStride rs: Int, colStride cs: Int,
            rows: Int, cols: Int, into dst: UnsafeMutablePointer<T>, tile: Tile
        ) {
            let mr = tile.mr, dup = tile.aDup
            let baselinePanel = tile == T.tile(.baseline) && dup > 1
            var panel = dst
            var i0 = 0
            while i0 < rows {
                let h = min(mr, rows - i0)
                let base = src + i0 * rs
                if h == mr && baselinePanel && cs == 1 {
                    T.packBaselineAPanel(base, rowStride: rs, cols: cols, into: panel)
                } else if h == mr && dup == 1 && cs == 1 {
                    var d = panel
                    for p in 0..<cols {
                        for r in 0..<mr { d[r] = base[r * rs + p] }
                        d += mr
                    }
                } else {
                    var d = panel
                    for p in 0..<cols {
                        let s = base + p * cs
                        for r in 0..<mr {
                            let value = r < h ? s[r * rs] : 0
                            for e in 0..<dup { d[r * dup + e] = value }
                        }
                        d += mr * dup
                    }
                }
                panel += cols * mr * dup
                i0 += mr
            }
        }

        /// Packs rows×cols of B (element (p, j) at `src[p*rs + j*cs]`) into
        /// micro-panels of `nr` columns: panel-major, then depth, then
        /// column. Columns past `cols` are zero.
        static func packB<T: KernelScalar>(
            _ src: UnsafePointer<T>, rowStride rs: Int, colStride cs: Int,
            rows: Int, cols: Int, into dst: UnsafeMutablePointer<T>, nr: Int
        ) {
            var panel = dst
            var j0 = 0
            if cs == 1 && cols >= nr {
                // Rows of B are contiguous: read each row once, left to right
                // (panel by panel would read with a stride of whole rows,
                // which the hardware prefetchers do not follow), and append
                // its pieces to every full panel.
                let full = cols / nr
                let panelSize = rows * nr
                for p in 0..<rows {
                    let s = src + p * rs
                    let d = dst + p * nr
                    for j in 0..<full {
                        T.copyPanelRow(s + j * nr, d + j * panelSize, nr: nr)
                    }
                }
                j0 = full * nr
                panel = dst + full * panelSize
            }
            while j0 < cols {
                let w = min(nr, cols - j0)
                let base = src + j0 * cs
                if w == nr && rs == 1 {
                    // B is stored transposed (its columns are contiguous).
                    for c in 0..<nr {
                        let s = base + c * cs
                        var d = panel + c
                        for p in 0..<rows {
                            d.pointee = s[p]
                            d += nr
                        }
                    }
                } else {
                    var d = panel
                    for p in 0..<rows {
                        let s = base + p * rs
                        for c in 0..<nr { d[c] = c < w ? s[c * cs] : 0 }
                        d += nr
                    }
                }
                panel += rows * nr
                j0 += nr
            }
        }

        // MARK: Micro-kernel

        /// The baseline float64 micro-kernel (`Tile.baseline`):
        /// C[6×4] (+)= Apanel · Bpanel over `kc` depth steps. A holds each element
        /// twice, so `SIMD4(lowHalf: t, highHalf: t)` is a broadcast built from a
        /// single 16-byte load. Multiply then add (two roundings): baseline x86-64
        /// has no FMA.
        @inline(never)
        static func microKernel(
            kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
            c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
        ) {
            typealias V = SIMD4<Double>
            var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
            var pa = a, pb = b
            for _ in 0..<kc {
                let bv = load4(pb)
                var t = load2(pa)
                c0 += V(lowHalf: t, highHalf: t) * bv
                t = load2(pa + 2)
                c1 += V(lowHalf: t, highHalf: t) * bv
                t = load2(pa + 4)
                c2 += V(lowHalf: t, highHalf: t) * bv
                t = load2(pa + 6)
                c3 += V(lowHalf: t, highHalf: t) * bv
                t = load2(pa + 8)
                c4 += V(lowHalf: t, highHalf: t) * bv
                t = load2(pa + 10)
                c5 += V(lowHalf: t, highHalf: t) * bv
                pa += 12
                pb += 4
            }
            let r0 = c, r1 = c + ldc, r2 = c + 2 * ldc, r3 = c + 3 * ldc, r4 = c + 4 * ldc, r5 = c + 5 * ldc
            if accumulate {
                store4(r0, load4(r0) + c0); store4(r1, load4(r1) + c1); store4(r2, load4(r2) + c2)
                store4(r3, load4(r3) + c3); store4(r4, load4(r4) + c4); store4(r5, load4(r5) + c5)
            } else {
                store4(r0, c0); store4(r1, c1); store4(r2, c2)
                store4(r3, c3); store4(r4, c4); store4(r5, c5)
            }
        }

        // MARK: Macro-kernel

        /// C[mc×nc] (+)= packedA[mc×kc] · packedB[kc×nc] with `level`'s
        /// micro-kernel. `packedA` and `packedB` come from `packA`/`packB` with
        /// the same `kc` and `level.tile`. Edge tiles go through a scratch
        /// tile, so C is written only inside mc×nc, and the arithmetic is the
        /// same as for full tiles.
        static func macroKernel<T: KernelScalar>(
            mc: Int, nc: Int, kc: Int,
            packedA: UnsafePointer<T>, packedB: UnsafePointer<T>,
            c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool, level: Level
        ) {
            let mr = T.tile(level).mr
            if T.cMacroKernel(
                level, mc: mc, nc: nc, kc: kc, a: packedA, aRowStride: 1, aColStride: mr, aPanel: kc * mr,
                b: packedB, c: c, ldc: ldc, accumulate: accumulate)
            {
                return
            }
            baselineMacroKernel(
                mc: mc, nc: nc, kc: kc, packedA: packedA, packedB: packedB, c: c, ldc: ldc, accumulate: accumulate)
        }

        /// `macroKernel` on the Swift micro-kernel (`T.tile(.baseline)` panels).
        static func baselineMacroKernel<T: KernelScalar>(
            mc: Int, nc: Int, kc: Int,
            packedA: UnsafePointer<T>, packedB: UnsafePointer<T>,
            c: UnsafeMutablePointer<T>, ldc: Int, accumulate: Bool
        ) {
            let tile = T.tile(.baseline)
            let mr = tile.mr, nr = tile.nr
            let aPanel = kc * mr * tile.aDup, bPanel = kc * nr
            withUnsafeTemporaryAllocation(of: T.self, capacity: mr * nr) { scratch in
                guard let tileBuffer = scratch.baseAddress else { return }
                var j0 = 0
                var pb = packedB
                while j0 < nc {
                    let w = min(nr, nc - j0)
                    var i0 = 0
                    var pa = packedA
                    while i0 < mc {
                        let h = min(mr, mc - i0)
                        let target = c + i0 * ldc + j0
                        if h == mr && w == nr {
                            T.baselineMicroKernel(kc: kc, a: pa, b: pb, c: target, ldc: ldc, accumulate: accumulate)
                        } else {
                            T.baselineMicroKernel(kc: kc, a: pa, b: pb, c: tileBuffer, ldc: nr, accumulate: false)
                            for r in 0..<h {
                                let row = target + r * ldc
                                for col in 0..<w {
                                    let value = tileBuffer[r * nr + col]
                                    row[col] = accumulate ? row[col] + value : value
                                }
                            }
                        }
                        pa += aPanel
                        i0 += mr
                    }
                    pb += bPanel
                    j0 += nr
                }
            }
        }

        // MARK: Driver

        /// C[m×n] = A·B with A(i, p) = `a[i*rsa + p*csa]`, B(p, j) = `b[p*rsb + j*csb]`,
        /// C(i, j) = `c[i*ldc + j]`. Splits work across up to `workers` threads;
        /// `level` picks the micro-kernel (the public entry points pass
        /// `Level.current`, tests every available level).
        static func gemm<T: KernelScalar>(
            m: Int, n: Int, k: Int,
            a: UnsafePointer<T>, rsa: Int, csa: Int,
            b: UnsafePointer<T>, rsb: Int, csb: Int,
            c: UnsafeMutablePointer<T>, ldc: Int,
            workers: Int, level: Level
        ) {
            guard m > 0 && n > 0 else { return }
            guard k > 0 else {
                for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
                return
            }
            let tile = T.tile(level)
            if GemmDirect.gemmDirect(
                m: m, n: n, k: k, a: a, rsa: rsa, csa: csa, b: b, rsb: rsb, csb: csb, c: c, ldc: ldc,
                workers: workers)
            {
                return
            }
            let mr = tile.mr, nr = tile.nr
            let work = m.multipliedReportingOverflow(by: n).partialValue.multipliedReportingOverflow(by: k)
            let parallel = workers > 1 && (work.overflow || work.partialValue >= parallelThreshold)
            let threads = parallel ? workers : 1

            let kcMax = min(k, Self.kcMax)
            let ncMax = min(roundUp(n, nr), Self.ncMax)
            let packedB = allocate(kcMax * ncMax, of: T.self)
            defer { packedB.deallocate() }

            // Row blocks: about mcMax rows each, a multiple of mr.
            let rowBlocks = (m + mcMax - 1) / mcMax
            let mc = roundUp((m + rowBlocks - 1) / rowBlocks, mr)
            let rowBlockCount = (m + mc - 1) / mc

            let sharedA = SharedPointer(a), sharedB = SharedPointer(b)
            let sharedC = SharedPointer(c), sharedPack = SharedPointer(packedB)

            for jc in stride(from: 0, to: n, by: ncMax) {
                let nc = min(ncMax, n - jc)
                let panels = (nc + nr - 1) / nr
                // Column chunks give every thread work when there are few row blocks.
                let wanted = threads > 1 ? 3 * threads : 1
                let colChunks = max(1, min(panels / 8, (wanted + rowBlockCount - 1) / rowBlockCount))
                let panelsPerChunk = (panels + colChunks - 1) / colChunks
                for pc in stride(from: 0, to: k, by: kcMax) {
                    // Stop between blocks when interrupted: C is left partly
                    // written, and the caller's `Interrupt.check()` discards
                    // it (see `Interrupt`).
                    if Interrupt.isRequested { return }
                    let kc = min(kcMax, k - pc)
                    let accumulate = pc > 0
                    // Pack B[pc..<pc+kc, jc..<jc+nc], in parallel over groups of panels.
                    let packGroups = threads > 1 ? min(panels, 4 * threads) : 1
                    let panelsPerGroup = (panels + packGroups - 1) / packGroups
                    KernelThreads.forEach(packGroups, workers: threads) { g in
                        let first = g * panelsPerGroup
                        let last = min(panels, first + panelsPerGroup)
                        guard first < last else { return }
                        let col0 = first * nr
                        packB(
                            sharedB.readOnly + pc * rsb + (jc + col0) * csb, rowStride: rsb, colStride: csb,
                            rows: kc, cols: min(nc, last * nr) - col0, into: sharedPack.raw + first * kc * nr, nr: nr)
                    }
                    let tasks = rowBlockCount * colChunks
                    KernelThreads.forEach(tasks, workers: threads) { t in
                        if Interrupt.isRequested { return }
                        let rb = t / colChunks, chunk = t % colChunks
                        let i0 = rb * mc
                        let rows = min(mc, m - i0)
                        let firstPanel = chunk * panelsPerChunk
                        let lastPanel = min(panels, firstPanel + panelsPerChunk)
                        guard rows > 0 && firstPanel < lastPanel else { return }
                        let col0 = firstPanel * nr
                        let cols = min(nc, lastPanel * nr) - col0
                        let packedA = allocate(roundUp(rows, mr) * kc * tile.aDup, of: T.self)
                        defer { packedA.deallocate() }
                        packA(
                            sharedA.readOnly + i0 * rsa + pc * csa, rowStride: rsa, colStride: csa,
                            rows: rows, cols: kc, into: packedA, tile: tile)
                        macroKernel(
                            mc: rows, nc: cols, kc: kc, packedA: packedA,
                            packedB: sharedPack.readOnly + firstPanel * kc * nr,
                            c: sharedC.raw + i0 * ldc + jc + col0, ldc: ldc, accumulate: accumulate, level: level)
                    }
                }
            }
        }
    }
}
