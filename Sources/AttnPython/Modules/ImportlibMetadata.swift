import AttnLang

/// `importlib.metadata`, for the `version("torch")` that notebooks print
/// first: the import works (so the rest of the cell runs), and asking for a
/// version is unsupported, since the versions a document printed are its
/// author's environment's, not something attn reproduces.
enum ImportlibMetadata {
    static func make(_ py: PyInterpreter) -> PyModule {
        var d: [String: PyValue] = [:]
        d["version"] = .builtin(PyBuiltin("version") { args, _ throws(PyError) in
            try args.exactly(1, "version")
            let name: String
            if case .str(let s) = args.positional[0] { name = s } else { name = "?" }
            throw PyError.unsupported("importlib.metadata.version('\(name)') is not provided: the installed versions a document prints are its author's environment, which attn does not reproduce")
        })
        return PyModule("importlib.metadata", d)
    }
}
