import CAttnKernels
import Foundation

// Fused scaled dot-product attention in the FlashAttention style.
//
// For one head, the queries are cut into blocks of `blockQ` rows and the keys
// into blocks of `blockK`. A task owns one (head, query block) pair and walks
// the key blocks in increasing order, keeping for each query row i
//   m_i  the largest score seen so far,
//   l_i  Σ exp(s_ij − m_i) over the keys seen so far,
//   acc_i Σ exp(s_ij − m_i) · V[j] over the keys seen so far,
// and rescaling l_i and acc_i by exp(m_old − m_new) whenever m_i grows.
// At the end O[i] = acc_i / l_i. Score blocks (blockQ × blockK) are computed
// with the GEMM micro-kernel against K packed once per head; P·V uses the
// same micro-kernel against V packed once per head. No Lq × Lk matrix exists.
//
// The level (see `Level`) picks the pieces of a key-block step:
// - baseline: Swift throughout: `scoreRow` and `VectorExp.expShifted` per
//   row, then P is packed (`packA`) for the Swift micro-kernel.
// - AVX2 / AVX-512: the C GEMM for S = Q·Kᵀ, the C online-softmax step for
//   all rows of the block (`attn_softmax_block_*`: scale, bias, mask, max,
//   exp, sums, rescale), and the C GEMM for acc += P·V reading P in place
//   (its row-major layout is a valid A operand there), so P is never packed.
//
// An additive bias (PyTorch's float attn_mask) is added where the scores are
// scaled, in the same pass over the score block: it costs one load per score
// and never a pass over an Lq × Lk matrix. A −inf bias is an excluded key
// like a masked one, so every rule about masked keys (zero weight, no 0·inf
// from V, zero output for a row with nothing allowed) applies to it as well.
//
// Positional options are one `KeyBand` (causal, sliding window: query i sees
// keys i + lower ... i + upper) and an optional ALiBi slope per head. A query
// block visits only the key blocks that some of its rows may see, so a
// sliding window of w keys costs O(Lq·(w + blockQ + blockK)) instead of
// O(Lq·Lk); inside a block each row's key range is two clamped numbers, and
// the ALiBi term −slope·|i + Lk − Lq − j| is added where the scores are
// scaled. Grouped-query attention shares K and V between `kvGroup`
// consecutive heads: they are packed once per key/value head, never per
// query head. The per-row log-sum-exp, when asked for, is m_i + log(l_i) at
// the end (−inf for a row with nothing allowed).
//
// Every output row is produced by exactly one task with a fixed order of
// operations that depends only on the shapes, so results do not depend on the
// number of threads or on how heads are grouped.
//
// The element type T (`KernelScalar`: float64 or float32) is the type of
// every operand and of every intermediate: scores, weights, m, l and acc are
// float32 for float32 attention, with the float32 GEMM tiles and exp.

extension Kernels {
    enum FlashAttention {
        static let defaultBlockQ = 72  // a multiple of every tile's mr (6, 12)
        static let defaultBlockK = 256  // a multiple of every tile's nr (4, 8, 16, 32)
        /// Key blocks for bands narrower than `narrowBand` keys (sliding
        /// windows): a query block's band then spans few keys, and smaller
        /// key blocks waste less on keys outside it (window 256 at
        /// L = 16,384: 15.5 ms instead of 17.9).
        static let narrowBlockK = 64  // a multiple of every tile's nr
        static let narrowBand = 1024

        /// The key block size the public entry points use for `band`.
        static func blockK(for band: KeyBand) -> Int {
            if let lower = band.lower, let upper = band.upper, upper - lower < narrowBand { return narrowBlockK }
            return defaultBlockK
        }

        /// Problems below this many multiply-adds run on the calling thread.
        static let parallelThreshold = 1 << 17

