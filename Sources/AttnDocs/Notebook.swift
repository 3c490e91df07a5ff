import AttnLang

/// Reads a Jupyter notebook (nbformat 4) into code cells and the claims
/// their stored outputs make.
///
/// The notebook's language is its `metadata.kernelspec.language`, else
/// `metadata.language_info.name`, else `metadata.kernelspec.name` (`python3`
/// and the like are Python, `attn` is attn); a notebook that names none is
/// taken to be Python, as Jupyter itself assumes. Code cells run in order in
/// one session; Markdown and raw cells are prose.
///
/// A code cell's claims are its stored outputs:
/// - each `stream` output named `stdout`: what the cell printed;
/// - `execute_result`, and `display_data` that is text alone, by their
///   `text/plain`: the value the cell displayed. A `display_data` that
///   carries an image or HTML is a rendering (a plot), whose `text/plain` is
///   only a placeholder such as `<Figure size 640x480 with 1 Axes>`: no claim;
/// - an `error` output: the cell fails, with that exception.
/// `stderr` is not a claim (warnings, progress bars). A cell with no stored
/// output claims nothing.
///
/// IPython's own syntax is not Python: a line magic that only configures
/// the front end (`%matplotlib inline`, `%config ...`, `%load_ext ...`) is
/// blanked out, and a cell with any other magic (`%timeit`, `%%time`) or a
/// shell escape (`!pip install ...`) runs with that line blanked out and has
/// its claims marked unsupported, naming the line.
///
/// Nothing of a file that is not a well-formed nbformat 4 notebook is
/// checked or written: the reader fails as a whole.
enum NotebookReader {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static func read(_ scanner: DocumentScanner) -> Result<[Cell], Failure> {
        let root: JSONNode
        do throws(JSONError) {
            root = try JSONReader.read(scanner.bytes)
        } catch {
            let line = scanner.lineNumber(atByte: error.offset)
            return .failure(Failure(message: "not a notebook: invalid JSON at line \(line): \(error.message)"))
        }
        guard root.isObject else { return .failure(Failure(message: "not a notebook: the JSON is not an object")) }
        if let major = root["nbformat"]?.int, major < 4 {
            return .failure(Failure(message: "not a notebook attn reads: nbformat \(major) (save it as nbformat 4 with Jupyter)"))
        }
        guard let cells = root["cells"]?.array else {
            return .failure(Failure(message: "not a notebook: it has no \"cells\" list"))
        }
        let language = self.language(root["metadata"])
        let asciiOnly = !scanner.bytes.contains { $0 >= 0x80 }
        var out: [Cell] = []
        for (n, cell) in cells.enumerated() {
            guard cell.isObject, let type = cell["cell_type"]?.string else {
                return .failure(Failure(message: "not a notebook: cell \(n + 1) has no cell_type"))
            }
            guard type == "code" else { continue }
            guard let source = cell["source"]?.multilineText else {
                return .failure(Failure(message: "not a notebook: cell \(n + 1) has no source text"))
            }
            let place = CellPlace(index: n + 1, executionCount: cell["execution_count"]?.int)
            let (code, unsupported) = language == .python ? withoutMagics(source) : (source, nil)
            var outputs: [ClaimSite] = []
            for output in cell["outputs"]?.array ?? [] {
                switch claim(output, place: place, scanner: scanner, asciiOnly: asciiOnly) {
                case .success(let site?): outputs.append(site)
                case .success(nil): break
                case .failure(let failure): return .failure(failure)
                }
            }
            let file = SourceFile(name: sourceName(path: scanner.path, cell: n + 1), text: code, firstLine: 1)
            out.append(.code(CodeCell(source: file, language: language, outputs: outputs, place: place, unsupported: unsupported)))
        }
        return .success(out)
    }

    /// The name of the source a code cell runs as: `PATH: cell N`, N 1-based
    /// counting every cell. A page finds each cell's outcomes by it.
    static func sourceName(path: String, cell: Int) -> String {
        "\(path): cell \(cell)"
    }

    /// Every cell of a notebook as it is laid out, Markdown and raw cells
    /// too, for a page: its kind (`markdown`, `code`, `raw`), its text and
    /// its 1-based index; nil when the file is not a notebook (the checker
    /// reports why).
    static func layout(_ bytes: [UInt8]) -> (cells: [(kind: String, text: String, index: Int)], language: SourceLanguage)? {
        guard let root = try? JSONReader.read(bytes), root.isObject, let cells = root["cells"]?.array else { return nil }
        var out: [(kind: String, text: String, index: Int)] = []
        for (n, cell) in cells.enumerated() {
            guard let kind = cell["cell_type"]?.string else { continue }
            out.append((kind, cell["source"]?.multilineText ?? "", n + 1))
        }
        return (out, language(root["metadata"]))
    }

    /// The language the notebook's metadata names.
    static func language(_ metadata: JSONNode?) -> SourceLanguage {
        let named = metadata?["kernelspec"]?["language"]?.string
            ?? metadata?["language_info"]?["name"]?.string
            ?? metadata?["kernelspec"]?["name"]?.string
        guard let name = named?.lowercased() else { return .python }
        if name.hasPrefix("python") || name == "ipython" || name.hasPrefix("ipython") { return .python }
        if name == "attn" { return .attn }
        return .other(name)
    }

