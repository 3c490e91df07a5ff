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

/// Finds the cells and claims of a document, line by line.
///
/// - Markdown: fences (```` ``` ```` or `~~~`, up to three spaces of indent)
///   whose info string's first word is `attn` and that are not `attn skip`
///   are scanned as attn text; everything else is prose.
/// - attn text: a line starting with a prompt (`attn> `, `>>> `, `julia> `,
///   `In [N]: `) opens a transcript entry: its continuation lines (`...> `,
///   `... `, `   ...: `), then the output lines up to the next prompt or a
///   blank line (a blank line inside an unclosed bracket belongs to the
///   output). Every other line is code, whose `# =>` comments are claims.
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

    /// document -> { prose | fence }
    func scanMarkdown() -> [Cell] {
        var cells: [Cell] = []
        var i = 0
        while i < lines.count {
            guard let fence = openingFence(lines[i]) else {
                i += 1
                continue
            }
            var j = i + 1
            while j < lines.count, !closes(lines[j], fence) { j += 1 }
            if fence.runs { cells += scanCode(lines[(i + 1)..<j], indent: fence.indent) }
            i = j + 1
        }
        return cells
    }

    /// An opening fence: its character, length, indent and whether it runs.
    struct Fence {
        let marker: UInt8
        let length: Int
        let indent: Int
        let runs: Bool
    }

    func openingFence(_ line: DocumentLine) -> Fence? {
        let content = Array(bytes[line.start..<line.contentEnd])
        var i = 0
        while i < content.count, content[i] == UInt8(ascii: " ") { i += 1 }
        guard i <= 3, i < content.count, content[i] == UInt8(ascii: "`") || content[i] == UInt8(ascii: "~") else { return nil }
        let marker = content[i]
        var n = 0
        while i + n < content.count, content[i + n] == marker { n += 1 }
        guard n >= 3 else { return nil }
        let info = String(decoding: content[(i + n)...], as: UTF8.self)
        // A backtick fence's info string may not contain a backtick (CommonMark).
        if marker == UInt8(ascii: "`"), info.contains("`") { return nil }
        let words = info.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" || $0 == "}" || $0 == "," })
        let runs = words.first == "attn" && !words.dropFirst().contains("skip")
        return Fence(marker: marker, length: n, indent: i, runs: runs)
    }

    func closes(_ line: DocumentLine, _ fence: Fence) -> Bool {
        let content = Array(bytes[line.start..<line.contentEnd])
        var i = 0
        while i < content.count, content[i] == UInt8(ascii: " ") { i += 1 }
        guard i <= 3 else { return false }
        var n = 0
        while i + n < content.count, content[i + n] == fence.marker { n += 1 }
        guard n >= fence.length else { return false }
        return content[(i + n)...].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
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

    // MARK: - Transcripts

    /// entry -> PROMPT input { CONTINUATION input } { output line }
    func transcriptEntry(at first: Int, prompt: Prompt.Match, end: Int, indent: Int) -> (TranscriptEntry, Int) {
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
            if isBlank(line) && depth <= 0 { break }
            var skip = min(indent, content.prefix { $0 == " " }.count)
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

    // MARK: - Annotations

    /// script -> { code line [ "# =>" claim { continuation } ] }
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
                form: .annotation, text: pieces.map { trimTrailing($0) }.joined(separator: "\n"), line: line.number,
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

    /// Finds `# =>` outside string literals: the offsets of its `#` and of the
    /// claim text (after `=>` and the blanks that follow it).
    static func claimMarker(in content: [UInt8]) -> (hash: Int, text: Int)? {
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
                guard j + 1 < content.count, content[j] == UInt8(ascii: "="), content[j + 1] == UInt8(ascii: ">") else { return nil }
                j += 2
                while j < content.count, content[j] == UInt8(ascii: " ") || content[j] == UInt8(ascii: "\t") { j += 1 }
                return (i, j)
            }
            i += 1
        }
        return nil
    }
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