        /// One or more heads with the same shapes. Head h reads
        /// `q + h*qStride` (Lq×d), `k + (h/kvGroup)*kStride` (Lk×d),
        /// `v + (h/kvGroup)*vStride` (Lk×dv), `mask + h*maskStride` and
        /// `bias + h*biasStride` (Lq×Lk each) and writes `out + h*outStride`
        /// (Lq×dv) and, when asked, `lse + h*lseStride` (Lq).
        struct Problem<T: KernelScalar>: Sendable {
            var heads: Int
            var lq: Int, lk: Int, d: Int, dv: Int
            var scale: T
            /// Which keys each query may see by position (causal, window).
            var band: KeyBand
            var q: SharedPointer<T>, qStride: Int
            var k: SharedPointer<T>, kStride: Int
            var v: SharedPointer<T>, vStride: Int
            var out: SharedPointer<T>, outStride: Int
            var mask: SharedPointer<T>?, maskStride: Int
            /// Added to the scaled scores (Lq×Lk per head, rows Lk apart); nil for none.
            var bias: SharedPointer<T>? = nil, biasStride = 0
            /// ALiBi slopes: head h adds −alibiSlopes[h % count]·|i + Lk − Lq − j|
            /// to its scaled scores; empty for none.
            var alibiSlopes: [T] = []
            /// Consecutive heads that share one K and V (grouped-query
            /// attention); 1 when every head has its own.
            var kvGroup = 1
            /// Where each head's Lq log-sum-exps go (`lseStride` apart); nil: not wanted.
            var lse: SharedPointer<T>? = nil, lseStride = 0
            /// Query and key block sizes: multiples of the level's `tile.mr`
            /// and `tile.nr` (`blockK` must be).
            /// They change the rounding (not the contract); tests shrink them
            /// to exercise several blocks with small inputs.
            var blockQ = FlashAttention.defaultBlockQ
            var blockK = FlashAttention.defaultBlockK

            /// The ALiBi slope of head h; 0 (no term) without ALiBi.
            func alibiSlope(head h: Int) -> T {
                alibiSlopes.isEmpty ? 0 : alibiSlopes[h % alibiSlopes.count]
            }
        }

        /// Runs every head of `p` with `level`'s kernels on up to `workers`
        /// threads (the public entry points pass `Level.current`). With
        /// dv = 0 only the log-sum-exps are computed (P·V is skipped).
        static func run<T: KernelScalar>(_ p: Problem<T>, workers: Int, level: Level) throws(CoreError) {
            guard p.heads > 0 && p.lq > 0 && (p.dv > 0 || p.lse != nil) else { return }
            try Interrupt.check()
            if p.lk == 0 {
                // No keys: every query is fully masked.
                for h in 0..<p.heads {
                    (p.out.raw + h * p.outStride).update(repeating: 0, count: p.lq * p.dv)
                    p.lse.map { ($0.raw + h * p.lseStride).update(repeating: -.infinity, count: p.lq) }
                }
                return
            }
            let nr = T.tile(level).nr
            let blockQ = p.blockQ, blockK = p.blockK
            let qBlocks = (p.lq + blockQ - 1) / blockQ
            let keyBlocks = (p.lk + blockK - 1) / blockK
            let kPackSize = roundUp(p.lk, nr) * p.d
            let vPackSize = p.lk * roundUp(p.dv, nr)

            let work = Double(p.heads) * Double(p.lq) * Double(p.lk) * Double(p.d + p.dv)
            let threads = workers > 1 && work >= Double(parallelThreshold) ? workers : 1

            // Heads are processed in chunks whose K and V are packed together:
            // enough heads to keep every thread busy, and no more than needed,
            // so the packed copies stay small when Lq is large. A chunk holds
            // whole groups of heads that share a key/value head, which is
            // packed once for its group.
            let sharedKV = p.kStride == 0 && p.vStride == 0
            let group = max(1, p.kvGroup)
            let kvHeads = (p.heads + group - 1) / group
            let wanted = threads == 1 ? 1 : min(p.heads, max(1, (4 * threads + qBlocks - 1) / qBlocks))
            let kvPerChunk = sharedKV ? 1 : min(kvHeads, (wanted + group - 1) / group)
            let chunk = sharedKV ? p.heads : kvPerChunk * group

            let kPack = allocate(kvPerChunk * kPackSize, of: T.self)
            let vPack = allocate(kvPerChunk * vPackSize, of: T.self)
            let vFinite = UnsafeMutablePointer<Bool>.allocate(capacity: kvPerChunk * keyBlocks)
            defer {
                kPack.deallocate()
                vPack.deallocate()
                vFinite.deallocate()
            }
            let sharedK = SharedPointer(kPack), sharedV = SharedPointer(vPack), sharedFinite = SharedPointer(vFinite)
            let stop = StopFlag()
            // Under a causal mask later query blocks see more keys: start them first.
            let growing = p.band.upper != nil && p.band.lower == nil

            for h0 in stride(from: 0, to: p.heads, by: chunk) {
                try Interrupt.check()
                let heads = min(chunk, p.heads - h0)
                let kv0 = sharedKV ? 0 : h0 / group
                let kvCount = sharedKV ? 1 : (heads + group - 1) / group
                if !sharedKV || h0 == 0 {
                    KernelThreads.forEach(kvCount * keyBlocks, workers: threads) { t in
                        let slot = t / keyBlocks, kb = t % keyBlocks
                        let c = kv0 + slot
                        let j0 = kb * blockK, nk = min(blockK, p.lk - j0)
                        GemmEngine.packB(
                            p.k.readOnly + c * p.kStride + j0 * p.d, rowStride: 1, colStride: p.d,
                            rows: p.d, cols: nk, into: sharedK.raw + slot * kPackSize + j0 * p.d, nr: nr)
                        guard p.dv > 0 else { return }
                        let vSource = p.v.readOnly + c * p.vStride + j0 * p.dv
                        GemmEngine.packB(
                            vSource, rowStride: p.dv, colStride: 1,
                            rows: nk, cols: p.dv, into: sharedV.raw + slot * vPackSize + j0 * roundUp(p.dv, nr), nr: nr)
                        sharedFinite.raw[slot * keyBlocks + kb] = T.allFinite(vSource, count: nk * p.dv)
                    }
                }
                KernelThreads.forEach(heads * qBlocks, workers: threads) { t in
                    if stop.isSet { return }
                    let h = h0 + t / qBlocks
                    let qb = growing ? qBlocks - 1 - t % qBlocks : t % qBlocks
                    let packSlot = sharedKV ? 0 : h / group - kv0
                    let finished = queryBlock(
                        p, head: h, block: qb,
                        kPack: sharedK.readOnly + packSlot * kPackSize,
                        vPack: sharedV.readOnly + packSlot * vPackSize,
                        vFinite: sharedFinite.readOnly + packSlot * keyBlocks, level: level)
                    if !finished { stop.set() }
                }
                if stop.isSet { throw CoreError.interrupted }
            }
        }

