import Foundation

// PyTorch's normal draws (native/cpu/DistributionTemplates.h,
// `normal_kernel`), for a contiguous tensor of n elements:
//
// - n < 16: one element at a time, each `fma(z, std, mean)` for a standard
//   normal z from `TorchGenerator.nextStandardNormal` (float64 arithmetic,
//   the cached half of a pair used first, the result rounded to the dtype).
// - n ≥ 16: the block path (`normal_fill`). All n elements are first filled
//   with uniforms in [0, 1) of the dtype (24 bits for float32, 53 for
//   float64); then each whole block of 16 is turned in place into normals by
//   Box–Muller on its 8 pairs: for j in 0..<8, u1 = 1 − x[j], u2 = x[j+8],
//   r = √(−2 log u1), θ = 2π u2, x[j] = fma(r cos θ, std, mean) and
//   x[j+8] = fma(r sin θ, std, mean). When 16 does not divide n, 16 fresh
//   uniforms are drawn into the last 16 positions (overwriting the normals
//   already there) and that block is transformed again. The cache is neither
//   read nor written.
//
// The block arithmetic runs in the dtype: float64 with the C library's log,
// cos and sin; float32 with PyTorch's AVX2 Cephes polynomials
// (`CephesFloat`), since PyTorch's x86 builds take that path for float.

extension TorchGenerator {
    /// `n` normals of mean `mean` and standard deviation `std` in float64,
    /// as `normal_` fills a contiguous float64 tensor.
    mutating func normalDoubles(_ n: Int, mean: Double, std: Double) throws(CoreError) -> [Double] {
        if n < 16 {
            return (0..<n).map { _ in fusedNormal(mean, std) }
        }
        var x = try Tensor.buildElements(n) { (out: UnsafeMutablePointer<Double>, range) in
            for i in range { out[i] = nextDouble() }
        }
        try x.withUnsafeMutableBufferPointer { (buffer) throws(CoreError) in
            guard let base = buffer.baseAddress else { return }
            try TorchGenerator.boxMullerBlocks(n) { start in TorchGenerator.boxMuller16(base + start, mean: mean, std: std) }
            if n % 16 != 0 {
                for i in (n - 16)..<n { base[i] = nextDouble() }
                TorchGenerator.boxMuller16(base + (n - 16), mean: mean, std: std)
            }
        }
        return x
    }

    /// `n` normals in float32, as `normal_` fills a contiguous float32
    /// tensor (mean and std rounded to float32 on the block path, used in
    /// float64 on the one-at-a-time path).
    mutating func normalFloats(_ n: Int, mean: Double, std: Double) throws(CoreError) -> [Float] {
        if n < 16 {
            return (0..<n).map { _ in Float(fusedNormal(mean, std)) }
        }
        let mean32 = Float(mean), std32 = Float(std)
        var x = try Tensor.buildElements(n) { (out: UnsafeMutablePointer<Float>, range) in
            for i in range { out[i] = nextFloat() }
        }
        try x.withUnsafeMutableBufferPointer { (buffer) throws(CoreError) in
            guard let base = buffer.baseAddress else { return }
            try TorchGenerator.boxMullerBlocks(n) { start in TorchGenerator.boxMuller16(base + start, mean: mean32, std: std32) }
            if n % 16 != 0 {
                for i in (n - 16)..<n { base[i] = nextFloat() }
                TorchGenerator.boxMuller16(base + (n - 16), mean: mean32, std: std32)
            }
        }
        return x
    }

    /// One normal the one-at-a-time way: z × std + mean in one rounding
    /// (PyTorch's compiler fuses `transformation::normal`).
    private mutating func fusedNormal(_ mean: Double, _ std: Double) -> Double {
        mean.addingProduct(nextStandardNormal(), std)
    }

    /// Calls `transform(start)` for each whole block of 16 in n elements,
    /// polling `Interrupt` every 64 Ki elements.
    private static func boxMullerBlocks(_ n: Int, _ transform: (Int) -> Void) throws(CoreError) {
        var start = 0
        while start + 16 <= n {
            transform(start)
            start += 16
            if start % Interrupt.pollInterval == 0 { try Interrupt.check() }
        }
    }

    /// Box–Muller on 16 float64 uniforms in place (`NormalFill16<double>`).
    private static func boxMuller16(_ x: UnsafeMutablePointer<Double>, mean: Double, std: Double) {
        for j in 0..<8 {
            let u1 = 1 - x[j]
            let u2 = x[j + 8]
            let radius = (-2 * Foundation.log(u1)).squareRoot()
            let theta = 2.0 * Double.pi * u2
            x[j] = mean.addingProduct(radius * Foundation.cos(theta), std)
            x[j + 8] = mean.addingProduct(radius * Foundation.sin(theta), std)
        }
    }

