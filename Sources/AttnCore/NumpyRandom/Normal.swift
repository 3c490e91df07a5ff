import Foundation

/// numpy's two standard normal samplers.
enum NormalDraws {
    /// numpy's `random_standard_normal` (distributions.c), what
    /// `Generator.standard_normal` and `Generator.normal` draw: Marsaglia and
    /// Tsang's ziggurat with 256 layers (`ZigguratTables`).
    ///
    /// One 64-bit word gives the layer (its low 8 bits), the sign (the next
    /// bit) and a 52-bit magnitude; x = magnitude × w[layer]. Below k[layer]
    /// (99.3% of draws) x is the answer. In the base layer a rejected point
    /// goes to the tail: x = r + ξ where ξ = −log1p(−U₁)/r and the pair is
    /// accepted when −2 log1p(−U₂) > ξ², with the sign from bit 8 of the
    /// magnitude. In the other layers the point is accepted when
    /// (f[i−1] − f[i]) U + f[i] < exp(−x²/2), else a new word is drawn.
    static func ziggurat<G: NumpyBitGenerator>(_ g: inout G) -> Double {
        while true {
            let word = g.nextUInt64()
            let layer = Int(word & 0xFF)
            let rest = word >> 8
            let magnitude = (rest >> 1) & 0x000F_FFFF_FFFF_FFFF
            var x = Double(magnitude) * ZigguratTables.w[layer]
            if rest & 1 != 0 { x = -x }
            if magnitude < ZigguratTables.k[layer] { return x }
            if layer == 0 {
                while true {
                    let xx = -ZigguratTables.inverseR * Foundation.log1p(-g.nextDouble())
                    let yy = -Foundation.log1p(-g.nextDouble())
                    if yy + yy > xx * xx {
                        return (magnitude >> 8) & 1 != 0 ? -(ZigguratTables.r + xx) : ZigguratTables.r + xx
                    }
                }
            }
            let below = ZigguratTables.f[layer - 1] - ZigguratTables.f[layer]
            if below * g.nextDouble() + ZigguratTables.f[layer] < Foundation.exp(-0.5 * x * x) { return x }
        }
    }
}

/// numpy's legacy Gaussian (`legacy_gauss` in legacy-distributions.c), what
/// `RandomState.randn`, `standard_normal` and `normal` draw: Marsaglia's
/// polar method. Two uniforms x₁, x₂ in [−1, 1) (each 2U − 1), redrawn until
/// 0 < r² = x₁² + x₂² < 1; then f = sqrt(−2 log(r²) / r²), the call returns
/// f x₂ and keeps f x₁ for the next call.
///
/// The kept value belongs to the stream: it carries over between calls and
/// between methods (`randn(3)` then `randn(2)` is `randn(5)`; `rand` in
/// between does not disturb it), and seeding clears it, as numpy's
/// `has_gauss` does.
struct PolarGaussian: Equatable, Sendable {
    /// The second value of the last pair, not yet handed out.
    var cached: Double?

    mutating func next<G: NumpyBitGenerator>(_ g: inout G) -> Double {
        if let value = cached {
            cached = nil
            return value
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2.0 * g.nextDouble() - 1.0
            x2 = 2.0 * g.nextDouble() - 1.0
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1.0 || r2 == 0.0
        let f = (-2.0 * Foundation.log(r2) / r2).squareRoot()
        cached = f * x1
        return f * x2
    }
}
