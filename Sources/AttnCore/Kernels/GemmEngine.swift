// Cache-blocked, packed GEMM in the GotoBLAS/BLIS style.
//
// C (m×n) = A (m×k) · B (k×n) with arbitrary element strides for A and B.
// Loops, outermost first: column blocks of C (nc), depth blocks (kc), row
// blocks (mc, run in parallel together with column chunks), micro-panels of
// B (nr columns, kept in L1), micro-panels of A (mr rows, streamed from L2),
// and the register-tiled micro-kernel.
//
// Determinism: every element of C is summed as
//     ((acc(block 0) + acc(block 1)) + acc(block 2)) + …
// where acc(block) runs over the block's depth indices in increasing order,
// starting from zero. The depth blocking depends only on k, so the result
// does not depend on how rows and columns are split between workers, nor on
// the number of workers.

extension Kernels {
    enum GemmEngine {
        static let kcMax = 256
        static let mcMax = 132  // a multiple of Tile.mr
        static let ncMax = 2048  // a multiple of Tile.nr
        /// Products below this many multiply-adds run on the calling thread.
        static let parallelThreshold = 1 << 20

        // MARK: Packing

        /// Packs rows×cols of A (element (i, p) at `src[i*rs + p*cs]`) into
        /// micro-panels of `Tile.mr` rows: panel-major, then depth, then row,
        /// each element repeated `Tile.aDup` times. Rows past `rows` are zero.
        static func packA(
            _ src: UnsafePointer<Double>, rowStride rs: Int, colStride cs: Int,
            rows: Int, cols: Int, into dst: UnsafeMutablePointer<Double>
        ) {
            let mr = Tile.mr, dup = Tile.aDup
            var panel = dst
            var i0 = 0
            while i0 < rows {
                let h = min(mr, rows - i0)
                let base = src + i0 * rs
                if h == mr && cs == 1 {
                    let r0 = base, r1 = base + rs, r2 = base + 2 * rs
                    let r3 = base + 3 * rs, r4 = base + 4 * rs, r5 = base + 5 * rs
                    var d = panel
                    for p in 0..<cols {
                        if dup == 2 {
                            store2(d, SIMD2(repeating: r0[p]))
                            store2(d + 2, SIMD2(repeating: r1[p]))
                            store2(d + 4, SIMD2(repeating: r2[p]))
                            store2(d + 6, SIMD2(repeating: r3[p]))
                            store2(d + 8, SIMD2(repeating: r4[p]))
                            store2(d + 10, SIMD2(repeating: r5[p]))
                        } else {
                            d[0] = r0[p]; d[1] = r1[p]; d[2] = r2[p]
                            d[3] = r3[p]; d[4] = r4[p]; d[5] = r5[p]
                        }
                        d += mr * dup
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
        /// micro-panels of `Tile.nr` columns: panel-major, then depth, then
        /// column. Columns past `cols` are zero.
        static func packB(
            _ src: UnsafePointer<Double>, rowStride rs: Int, colStride cs: Int,
            rows: Int, cols: Int, into dst: UnsafeMutablePointer<Double>
        ) {
            let nr = Tile.nr
            var panel = dst
            var j0 = 0
            while j0 < cols {
                let w = min(nr, cols - j0)
                let base = src + j0 * cs
                if w == nr && cs == 1 {
                    var s = base, d = panel
                    for _ in 0..<rows {
                        if nr == 16 {
                            store8(d, load8(s))
                            store8(d + 8, load8(s + 8))
                        } else if nr == 8 {
                            store8(d, load8(s))
                        } else {
                            store4(d, load4(s))
                        }
                        s += rs
                        d += nr
                    }
                } else if w == nr && rs == 1 {
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

        #if ATTN_AVX512
        /// C[6×16] (+)= Apanel · Bpanel over `kc` depth steps, with fused multiply-add.
        @inline(never)
        static func microKernel(
            kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
            c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
        ) {
            typealias V = SIMD8<Double>
            var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
            var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
            var pa = a, pb = b
            for _ in 0..<kc {
                let b0 = load8(pb), b1 = load8(pb + 8)
                var t = V(repeating: pa[0])
                c00 = c00.addingProduct(t, b0); c01 = c01.addingProduct(t, b1)
                t = V(repeating: pa[1])
                c10 = c10.addingProduct(t, b0); c11 = c11.addingProduct(t, b1)
                t = V(repeating: pa[2])
                c20 = c20.addingProduct(t, b0); c21 = c21.addingProduct(t, b1)
                t = V(repeating: pa[3])
                c30 = c30.addingProduct(t, b0); c31 = c31.addingProduct(t, b1)
                t = V(repeating: pa[4])
                c40 = c40.addingProduct(t, b0); c41 = c41.addingProduct(t, b1)
                t = V(repeating: pa[5])
                c50 = c50.addingProduct(t, b0); c51 = c51.addingProduct(t, b1)
                pa += 6
                pb += 16
            }
            @inline(__always)
            func put(_ row: UnsafeMutablePointer<Double>, _ lo: V, _ hi: V) {
                if accumulate {
                    store8(row, load8(row) + lo)
                    store8(row + 8, load8(row + 8) + hi)
                } else {
                    store8(row, lo)
                    store8(row + 8, hi)
                }
            }
            put(c, c00, c01); put(c + ldc, c10, c11); put(c + 2 * ldc, c20, c21)
            put(c + 3 * ldc, c30, c31); put(c + 4 * ldc, c40, c41); put(c + 5 * ldc, c50, c51)
        }
        #elseif ATTN_FMA
        /// C[6×8] (+)= Apanel · Bpanel over `kc` depth steps, with fused multiply-add.
        @inline(never)
        static func microKernel(
            kc: Int, a: UnsafePointer<Double>, b: UnsafePointer<Double>,
            c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
        ) {
            typealias V = SIMD8<Double>
            var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
            var pa = a, pb = b
            for _ in 0..<kc {
                let bv = load8(pb)
                c0 = c0.addingProduct(V(repeating: pa[0]), bv)
                c1 = c1.addingProduct(V(repeating: pa[1]), bv)
                c2 = c2.addingProduct(V(repeating: pa[2]), bv)
                c3 = c3.addingProduct(V(repeating: pa[3]), bv)
                c4 = c4.addingProduct(V(repeating: pa[4]), bv)
                c5 = c5.addingProduct(V(repeating: pa[5]), bv)
                pa += 6
                pb += 8
            }
            let r0 = c, r1 = c + ldc, r2 = c + 2 * ldc, r3 = c + 3 * ldc, r4 = c + 4 * ldc, r5 = c + 5 * ldc
            if accumulate {
                store8(r0, load8(r0) + c0); store8(r1, load8(r1) + c1); store8(r2, load8(r2) + c2)
                store8(r3, load8(r3) + c3); store8(r4, load8(r4) + c4); store8(r5, load8(r5) + c5)
            } else {
                store8(r0, c0); store8(r1, c1); store8(r2, c2)
                store8(r3, c3); store8(r4, c4); store8(r5, c5)
            }
        }
        #else
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
        #endif

        // MARK: Macro-kernel

        /// C[mc×nc] (+)= packedA[mc×kc] · packedB[kc×nc]. `packedA` and
        /// `packedB` come from `packA`/`packB` with the same `kc`. Edge tiles go
        /// through a scratch tile, so C is written only inside mc×nc, and the
        /// arithmetic is the same as for full tiles.
        static func macroKernel(
            mc: Int, nc: Int, kc: Int,
            packedA: UnsafePointer<Double>, packedB: UnsafePointer<Double>,
            c: UnsafeMutablePointer<Double>, ldc: Int, accumulate: Bool
        ) {
            let mr = Tile.mr, nr = Tile.nr
            let aPanel = kc * mr * Tile.aDup, bPanel = kc * nr
            withUnsafeTemporaryAllocation(of: Double.self, capacity: mr * nr) { scratch in
                guard let tile = scratch.baseAddress else { return }
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
                            microKernel(kc: kc, a: pa, b: pb, c: target, ldc: ldc, accumulate: accumulate)
                        } else {
                            microKernel(kc: kc, a: pa, b: pb, c: tile, ldc: nr, accumulate: false)
                            for r in 0..<h {
                                let row = target + r * ldc
                                for col in 0..<w {
                                    row[col] = accumulate ? row[col] + tile[r * nr + col] : tile[r * nr + col]
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
        /// C(i, j) = `c[i*ldc + j]`. Splits work across up to `workers` threads.
        static func gemm(
            m: Int, n: Int, k: Int,
            a: UnsafePointer<Double>, rsa: Int, csa: Int,
            b: UnsafePointer<Double>, rsb: Int, csb: Int,
            c: UnsafeMutablePointer<Double>, ldc: Int,
            workers: Int
        ) {
            guard m > 0 && n > 0 else { return }
            guard k > 0 else {
                for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
                return
            }
            if GemmDirect.gemmDirect(
                m: m, n: n, k: k, a: a, rsa: rsa, csa: csa, b: b, rsb: rsb, csb: csb, c: c, ldc: ldc,
                workers: workers)
            {
                return
            }
            let mr = Tile.mr, nr = Tile.nr
            let work = m.multipliedReportingOverflow(by: n).partialValue.multipliedReportingOverflow(by: k)
            let parallel = workers > 1 && (work.overflow || work.partialValue >= parallelThreshold)
            let threads = parallel ? workers : 1

            let kcMax = min(k, Self.kcMax)
            let ncMax = min(roundUp(n, nr), Self.ncMax)
            let packedB = allocateDoubles(kcMax * ncMax)
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
                            rows: kc, cols: min(nc, last * nr) - col0, into: sharedPack.raw + first * kc * nr)
                    }
                    let tasks = rowBlockCount * colChunks
                    KernelThreads.forEach(tasks, workers: threads) { t in
                        let rb = t / colChunks, chunk = t % colChunks
                        let i0 = rb * mc
                        let rows = min(mc, m - i0)
                        let firstPanel = chunk * panelsPerChunk
                        let lastPanel = min(panels, firstPanel + panelsPerChunk)
                        guard rows > 0 && firstPanel < lastPanel else { return }
                        let col0 = firstPanel * nr
                        let cols = min(nc, lastPanel * nr) - col0
                        let packedA = allocateDoubles(roundUp(rows, mr) * kc * Tile.aDup)
                        defer { packedA.deallocate() }
                        packA(
                            sharedA.readOnly + i0 * rsa + pc * csa, rowStride: rsa, colStride: csa,
                            rows: rows, cols: kc, into: packedA)
                        macroKernel(
                            mc: rows, nc: cols, kc: kc, packedA: packedA,
                            packedB: sharedPack.readOnly + firstPanel * kc * nr,
                            c: sharedC.raw + i0 * ldc + jc + col0, ldc: ldc, accumulate: accumulate)
                    }
                }
            }
        }
    }
}
