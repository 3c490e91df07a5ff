import AttnCore
import AttnLang

// STAND-IN for the nprandom branch, which writes numpy's random streams in
// AttnCore (MT19937 with the legacy RandomState and its Gaussian, PCG64 with
// SeedSequence for default_rng). Until the lead merges it, every name of
// `np.random` exists and says so when called; wiring them means replacing
// `stub` below with functions over nprandom's generators (the module keeps
// one legacy RandomState per interpreter, as numpy's global state).

/// `numpy.random`: the names documents use, each a clear "not yet" for now.
enum NumpyRandom {
    static let names = ["seed", "rand", "randn", "randint", "random", "random_sample", "normal", "uniform",
                        "standard_normal", "choice", "permutation", "shuffle", "default_rng", "RandomState", "Generator"]

    static func make(_ py: PyInterpreter) -> PyModule {
        var d: [String: PyValue] = [:]
        for name in names { d[name] = stub(name) }
        return PyModule("numpy.random", d)
    }

    private static func stub(_ name: String) -> PyValue {
        .builtin(PyBuiltin(name) { _, _ throws(PyError) in
            throw PyError.unsupported("np.random.\(name) is not available yet: numpy's random streams arrive with the nprandom branch")
        })
    }
}
