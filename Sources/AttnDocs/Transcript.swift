import AttnCore
import AttnLang

/// Writes a session as a transcript that `attn check` accepts as it is:
/// each statement after an `attn> ` prompt (further lines after `...> `),
/// then what it showed — printed lines, its value, or `error: MESSAGE`.
public enum Transcript {
    /// Runs `source` in `session` statement by statement, going on after
    /// errors as a shell would (but not after a stop request), and returns
    /// the transcript and whether every statement succeeded.
    public static func render(_ source: SourceFile, in session: Session) -> (text: String, ok: Bool) {
        var out: [String] = []
        var ok = true
        for item in Parser.parseRecovering(source) {
            if Interrupt.isRequested { return (out.map { $0 + "\n" }.joined(), false) }
            switch item {
            case .failure(let diagnostic):
                ok = false
                out += prompt(source.lineText(containing: diagnostic.range.start))
                out.append("error: " + diagnostic.message)
            case .success(let node):
                var input = source.text(of: node.range)
                if case .expression(_, let silent) = node.statement, silent { input += ";" }
                out += prompt(input)
                session.execute(node, source: source) { event in
                    switch event {
                    case .value(let value, let text, _): out.append(checkable(value, text, lineWidth: session.interpreter.lineWidth))
                    case .printed(let line): out.append(line)
                    case .error(let diagnostic, _):
                        ok = false
                        out.append("error: " + diagnostic.message)
                    }
                }
            }
        }
        return (out.map { $0 + "\n" }.joined(), ok)
    }

    /// `attn> first line`, `...> further lines`.
    static func prompt(_ input: String) -> [String] {
        input.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { n, line in
            (n == 0 ? "attn> " : "...> ") + line
        }
    }

    /// The printed text when it holds as a claim for the value; otherwise the
    /// value at full precision (a value that prints as `1` but is not exactly
    /// 1 would fail an integer claim).
    static func checkable(_ value: Value, _ text: String, lineWidth: Int) -> String {
        guard case .tensor(let t) = value else { return text }
        if let claim = try? ClaimParser.parse(text), ClaimComparison.compare(claim, actual: t).holds { return text }
        return Printer.format(value, precision: .full, lineWidth: lineWidth)
    }
}
