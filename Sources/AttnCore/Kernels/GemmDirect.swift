// Unpacked GEMM paths for shapes where packing does not pay: a few rows of
// C (vector-matrix products, attention decoding), a single column
// (matrix-vector), and tiny products where the packing overhead dominates.
// Like the packed path, each element of C is summed by one worker in an
// order fixed by the shape alone. These paths are Swift at every level
// (multiply, then add), and so is the choice between them and the packed
// path.

extension Kernels {
    enum GemmDirect {
        /// Products with at most this many multiply-adds always go unpacked.
        static let tinyProduct = 4096

        /// Tries the unpacked paths; returns false when the packed path is the
        /// better choice (or the only one for these strides).
        static func gemmDirect<T: KernelScalar>(
            m: Int, n: Int, k: Int,
            a: UnsafePointer<T>, rsa: Int, csa: Int,
            b: UnsafePointer<T>, rsb: Int, csb: Int,
            c: UnsafeMutablePointer<T>, ldc: Int,
            workers: Int
        ) -> Bool {
            // Thin means fewer rows (columns) than the baseline tile: the
            // switch points are the same at every level. With the wider C
            // tiles, 6 to 11 rows still run faster packed (measured: 1024²
            // times 8 rows, 1.2 ms packed on AVX-512 against 1.8 ms here).
            let thinM = Tile.baseline.mr, thinN = Tile.baseline.nr
            let tiny = m <= tinyProduct && n <= tinyProduct && k <= tinyProduct && m * n * k <= tinyProduct
            if csa == 1 && rsb == 1 && (m < thinM || n < thinN || tiny) {
                gemmDot(m: m, n: n, k: k, a: a, rsa: rsa, b: b, csb: csb, c: c, ldc: ldc, workers: workers)
                return true
            }
            if csb == 1 && (m < thinM || tiny) {
                gemmAxpy(m: m, n: n, k: k, a: a, rsa: rsa, csa: csa, b: b, rsb: rsb, c: c, ldc: ldc, workers: workers)
                return true
            }
            return false
        }

        /// C(i, j) = dot(row i of A, column j of B), both contiguous (csa = rsb = 1).
        static func gemmDot<T: KernelScalar>(
            m: Int, n: Int, k: Int,
            a: UnsafePointer<T>, rsa: Int,
            b: UnsafePointer<T>, csb: Int,
            c: UnsafeMutablePointer<T>, ldc: Int,
            workers: Int
        ) {
            let total = m * n
            let threads = workers > 1 && total * k >= GemmEngine.parallelThreshold ? workers : 1
            let chunks = threads > 1 ? min(total, 4 * threads) : 1
            let perChunk = (total + chunks - 1) / chunks
            let sa = SharedPointer(a), sb = SharedPointer(b), sc = SharedPointer(c)
            KernelThreads.forEach(chunks, workers: threads) { chunk in
                let first = chunk * perChunk
                let last = min(total, first + perChunk)
                var index = first
                while index < last {
                    let i = index / n, j = index % n
                    sc.raw[i * ldc + j] = T.dot(sa.readOnly + i * rsa, sb.readOnly + j * csb, count: k)
                    index += 1
                }
            }
        }

        /// Σ x[p]·y[p] over eight interleaved partial sums, then a fixed
        /// reduction (float64; float32's is `Float.dot`, with sixteen).
        @inline(__always)
        static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int) -> Double {
            var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
            var p = 0
            while p + 8 <= count {
                s0 += load4(x + p) * load4(y + p)
                s1 += load4(x + p + 4) * load4(y + p + 4)
                p += 8
            }
            if p + 4 <= count {
                s0 += load4(x + p) * load4(y + p)
                p += 4
            }
            let s = s0 + s1
            var sum = (s[0] + s[1]) + (s[2] + s[3])
            while p < count {
                sum += x[p] * y[p]
                p += 1
            }
            return sum
        }

        /// Rows of C as running sums of scaled rows of B (csb = 1):
        /// C[i, :] = ((A(i,0)·B[0, :] + A(i,1)·B[1, :]) + …), in increasing p.
        /// Works on column strips so the strip of C stays in L1 while B streams.
        static func gemmAxpy<T: KernelScalar>(
            m: Int, n: Int, k: Int,
            a: UnsafePointer<T>, rsa: Int, csa: Int,
            b: UnsafePointer<T>, rsb: Int,
            c: UnsafeMutablePointer<T>, ldc: Int,
            workers: Int
        ) {
            let threads = workers > 1 && m * n * k >= GemmEngine.parallelThreshold ? workers : 1
            // Strips of up to 512 columns (a multiple of 8), at least 4·threads of them when parallel.
            let widest = min(512, roundUp(n, 8))
            let strip = threads > 1 ? max(8, min(widest, roundUp((n + 4 * threads - 1) / (4 * threads), 8))) : widest
            let strips = (n + strip - 1) / strip
            let sa = SharedPointer(a), sb = SharedPointer(b), sc = SharedPointer(c)
            KernelThreads.forEach(strips, workers: threads) { s in
                let j0 = s * strip
                let width = min(strip, n - j0)
                for i in 0..<m { (sc.raw + i * ldc + j0).update(repeating: 0, count: width) }
                for p in 0..<k {
                    let bRow = sb.readOnly + p * rsb + j0
                    for i in 0..<m {
                        T.axpy(sc.raw + i * ldc + j0, bRow, scalar: sa.readOnly[i * rsa + p * csa], count: width)
                    }
                }
            }
        }
    }
}
