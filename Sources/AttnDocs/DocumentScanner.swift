import AttnLang

/// One line of a document, as byte offsets.
struct DocumentLine {
    /// Byte offset of the first character.
    let start: Int
    /// Byte offset just past the last character, before "\r\n", "\n" or a lone "\r".
    let contentEnd: Int
    /// Byte offset of the next line's start.
    let end: Int
    /// 1-based line number.
    let number: Int
}

/// Finds the cells and claims of a document, line by line, in one pass: no
/// line is looked at more than a fixed number of times, whatever the bytes.
///
/// - attn text (an `.attn` file, an ```` ```attn ```` fence): a line starting
///   with a prompt (`attn> `, `>>> `, `julia> `, `In [N]: `) opens a
///   transcript entry: its continuation lines (`...> `, `... `, `   ...: `),
///   then the output lines up to the next prompt or a blank line (a blank
///   line inside an unclosed bracket belongs to the output). Every other line
///   is code, whose `# =>` and `# prints:` comments are claims.
/// - Markdown: fences (```` ``` ```` or `~~~`, up to three spaces of indent)
///   whose info string's first word is `attn` are attn text. Every other code
///   block (a fence with any other info string or none, or a block indented by
///   four spaces after a blank line) is scanned as plain text; a fence whose
///   info string holds the word `skip` is not scanned at all. Prose is not
///   scanned: a `>>>` line there is a block quote.
/// - Plain text (and the code blocks above): only transcripts count, and
///   their prompts may be indented, as in a docstring. An entry's lines are
///   read at its prompt's indentation, and its output also ends at a line
///   indented less than the prompt or at a line that closes a docstring
///   (`"""` or `'''`). Nothing outside an entry runs.
struct DocumentScanner {
    let path: String
    let bytes: [UInt8]
    let lines: [DocumentLine]

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var lines: [DocumentLine] = []
        // A UTF-8 byte order mark is not part of the first line (a fence
        // right after it must still open).
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var i = start
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        while i < bytes.count {
            // "\n", "\r\n", and a lone "\r" (old Mac files) each end a line.
            if bytes[i] == lf || (bytes[i] == cr && (i + 1 == bytes.count || bytes[i + 1] != lf)) {
                let contentEnd = bytes[i] == lf && i > start && bytes[i - 1] == cr ? i - 1 : i
                lines.append(DocumentLine(start: start, contentEnd: contentEnd, end: i + 1, number: lines.count + 1))
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count {
            lines.append(DocumentLine(start: start, contentEnd: bytes.count, end: bytes.count, number: lines.count + 1))
        }
        self.lines = lines
    }

    // MARK: - Files

    /// document -> attn text
    func scanScript() -> [Cell] {
        scanCode(lines[...], indent: 0)
    }

    /// document -> { prose | fence | indented block }
    func scanMarkdown() -> [Cell] {
        var cells: [Cell] = []
        var i = 0
        // Whether an indented line here opens a code block: not when it
        // continues a paragraph (CommonMark's "lazy" continuation).
        var blockMayStart = true
        while i < lines.count {
            if let fence = openingFence(lines[i]) {
                var j = i + 1
                while j < lines.count, !closes(lines[j], fence) { j += 1 }
                cells += scanFence(fence, lines[(i + 1)..<j])
                i = j + 1
                blockMayStart = true
                continue
            }
            // In prose, an `attn>` prompt opens a transcript (what `attn run
            // --transcript` writes, pasted into a page). `>>>` there is a
            // nested block quote, so only attn's own prompt counts.
            let content = text(of: lines[i])
            if let prompt = Prompt.match(content, indent: 3), prompt.kind == .attn {
                let column = content.prefix { $0 == " " }.count
                let (entry, next) = transcriptEntry(at: i, prompt: prompt, end: lines.count, indent: column)
                cells.append(.transcript(entry))
                i = next
                blockMayStart = true
                continue
            }
            if blockMayStart, indentWidth(lines[i]) >= 4 {
                var j = i + 1
                while j < lines.count, isBlank(lines[j]) || indentWidth(lines[j]) >= 4 { j += 1 }
                cells += scanText(lines[i..<j], language: .unmarked)
                i = j
                continue
            }
            blockMayStart = isBlank(lines[i]) || isHeading(lines[i])
            i += 1
        }
        return cells
    }

    /// fence -> attn text | plain text | listing
    func scanFence(_ fence: Fence, _ body: ArraySlice<DocumentLine>) -> [Cell] {
        if fence.skip { return [] }
        if fence.language == "attn" { return scanCode(body, indent: fence.indent) }
        let language: SourceLanguage = Self.pythonInfoStrings.contains(fence.language) ? .python : .unmarked
        let cells = scanText(body, language: language)
        guard cells.isEmpty, language == .python, let first = body.first else { return cells }
        let text = body.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }.joined()
        return [.listing(SourceFile(name: path, text: text, firstLine: first.number), language: language)]
    }