    /// Box–Muller on 16 float32 uniforms in place, as PyTorch's AVX2
    /// `NormalFill16<float>`: θ = float(2π) × u2 in float32, log and
    /// sincos by `CephesFloat`.
    private static func boxMuller16(_ x: UnsafeMutablePointer<Float>, mean: Float, std: Float) {
        let twoPi = Float(2.0 * Double.pi)
        for j in 0..<8 {
            let u1 = 1 - x[j]
            let u2 = x[j + 8]
            let radius = (-2 * CephesFloat.log(u1)).squareRoot()
            let (sine, cosine) = CephesFloat.sincos(twoPi * u2)
            x[j] = mean.addingProduct(radius * cosine, std)
            x[j + 8] = mean.addingProduct(radius * sine, std)
        }
    }
}

/// The float32 `log` and `sincos` of PyTorch's AVX2 normal kernel
/// (ATen/native/cpu/avx_mathfun.h, Julien Pommier's port of the Cephes
/// single-precision functions), one lane at a time.
///
/// Contract: bit-identical to one lane of PyTorch's x86-64 build, which
/// GCC compiled with multiply-adds fused wherever a product fed one sum
/// (found against PyTorch 2.15's output; each fused step is written
/// `addingProduct` here). Accuracy is Cephes's: about 1 ulp for `log` on
/// normal positive floats and for `sincos` on |x| < 8192; log of x ≤ 0 is
/// NaN, denormals are read as the smallest normal float.
enum CephesFloat {
    /// log(x), by x = m 2^e with m in [√½, √2) and a degree-8 polynomial
    /// in m − 1.
    static func log(_ input: Float) -> Float {
        guard input > 0 else { return .nan }
        let x0 = Swift.max(input, Float.leastNormalMagnitude)
        let bits = x0.bitPattern
        var e = Float(Int32(bitPattern: bits >> 23) - 0x7F) + 1
        // The mantissa with the exponent of 0.5: m in [0.5, 1).
        var m = Float(bitPattern: (bits & ~UInt32(0x7F80_0000)) | Float(0.5).bitPattern)
        let below = m < Float(0.707106781186547524)
        let extra: Float = below ? m : 0
        m = m - 1
        if below { e = e - 1 }
        m = m + extra
        let z = m * m
        var y = Float(7.0376836292e-2)
        for p in logCoefficients { y = p.addingProduct(y, m) }
        y = y * m
        // The compiler fused the product with z into the sum with e q1.
        y = (e * Float(-2.12194440e-4)).addingProduct(y, z)
        y = y - z * 0.5
        m = m + y
        return m.addingProduct(e, Float(0.693359375))
    }

    /// The coefficients after the first of Cephes's `logf` polynomial.
    private static let logCoefficients: [Float] = [
        -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
        -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
    ]

    /// (sin x, cos x), by reduction to [−π/4, π/4] with j = the even integer
    /// nearest 4|x|/π (Cody–Waite in three parts) and Cephes's two
    /// polynomials, swapped and signed by j.
    static func sincos(_ input: Float) -> (sin: Float, cos: Float) {
        var signSin = input.bitPattern & 0x8000_0000
        var x = Float(bitPattern: input.bitPattern & 0x7FFF_FFFF)
        // Truncation as cvttps does; an x past Int32 is out of contract.
        let scaled = x * Float(1.27323954473516)
        var j: Int32 = scaled < 2.1e9 ? Int32(scaled) : Int32.min
        j = (j &+ 1) & ~1
        let y = Float(j)
        let swapSin = UInt32(bitPattern: j & 4) << 29
        let firstPolynomialIsSine = (j & 2) == 0
        x = x.addingProduct(y, Float(-0.78515625))
        x = x.addingProduct(y, Float(-2.4187564849853515625e-4))
        x = x.addingProduct(y, Float(-3.77489497744594108e-8))
        let signCos = UInt32(bitPattern: ~(j &- 2) & 4) << 29
        signSin ^= swapSin
        let z = x * x
        // cos on [−π/4, π/4]: 1 − z/2 + z² P(z).
        var c = Float(2.443315711809948e-5)
        c = Float(-1.388731625493765e-3).addingProduct(c, z)
        c = Float(4.166664568298827e-2).addingProduct(c, z)
        c = c * z
        c = (-(z * 0.5)).addingProduct(c, z)
        c = c + 1
        // sin on [−π/4, π/4]: x + x z Q(z).
        var s = Float(-1.9515295891e-4)
        s = Float(8.3321608736e-3).addingProduct(s, z)
        s = Float(-1.6666654611e-1).addingProduct(s, z)
        s = s * z
        s = x.addingProduct(s, x)
        // The lane select of the original, including its additions of +0.
        let sinFromS: Float = firstPolynomialIsSine ? s : 0
        let sinFromC: Float = firstPolynomialIsSine ? 0 : c
        let sine = sinFromC + sinFromS
        let cosine = (c - sinFromC) + (s - sinFromS)
        return (Float(bitPattern: sine.bitPattern ^ signSin), Float(bitPattern: cosine.bitPattern ^ signCos))
    }
}
