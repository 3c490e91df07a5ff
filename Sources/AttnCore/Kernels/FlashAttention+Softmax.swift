import CAttnKernels
import Foundation

// One key block of the online softmax of fused attention: raw dot products
// become scores (scale, bias, ALiBi, the band and the mask), then weights
// against each row's running maximum, with the running sums and the
// accumulator rescaled. AVX2 and AVX-512 run `attn_softmax_block_*` (C);
// the baseline level runs `scoreRow` and `VectorExp.expShifted` (Swift).
// Both read the band of a block the same way: row r of the block may see
// keys lo0 + r·step ..< hi0 + r·step, clamped to the block (`BlockBand`).

extension Kernels.FlashAttention {
    /// The band of one (query block, key block) pair in the block's own
    /// coordinates: row r may see keys `lo0 + r·step ..< hi0 + r·step`,
    /// clamped to 0..<nk. `step` is 0 without a band (every row sees
    /// 0..<nk) and 1 with one; an unlimited side is a start that stays ≤ 0
    /// or an end that stays ≥ nk for every row.
    struct BlockBand {
        let lo0: Int, hi0: Int, step: Int

        init(_ band: KeyBand, firstQuery i0: Int, rows: Int, firstKey j0: Int, keys nk: Int) {
            if band.isUnlimited {
                (lo0, hi0, step) = (0, nk, 0)
            } else {
                lo0 = band.lower.map { i0 + $0 - j0 } ?? -(rows + 1)
                hi0 = band.upper.map { i0 + $0 + 1 - j0 } ?? nk
                step = 1
            }
        }

        /// The keys row r may see, within 0..<nk (empty when none).
        @inline(__always)
        func keys(row r: Int, keys nk: Int) -> Range<Int> {
            let lo = min(max(lo0 + r * step, 0), nk)
            let hi = min(max(hi0 + r * step, 0), nk)
            return lo..<max(lo, hi)
        }
    }

    /// One key block of the online softmax for rows 0..<rows of the query
    /// block: S (raw dot products, rows `lds` apart) becomes the weights
    /// exp(score − m) against each row's new running maximum m, and
    /// `rowMax`, `rowSum` and the rows of `acc` are updated (rescaled when
    /// m grows). `mask` and `bias`, when given, point at the block's first
    /// key in the query block's first row of each (rows are `lk` apart).
    /// `alibiSlope` (0 for none) adds −slope·|i + Lk − Lq − j|. Returns
    /// whether any row has a maximum above −inf (so P·V must be added).
    static func softmaxStep<T: KernelScalar>(
        _ p: Problem<T>, rows bq: Int, firstQuery i0: Int, firstKey j0: Int, keys nk: Int,
        s: UnsafeMutablePointer<T>, lds: Int, mask: UnsafePointer<T>?, bias: UnsafePointer<T>?,
        alibiSlope: T,
        rowMax: UnsafeMutablePointer<T>, rowSum: UnsafeMutablePointer<T>,
        acc: UnsafeMutablePointer<T>, ldacc: Int, level: Kernels.Level
    ) -> Bool {
        let band = BlockBand(p.band, firstQuery: i0, rows: bq, firstKey: j0, keys: nk)
        // Row r's distance to key j0 + j is alibiDistance0 + r − j.
        let alibiDistance0 = i0 + p.lk - p.lq - j0
        if let active = T.cSoftmaxBlock(
            level, rows: bq, nk: nk, s: s, lds: lds, scale: p.scale, lo0: band.lo0, hi0: band.hi0, step: band.step,
            mask: mask, ldmask: p.lk, bias: bias, ldbias: p.lk, alibiSlope: alibiSlope,
            alibiDistance0: alibiDistance0, rowMax: rowMax, rowSum: rowSum, acc: acc, ldacc: ldacc, dv: p.dv)
        {
            return active
        }
        var anyActive = false
        for r in 0..<bq {
            let row = s + r * lds
            let keys = band.keys(row: r, keys: nk)
            if keys.isEmpty {
                // Nothing this row may see here: zero weights, state unchanged.
                row.update(repeating: 0, count: nk)
                continue
            }
            let (blockMax, sawNaN) = T.scoreRow(
                row, keys: keys, mask: mask.map { $0 + r * p.lk },
                bias: bias.map { $0 + r * p.lk }, scale: p.scale,
                alibiSlope: alibiSlope, alibiDistance: alibiDistance0 + r)
            let mOld = rowMax[r]
            // A NaN score (allowed key) makes the whole row NaN.
            let mNew = sawNaN ? .nan : (blockMax > mOld ? blockMax : mOld)
            if mNew == -.infinity {
                // Nothing allowed so far: these weights are all zero.
                row.update(repeating: 0, count: nk)
                continue
            }
            anyActive = true
            // Weights over [start, hi), start = lo rounded down to a multiple
            // of 8 so that key j is summed in lane j % 8 whatever the band
            // (as in the C kernels for float64); keys outside have weight 0
            // without exp.
            let start = keys.lowerBound & ~7
            row.update(repeating: 0, count: start)
            (row + start).update(repeating: -.infinity, count: keys.lowerBound - start)
            let blockSum = T.expShifted(row + start, count: keys.upperBound - start, minus: mNew)
            (row + keys.upperBound).update(repeating: 0, count: nk - keys.upperBound)
            let alpha = T.exp(mOld - mNew)  // 0 when mOld = -inf, 1 when unchanged
            rowSum[r] = rowSum[r] * alpha + blockSum
            rowMax[r] = mNew
            if alpha != 1 {
                let a = acc + r * ldacc
                for c in 0..<p.dv { a[c] *= alpha }
            }
        }
        return anyActive
    }