    /// The claim one stored output makes, if any.
    static func claim(_ output: JSONNode, place: CellPlace, scanner: DocumentScanner,
                      asciiOnly: Bool) -> Result<ClaimSite?, Failure> {
        guard let type = output["output_type"]?.string else {
            return .failure(Failure(message: "not a notebook: an output of cell \(place.index) has no output_type"))
        }
        let form: ClaimSite.Form
        let textNode: JSONNode?
        switch type {
        case "stream":
            guard output["name"]?.string == "stdout" else { return .success(nil) }
            form = .stream
            textNode = output["text"]
        case "execute_result", "display_data":
            let data = output["data"]
            if type == "display_data", case .object(let members)? = data?.value,
               members.contains(where: { $0.key.hasPrefix("image/") || $0.key == "text/html" }) {
                return .success(nil)
            }
            form = .result
            textNode = data?["text/plain"]
            if textNode == nil { return .success(nil) }
        case "error":
            let name = output["ename"]?.string ?? "an error"
            let value = output["evalue"]?.string ?? ""
            var site = ClaimSite(form: .error, text: value.isEmpty ? name : "\(name): \(value)",
                                 line: scanner.lineNumber(atByte: output.span.lowerBound), span: output.span,
                                 continuationPrefix: "", lineEnding: "\n")
            site.cell = place
            return .success(site)
        default:
            return .success(nil)
        }
        guard let node = textNode, let text = node.multilineText else {
            return .failure(Failure(message: "not a notebook: a \(type) output of cell \(place.index) has no text"))
        }
        var site = ClaimSite(form: form, text: text, line: scanner.lineNumber(atByte: node.span.lowerBound),
                             span: node.span, continuationPrefix: "", lineEnding: "\n")
        site.cell = place
        site.stored = StoredText(node, in: scanner.bytes, asciiOnly: asciiOnly)
        return .success(site)
    }

    /// Front-end magics that print nothing and change nothing a claim sees.
    static let quietMagics: Set<String> = ["%matplotlib", "%config", "%load_ext", "%reload_ext", "%autoreload", "%pylab"]

    /// `source` with IPython's magic and shell-escape lines blanked out (the
    /// lines stay, so line numbers do), and why the cell's claims cannot be
    /// checked when a blanked line did something.
    static func withoutMagics(_ source: String) -> (String, unsupported: String?) {
        var unsupported: String?
        var changed = false
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, line) in lines.enumerated() {
            let code = line.drop { $0 == " " || $0 == "\t" }
            guard let first = code.first, first == "%" || first == "!" else { continue }
            let word = String(code.prefix { $0 != " " && $0 != "\t" })
            if !quietMagics.contains(word), unsupported == nil {
                let shown = code.count > 40 ? String(code.prefix(40)) + "..." : String(code)
                unsupported = first == "!" ? "the cell runs a shell command (`\(shown)`)"
                                           : "the cell uses IPython's `\(word)` magic"
            }
            lines[i] = ""
            changed = true
        }
        return (changed ? lines.joined(separator: "\n") : source, unsupported)
    }
}

/// How a notebook output's text is stored as JSON: one string, or (as
/// nbformat writes it) an array of strings, one a line, each laid out the
/// same way. `ClaimWriter.stored` writes new text in this layout, reusing
/// the exact bytes of every line that did not change, so that a rewrite
/// shows in `git diff` as the changed lines only.
public struct StoredText: Sendable, Equatable {
    /// Whether the text is an array of strings rather than one string.
    public var isArray: Bool
    /// Bytes between `[` and the first element (a line break and the indent).
    public var opening: String
    /// Bytes between a `,` and the next element.
    public var separator: String
    /// Bytes between the last element and `]`.
    public var closing: String
    /// Each element's decoded text and its JSON exactly as written.
    public var elements: [String: String]
    /// Whether the file escapes every non-ASCII character (`\u00e9`), as
    /// Python's `json` does by default; nbformat writes UTF-8 as it is.
    public var asciiOnly: Bool

    init(_ node: JSONNode, in bytes: [UInt8], asciiOnly: Bool) {
        self.asciiOnly = asciiOnly
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        var elements: [String: String] = [:]
        guard let items = node.array else {
            isArray = false
            opening = ""
            separator = ""
            closing = ""
            if let s = node.string { elements[s] = text(node.span) }
            self.elements = elements
            return
        }
        isArray = true
        for item in items { if let s = item.string { elements[s] = text(item.span) } }
        self.elements = elements
        guard let first = items.first, let last = items.last else {
            opening = "\n"
            separator = "\n"
            closing = ""
            return
        }
        opening = text((node.span.lowerBound + 1)..<first.span.lowerBound)
        closing = text(last.span.upperBound..<(node.span.upperBound - 1))
        if items.count > 1 {
            // After the comma that follows the first element.
            let between = bytes[first.span.upperBound..<items[1].span.lowerBound]
            let comma = between.firstIndex(of: UInt8(ascii: ",")) ?? first.span.upperBound
            separator = text((comma + 1)..<items[1].span.lowerBound)
        } else {
            separator = opening
        }
    }
}
