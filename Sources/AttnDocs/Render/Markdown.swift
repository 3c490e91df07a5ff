import Foundation

// The Markdown that documents use, read into blocks for `attn render`.
//
// A CommonMark subset, read line by line in one pass per nesting level:
// ATX and setext headings, paragraphs, fenced and indented code blocks,
// block quotes (nested), bullet and ordered lists (nested by indentation,
// with lazy paragraph continuation), GFM pipe tables and thematic breaks.
// Inline syntax (emphasis, code spans, links) is `MarkdownInline`'s.
// Not supported, and shown as text: reference-style link definitions, HTML
// (a block or inline tag is escaped, never passed through: documents are
// untrusted), footnotes. Code blocks keep the document line of their first
// line, so the renderer can show what running them produced beside them.

/// A block of a Markdown document.
public indirect enum MarkdownBlock: Equatable, Sendable {
    /// `# Title`: level 1 to 6 and the inline text.
    case heading(level: Int, text: String)
    /// Inline text, its lines joined by "\n".
    case paragraph(String)
    case code(CodeBlock)
    case quote([MarkdownBlock])
    /// `start` is the first number of an ordered list (1 for bullets).
    case list(ordered: Bool, start: Int, items: [[MarkdownBlock]])
    /// Cells are inline text; `alignments` has one entry per header cell.
    case table(header: [String], alignments: [TableAlignment], rows: [[String]])
    /// `---`, `***`, `___`.
    case rule
}

public enum TableAlignment: Equatable, Sendable {
    case none, left, center, right
}

/// A code block as written: fenced (with its info string) or indented.
public struct CodeBlock: Equatable, Sendable {
    /// The info string's words (```` ```attn skip ```` → `["attn", "skip"]`);
    /// empty for an indented block or a bare fence.
    public var info: [String]
    /// The code, one entry per line, without the fence's indentation.
    public var lines: [String]
    /// The 1-based document line of the first code line (in a notebook
    /// cell: 1, the cell's own first line).
    public var firstLine: Int
    /// The notebook cell this block is (1-based, counting every cell), whose
    /// outcomes and verdicts it shows; nil outside notebooks, where document
    /// lines place them.
    public var cell: Int?

    public init(info: [String], lines: [String], firstLine: Int, cell: Int? = nil) {
        self.info = info
        self.lines = lines
        self.firstLine = firstLine
        self.cell = cell
    }

    /// The first word of the info string, lowercased, without a leading `.`.
    public var language: String { FenceLine.language(info) }
}

public enum Markdown {
    /// The blocks of `text`, whose first line is document line `firstLine`.
    public static func parse(_ text: String, firstLine: Int = 1) -> [MarkdownBlock] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { n, line in
            SourceLine(text: line.hasSuffix("\r") ? line.dropLast() : line, number: firstLine + n)
        }
        var reader = BlockReader(lines: lines)
        return reader.blocks()
    }
}

/// One line and its document line number, with its leading blanks counted
/// once: removing a list item's or a quote's indentation from it is
/// arithmetic, not another scan, so nesting costs little however far the
/// lines are indented.
struct SourceLine {
    let text: Substring
    let number: Int
    /// Columns of leading blanks (a tab to the next multiple of 4).
    let indent: Int
    /// Characters of leading blanks.
    let blanks: Int
    /// Whether a tab is among the leading blanks (then removing columns
    /// takes a scan, since tab stops move).
    let tabbed: Bool
    let isBlank: Bool

    init<S: StringProtocol>(text: S, number: Int) {
        self.text = Substring(text)
        self.number = number
        var width = 0, count = 0, tab = false
        for c in text {
            if c == " " { width += 1 } else if c == "\t" { width += 4 - width % 4; tab = true } else { break }
            count += 1
        }
        indent = width
        blanks = count
        tabbed = tab
        isBlank = self.text.dropFirst(count).isEmpty
    }

