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
// Every output row is produced by exactly one task with a fixed order of
// operations that depends only on the shapes, so results do not depend on the
// number of threads or on how heads are grouped.

extension Kernels {
    enum FlashAttention {
        static let defaultBlockQ = 72  // a multiple of every tile's mr (6, 12)
        static let defaultBlockK = 256  // a multiple of every tile's nr (4, 8, 16)
        /// Problems below this many multiply-adds run on the calling thread.
        static let parallelThreshold = 1 << 17

        /// One or more heads with the same shapes. Head h reads
        /// `q + h*qStride` (Lq×d), `k + h*kStride` (Lk×d), `v + h*vStride` (Lk×dv),
        /// `mask + h*maskStride` and `bias + h*biasStride` (Lq×Lk each) and
        /// writes `out + h*outStride` (Lq×dv).
        struct Problem: Sendable {
            var heads: Int
            var lq: Int, lk: Int, d: Int, dv: Int
            var scale: Double
            var causal: Bool
            var q: SharedPointer<Double>, qStride: Int
            var k: SharedPointer<Double>, kStride: Int
            var v: SharedPointer<Double>, vStride: Int
            var out: SharedPointer<Double>, outStride: Int
            var mask: SharedPointer<Double>?, maskStride: Int
            /// Added to the scaled scores (Lq×Lk per head, rows Lk apart); nil for none.
            var bias: SharedPointer<Double>? = nil, biasStride = 0
            /// Query and key block sizes: multiples of the level's `tile.mr`
            /// and `tile.nr` (`blockK` must be).
            /// They change the rounding (not the contract); tests shrink them
            /// to exercise several blocks with small inputs.
            var blockQ = FlashAttention.defaultBlockQ
            var blockK = FlashAttention.defaultBlockK
        }

        /// Runs every head of `p` with `level`'s kernels on up to `workers`
        /// threads (the public entry points pass `Level.current`).
        static func run(_ p: Problem, workers: Int, level: Level) throws(CoreError) {
            guard p.heads > 0 && p.lq > 0 && p.dv > 0 else { return }
            try Interrupt.check()
            if p.lk == 0 {
                // No keys: every query is fully masked.
                for h in 0..<p.heads { (p.out.raw + h * p.outStride).update(repeating: 0, count: p.lq * p.dv) }
                return
            }
            let nr = level.tile.nr
            let blockQ = p.blockQ, blockK = p.blockK
            let qBlocks = (p.lq + blockQ - 1) / blockQ
            let keyBlocks = (p.lk + blockK - 1) / blockK
            let kPackSize = roundUp(p.lk, nr) * p.d
            let vPackSize = p.lk * roundUp(p.dv, nr)

            let work = Double(p.heads) * Double(p.lq) * Double(p.lk) * Double(p.d + p.dv)
            let threads = workers > 1 && work >= Double(parallelThreshold) ? workers : 1

            // Heads are processed in groups whose K and V are packed together:
            // enough heads to keep every thread busy, and no more than needed,
            // so the packed copies stay small when Lq is large.
            let sharedKV = p.kStride == 0 && p.vStride == 0
            let groupSize: Int
            if sharedKV || threads == 1 {
                groupSize = sharedKV ? p.heads : 1
            } else {
                groupSize = min(p.heads, max(1, (4 * threads + qBlocks - 1) / qBlocks))
            }
            let packedHeads = sharedKV ? 1 : groupSize

            let kPack = allocateDoubles(packedHeads * kPackSize)
            let vPack = allocateDoubles(packedHeads * vPackSize)
            let vFinite = UnsafeMutablePointer<Bool>.allocate(capacity: packedHeads * keyBlocks)
            defer {
                kPack.deallocate()
                vPack.deallocate()
                vFinite.deallocate()
            }
            let sharedK = SharedPointer(kPack), sharedV = SharedPointer(vPack), sharedFinite = SharedPointer(vFinite)
            let stop = StopFlag()

            for g0 in stride(from: 0, to: p.heads, by: groupSize) {
                try Interrupt.check()
                let heads = min(groupSize, p.heads - g0)
                if !sharedKV || g0 == 0 {
                    KernelThreads.forEach(packedHeads == 1 ? keyBlocks : heads * keyBlocks, workers: threads) { t in
                        let slot = t / keyBlocks, kb = t % keyBlocks
                        let h = g0 + slot
                        let j0 = kb * blockK, nk = min(blockK, p.lk - j0)
                        let dvPad = roundUp(p.dv, nr)
                        GemmEngine.packB(
                            p.k.readOnly + h * p.kStride + j0 * p.d, rowStride: 1, colStride: p.d,
                            rows: p.d, cols: nk, into: sharedK.raw + slot * kPackSize + j0 * p.d, nr: nr)
                        let vSource = p.v.readOnly + h * p.vStride + j0 * p.dv
                        GemmEngine.packB(
                            vSource, rowStride: p.dv, colStride: 1,
                            rows: nk, cols: p.dv, into: sharedV.raw + slot * vPackSize + j0 * dvPad, nr: nr)
                        sharedFinite.raw[slot * keyBlocks + kb] = allFinite(vSource, count: nk * p.dv)
                    }
                }
                KernelThreads.forEach(heads * qBlocks, workers: threads) { t in
                    if stop.isSet { return }
                    let slot = t / qBlocks
                    // Under a causal mask later query blocks see more keys: start them first.
                    let qb = p.causal ? qBlocks - 1 - t % qBlocks : t % qBlocks
                    let packSlot = sharedKV ? 0 : slot
                    let finished = queryBlock(
                        p, head: g0 + slot, block: qb,
                        kPack: sharedK.readOnly + packSlot * kPackSize,
                        vPack: sharedV.readOnly + packSlot * vPackSize,
                        vFinite: sharedFinite.readOnly + packSlot * keyBlocks, level: level)
                    if !finished { stop.set() }
                }
                if stop.isSet { throw CoreError.interrupted }
            }
        }

