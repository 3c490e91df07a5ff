import AttnCore
import AttnLang

/// An executable document: an `.attn` script, a Markdown page or plain text
/// (docstrings, notes), split into the cells that run, in order, in one
/// session, and the claims they carry.
///
/// Every claim keeps the exact byte span of its text in `bytes`, so that
/// `attn fix` can rewrite those bytes and nothing else.
public struct Document: Sendable {
    /// How the file is read (see `DocumentScanner` for the rules).
    public enum Format: Sendable, Equatable {
        /// An `.attn` script: code from top to bottom, `# =>` and `# prints:`
        /// claims, transcripts at the start of a line.
        case attn
        /// Markdown: ```` ```attn ```` fences run as scripts; every other code
        /// block, fenced or indented, contributes the transcripts in it.
        case markdown
        /// Plain text (a docstring, notes): only transcripts count, with their
        /// prompts at any indentation.
        case text
    }

    /// The path the document was read from, used in every message.
    public let path: String
    /// The file's bytes, exactly as read.
    public let bytes: [UInt8]
    public let format: Format
    /// The code to run, in document order.
    public let cells: [Cell]
    /// What was on disk when the document was read, when it came from a
    /// file: `attn fix` hands it to `SafeFile.write`, which then refuses to
    /// overwrite a file that changed in the meantime.
    public let snapshot: FileSnapshot?

    /// Splits `bytes` into cells; `format` defaults to what
    /// `format(forPath:bytes:)` makes of the file.
    public init(path: String, bytes: [UInt8], format: Format? = nil, snapshot: FileSnapshot? = nil) {
        self.path = path
        self.bytes = bytes
        self.snapshot = snapshot
        let scanner = DocumentScanner(path: path, bytes: bytes)
        let resolved = format ?? Document.format(forPath: path, scanner: scanner)
        self.format = resolved
        switch resolved {
        case .attn: cells = scanner.scanScript()
        case .markdown: cells = scanner.scanMarkdown()
        case .text: cells = scanner.scanText()
        }
    }

    /// `.attn` files are attn and `.md` and `.markdown` files Markdown. Any
    /// other file (`.txt`, no extension, a docstring dump) is Markdown when it
    /// holds a fenced code block, as a Markdown page saved as `.txt` does,
    /// and plain text otherwise.
    public static func format(forPath path: String, bytes: [UInt8]) -> Format {
        format(forPath: path, scanner: DocumentScanner(path: path, bytes: bytes))
    }

    static func format(forPath path: String, scanner: DocumentScanner) -> Format {
        let lower = path.lowercased()
        if lower.hasSuffix(".attn") { return .attn }
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        return scanner.hasFencedBlock() ? .markdown : .text
    }

    /// Every claim in the document, in order (annotations and transcript outputs).
    public var claims: [ClaimSite] {
        var all: [ClaimSite] = []
        for cell in cells {
            switch cell {
            case .script(_, let annotations): all += annotations.map(\.site)
            case .transcript(let entry): if let output = entry.output { all.append(output) }
            case .listing: break
            }
        }
        return all.sorted { $0.span.lowerBound < $1.span.lowerBound }
    }
}

/// A piece of a document: plain attn code with `# =>` and `# prints:`
/// annotations, one transcript input with the output claimed after it, or
/// code in another language that the document shows.
public enum Cell: Sendable {
    /// Statements with annotations; the source is a fragment of the
    /// document whose `firstLine` is its line in the document.
    case script(SourceFile, annotations: [Annotation])
    case transcript(TranscriptEntry)
    /// A code block marked as another language (```` ```python ````) with no
    /// prompt in it: attn does not run it and it claims nothing, but it tells
    /// which language the document's unmarked transcripts are written in (see
    /// `LanguageChoice`), and a front end for that language will run it.
    case listing(SourceFile, language: SourceLanguage)
}

/// The language a part of a document is written in, as far as the document
/// itself says. Which front end runs it is decided when the document is
/// checked (`LanguageChoice`), not when it is read.
public enum SourceLanguage: Sendable, Equatable {
    /// attn, declared: an `.attn` file, an ```` ```attn ```` fence, an `attn>` prompt.
    case attn
    /// Python, by the block's info string (`python`, `py`, `python3`, `pycon`,
    /// `ipython`) or by IPython's `In [N]:` prompt. attn syntax that such a block
    /// happens to hold is still run as attn while attn has no Python front end:
    /// authors mark attn code `python` for its syntax colouring.
    case python
    /// Not said: `>>>` or `julia>` prompts in an unmarked or other code block,
    /// in an indented block, or in plain text.
    case unmarked
}

/// A `# =>` or `# prints:` claim and the line of the statement it is about.
public struct Annotation: Sendable {
    public var site: ClaimSite
    /// The document line on which the claimed statement ends.
    public var targetLine: Int
}

/// One input of a transcript (`attn> x`, `>>> x`, `julia> x`, `In [1]: x`)
/// and the output written under it.
public struct TranscriptEntry: Sendable {
    /// The input with its prompts removed; lines keep their document numbers.
    public var input: SourceFile
    /// The output lines as a claim, or nil when the transcript shows none
    /// (then nothing is claimed, but the input must still run).
    public var output: ClaimSite?
    /// What the prompt and the block around it say the input is written in.
    public var language: SourceLanguage = .attn
}

/// Where a claim is written and what it says.
public struct ClaimSite: Sendable, Equatable {
    /// How the claim is written.
    public enum Form: Sendable, Equatable {
        /// `# => CLAIM` after a statement, or on the lines after it: what the
        /// statement shows (its value, an error, or text).
        case annotation
        /// `# prints: TEXT` after a statement, or on the lines after it: what
        /// the statement's `print` calls wrote, compared as text.
        case printed
        /// The output lines under a transcript input.
        case output
    }

    public var form: Form
    /// The claim with comment markers and prompts removed; lines joined by "\n".
    public var text: String
    /// The 1-based document line the claim starts on.
    public var line: Int
    /// Byte offsets into the document from the claim's first character to the
    /// end of its last line (line ending excluded): what `attn fix` replaces.
    public var span: Range<Int>
    /// What goes before each further line when the claim is rewritten over
    /// several lines (`#    ` for an annotation), so that its text lines up
    /// under the first line's.
    public var continuationPrefix: String
    /// The line ending the claim's lines use ("\n" or "\r\n").
    public var lineEnding: String

    public init(form: Form, text: String, line: Int, span: Range<Int>, continuationPrefix: String, lineEnding: String) {
        self.form = form
        self.text = text
        self.line = line
        self.span = span
        self.continuationPrefix = continuationPrefix
        self.lineEnding = lineEnding
    }

    /// `text` laid out for the document: further lines get the continuation
    /// prefix (trailing blanks trimmed) and the document's line ending.
    public func layout(_ text: String) -> String {
        ClaimWriter.continued(text, prefix: continuationPrefix, lineEnding: lineEnding)
    }
}
