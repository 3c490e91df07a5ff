import AttnCore
import AttnLang

/// An executable document: an `.attn` script or a Markdown page, split into
/// the cells that run, in order, in one session, and the claims they carry.
///
/// Every claim keeps the exact byte span of its text in `bytes`, so that
/// `attn fix` can rewrite those bytes and nothing else.
public struct Document: Sendable {
    /// How the file is read: an `.attn` script is code from top to bottom;
    /// in Markdown only fences whose info string is `attn` run.
    public enum Format: Sendable, Equatable {
        case attn
        case markdown
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

    /// Splits `bytes` into cells; `format` defaults to Markdown for `.md`
    /// and `.markdown` paths and to attn otherwise.
    public init(path: String, bytes: [UInt8], format: Format? = nil, snapshot: FileSnapshot? = nil) {
        self.path = path
        self.bytes = bytes
        self.snapshot = snapshot
        let resolved = format ?? Document.format(forPath: path)
        self.format = resolved
        let scanner = DocumentScanner(path: path, bytes: bytes)
        cells = resolved == .markdown ? scanner.scanMarkdown() : scanner.scanScript()
    }

    /// `.md` and `.markdown` files are Markdown; everything else is attn.
    public static func format(forPath path: String) -> Format {
        let lower = path.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".markdown") ? .markdown : .attn
    }

    /// Every claim in the document, in order (annotations and transcript outputs).
    public var claims: [ClaimSite] {
        var all: [ClaimSite] = []
        for cell in cells {
            switch cell {
            case .script(_, let annotations): all += annotations.map(\.site)
            case .transcript(let entry): if let output = entry.output { all.append(output) }
            }
        }
        return all.sorted { $0.span.lowerBound < $1.span.lowerBound }
    }
}

/// A piece of a document that runs: plain code with `# =>` annotations, or
/// one transcript input with the output claimed after it.
public enum Cell: Sendable {
    /// Statements with annotations; the source is a fragment of the
    /// document whose `firstLine` is its line in the document.
    case script(SourceFile, annotations: [Annotation])
    case transcript(TranscriptEntry)
}

/// A `# =>` claim and the line of the statement it is about.
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
}

/// Where a claim is written and what it says.
public struct ClaimSite: Sendable, Equatable {
    /// How the claim is written.
    public enum Form: Sendable, Equatable {
        /// `# => CLAIM` after a statement, or on the lines after it.
        case annotation
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
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out = ""
        for (n, line) in lines.enumerated() {
            if n == 0 {
                out += line
                continue
            }
            var next = continuationPrefix + line
            while next.last == " " || next.last == "\t" { next.removeLast() }
            out += lineEnding + next
        }
        return out
    }
}