        /// Whether `count` values starting at `x` are all finite.
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

        /// Computes output rows [qb·blockQ, …) of one head. Returns false when it
        /// stopped early because an interrupt was requested.
        static func queryBlock(
            _ p: Problem, head h: Int, block qb: Int,
            kPack: UnsafePointer<Double>, vPack: UnsafePointer<Double>, vFinite: UnsafePointer<Bool>,
            level: Level
        ) -> Bool {
            let tile = level.tile
            let mr = tile.mr, nr = tile.nr
            let blockQ = p.blockQ, blockK = p.blockK
            let d = p.d, dv = p.dv, lk = p.lk
            let i0 = qb * blockQ
            let bq = min(blockQ, p.lq - i0)
            let bqPad = roundUp(bq, mr)
            let dvPad = roundUp(dv, nr)
            let keyBlocks = (lk + blockK - 1) / blockK
            // Causal: the block's last query is i0+bq-1, so later key blocks are fully masked.
            let kbEnd = p.causal ? min(keyBlocks, (i0 + bq - 1) / blockK + 1) : keyBlocks
            // Rows of S (and of P, which replaces S in place) are `lds` apart:
            // padded so that the rows a micro-kernel reads together do not
            // fall into the same few L1 sets.
            let lds = blockK + 8

            let qPackSize = bqPad * d * tile.aDup
            let sSize = bqPad * lds
            let pPackSize = level == .baseline ? bqPad * blockK * tile.aDup : 0
            let accSize = bqPad * dvPad
            let scratch = allocateDoubles(qPackSize + sSize + pPackSize + accSize + 2 * bq)
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
            let vHead = p.v.readOnly + h * p.vStride

            for kb in 0..<kbEnd {
                if Interrupt.isRequested { return false }
                let j0 = kb * blockK
                let nk = min(blockK, lk - j0)
                // The mask and bias come from Lq×Lk matrices that are read
                // once, row segments 8·Lk bytes apart that the hardware
                // prefetcher does not foresee: ask for the next key block's
                // rows now (and the first block's, which nothing asked for),
                // so that loading them overlaps this block's work.
                if maskBase != nil || biasBase != nil {
                    if kb == 0 { prefetchScoreOperands(maskBase, biasBase, rows: bq, from: j0, blockK: blockK, lk: lk) }
                    if kb + 1 < kbEnd {
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
                    mask: maskBase.map { $0 + j0 }, bias: biasBase.map { $0 + j0 },
                    rowMax: rowMax, rowSum: rowSum, acc: acc, ldacc: dvPad, level: level)
                guard anyActive else { continue }
                if vFinite[kb] {
                    // acc += P · V_blk.
                    #if arch(x86_64)
                    switch level {
                    case .avx512:
                        attn_gemm_avx512(bqPad, dvPad, nk, s, lds, 1, mr * lds, vPack + j0 * dvPad, acc, dvPad, 1)
                        continue
                    case .avx2:
                        attn_gemm_avx2(bqPad, dvPad, nk, s, lds, 1, mr * lds, vPack + j0 * dvPad, acc, dvPad, 1)
                        continue
                    case .baseline:
                        break
                    }
                    #endif
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
            return true
        }

        /// Prefetches the mask and bias rows of the key block that starts at
        /// key `j0` (see `attn_prefetch_rows`).
        @inline(__always)
        static func prefetchScoreOperands(
            _ mask: UnsafePointer<Double>?, _ bias: UnsafePointer<Double>?, rows: Int, from j0: Int, blockK: Int, lk: Int
        ) {
            let count = min(blockK, lk - j0)
            if let mask { attn_prefetch_rows(mask + j0, rows, count, lk) }
            if let bias { attn_prefetch_rows(bias + j0, rows, count, lk) }
        }

        /// One key block of the online softmax for rows 0..<rows of the query
        /// block: S (raw dot products, rows `lds` apart) becomes the weights
        /// exp(score − m) against each row's new running maximum m, and
        /// `rowMax`, `rowSum` and the rows of `acc` are updated (rescaled when
        /// m grows). `mask` and `bias`, when given, point at the block's first
        /// key in the query block's first row of each (rows are `lk` apart).
        /// Returns whether any row has a maximum above −inf (so P·V must be
        /// added).
        static func softmaxStep(
            _ p: Problem, rows bq: Int, firstQuery i0: Int, firstKey j0: Int, keys nk: Int,
            s: UnsafeMutablePointer<Double>, lds: Int, mask: UnsafePointer<Double>?, bias: UnsafePointer<Double>?,
            rowMax: UnsafeMutablePointer<Double>, rowSum: UnsafeMutablePointer<Double>,
            acc: UnsafeMutablePointer<Double>, ldacc: Int, level: Level
        ) -> Bool {
            // Row r may see keys j < allowed0 + r·step of this block (causal), or all.
            let allowed0 = p.causal ? i0 - j0 + 1 : nk
            let step = p.causal ? 1 : 0
            #if arch(x86_64)
            switch level {
            case .avx512:
                return attn_softmax_block_avx512(
                    bq, nk, s, lds, p.scale, allowed0, step, mask, p.lk, bias, p.lk,
                    rowMax, rowSum, acc, ldacc, p.dv) != 0
            case .avx2:
                return attn_softmax_block_avx2(
                    bq, nk, s, lds, p.scale, allowed0, step, mask, p.lk, bias, p.lk,
                    rowMax, rowSum, acc, ldacc, p.dv) != 0
            case .baseline:
                break
            }
            #endif
            var anyActive = false
            for r in 0..<bq {
                let row = s + r * lds
                let limit = min(nk, allowed0 + r * step)
                let (blockMax, sawNaN) = scoreRow(
                    row, count: nk, allowed: max(0, limit), mask: mask.map { $0 + r * p.lk },
                    bias: bias.map { $0 + r * p.lk }, scale: p.scale)
                let mOld = rowMax[r]
                // A NaN score (allowed key) makes the whole row NaN.
                let mNew = sawNaN ? .nan : (blockMax > mOld ? blockMax : mOld)
                if mNew == -.infinity {
                    // Nothing allowed so far: these weights are all zero.
                    row.update(repeating: 0, count: nk)
                    continue
                }
                anyActive = true
                let blockSum = VectorExp.expShifted(row, count: nk, minus: mNew)
                let alpha = Foundation.exp(mOld - mNew)  // 0 when mOld = -inf, 1 when unchanged
                rowSum[r] = rowSum[r] * alpha + blockSum
                rowMax[r] = mNew
                if alpha != 1 {
                    let a = acc + r * ldacc
                    for c in 0..<p.dv { a[c] *= alpha }
                }
            }
            return anyActive
        }

        /// Turns raw dot products into scores in place: row[j] = scale·row[j]
        /// (+ bias[j], multiply then add) for allowed keys (j < `allowed` and
        /// mask[j] ≠ 0), -inf otherwise. Returns the largest score (NaN
        /// ignored) and whether any allowed score was NaN.
        @inline(__always)
        static func scoreRow(
            _ row: UnsafeMutablePointer<Double>, count: Int, allowed: Int,
            mask: UnsafePointer<Double>?, bias: UnsafePointer<Double>?, scale: Double
        ) -> (Double, Bool) {
            typealias V = SIMD8<Double>
            var best = V(repeating: -.infinity)
            var nan = SIMDMask<SIMD8<Int64>>(repeating: false)
            // Lane indices as doubles: baseline x86-64 has no 64-bit integer compare.
            let lanes = V(0, 1, 2, 3, 4, 5, 6, 7)
            let limit = Double(allowed)
            var j = 0
            while j + 8 <= count {
                var sv = load8(row + j) * scale
                if let bias { sv += load8(bias + j) }
                if j + 8 > allowed || mask != nil {
                    var ok = (lanes + Double(j)) .< limit
                    if let mask { ok = ok .& (load8(mask + j) .!= 0) }
                    sv = sv.replacing(with: -.infinity, where: .!ok)
                }
                nan = nan .| (sv .!= sv)
                best = best.replacing(with: sv, where: sv .> best)
                store8(row + j, sv)
                j += 8
            }
            var bestScalar = best.max()
            var sawNaN = any(nan)
            while j < count {
                var value = row[j] * scale
                if let bias { value += bias[j] }
                if j >= allowed || (mask.map { $0[j] == 0 } ?? false) { value = -.infinity }
                if value.isNaN { sawNaN = true }
                if value > bestScalar { bestScalar = value }
                row[j] = value
                j += 1
            }
            return (bestScalar, sawNaN)
        }
    }
}