    private init(text: Substring, number: Int, indent: Int, blanks: Int, isBlank: Bool) {
        self.text = text
        self.number = number
        self.indent = indent
        self.blanks = blanks
        tabbed = false
        self.isBlank = isBlank
    }

    /// The line with `columns` of leading blanks removed (fewer if it has fewer).
    func dropping(_ columns: Int) -> SourceLine {
        guard tabbed else {
            let n = min(columns, blanks)
            return SourceLine(text: text.dropFirst(n), number: number, indent: indent - n, blanks: blanks - n, isBlank: isBlank)
        }
        var width = 0
        var index = text.startIndex
        while index < text.endIndex, width < columns {
            let c = text[index]
            if c == " " { width += 1 } else if c == "\t" { width += 4 - width % 4 } else { break }
            index = text.index(after: index)
        }
        return SourceLine(text: text[index...], number: number)
    }

    /// The text after up to three blanks, or nil when indented by four or more.
    var content: Substring? {
        indent < 4 ? text.dropFirst(blanks) : nil
    }
}

/// Reads the blocks of a run of lines (a document, a quote's or a list item's content).
struct BlockReader {
    let lines: [SourceLine]
    var i = 0
    /// How many quotes and list items this reader is inside. Past
    /// `maxDepth` a `>` or a list marker is text, so no input can nest the
    /// reader deeply (each level copies its lines once).
    let depth: Int
    static let maxDepth = 32

    init(lines: [SourceLine], depth: Int = 0) {
        self.lines = lines
        self.depth = depth
    }

    // blocks -> { heading | rule | fence | indented code | quote | list | table | paragraph | blank }
    mutating func blocks() -> [MarkdownBlock] {
        var out: [MarkdownBlock] = []
        while i < lines.count {
            let line = lines[i]
            if line.isBlank { i += 1; continue }
            if let heading = BlockReader.atxHeading(line) { out.append(heading); i += 1; continue }
            if BlockReader.isRule(line) { out.append(.rule); i += 1; continue }
            if let fence = BlockReader.fence(line) { out.append(fenced(fence)); continue }
            if line.indent >= 4 { out.append(indentedCode()); continue }
            if depth < BlockReader.maxDepth {
                if BlockReader.quoteContent(line) != nil { out.append(quote()); continue }
                if let marker = BlockReader.listMarker(line) { out.append(list(marker)); continue }
            }
            if let table = table() { out.append(table); continue }
            out.append(paragraph())
        }
        return out
    }