    /// The info strings (first word, lowercased) that mark a block as Python.
    static let pythonInfoStrings: Set<String> = ["python", "python3", "py", "py3", "pycon", "ipython", "ipython3"]

    /// An opening fence: its character, length and indent, and its info
    /// string (`language`, `skip`); read by `FenceLine`.
    typealias Fence = FenceLine

    func openingFence(_ line: DocumentLine) -> Fence? {
        FenceLine(opening: text(of: line))
    }

    /// Whether the document holds a fenced code block: an opening fence and,
    /// on a later line, one that could close it. One pass: a closing line
    /// closes some earlier fence when it is at least as long as the shortest
    /// earlier opening fence of its character.
    func hasFencedBlock() -> Bool {
        var shortest: [Character: Int] = [:]
        for line in lines {
            guard let fence = openingFence(line) else { continue }
            if fence.language.isEmpty, let n = shortest[fence.marker], fence.length >= n { return true }
            shortest[fence.marker] = min(shortest[fence.marker] ?? Int.max, fence.length)
        }
        return false
    }

    func closes(_ line: DocumentLine, _ fence: Fence) -> Bool {
        fence.isClosed(by: text(of: line))
    }

    // MARK: - attn text

    /// attn text -> { transcript entry | code line }
    func scanCode(_ region: ArraySlice<DocumentLine>, indent: Int) -> [Cell] {
        var cells: [Cell] = []
        var code: [DocumentLine] = []
        func flush() {
            guard !code.isEmpty else { return }
            cells.append(scriptCell(code))
            code = []
        }
        var i = region.startIndex
        while i < region.endIndex {
            guard let prompt = Prompt.match(text(of: lines[i]), indent: indent) else {
                code.append(lines[i])
                i += 1
                continue
            }
            flush()
            let (entry, next) = transcriptEntry(at: i, prompt: prompt, end: region.endIndex, indent: indent)
            cells.append(.transcript(entry))
            i = next
        }
        flush()
        return cells
    }

    func text(of line: DocumentLine) -> String {
        String(decoding: bytes[line.start..<line.contentEnd], as: UTF8.self)
    }

    func lineEnding(_ line: DocumentLine) -> String {
        line.end - line.contentEnd == 2 ? "\r\n" : "\n"
    }

