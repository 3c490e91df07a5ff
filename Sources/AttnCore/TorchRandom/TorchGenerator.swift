import Foundation

/// PyTorch's CPU random numbers, bit for bit: the stream a Python program
/// gets from `torch.manual_seed(s)` followed by `torch.rand`, `torch.randn`,
/// `torch.randint`, `torch.randperm`, the in-place `normal_`, `uniform_`
/// and `bernoulli_`, and the default initialisations of `nn.Linear`,
/// `nn.Embedding` and `nn.MultiheadAttention` (held to PyTorch 2.15 by
/// scripts/golden_torch.py).
///
/// The layers, as in ATen (aten/src/ATen/):
/// - the engine is the Mersenne Twister (core/MT19937RNGEngine.h) with the
///   reference `init_genrand` seeding from the low 32 bits of the 64-bit
///   seed: the same words as numpy's `MT19937(seed:)`, which this reuses;
/// - `random()` is one tempered word and `random64()` two, the first in the
///   high half (CPUGeneratorImpl.cpp);
/// - the distributions (core/DistributionsHelper.h and
///   native/cpu/DistributionTemplates.h) read those words as
///   `TorchGenerator+Tensors.swift` and `TorchNormal.swift` describe;
/// - the generator keeps one cached normal value, the second half of the
///   last Box–Muller pair drawn one element at a time; `manual_seed`
///   forgets it, as PyTorch does.
///
/// Where the numbers depend on more than integer arithmetic:
/// - float64 normals call the C library's `log`, `log1p`, `sin`, `cos` and
///   `sqrt`, as PyTorch does; they agree with PyTorch on the same C library
///   (glibc on Linux);
/// - float32 normals in blocks of 16 use PyTorch's AVX2 polynomial `log`
///   and `sincos` (Cephes, through avx_mathfun.h), which `CephesFloat`
///   computes lane by lane with the fused multiply-adds the compiler made
///   of them, so they agree everywhere;
/// - `a * b + c` steps that PyTorch's compiler fused (uniform ranges, the
///   mean and std of a normal) are fused here too (`addingProduct`).
///
/// A generator is a value (a struct): copying one forks it. A session
/// keeps one for PyTorch's default generator and one per `torch.Generator`.
public struct TorchGenerator: Equatable, Sendable {
    /// PyTorch's `default_rng_seed_val`, the seed of a generator made
    /// without one (`torch.Generator()`).
    public static let defaultSeed: UInt64 = 67_280_421_310_721

    /// The Mersenne Twister, seeded with the low 32 bits of `initialSeed`.
    var engine: MT19937
    /// The seed given to `manualSeed` (what `torch.initial_seed()` returns).
    public private(set) var initialSeed: UInt64
    /// The second value of the last one-at-a-time Box–Muller pair, not yet
    /// used (PyTorch's `next_double_normal_sample`), as a standard normal.
    var cachedNormal: Double?

    /// A generator seeded as `torch.Generator().manual_seed(seed)`.
    public init(seed: UInt64 = TorchGenerator.defaultSeed) {
        engine = MT19937(seed: UInt32(truncatingIfNeeded: seed))
        initialSeed = seed
        cachedNormal = nil
    }

    /// `torch.manual_seed(seed)` for a seed PyTorch accepts: an integer in
    /// [-2^63, 2^64), negative ones taken as their two's complement.
    public init(signedSeed seed: Int64) {
        self.init(seed: UInt64(bitPattern: seed))
    }

    /// `manual_seed(seed)`: a fresh engine, and the cached normal forgotten.
    public mutating func manualSeed(_ seed: UInt64) {
        self = TorchGenerator(seed: seed)
    }

    /// 32 random bits (PyTorch's `CPUGeneratorImpl::random`).
    public mutating func random() -> UInt32 {
        engine.nextUInt32()
    }

    /// 64 random bits from two words, the first in the high half
    /// (`CPUGeneratorImpl::random64`).
    public mutating func random64() -> UInt64 {
        let high = UInt64(engine.nextUInt32())
        return high << 32 | UInt64(engine.nextUInt32())
    }

    /// A float in [0, 1): the low 24 bits of one word times 2^-24
    /// (`uniform_real_distribution<float>`, TransformationHelper's
    /// `uniform_real`).
    mutating func nextFloat() -> Float {
        Float(random() & 0x00FF_FFFF) * 0x1p-24
    }

    /// A double in [0, 1): the low 53 bits of `random64()` times 2^-53
    /// (`uniform_real_distribution<double>`).
    mutating func nextDouble() -> Double {
        Double(random64() & 0x001F_FFFF_FFFF_FFFF) * 0x1p-53
    }

    /// One standard normal, the one-at-a-time way (`normal_distribution
    /// <double>`): the cached value when there is one; otherwise u1 and u2
    /// from `nextDouble()`, r = √(−2 log1p(−u2)), θ = 2π u1, r sin θ cached
    /// and r cos θ returned.
    mutating func nextStandardNormal() -> Double {
        if let cached = cachedNormal {
            cachedNormal = nil
            return cached
        }
        let u1 = nextDouble()
        let u2 = nextDouble()
        let r = (-2.0 * Foundation.log1p(-u2)).squareRoot()
        let theta = 2.0 * Double.pi * u1
        cachedNormal = r * Foundation.sin(theta)
        return r * Foundation.cos(theta)
    }
}
