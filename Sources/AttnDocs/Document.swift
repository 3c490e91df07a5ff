import AttnCore
import AttnLang
import Foundation

/// An executable document: an `.attn` script, a Markdown page, plain text
/// (docstrings, notes, reStructuredText), a Python file's docstrings or a
/// Jupyter notebook, split into the cells that run, in order, and the claims
/// they carry.
///
/// Every claim keeps the exact byte span of its text in `bytes`, so that
/// `attn fix` can rewrite those bytes and nothing else.
public struct Document: Sendable {
    /// How the file is read (see `DocumentScanner` and `NotebookReader` for the rules).
    public enum Format: Sendable, Equatable {
        /// An `.attn` script: code from top to bottom, `# =>` and `# prints:`
        /// claims, transcripts at the start of a line.
        case attn
        /// Markdown: code fences run in one session per file (```` ```attn ````
        /// as attn, ```` ```python ```` and its kin as Python), with their
        /// comment claims and the output blocks after them; transcripts in
        /// every code block.
        case markdown
        /// Plain text (a docstring, notes, reStructuredText): only
        /// transcripts count, with their prompts at any indentation.
        case text
        /// A Python source file: the `>>>` examples of its docstrings.
        case python
        /// A Jupyter notebook (nbformat 4): code cells in the notebook's
        /// language, claimed by their stored outputs.
        case notebook
    }

    /// The path the document was read from, used in every message.
    public let path: String
    /// The file's bytes, exactly as read.
    public let bytes: [UInt8]
    public let format: Format
    /// The code to run, in document order.
    public let cells: [Cell]
    /// Why the file could not be read as its format (a notebook that is not
    /// valid JSON, say); then it has no cells, checking reports this one
    /// failure, and `attn fix` never writes it.
    public let problem: String?
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
        var problem: String?
        switch resolved {
        case .attn: cells = scanner.scanScript()
        case .markdown: cells = scanner.scanMarkdown()
        case .text: cells = scanner.scanText()
        case .python: cells = scanner.scanPythonFile()
        case .notebook:
            switch NotebookReader.read(scanner) {
            case .success(let notebookCells): cells = notebookCells
            case .failure(let error):
                cells = []
                problem = error.description
            }
        }
        self.problem = problem
    }

    /// This document with `cells` instead of its own.
    private init(_ document: Document, cells: [Cell]) {
        path = document.path
        bytes = document.bytes
        format = document.format
        snapshot = document.snapshot
        problem = document.problem
        self.cells = cells
    }

    /// A Python file whose module code runs even when it has no docstring
    /// example (which `attn check` needs before it runs anything): what a
    /// page of the file shows. Other documents are returned as they are.
    public func runningModuleCode() -> Document {
        guard format == .python, cells.isEmpty, problem == nil else { return self }
        let text = String(decoding: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...], as: UTF8.self)
        return Document(self, cells: [.code(CodeCell(source: SourceFile(name: path, text: text, firstLine: 1), language: .python))])
    }

    /// `.attn` files are attn, `.md` and `.markdown` files Markdown, `.py`
    /// files Python and `.ipynb` files notebooks. Any other file (`.txt`,
    /// `.rst`, no extension, a docstring dump) is Markdown when it holds a
    /// fenced code block, as a Markdown page saved as `.txt` does, and plain
    /// text otherwise.
    public static func format(forPath path: String, bytes: [UInt8]) -> Format {
        format(forPath: path, scanner: DocumentScanner(path: path, bytes: bytes))
    }

    static func format(forPath path: String, scanner: DocumentScanner) -> Format {
        let lower = path.lowercased()
        if lower.hasSuffix(".attn") { return .attn }
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        if lower.hasSuffix(".ipynb") { return .notebook }
        if lower.hasSuffix(".py") { return .python }
        if lower.hasSuffix(".rst") { return .text }
        return scanner.hasFencedBlock() ? .markdown : .text
    }

    /// Every claim in the document, in order (annotations, transcript
    /// outputs, output blocks, a notebook's stored outputs).
    public var claims: [ClaimSite] {
        var all: [ClaimSite] = []
        for cell in cells {
            switch cell {
            case .code(let code): all += code.annotations.map(\.site) + code.outputs
            case .transcript(let entry): if let output = entry.output { all.append(output) }
            }
        }
        return all.sorted { $0.span.lowerBound < $1.span.lowerBound }
    }
}

/// A piece of a document: a block of code with the claims about it, or one
/// transcript input with the output claimed after it.
public enum Cell: Sendable {
    case code(CodeCell)
    case transcript(TranscriptEntry)
}

/// A block of code that runs as a whole: an `.attn` file's lines between
/// transcripts, a Markdown fence, a notebook's code cell.
public struct CodeCell: Sendable {
    /// The code; a fragment of the document whose `firstLine` is its line
    /// in the document (in a notebook: 1, the cell's own first line).
    public var source: SourceFile
    /// What the document says the code is written in.
    public var language: SourceLanguage
    /// `# =>`, `# prints:`, `# Output:` comments and the printed values
    /// written as comments after statements.
    public var annotations: [Annotation]
    /// Claims about what the whole cell shows: the Markdown output block
    /// after it, or a notebook cell's stored outputs (stdout, its result,
    /// an error).
    public var outputs: [ClaimSite]
    /// Where a notebook cell is; nil in other documents.
    public var place: CellPlace?
    /// Why this cell cannot be run as written whatever the dialect (an
    /// IPython shell escape such as `!pip install`); its claims are then
    /// `unsupported` with this reason.
    public var unsupported: String?

