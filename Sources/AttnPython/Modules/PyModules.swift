import AttnCore
import AttnLang

/// The modules attn provides, by dotted name, each built the first time a
/// program imports it (then kept, as Python's `sys.modules`). Importing
/// anything else is refused with a positioned error naming what there is:
/// the dialect has no file, process or network access.
enum PyModules {
    static let providers: [String: @Sendable (PyInterpreter) -> PyModule] = [
        "math": MathModule.make,
        "numpy": NumpyModule.make,
        "numpy.random": NumpyRandom.make,
        "numpy.linalg": NumpyLinalg.make,
        "numpy.exceptions": { _ in NumpyModule.exceptions() },
        "scipy": ScipySpecialModule.makeScipy,
        "scipy.special": ScipySpecialModule.make,
        "torch": TorchModule.make,
        "torch.nn": TorchNN.make,
        "torch.nn.functional": TorchFunctional.make,
        "torch.nn.init": TorchModule.initModule,
        "importlib": { _ in PyModule("importlib") },
        "importlib.metadata": ImportlibMetadata.make,
        "matplotlib": { _ in PyModule("matplotlib") },
        "matplotlib.pyplot": Pyplot.make,
        "matplotlib.ticker": { _ in PyModule("matplotlib.ticker") },
        "matplotlib.colors": { _ in PyModule("matplotlib.colors") },
        "matplotlib.cm": { _ in PyModule("matplotlib.cm") },
        "seaborn": Seaborn.make,
    ]

    /// What the refusal lists.
    static let provided = "math, numpy (with numpy.linalg and numpy.random's names), scipy.special (softmax, log_softmax, logsumexp), torch (with torch.nn, torch.nn.functional and torch.special), matplotlib.pyplot and seaborn (imshow, matshow and sns.heatmap draw heatmaps; their other calls do nothing)"

    /// Modules whose attributes attn does not model are inert objects (their
    /// calls do nothing): matplotlib's and seaborn's (Plots/ models the
    /// calls that draw a matrix).
    static func isInert(_ name: String) -> Bool {
        name == "matplotlib" || name.hasPrefix("matplotlib.") || name == "seaborn" || name.hasPrefix("seaborn.")
    }
}

extension PyInterpreter {
    /// The module `dotted` (importing its parents first, which get it as an attribute).
    func importModule(_ dotted: [String], at range: SourceRange) throws(PyError) -> PyModule {
        let name = dotted.joined(separator: ".")
        if let m = modules[name] { return m }
        guard let make = PyModules.providers[name] else {
            throw PyError.unsupported("attn cannot import '\(name)': its Python dialect provides \(PyModules.provided); it has no file, process or network access").located(at: range)
        }
        let module = make(self)
        modules[name] = module
        if dotted.count > 1 {
            let parent = try importModule(Array(dotted.dropLast()), at: range)
            parent.dict[dotted[dotted.count - 1]] = .module(module)
        }
        return module
    }

    /// `from module import name`: an attribute, or a submodule.
    func importName(_ name: String, from module: PyModule, at range: SourceRange) throws(PyError) -> PyValue {
        if let v = module.dict[name] { return v }
        let submodule = module.name + "." + name
        if PyModules.providers[submodule] != nil { return .module(try importModule(submodule.split(separator: ".").map(String.init), at: range)) }
        if PyModules.isInert(module.name) { return .inert(PyInert("\(module.name).\(name)")) }
        if let gap = KnownNames.missing(name, of: module.name) { throw gap.located(at: range) }
        throw PyError(.exception("ImportError"), "cannot import name '\(name)' from '\(module.name)'", at: range)
    }
}

extension KnownNames {
    /// The error for `name`, looked up on `owner` (a module's dotted name or
    /// `numpy.ndarray`) and not found: unsupported when the real one has it,
    /// nil when it does not (the caller raises Python's own error).
    static func missing(_ name: String, of owner: String) -> PyError? {
        guard table[owner]?.contains(name) ?? false else { return nil }
        let what = owner == "numpy.ndarray" ? "the array method or attribute '\(name)'"
            : "\(owner).\(name)"
        return PyError.unsupported("attn's \(owner) does not provide \(what) yet")
    }
}