    /// Turns raw dot products into scores in place for the keys in `keys`
    /// (the rest of the row is left as it is: the caller zeroes it):
    /// row[j] = scale·row[j] (+ bias[j], multiply then add)
    /// (− slope·|alibiDistance − j|) where mask[j] ≠ 0, −inf where it is 0.
    /// Returns the largest score (NaN ignored) and whether any allowed score
    /// was NaN. (float64; `Float.scoreRow` is the same in float32.)
    @inline(__always)
    static func scoreRow(
        _ row: UnsafeMutablePointer<Double>, keys: Range<Int>,
        mask: UnsafePointer<Double>?, bias: UnsafePointer<Double>?, scale: Double,
        alibiSlope: Double, alibiDistance: Int
    ) -> (Double, Bool) {
        typealias V = SIMD8<Double>
        var best = V(repeating: -.infinity)
        var nan = SIMDMask<SIMD8<Int64>>(repeating: false)
        // Lane offsets as doubles: baseline x86-64 has no 64-bit integer compare.
        let lanes = V(0, 1, 2, 3, 4, 5, 6, 7)
        let hasAlibi = alibiSlope != 0
        var j = keys.lowerBound
        while j + 8 <= keys.upperBound {
            var sv = Kernels.load8(row + j) * scale
            if let bias { sv += Kernels.load8(bias + j) }
            if hasAlibi {
                let distance = Double(alibiDistance - j) - lanes
                sv -= alibiSlope * distance.replacing(with: -distance, where: distance .< 0)
            }
            if let mask {
                sv = sv.replacing(with: -.infinity, where: Kernels.load8(mask + j) .== 0)
            }
            nan = nan .| (sv .!= sv)
            best = best.replacing(with: sv, where: sv .> best)
            Kernels.store8(row + j, sv)
            j += 8
        }
        var bestScalar = best.max()
        var sawNaN = any(nan)
        while j < keys.upperBound {
            var value = row[j] * scale
            if let bias { value += bias[j] }
            if hasAlibi { value -= alibiSlope * Double(abs(alibiDistance - j)) }
            if let mask, mask[j] == 0 { value = -.infinity }
            if value.isNaN { sawNaN = true }
            if value > bestScalar { bestScalar = value }
            row[j] = value
            j += 1
        }
        return (bestScalar, sawNaN)
    }
}
