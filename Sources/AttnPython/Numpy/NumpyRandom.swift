import AttnCore
import AttnLang

/// `numpy.random`: numpy's random streams, bit for bit, on AttnCore's
/// generators (Sources/AttnCore/NumpyRandom: `LegacyRandomState` is
/// numpy's `RandomState` on MT19937, `NumpyGenerator` its `Generator` on
/// PCG64). Nothing here draws a number itself: this layer binds Python
/// arguments to numpy's signatures, calls the core, and returns what numpy
/// returns.
///
/// - The module-level functions (`np.random.seed`, `rand`, `randn`,
///   `randint`, ...) are methods of one `RandomState` per interpreter, as
///   numpy's are methods of its hidden global `RandomState`.
/// - `RandomState(seed)`, `default_rng(seed)`, `Generator(PCG64(seed))`,
///   `MT19937(seed)` are objects of classes defined here (one set per
///   interpreter, so that nothing a program does to them reaches another
///   session). Each holds its stream in a `PyRandomStream`; a `Generator`
///   shares the stream of the `PCG64` it was made from, and a
///   `RandomState` that of its `MT19937`, as numpy's share their bit
///   generator.
/// - Without a seed, attn does not ask the operating system for entropy
///   (a program would print different numbers at every run, and no
///   document could claim them): it uses the fixed entropy 1635021934 of
///   `LegacyRandomState.unseededEntropy`, so the module-level state before
///   any `seed` is numpy's `RandomState(MT19937(1635021934))` and
///   `default_rng()` is numpy's `default_rng(1635021934)`.
///
/// Names of numpy.random that the core does not draw yet (`binomial`,
/// `get_state`, ...) are there and say so when called.
enum NumpyRandom {
    /// The module-level functions that are the global state's methods
    /// (`sample` and `ranf`, numpy's module-only aliases of
    /// `random_sample`, are added beside them).
    static let moduleFunctions = ["seed", "rand", "randn", "randint", "random", "random_sample", "normal", "uniform",
                                  "standard_normal", "choice", "permutation", "shuffle", "get_state", "set_state"]

    /// numpy 2.4's distributions and helpers that attn does not provide.
    static let notProvided = [
        "beta", "binomial", "bytes", "chisquare", "dirichlet", "exponential", "f", "gamma", "geometric", "gumbel",
        "hypergeometric", "laplace", "logistic", "lognormal", "logseries", "multinomial", "multivariate_normal",
        "negative_binomial", "noncentral_chisquare", "noncentral_f", "pareto", "poisson", "power", "random_integers",
        "rayleigh", "standard_cauchy", "standard_exponential", "standard_gamma", "standard_t", "triangular",
        "vonmises", "wald", "weibull", "zipf",
    ]

    static func make(_ py: PyInterpreter) -> PyModule {
        let classes = RandomClasses()
        var d: [String: PyValue] = [:]
        let global = PyInstance(classes.randomState)
        global.native = PyRandomStream(LegacyRandomState(seedSequence: SeedSequence(py.unseededEntropy)),
                                       unseeded: "np.random's global state was never seeded")
        for name in moduleFunctions {
            if let method = classes.randomState.dict[name] {
                d[name] = .method(PyBoundMethod(method, receiver: .instance(global)))
            }
        }
        for alias in ["sample", "ranf"] { d[alias] = d["random_sample"] }
        let helpers = ["get_bit_generator", "set_bit_generator", "SeedSequence", "Philox", "SFC64", "PCG64DXSM", "BitGenerator"]
        for name in notProvided + helpers {
            d[name] = .builtin(PyBuiltin(name) { _, _ throws(PyError) in throw notAvailable("np.random.\(name)") })
        }
        d["RandomState"] = .type(classes.randomState)
        d["Generator"] = .type(classes.generator)
        d["PCG64"] = .type(classes.pcg64)
        d["MT19937"] = .type(classes.mt19937)
        d["default_rng"] = .builtin(PyBuiltin("default_rng") { args, py throws(PyError) in
            let v = try bind(args, "default_rng", ["seed"], required: 0)
            let seed = v[0] ?? .none
            if case .instance(let inst) = seed {
                if inst.cls.isSubclass(of: classes.generator) { return seed }
                if inst.cls.isSubclass(of: classes.pcg64) { return try classes.newGenerator(on: inst) }
                if inst.cls.isSubclass(of: classes.mt19937) || inst.cls.isSubclass(of: classes.randomState) {
                    throw PyError.unsupported("a Generator on MT19937 is not supported: attn's Generator draws from PCG64 (default_rng(seed) or Generator(PCG64(seed)))")
                }
            }
            let generator = try classes.newGenerator(on: classes.newPCG64(try seedSequence(seed, py)))
            if seed.isNone, case .instance(let g) = generator, let stream = g.native as? UnseededMarking {
                stream.unseeded = "default_rng() without a seed"
            }
            return generator
        })
        return PyModule("numpy.random", d)
    }

    /// The error of a name numpy has and attn does not provide.
    static func notAvailable(_ name: String) -> PyError {
        PyError.unsupported("\(name) is not available: attn's numpy.random draws seed, rand, randn, random, "
            + "randint, normal, uniform, standard_normal, choice, permutation and shuffle, and default_rng's "
            + "random, standard_normal, normal, uniform, integers, choice, shuffle and permutation")
    }