        /// Whether `count` values starting at `x` are all finite (float64;
        /// `Float.allFinite` for float32).
        static func allFinite(_ x: UnsafePointer<Double>, count: Int) -> Bool {
            // x·0 is ±0 for finite x and NaN for ±inf and NaN.
            var probe = SIMD8<Double>(repeating: 0)
            var i = 0
            while i + 8 <= count {
                probe += load8(x + i) * 0
                i += 8
            }
            var tail = 0.0
            while i < count {
                tail += x[i] * 0
                i += 1
            }
            return probe.sum() == 0 && tail == 0
        }

        /// The key blocks rows i0 ..< i0 + rows may see under the band:
        /// from the first row's first key to the last row's last key.
        static func keyBlocks<T>(_ p: Problem<T>, firstQuery i0: Int, rows: Int) -> Range<Int> {
            let first = p.band.keys(query: i0, keyCount: p.lk)
            let last = p.band.keys(query: i0 + rows - 1, keyCount: p.lk)
            // Both ends of the band grow with i, so the rows between see keys
            // within first.lowerBound ..< last.upperBound.
            let start = first.lowerBound, end = last.upperBound
            if let lower = p.band.lower, let upper = p.band.upper, lower > upper { return 0..<0 }
            guard start < end else { return 0..<0 }
            return (start / p.blockK)..<((end + p.blockK - 1) / p.blockK)
        }

