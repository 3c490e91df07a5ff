import AttnLang
import Foundation

/// Decides, once per document and before anything runs, whether the
/// transcripts that do not say they are attn run as attn.
///
/// A `>>>` prompt is Python's, but attn documents use it too, and authors
/// mark attn code `python` for its syntax colouring; so neither the prompt
/// nor the info string settles it. The document does, as a whole: its
/// undeclared code — every transcript input whose `SourceLanguage` is not
/// `.attn`, and the code of its Python listings — is attn when all of it
/// parses as attn. Otherwise all of it is taken to be Python, since it shares
/// one session: an input as plain as `>>> x` may name a value that only the
/// Python code defines, and running it as attn would report a failure that is
/// not the document's. Declared attn (an `.attn` file, an ```` ```attn ````
/// fence, an `attn>` prompt) always runs as attn.
///
/// "Parses" is the session's dialect's word (`Dialect.steps(in:)` with no
/// `.invalid` step): today that is always attn's. attn has no Python front
/// end yet, so the claims of Python inputs are skipped with
/// `SkipReason.notAttnSyntax`, never failed. A Python front end takes them
/// over where `Checker` asks `isForeign(_:)`: instead of skipping such an
/// entry it runs it through `Session.run` in a session whose dialect is
/// Python (one per document, in document order), where the listings
/// (`Cell.listing`) run too; `firstForeign` is then the evidence that the
/// document is Python.
struct LanguageChoice {
    /// The first undeclared input or listing that is not attn syntax, or nil
    /// when all of it parses as attn.
    let firstForeign: (line: Int, code: String, message: String)?
    /// What attn's parser says of each transcript input that is not attn
    /// syntax itself, by the input's first line.
    private let foreignInputs: [Int: String]

    /// Reads every undeclared input and listing of `document` with `dialect`'s parser.
    init(_ document: Document, dialect: any Dialect) {
        var first: (line: Int, code: String, message: String)?
        var inputs: [Int: String] = [:]
        for cell in document.cells {
            let source: SourceFile
            switch cell {
            case .script: continue
            case .transcript(let entry):
                guard entry.language != .attn else { continue }
                source = entry.input
            case .listing(let code, _):
                source = code
            }
            guard let diagnostic = Self.syntaxError(in: source, dialect: dialect) else { continue }
            if case .transcript = cell { inputs[source.firstLine] = diagnostic.message }
            if first == nil {
                let line = source.location(of: diagnostic.range.start).line
                let code = source.lineText(containing: diagnostic.range.start).trimmingCharacters(in: .whitespaces)
                first = (line, code, diagnostic.message)
            }
        }
        firstForeign = first
        foreignInputs = inputs
    }

    /// Why `dialect` cannot read `source`: its first step that does not parse.
    static func syntaxError(in source: SourceFile, dialect: any Dialect) -> Diagnostic? {
        dialect.steps(in: source).first { $0.kind == .invalid }?.parseError
    }

    /// Whether `entry` is taken to be in another language than attn.
    func isForeign(_ entry: TranscriptEntry) -> Bool {
        entry.language != .attn && firstForeign != nil
    }

    /// Why a foreign entry is not run, for its skipped verdict.
    func reason(for entry: TranscriptEntry) -> String {
        if let message = foreignInputs[entry.input.firstLine] {
            return "the input is not attn syntax: \(message)"
        }
        guard let first = firstForeign else { return "" }
        return "taken to be Python, as the rest of the document is: line \(first.line), `\(first.code)`, is not attn syntax"
    }
}