    public init(source: SourceFile, language: SourceLanguage, annotations: [Annotation] = [],
                outputs: [ClaimSite] = [], place: CellPlace? = nil, unsupported: String? = nil) {
        self.source = source
        self.language = language
        self.annotations = annotations
        self.outputs = outputs
        self.place = place
        self.unsupported = unsupported
    }
}

/// A notebook cell as Jupyter shows it.
public struct CellPlace: Sendable, Equatable, Hashable {
    /// 1-based, counting every cell (Markdown ones too), as Jupyter numbers them.
    public var index: Int
    /// The cell's `execution_count` (`In [k]`), when it was run.
    public var executionCount: Int?

    public init(index: Int, executionCount: Int?) {
        self.index = index
        self.executionCount = executionCount
    }

    /// `cell 5 (In [3])`, or `cell 5` for a cell never run.
    public var description: String {
        "cell \(index)" + (executionCount.map { " (In [\($0)])" } ?? "")
    }
}

/// The language a part of a document is written in, as far as the document
/// itself says. Which front end runs it is decided when the document is
/// checked (`LanguageChoice`, `DialectRegistry`), not when it is read.
public enum SourceLanguage: Sendable, Hashable, CustomStringConvertible {
    /// attn, declared: an `.attn` file, an ```` ```attn ```` fence, an
    /// `attn>` prompt, a notebook whose kernel language is attn.
    case attn
    /// Python, declared: a block's info string (`python`, `py`, `python3`,
    /// `pycon`, `ipython`), IPython's `In [N]:` prompt, a `.py` file, a
    /// notebook whose kernel language is Python.
    case python
    /// Not said: `>>>` or `julia>` prompts in an unmarked or other code block,
    /// in an indented block, or in plain text.
    case unmarked
    /// Another language a notebook says it is written in (`julia`, `r`), by
    /// its lowercased name. attn runs none.
    case other(String)

    public var description: String {
        switch self {
        case .attn: return "attn"
        case .python: return "Python"
        case .unmarked: return "unmarked"
        case .other(let name): return name
        }
    }
}

/// A claim written in a comment after a statement, and the line of the
/// statement it is about.
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
    public enum Form: Sendable, Equatable, CaseIterable {
        /// `# => CLAIM` after a statement, or on the lines after it, or a
        /// value written as a comment after a bare expression: what the
        /// statement shows (its value, an error, or text).
        case annotation
        /// `# prints: TEXT` after a statement, or on the lines after it, or a
        /// value written as a comment after a `print(...)`: what the
        /// statement's `print` calls wrote.
        case printed
        /// The output lines under a transcript input, or `# Output: ...`
        /// after a statement: everything it showed.
        case output
        /// A Markdown block of output right after a code block: what the
        /// whole block showed.
        case outputBlock
        /// A notebook cell's stored `stdout` stream.
        case stream
        /// A notebook cell's stored `execute_result` or `display_data`
        /// (`text/plain`): the value the cell displayed.
        case result
        /// A notebook cell's stored `error` output: the cell fails.
        case error

        /// The name `attn check --json` gives the form.
        public var name: String {
            switch self {
            case .annotation: return "annotation"
            case .printed: return "printed"
            case .output: return "output"
            case .outputBlock: return "output block"
            case .stream: return "notebook stdout"
            case .result: return "notebook result"
            case .error: return "notebook error"
            }
        }
    }

    public var form: Form
    /// The claim with comment markers and prompts removed; lines joined by
    /// "\n" (a notebook's stored text exactly, final newline included).
    public var text: String
    /// The 1-based document line the claim starts on (in a notebook, the
    /// line of the JSON file where its stored text starts).
    public var line: Int
    /// Byte offsets into the document from the claim's first character to the
    /// end of its last line (line ending excluded): what `attn fix` replaces.
    /// In a notebook, the JSON value (the array of strings, or the string).
    public var span: Range<Int>
    /// What goes before each further line when the claim is rewritten over
    /// several lines (`#    ` for an annotation), so that its text lines up
    /// under the first line's.
    public var continuationPrefix: String
    /// The line ending the claim's lines use ("\n" or "\r\n").
    public var lineEnding: String
    /// For a notebook output: how its text is stored as JSON, so that a
    /// rewrite is written the same way. Nil in text documents.
    public var stored: StoredText?
    /// The notebook cell the claim belongs to; nil in text documents.
    public var cell: CellPlace?
    /// Doctest's rules: a line `<BLANKLINE>` stands for an empty line.
    public var blankLineMarker = false
    /// Doctest's `+ELLIPSIS`: `...` in the claim matches any text.
    public var ellipsis = false

    public init(form: Form, text: String, line: Int, span: Range<Int>, continuationPrefix: String, lineEnding: String) {
        self.form = form
        self.text = text
        self.line = line
        self.span = span
        self.continuationPrefix = continuationPrefix
        self.lineEnding = lineEnding
    }

    /// The claim's text as compared: doctest's `<BLANKLINE>` lines made empty.
    public var comparedText: String {
        guard blankLineMarker, text.contains("<BLANKLINE>") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) == "<BLANKLINE>" ? "" : String($0) }
            .joined(separator: "\n")
    }

    /// `text` laid out for the document: further lines get the continuation
    /// prefix (trailing blanks trimmed) and the document's line ending; an
    /// empty line becomes `<BLANKLINE>` under doctest's rules; a notebook's
    /// stored text is written as the JSON it was (`ClaimWriter.stored`).
    public func layout(_ text: String) -> String {
        if let stored { return ClaimWriter.stored(text, like: stored) }
        var text = text
        if blankLineMarker {
            text = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.allSatisfy { $0 == " " || $0 == "\t" } ? "<BLANKLINE>" : String($0) }
                .joined(separator: "\n")
        }
        return ClaimWriter.continued(text, prefix: continuationPrefix, lineEnding: lineEnding)
    }
}