    func isBlank(_ line: DocumentLine) -> Bool {
        bytes[line.start..<line.contentEnd].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    /// The columns of blanks before the first character (a tab counts to the
    /// next multiple of four, as in Markdown).
    func indentWidth(_ line: DocumentLine) -> Int {
        var width = 0
        for b in bytes[line.start..<line.contentEnd] {
            if b == UInt8(ascii: " ") { width += 1 } else if b == UInt8(ascii: "\t") { width += 4 - width % 4 } else { break }
        }
        return width
    }

    /// An ATX heading: up to three spaces, one to six `#`, then a blank or the end.
    func isHeading(_ line: DocumentLine) -> Bool {
        let content = bytes[line.start..<line.contentEnd]
        var i = content.startIndex
        while i < content.endIndex, i - content.startIndex < 3, content[i] == UInt8(ascii: " ") { i += 1 }
        var hashes = 0
        while i < content.endIndex, content[i] == UInt8(ascii: "#") { hashes += 1; i += 1 }
        return (1...6).contains(hashes) && (i == content.endIndex || content[i] == UInt8(ascii: " ") || content[i] == UInt8(ascii: "\t"))
    }

    // MARK: - Plain text

    /// text -> { transcript entry | other line }
    func scanText() -> [Cell] {
        scanText(lines[...], language: .unmarked)
    }

    /// Transcripts at any indentation in `region`, whose other lines are not
    /// run; `language` is what the block around them says it holds.
    func scanText(_ region: ArraySlice<DocumentLine>, language: SourceLanguage) -> [Cell] {
        var cells: [Cell] = []
        var i = region.startIndex
        while i < region.endIndex {
            let content = text(of: lines[i])
            guard let prompt = Prompt.match(content, indent: Int.max) else {
                i += 1
                continue
            }
            let column = content.prefix { $0 == " " }.count
            var (entry, next) = transcriptEntry(at: i, prompt: prompt, end: region.endIndex, indent: column, docstring: true)
            switch prompt.kind {
            case .attn: entry.language = .attn
            case .ipython: entry.language = .python
            case .python, .julia: entry.language = language
            }
            cells.append(.transcript(entry))
            i = next
        }
        return cells
    }

    // MARK: - Transcripts

    /// entry -> PROMPT input { CONTINUATION input } { output line }
    ///
    /// Lines are read after up to `indent` blanks. With `docstring`, the
    /// output also ends at a non-blank line indented less than `indent` and
    /// at a line that closes a docstring (`"""` or `'''` alone).
    func transcriptEntry(at first: Int, prompt: Prompt.Match, end: Int, indent: Int,
                         docstring: Bool = false) -> (TranscriptEntry, Int) {
        var inputLines = [String(text(of: lines[first]).dropFirst(prompt.length))]
        var i = first + 1
        while i < end, let n = prompt.kind.continuationLength(text(of: lines[i]), indent: indent) {
            inputLines.append(String(text(of: lines[i]).dropFirst(n)))
            i += 1
        }
        let input = SourceFile(name: path, text: inputLines.joined(separator: "\n"), firstLine: lines[first].number)

        // Output: up to the next prompt or a blank line outside brackets.
        var outputLines: [(line: DocumentLine, skip: Int)] = []
        var depth = 0
        while i < end {
            let line = lines[i]
            let content = text(of: line)
            if Prompt.match(content, indent: indent) != nil { break }
            let blank = isBlank(line)
            let leading = content.prefix { $0 == " " }.count
            if docstring, !blank, leading < indent || Self.closesDocstring(content.dropFirst(leading)) { break }
            if blank && depth <= 0 { break }
            var skip = min(indent, leading)
            if outputLines.isEmpty, let out = prompt.kind.outputPrefixLength(String(content.dropFirst(skip))) {
                skip += out
            }
            outputLines.append((line, skip))
            depth += bracketBalance(content.dropFirst(skip))
            i += 1
        }
        // Blank lines at the end belong to the gap, not to the output.
        while let last = outputLines.last, isBlank(last.line) { outputLines.removeLast() }
        guard let head = outputLines.first, let tail = outputLines.last else {
            return (TranscriptEntry(input: input, output: nil), i)
        }
        let texts = outputLines.map { String(text(of: $0.line).dropFirst($0.skip)) }
        let start = head.line.start + Array(text(of: head.line).prefix(head.skip).utf8).count
        let site = ClaimSite(
            form: .output, text: texts.joined(separator: "\n"), line: head.line.number,
            span: start..<max(start, tail.line.contentEnd),
            continuationPrefix: String(repeating: " ", count: head.skip), lineEnding: lineEnding(head.line))
        return (TranscriptEntry(input: input, output: site), i)
    }

    /// `"""` or `'''`, and nothing else but blanks.
    static func closesDocstring(_ rest: Substring) -> Bool {
        let trimmed = rest.prefix { $0 != " " && $0 != "\t" }
        return (trimmed == "\"\"\"" || trimmed == "'''") && rest.dropFirst(trimmed.count).allSatisfy { $0 == " " || $0 == "\t" }
    }

    // MARK: - Annotations

    /// script -> { code line [ ( "# =>" | "# prints:" ) claim { continuation } ] }
    func scriptCell(_ code: [DocumentLine]) -> Cell {
        var annotations: [Annotation] = []
        // The last annotation's end line and target, so that a second claim
        // right after a first one is about the same statement.
        var previous: (endLine: Int, target: Int)?
        var k = 0
        while k < code.count {
            let line = code[k]
            let content = Array(bytes[line.start..<line.contentEnd])
            guard let marker = Self.claimMarker(in: content) else {
                k += 1
                continue
            }
            let ownLine = content[..<marker.hash].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            let claimColumn = String(decoding: content[..<marker.text], as: UTF8.self).count
            let leading = String(decoding: content.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }, as: UTF8.self)
            var pieces = [String(decoding: content[marker.text...], as: UTF8.self)]
            var depth = bracketBalance(pieces[0][...])
            var lastLine = line
            k += 1
            while k < code.count, let piece = continuation(code[k], claimColumn: claimColumn, open: depth > 0) {
                pieces.append(piece)
                depth += bracketBalance(piece[...])
                lastLine = code[k]
                k += 1
            }
            while let last = pieces.last, pieces.count > 1, last.allSatisfy({ $0 == " " || $0 == "\t" }) {
                pieces.removeLast()
            }
            let start = line.start + marker.text
            let prefixWidth = max(1, claimColumn - leading.count - 1)
            let site = ClaimSite(
                form: marker.form, text: pieces.map { trimTrailing($0) }.joined(separator: "\n"), line: line.number,
                span: start..<max(start, lastLine.contentEnd),
                continuationPrefix: leading + "#" + String(repeating: " ", count: prefixWidth),
                lineEnding: lineEnding(line))
            var target = ownLine ? line.number - 1 : line.number
            if ownLine, let previous, previous.endLine == line.number - 1 { target = previous.target }
            previous = (lastLine.number, target)
            annotations.append(Annotation(site: site, targetLine: target))
        }
        let first = code.first?.number ?? 1
        let text = code.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }.joined()
        return .script(SourceFile(name: path, text: text, firstLine: first), annotations: annotations)
    }

    /// A claim's further line: a comment line that is not itself a claim,
    /// whose `#` is followed by two or more blanks and some text, or any
    /// comment line while the claim has an unclosed bracket. Returns the
    /// text with the blanks that line it up under the claim removed.
    func continuation(_ line: DocumentLine, claimColumn: Int, open: Bool) -> String? {
        let content = Array(bytes[line.start..<line.contentEnd])
        guard Self.claimMarker(in: content) == nil else { return nil }
        var i = 0
        while i < content.count, content[i] == UInt8(ascii: " ") || content[i] == UInt8(ascii: "\t") { i += 1 }
        guard i < content.count, content[i] == UInt8(ascii: "#") else { return nil }
        let hashColumn = String(decoding: content[..<i], as: UTF8.self).count
        var j = i + 1
        while j < content.count, content[j] == UInt8(ascii: " ") || content[j] == UInt8(ascii: "\t") { j += 1 }
        let blanks = j - i - 1
        guard open || (blanks >= 2 && j < content.count) else { return nil }
        let drop = min(blanks, max(0, claimColumn - hashColumn - 1))
        return String(decoding: content[(i + 1 + drop)...], as: UTF8.self)
    }

    /// Finds a claim marker outside string literals, `# =>` (a claim about
    /// what the statement shows) or `# prints:` (about what it printed): the
    /// offsets of its `#` and of the claim text (after the marker and the
    /// blanks that follow it), and the form of claim it opens. Only a comment
    /// that starts with a marker is a claim.
    static func claimMarker(in content: [UInt8]) -> (hash: Int, text: Int, form: ClaimSite.Form)? {
        var inString = false
        var i = 0
        while i < content.count {
            let b = content[i]
            if inString {
                if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "#") {
                var j = i + 1
                while j < content.count, content[j] == UInt8(ascii: " ") { j += 1 }
                let form: ClaimSite.Form
                if content[j...].starts(with: Self.valueMarker) {
                    form = .annotation
                    j += Self.valueMarker.count
                } else if content[j...].starts(with: Self.printsMarker) {
                    form = .printed
                    j += Self.printsMarker.count
                } else {
                    return nil
                }
                while j < content.count, content[j] == UInt8(ascii: " ") || content[j] == UInt8(ascii: "\t") { j += 1 }
                return (i, j, form)
            }
            i += 1
        }
        return nil
    }

    static let valueMarker = Array("=>".utf8)
    static let printsMarker = Array("prints:".utf8)
}

