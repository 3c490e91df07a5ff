import AttnLang

/// Writes a session as a transcript that `attn check` accepts as it is:
/// each statement after an `attn> ` prompt (further lines after `...> `),
/// then what it showed — printed lines, its value as a claim
/// (`ClaimWriter.claim`: the printed text, never summarized), or `error: MESSAGE`.
public enum Transcript {
    /// Runs `source` in `session` through the runner, going on after errors
    /// as a shell would (but not after a stop request), and returns the
    /// transcript and whether every statement succeeded.
    public static func render(_ source: SourceFile, in session: Session) -> (text: String, ok: Bool) {
        var out: [String] = []
        let summary = session.run(source, stopAtFirstError: false) { outcome in
            var input = outcome.step.text
            if case .expression(silent: true) = outcome.step.kind, !input.hasSuffix(";") { input += ";" }
            out += prompt(input)
            out += outcome.printed
            out += outcome.figures.filter(\.isText).flatMap { $0.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            if let diagnostic = outcome.diagnostic {
                out.append("error: " + diagnostic.message)
            } else if let value = outcome.value, outcome.display != nil {
                out.append(ClaimWriter.claim(for: value, precision: session.interpreter.precision,
                                             lineWidth: session.interpreter.lineWidth))
            }
        }
        return (out.map { $0 + "\n" }.joined(), summary.ok)
    }

    /// `attn> first line`, `...> further lines`.
    static func prompt(_ input: String) -> [String] {
        input.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { n, line in
            (n == 0 ? "attn> " : "...> ") + line
        }
    }
}