    // heading -> '#'{1,6} (blank text)? '#'*
    static func atxHeading(_ line: SourceLine) -> MarkdownBlock? {
        guard let content = line.content, content.hasPrefix("#") else { return nil }
        let hashes = content.prefix { $0 == "#" }.count
        let rest = content.dropFirst(hashes)
        guard hashes <= 6, rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        // A closing run of #s, after a blank, is not part of the text.
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let before = text.dropLast(closing)
            if before.isEmpty || before.last == " " { text = before.trimmingCharacters(in: .whitespaces) }
        }
        return .heading(level: hashes, text: text)
    }

    // rule -> three or more of one of - * _, blanks between
    static func isRule(_ line: SourceLine) -> Bool {
        guard let content = line.content, let first = content.first, "-*_".contains(first) else { return false }
        let marks = content.filter { $0 != " " && $0 != "\t" }
        return marks.count >= 3 && marks.allSatisfy { $0 == first }
    }

    static func fence(_ line: SourceLine) -> FenceLine? {
        FenceLine(opening: line.text)
    }

    // fence -> opening line* closing?
    mutating func fenced(_ fence: FenceLine) -> MarkdownBlock {
        i += 1
        let first = i < lines.count ? lines[i].number : (lines.last?.number ?? 0) + 1
        var code: [String] = []
        while i < lines.count {
            let line = lines[i]
            i += 1
            if fence.isClosed(by: line.text) { break }
            code.append(String(line.dropping(fence.indent).text))
        }
        return .code(CodeBlock(info: fence.words, lines: code, firstLine: first))
    }

    // indented code -> (line indented by 4 | blank)+ (trailing blanks not included)
    mutating func indentedCode() -> MarkdownBlock {
        let first = lines[i].number
        var code: [String] = []
        while i < lines.count, lines[i].isBlank || lines[i].indent >= 4 {
            code.append(String(lines[i].dropping(4).text))
            i += 1
        }
        while code.last?.allSatisfy({ $0 == " " || $0 == "\t" }) == true { code.removeLast() }
        return .code(CodeBlock(info: [], lines: code, firstLine: first))
    }

    /// The rest of a block quote line after `>` and one optional blank.
    static func quoteContent(_ line: SourceLine) -> SourceLine? {
        guard let content = line.content, content.hasPrefix(">") else { return nil }
        var rest = content.dropFirst()
        if rest.first == " " { rest = rest.dropFirst() }
        return SourceLine(text: rest, number: line.number)
    }

    // quote -> ('>' line | lazy paragraph line)+
    mutating func quote() -> MarkdownBlock {
        var inner: [SourceLine] = []
        while i < lines.count {
            if let rest = BlockReader.quoteContent(lines[i]) {
                inner.append(rest)
            } else if !lines[i].isBlank, let last = inner.last, !last.isBlank, BlockReader.continuesParagraph(lines[i]) {
                inner.append(lines[i])
            } else {
                break
            }
            i += 1
        }
        var reader = BlockReader(lines: inner, depth: depth + 1)
        return .quote(reader.blocks())
    }

    /// A list item's marker: ordered or not, its number, the character that
    /// ends it, and the column its content starts at.
    struct ListMarker {
        let ordered: Bool
        let number: Int
        let delimiter: Character
        let contentColumn: Int
        let indent: Int
        /// The first line's text after the marker and the blanks after it.
        let rest: String
    }

    static func listMarker(_ line: SourceLine) -> ListMarker? {
        guard let content = line.content else { return nil }
        let indent = line.indent
        var markerLength: Int
        var ordered = false, number = 1, delimiter: Character
        if let first = content.first, "-*+".contains(first) {
            markerLength = 1
            delimiter = first
        } else {
            let digits = content.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), let next = content.dropFirst(digits.count).first, next == "." || next == ")" else { return nil }
            ordered = true
            number = Int(digits) ?? 1
            delimiter = next
            markerLength = digits.count + 1
        }
        let after = content.dropFirst(markerLength)
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        let blanks = min(4, after.prefix { $0 == " " }.count)
        // More than four blanks: the content is indented code, one blank counts.
        let gap = after.isEmpty ? 1 : (blanks == 4 ? 1 : max(1, blanks))
        return ListMarker(ordered: ordered, number: number, delimiter: delimiter, contentColumn: indent + markerLength + gap,
                          indent: indent, rest: String(after.dropFirst(after.isEmpty ? 0 : gap)))
    }

    // list -> item+, items of one kind (same bullet, or same delimiter)
    mutating func list(_ first: ListMarker) -> MarkdownBlock {
        var items: [[MarkdownBlock]] = []
        var marker: ListMarker? = first
        while let current = marker {
            var content: [SourceLine] = [SourceLine(text: current.rest, number: lines[i].number)]
            i += 1
            var sawBlank = false
            while i < lines.count {
                let line = lines[i]
                if line.isBlank {
                    sawBlank = true
                    content.append(line)
                } else if line.indent >= current.contentColumn {
                    content.append(line.dropping(current.contentColumn))
                    sawBlank = false
                } else if !sawBlank, BlockReader.listMarker(line) == nil, BlockReader.continuesParagraph(line),
                          content.last.map({ !$0.isBlank }) ?? false {
                    content.append(line)  // a lazy continuation of the item's paragraph
                } else {
                    break
                }
                i += 1
            }
            var reader = BlockReader(lines: content, depth: depth + 1)
            items.append(reader.blocks())
            marker = nil
            if i < lines.count, let next = BlockReader.listMarker(lines[i]), next.ordered == first.ordered,
               next.delimiter == first.delimiter, next.indent < current.contentColumn {
                marker = next
            }
        }
        return .list(ordered: first.ordered, start: first.number, items: items)
    }

    /// Whether `line` may continue a paragraph: it starts no other block.
    static func continuesParagraph(_ line: SourceLine) -> Bool {
        !(atxHeading(line) != nil || isRule(line) || fence(line) != nil || quoteContent(line) != nil || line.isBlank)
    }

    // table -> row delimiter-row row*   (GFM: a row holds '|')
    mutating func table() -> MarkdownBlock? {
        guard i + 1 < lines.count, lines[i].text.contains("|"), let alignments = BlockReader.delimiterRow(lines[i + 1]) else { return nil }
        let header = BlockReader.cells(lines[i].text)
        guard header.count == alignments.count else { return nil }
        i += 2
        var rows: [[String]] = []
        while i < lines.count, !lines[i].isBlank, lines[i].text.contains("|") {
            var row = BlockReader.cells(lines[i].text)
            if row.count < header.count { row += Array(repeating: "", count: header.count - row.count) }
            rows.append(Array(row.prefix(header.count)))
            i += 1
        }
        return .table(header: header, alignments: alignments, rows: rows)
    }

    /// `| :--- | ---: |` as alignments, or nil when it is not a delimiter row.
    static func delimiterRow(_ line: SourceLine) -> [TableAlignment]? {
        guard line.content != nil, line.text.contains("-") else { return nil }
        var result: [TableAlignment] = []
        for cell in cells(line.text) {
            let c = cell.trimmingCharacters(in: .whitespaces)
            guard c.count >= 1, c.allSatisfy({ $0 == "-" || $0 == ":" }), c.contains("-") else { return nil }
            switch (c.hasPrefix(":"), c.hasSuffix(":")) {
            case (true, true): result.append(.center)
            case (true, false): result.append(.left)
            case (false, true): result.append(.right)
            case (false, false): result.append(.none)
            }
        }
        return result.isEmpty ? nil : result
    }

    /// The cells of a table row: split at `|` (not `\|`, not inside a code
    /// span), the outer pipes dropped, each trimmed.
    static func cells<S: StringProtocol>(_ row: S) -> [String] {
        var text = row.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("|") { text.removeFirst() }
        if text.hasSuffix("|"), !text.hasSuffix("\\|") { text.removeLast() }
        var cells: [String] = []
        var cell = "", inCode = false, escaped = false
        for c in text {
            if escaped {
                cell += c == "|" ? "|" : "\\" + String(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "`" {
                inCode.toggle()
                cell.append(c)
            } else if c == "|" && !inCode {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(c)
            }
        }
        if escaped { cell += "\\" }
        cells.append(cell.trimmingCharacters(in: .whitespaces))
        return cells
    }

    // paragraph -> line (line that continues a paragraph)*, or a setext heading
    mutating func paragraph() -> MarkdownBlock {
        // Leading blanks go; trailing ones stay, for hard line breaks.
        func stripped(_ line: SourceLine) -> String { String(line.text.dropFirst(line.blanks)) }
        var text: [String] = [stripped(lines[i])]
        i += 1
        while i < lines.count {
            let line = lines[i]
            if let content = line.content, !text.isEmpty, content.allSatisfy({ $0 == "=" }) || content.allSatisfy({ $0 == "-" }),
               let first = content.first {
                i += 1
                return .heading(level: first == "=" ? 1 : 2, text: text.joined(separator: "\n"))
            }
            guard BlockReader.continuesParagraph(line), line.indent >= 4 || BlockReader.listMarker(line) == nil else { break }
            text.append(stripped(line))
            i += 1
        }
        // Trailing blanks of the last line are no hard break.
        return .paragraph(text.joined(separator: "\n").trimmingCharacters(in: .whitespaces))
    }
}