        /// Computes output rows [qb·blockQ, …) of one head. Returns false when it
        /// stopped early because an interrupt was requested.
        static func queryBlock<T: KernelScalar>(
            _ p: Problem<T>, head h: Int, block qb: Int,
            kPack: UnsafePointer<T>, vPack: UnsafePointer<T>, vFinite: UnsafePointer<Bool>,
            level: Level
        ) -> Bool {
            let tile = T.tile(level)
            let mr = tile.mr, nr = tile.nr
            let blockQ = p.blockQ, blockK = p.blockK
            let d = p.d, dv = p.dv, lk = p.lk
            let i0 = qb * blockQ
            let bq = min(blockQ, p.lq - i0)
            let bqPad = roundUp(bq, mr)
            let dvPad = roundUp(dv, nr)
            let blocks = keyBlocks(p, firstQuery: i0, rows: bq)
            // Rows of S (and of P, which replaces S in place) are `lds` apart:
            // padded so that the rows a micro-kernel reads together do not
            // fall into the same few L1 sets.
            let lds = blockK + 8

            let qPackSize = bqPad * d * tile.aDup
            let sSize = bqPad * lds
            let pPackSize = level == .baseline ? bqPad * blockK * tile.aDup : 0
            let accSize = bqPad * dvPad
            let scratch = allocate(qPackSize + sSize + pPackSize + accSize + 2 * bq, of: T.self)
            defer { scratch.deallocate() }
            let qPack = scratch
            let s = qPack + qPackSize
            let pPack = s + sSize
            let acc = pPack + pPackSize
            let rowMax = acc + accSize
            let rowSum = rowMax + bq

            GemmEngine.packA(
                p.q.readOnly + h * p.qStride + i0 * d, rowStride: d, colStride: 1,
                rows: bq, cols: d, into: qPack, tile: tile)
            acc.update(repeating: 0, count: accSize)
            rowMax.update(repeating: -.infinity, count: bq)
            rowSum.update(repeating: 0, count: bq)
            let maskBase = p.mask.map { $0.readOnly + h * p.maskStride + i0 * lk }
            let biasBase = p.bias.map { $0.readOnly + h * p.biasStride + i0 * lk }
            let vHead = p.v.readOnly + (h / max(1, p.kvGroup)) * p.vStride
            let slope = p.alibiSlope(head: h)

            for kb in blocks {
                if Interrupt.isRequested { return false }
                let j0 = kb * blockK
                let nk = min(blockK, lk - j0)
                // The mask and bias come from Lq×Lk matrices that are read
                // once, row segments 8·Lk bytes apart that the hardware
                // prefetcher does not foresee: ask for the next key block's
                // rows now (and the first block's, which nothing asked for),
                // so that loading them overlaps this block's work.
                if maskBase != nil || biasBase != nil {
                    if kb == blocks.lowerBound {
                        prefetchScoreOperands(maskBase, biasBase, rows: bq, from: j0, blockK: blockK, lk: lk)
                    }
                    if kb + 1 < blocks.upperBound {
                        prefetchScoreOperands(maskBase, biasBase, rows: bq, from: j0 + blockK, blockK: blockK, lk: lk)
                    }
                }
                // S = Q_blk · K_blkᵀ (unscaled).
                GemmEngine.macroKernel(
                    mc: bqPad, nc: roundUp(nk, nr), kc: d, packedA: qPack, packedB: kPack + j0 * d,
                    c: s, ldc: lds, accumulate: false, level: level)
                // S becomes P: weights relative to each row's running maximum.
                let anyActive = softmaxStep(
                    p, rows: bq, firstQuery: i0, firstKey: j0, keys: nk, s: s, lds: lds,
                    mask: maskBase.map { $0 + j0 }, bias: biasBase.map { $0 + j0 }, alibiSlope: slope,
                    rowMax: rowMax, rowSum: rowSum, acc: acc, ldacc: dvPad, level: level)
                guard anyActive && dv > 0 else { continue }
                if vFinite[kb] {
                    // acc += P · V_blk.
                    if T.cMacroKernel(
                        level, mc: bqPad, nc: dvPad, kc: nk, a: s, aRowStride: lds, aColStride: 1, aPanel: mr * lds,
                        b: vPack + j0 * dvPad, c: acc, ldc: dvPad, accumulate: true)
                    {
                        continue
                    }
                    GemmEngine.packA(s, rowStride: lds, colStride: 1, rows: bq, cols: nk, into: pPack, tile: tile)
                    GemmEngine.macroKernel(
                        mc: bqPad, nc: dvPad, kc: nk, packedA: pPack, packedB: vPack + j0 * dvPad,
                        c: acc, ldc: dvPad, accumulate: true, level: level)
                } else {
                    // V has inf or NaN in this block: keys with weight exactly
                    // zero (masked, or exp underflow) must not contribute 0·inf.
                    for r in 0..<bq {
                        let a = acc + r * dvPad
                        let row = s + r * lds
                        for j in 0..<nk {
                            let w = row[j]
                            if w == 0 { continue }
                            let vRow = vHead + (j0 + j) * dv
                            for c in 0..<dv { a[c] += w * vRow[c] }
                        }
                    }
                }
            }

            let out = p.out.raw + h * p.outStride + i0 * dv
            for r in 0..<bq {
                let o = out + r * dv
                if rowMax[r] == -.infinity {
                    o.update(repeating: 0, count: dv)
                } else {
                    let a = acc + r * dvPad
                    let total = rowSum[r]
                    for c in 0..<dv { o[c] = a[c] / total }
                }
            }
            if let lse = p.lse {
                // log Σ exp(s − m) + m; −inf when nothing was allowed, NaN
                // when a score was NaN or +inf (then m or the sum is NaN).
                let l = lse.raw + h * p.lseStride + i0
                for r in 0..<bq {
                    l[r] = rowMax[r] == -.infinity ? -.infinity : rowMax[r] + T.log(rowSum[r])
                }
            }
            return true
        }

        /// Prefetches the mask and bias rows of the key block that starts at
        /// key `j0` (see `attn_prefetch_rows`).
        @inline(__always)
        static func prefetchScoreOperands<T: KernelScalar>(
            _ mask: UnsafePointer<T>?, _ bias: UnsafePointer<T>?, rows: Int, from j0: Int, blockK: Int, lk: Int
        ) {
            let count = min(blockK, lk - j0)
            if let mask { T.prefetchRows(mask + j0, rows: rows, cols: count, ld: lk) }
            if let bias { T.prefetchRows(bias + j0, rows: rows, cols: count, ld: lk) }
        }
    }
}
