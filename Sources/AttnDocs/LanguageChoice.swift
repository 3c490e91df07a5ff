import AttnLang
import Foundation

/// Decides, once per document and before anything runs, whether the
/// transcripts that do not say they are attn run as attn.
///
/// A `>>>` prompt is Python's, but attn documents use it too (a docstring
/// of attn code, a `.txt` transcript); so the prompt does not settle it. The
/// document does, as a whole: its undeclared inputs — every transcript input
/// whose `SourceLanguage` is `.unmarked` — are attn when all of them, and the
/// code of every Python block and Python input of the document, parse as attn. Otherwise they
/// are all taken to be Python, since they share one session with that code:
/// an input as plain as `>>> x` may name a value that only the Python code
/// defines, and running it as attn would report a failure that is not the
/// document's. Declared code always runs in its declared language: attn (an
/// `.attn` file, an ```` ```attn ```` fence, an `attn>` prompt, an attn
/// notebook) as attn, Python (a ```` ```python ```` fence, an `In [N]:`
/// prompt, a `.py` file, a Python notebook) as Python.
///
/// "Parses" is attn's parser's word (`Dialect.steps(in:)` with no `.invalid`
/// step). What then runs the Python is `DialectRegistry`'s business.
struct LanguageChoice {
    /// The first undeclared input or Python block that is not attn syntax,
    /// or nil when all of them parse as attn.
    let firstForeign: (line: Int, code: String, message: String)?
    /// What attn's parser says of each transcript input that is not attn
    /// syntax itself, by the input's first line.
    private let foreignInputs: [Int: String]

    /// Reads every undeclared input and Python block of `document` with `dialect`'s parser.
    init(_ document: Document, dialect: any Dialect) {
        var first: (line: Int, code: String, message: String)?
        var inputs: [Int: String] = [:]
        for cell in document.cells {
            let source: SourceFile
            switch cell {
            case .code(let code):
                guard code.language == .python else { continue }
                source = code.source
            case .transcript(let entry):
                guard entry.language != .attn else { continue }
                source = entry.input
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

    /// The language `entry` runs in: its declared one, or for an undeclared
    /// input attn or Python as the document decides.
    func language(of entry: TranscriptEntry) -> SourceLanguage {
        guard entry.language == .unmarked else { return entry.language }
        return firstForeign == nil ? .attn : .python
    }

    /// Why an undeclared entry was taken to be Python, for its report.
    func reason(for entry: TranscriptEntry) -> String? {
        guard entry.language == .unmarked else { return nil }
        if let message = foreignInputs[entry.input.firstLine] {
            return "the input is not attn syntax: \(message)"
        }
        guard let first = firstForeign else { return nil }
        return "taken to be Python, as the rest of the document is: line \(first.line), `\(first.code)`, is not attn syntax"
    }
}