/// Opening minus closing brackets, `[ ( {` against `] ) }`.
func bracketBalance(_ text: Substring) -> Int {
    var depth = 0
    for c in text {
        switch c {
        case "[", "(", "{": depth += 1
        case "]", ")", "}": depth -= 1
        default: break
        }
    }
    return depth
}

func trimTrailing(_ s: String) -> String {
    var s = s
    while s.last == " " || s.last == "\t" { s.removeLast() }
    return s
}

/// The prompts a transcript may use.
enum Prompt {
    enum Kind {
        case attn, python, julia, ipython

        /// The length of a continuation prompt at the start of `line`, if any.
        func continuationLength(_ line: String, indent: Int) -> Int? {
            let lead = min(indent, line.prefix { $0 == " " }.count)
            let rest = line.dropFirst(lead)
            switch self {
            case .attn: return Prompt.prefix(rest, "...>").map { $0 + lead }
            case .python: return Prompt.prefix(rest, "...").map { $0 + lead }
            case .julia: return nil
            case .ipython:
                // `   ...: ` — blanks, three or more dots, a colon.
                let blanks = rest.prefix { $0 == " " }.count
                let dots = rest.dropFirst(blanks).prefix { $0 == "." }.count
                guard dots >= 3, rest.dropFirst(blanks + dots).first == ":" else { return nil }
                let after = rest.dropFirst(blanks + dots + 1)
                return lead + blanks + dots + 1 + (after.first == " " ? 1 : 0)
            }
        }