    // MARK: - Seeds

    /// numpy's legacy seeding (`_legacy_seeding` of MT19937), for
    /// `np.random.seed(seed)` and `RandomState(seed)`: None is attn's fixed
    /// entropy; an integer (after numpy's `squeeze` of arrays and numpy
    /// scalars) seeds by `mt19937_seed`; anything else is read as an array
    /// of integers for `init_by_array`, with numpy's errors.
    static func legacyState(seed: PyValue, _ py: PyInterpreter) throws(PyError) -> LegacyRandomState {
        if seed.isNone { return LegacyRandomState(seedSequence: SeedSequence(py.unseededEntropy)) }
        var value = seed
        if case .array(let a) = seed {
            let squeezed = a.tensor.shape.filter { $0 != 1 }
            if squeezed.isEmpty, a.tensor.count == 1 {
                value = .scalar(try PyError.core { () throws(CoreError) in try a.tensor.reshape([]) })
            }
        }
        if let integer = value.asIndex {
            return try PyError.core { () throws(CoreError) in try LegacyRandomState(seed: integer) }
        }
        let array: Tensor
        switch value {
        case .str(let s):
            throw castError("scalar", "<U\(s.unicodeScalars.count)")
        case .list, .tuple, .range, .array, .scalar, .float:
            do throws(PyError) { array = try NumpyValues.asArray(value) } catch {
                throw error.kind == .unsupported ? castError("array data", "O") : error
            }
        default:
            throw castError("scalar", "O")
        }
        guard array.count > 0 else { throw PyError.value("Seed must be non-empty") }
        guard !array.dtype.isFloatingPoint else { throw castError(array.rank == 0 ? "scalar" : "array data", array.dtype.rawValue) }
        guard array.rank == 1 else { throw PyError.value("Seed array must be 1-d") }
        return try PyError.core { () throws(CoreError) in
            try LegacyRandomState(seedArray: try array.converted(to: .int64).elements(as: Int64.self))
        }
    }

    /// numpy's TypeError for a seed it cannot cast to int64.
    private static func castError(_ what: String, _ dtype: String) -> PyError {
        PyError.type("Cannot cast \(what) from dtype('\(dtype)') to dtype('int64') according to the rule 'safe'")
    }

    /// numpy's `SeedSequence(entropy)` as `default_rng`, `PCG64` and
    /// `MT19937` build it: None is attn's fixed entropy; a non-negative
    /// integer, or a (nested) sequence or array of them, becomes 32-bit
    /// words as numpy's `_coerce_to_uint32_array` splits them.
    static func seedSequence(_ seed: PyValue, _ py: PyInterpreter) throws(PyError) -> SeedSequence {
        switch seed {
        case .none:
            return SeedSequence(py.unseededEntropy)
        case .int, .bool, .list, .tuple, .range, .array:
            break
        case .scalar where seed.asIndex != nil:
            break
        default:
            throw PyError.type("SeedSequence expects int or sequence of ints for entropy not \(try py.str(seed))")
        }
        var words: [UInt32] = []
        try entropyWords(seed, into: &words)
        return SeedSequence(entropyWords: words)
    }

    private static func entropyWords(_ value: PyValue, into words: inout [UInt32]) throws(PyError) {
        if let integer = value.asIndex {
            guard let word = UInt64(exactly: integer) else { throw PyError.value("expected non-negative integer") }
            words += SeedSequence.words(of: word)
            return
        }
        switch value {
        case .array(let a):
            guard a.tensor.rank > 0 else { throw PyError.type("len() of unsized object") }
            guard !a.tensor.dtype.isFloatingPoint else { throw PyError.type("seed must be integer") }
            for i in try PyError.core({ () throws(CoreError) in try a.tensor.converted(to: .int64).elements(as: Int64.self) }) {
                try entropyWords(.int(i), into: &words)
            }
        case .list(let l):
            for item in l.items { try entropyWords(item, into: &words) }
        case .tuple(let items):
            for item in items { try entropyWords(item, into: &words) }
        case .range(let r):
            try PyInterpreter.checkLength(Int(clamping: r.count), "seed")
            for i in 0..<r.count {
                try entropyWords(.int(r.element(i)), into: &words)
                if i & 0xFFFF == 0 { try PyError.checkInterrupt() }
            }
        default:
            throw PyError.type("seed must be integer")
        }
    }
}

/// A numpy random stream held by reference: every Python object that draws
/// from one stream holds the same `PyRandomStream` (numpy's global state;
/// a `Generator` and the `PCG64` it was made from).
final class PyRandomStream<Stream>: UnseededMarking {
    var stream: Stream
    /// Set while the stream was made without a seed: what to call it when
    /// a document's output depends on its draws (`Outcome.notReproducible`).
    var unseeded: String?
    init(_ stream: Stream, unseeded: String? = nil) {
        self.stream = stream
        self.unseeded = unseeded
    }
}

/// A stream that knows whether it was seeded.
protocol UnseededMarking: AnyObject {
    var unseeded: String? { get set }
}
