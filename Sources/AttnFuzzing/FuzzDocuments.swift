import AttnCore
import AttnDocs
import AttnLang
import Foundation

/// Documents of each format: scanned into cells and claims, checked (every
/// cell run, every claim judged, failing claims diagnosed) in the sandbox
/// with the time limit, and the fixes `attn fix` would make applied; the
/// fixed bytes are scanned again. Nothing may be written to the sandbox or
/// outside it, nor read from outside it (`FuzzLimits.checkSandbox`).
public enum FuzzDocuments {
    public static func attnScript(_ bytes: [UInt8]) -> [String] { document(bytes, format: .attn, name: "fuzz.attn") }
    public static func markdown(_ bytes: [UInt8]) -> [String] { document(bytes, format: .markdown, name: "fuzz.md") }
    public static func notebook(_ bytes: [UInt8]) -> [String] { document(bytes, format: .notebook, name: "fuzz.ipynb") }
    /// Docstrings and other plain text with `>>>` transcripts.
    public static func text(_ bytes: [UInt8]) -> [String] { document(bytes, format: .text, name: "fuzz.txt") }

    private static func document(_ bytes: [UInt8], format: Document.Format, name: String) -> [String] {
        Session.withLargeStack {
            let path = (FuzzLimits.sandbox as NSString).appendingPathComponent(name)
            let document = Document(path: path, bytes: bytes, format: format)
            let checker = Checker(limits: Checker.Limits(timeout: FuzzLimits.seconds, dryRun: true))
            var shown: [String] = []
            let report = checker.check(document) { outcome in shown += outcome.shownLines }
            Interrupt.clear()
            let replacements = report.failures.compactMap(\.replacement)
            if case .success(let fixed) = Fixer.fixed(document, replacements) {
                _ = Fixer.diff(path: path, original: bytes, replacements: replacements)
                _ = Document(path: path, bytes: fixed, format: format).cells
            }
            return FuzzLimits.checkSandbox(text: AttnFuzzing.text(bytes), shown: shown).map { [$0] } ?? []
        }
    }
}

/// Claims as written after a statement: every form the claim parser reads
/// (attn literals, numpy and PyTorch reprs, `error:` claims), read three ways.
public enum FuzzClaims {
    public static func claim(_ bytes: [UInt8]) -> [String] {
        let written = AttnFuzzing.text(bytes)
        return Session.withLargeStack {
            _ = try? ClaimParser.parse(written)
            _ = try? ClaimParser.parseOrText(written)
            if let (_, style) = try? ClaimParser.parseStyled(written) {
                _ = style.layout(lineWidth: 80)
            }
            return []
        }
    }
}