        /// IPython marks the first output line with `Out[N]: `.
        func outputPrefixLength(_ line: String) -> Int? {
            guard self == .ipython, line.hasPrefix("Out["), let close = line.firstIndex(of: "]") else { return nil }
            let number = line[line.index(line.startIndex, offsetBy: 4)..<close]
            guard !number.isEmpty, number.allSatisfy(\.isNumber) else { return nil }
            let after = line[line.index(after: close)...]
            guard after.first == ":" else { return nil }
            return line.distance(from: line.startIndex, to: close) + 2 + (after.dropFirst().first == " " ? 1 : 0)
        }
    }

    struct Match {
        let kind: Kind
        /// Characters before the input text (indent and prompt).
        let length: Int
    }

    /// The prompt at the start of `line` (after up to `indent` blanks).
    static func match(_ line: String, indent: Int) -> Match? {
        let lead = min(indent, line.prefix { $0 == " " }.count)
        let rest = line.dropFirst(lead)
        if let n = prefix(rest, "attn>") { return Match(kind: .attn, length: lead + n) }
        if let n = prefix(rest, ">>>") { return Match(kind: .python, length: lead + n) }
        if let n = prefix(rest, "julia>") { return Match(kind: .julia, length: lead + n) }
        if rest.hasPrefix("In ["), let close = rest.firstIndex(of: "]") {
            let number = rest[rest.index(rest.startIndex, offsetBy: 4)..<close]
            let after = rest[rest.index(after: close)...]
            if !number.isEmpty, number.allSatisfy(\.isNumber), after.first == ":" {
                let n = rest.distance(from: rest.startIndex, to: close) + 2 + (after.dropFirst().first == " " ? 1 : 0)
                return Match(kind: .ipython, length: lead + n)
            }
        }
        return nil
    }

    /// `word` then a blank (or the end of the line): the length to drop.
    static func prefix(_ line: Substring, _ word: String) -> Int? {
        guard line.hasPrefix(word) else { return nil }
        let after = line.dropFirst(word.count)
        if after.isEmpty { return word.count }
        return after.first == " " ? word.count + 1 : nil
    }
}
