extension Builtins {
    /// docs/builtins.md, generated from the table (`attn --builtins-markdown`),
    /// so the reference cannot drift from the code. `BuiltinsTableTests`
    /// compares the committed file with this text.
    public static var markdown: String {
        var out = """
        # attn builtins

        Generated from the builtins table (`Sources/AttnLang/Builtins*.swift`) by
        `attn --builtins-markdown > docs/builtins.md`; do not edit by hand.
        Each builtin says the dtype it returns; attn's literals are float64, and the
        Dtypes builtins convert (see language.md, Dtypes). Semantics follow numpy (and
        PyTorch for attention) unless a builtin says otherwise.


        """
        for category in Builtin.Category.allCases {
            let members = all.filter { $0.category == category }
            guard !members.isEmpty else { continue }
            out += "## \(category.rawValue)\n\n"
            for b in members {
                out += "### `\(b.signature)`\n\n\(b.summary)\n\nReturns \(b.result).\n\n"
                if !b.details.isEmpty { out += b.details + "\n\n" }
                out += "```attn\n\(b.example)\n```\n\n"
            }
        }
        return out
    }
}
