import AttnLang

/// Inline Markdown to HTML: code spans, `*emphasis*` and `**strong**` (with
/// `_` too, by CommonMark's flanking rules), links `[text](url "title")`,
/// autolinks `<https://...>`, images, backslash escapes and hard line breaks
/// (two blanks or `\` before a line break).
///
/// The text is untrusted. Everything that is not markup is escaped
/// (`XMLText`), so inline HTML shows as text; a link keeps its URL only when
/// it is relative or http, https or mailto (`javascript:` and `data:` are
/// dropped, leaving the text); an image is never loaded (the page makes no
/// request): it becomes a link to its source labelled with its alt text.
///
/// Linear in the text: code spans and brackets are paired in one pass each
/// before the main pass, and the search for an emphasis opener never goes
/// below the point where an earlier search for the same character failed.
public enum MarkdownInline {
    public static func html(_ text: String) -> String {
        var parser = InlineParser(Array(text))
        return parser.render()
    }

    /// `url` if a page may link to it (relative, or http, https, mailto),
    /// else nil.
    public static func safeURL(_ url: String) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard !trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\u{7F}" }) else { return nil }
        // A scheme is letters before a ':' that comes before any '/', '?' or '#'.
        if let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].contains(where: { "/?#".contains($0) }) {
            let scheme = trimmed[..<colon].lowercased()
            return ["http", "https", "mailto"].contains(scheme) ? trimmed : nil
        }
        return trimmed
    }
}

private struct InlineParser {
    /// A run of `*` or `_` that may open or close emphasis.
    struct Run {
        let character: Character
        var count: Int
        var canOpen: Bool
        var canClose: Bool
        /// Tags written after what is left of the run (it opened them).
        var opened: [String] = []
        /// Tags written before what is left of the run (it closed them).
        var closed: [String] = []
    }

    enum Node {
        case html(String)
        case run(Run)
    }

    let chars: [Character]
    /// For the start of each backtick run that opens a code span: where its closing run starts.
    var spanEnd: [Int: Int] = [:]
    /// For each `[` that has one: its matching `]`.
    var bracketEnd: [Int: Int] = [:]
    var nodes: [Node] = []
    var text = ""
    /// How many links the text being parsed is inside; past `maxNesting`
    /// brackets are text, so no input can nest the parser deeply.
    var linkDepth = 0
    static let maxNesting = 16

    init(_ chars: [Character]) {
        self.chars = chars
        pairCodeSpans()
        pairBrackets()
    }

    static let punctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

    // MARK: - Pairing passes

    /// Each backtick run pairs with the next run of the same length.
    mutating func pairCodeSpans() {
        var runs: [(start: Int, length: Int)] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            guard chars[i] == "`" else { i += 1; continue }
            var j = i
            while j < chars.count, chars[j] == "`" { j += 1 }
            runs.append((i, j - i))
            i = j
        }
        var open: [Int: Int] = [:]  // length -> start of an unmatched run
        for run in runs {
            if let start = open[run.length] {
                spanEnd[start] = run.start
                open[run.length] = nil
                // Runs opened inside the span are literal text.
                open = open.filter { $0.value < start }
            } else {
                open[run.length] = run.start
            }
        }
    }

    /// `[` and `]` outside code spans and escapes, paired innermost first.
    mutating func pairBrackets() {
        var stack: [Int] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if let end = spanEnd[i] {
                i = end + runLength(at: end)
                continue
            }
            if chars[i] == "[" { stack.append(i) } else if chars[i] == "]", let open = stack.popLast() { bracketEnd[open] = i }
            i += 1
        }
    }

    func runLength(at i: Int) -> Int {
        var j = i
        while j < chars.count, chars[j] == chars[i] { j += 1 }
        return j - i
    }

    // MARK: - The main pass

    mutating func flush() {
        if !text.isEmpty { nodes.append(.html(XMLText.text(text))) }
        text = ""
    }

    mutating func emit(_ html: String) {
        flush()
        nodes.append(.html(html))
    }

    mutating func render() -> String {
        parse(0, chars.count)
        flush()
        resolveEmphasis()
        var out = ""
        for node in nodes {
            switch node {
            case .html(let html): out += html
            case .run(let run):
                out += run.closed.joined() + String(repeating: run.character, count: run.count) + run.opened.joined()
            }
        }
        return out
    }

    mutating func parse(_ start: Int, _ end: Int) {
        var i = start
        while i < end {
            let c = chars[i]
            switch c {
            case "\\":
                if i + 1 < end, chars[i + 1] == "\n" {
                    emit("<br/>\n")
                    i += 2
                } else if i + 1 < end, InlineParser.punctuation.contains(chars[i + 1]) {
                    text.append(chars[i + 1])
                    i += 2
                } else {
                    text.append(c)
                    i += 1
                }
            case "`":
                let length = runLength(at: i)
                if let close = spanEnd[i], close < end {
                    var code = String(chars[(i + length)..<close]).replacingOccurrences(of: "\n", with: " ")
                    if code.count >= 2, code.hasPrefix(" "), code.hasSuffix(" "), code.contains(where: { $0 != " " }) {
                        code = String(code.dropFirst().dropLast())
                    }
                    emit("<code>" + XMLText.text(code) + "</code>")
                    i = close + length
                } else {
                    text += String(repeating: "`", count: length)
                    i += length
                }
            case "<":
                if let (html, next) = autolink(i, end) {
                    emit(html)
                    i = next
                } else {
                    text.append(c)
                    i += 1
                }
            case "!" where i + 1 < end && chars[i + 1] == "[":
                if let next = link(i + 1, end, image: true) { i = next } else { text.append(c); i += 1 }
            case "[":
                if let next = link(i, end, image: false) { i = next } else { text.append(c); i += 1 }
            case "*", "_":
                let length = runLength(at: i)
                let before: Character = i > 0 ? chars[i - 1] : " "
                let after: Character = i + length < chars.count ? chars[i + length] : " "
                let leftFlanking = !after.isWhitespace && (!InlineParser.isPunctuation(after) || before.isWhitespace || InlineParser.isPunctuation(before))
                let rightFlanking = !before.isWhitespace && (!InlineParser.isPunctuation(before) || after.isWhitespace || InlineParser.isPunctuation(after))
                let canOpen = c == "*" ? leftFlanking : leftFlanking && (!rightFlanking || InlineParser.isPunctuation(before))
                let canClose = c == "*" ? rightFlanking : rightFlanking && (!leftFlanking || InlineParser.isPunctuation(after))
                flush()
                nodes.append(.run(Run(character: c, count: min(length, end - i), canOpen: canOpen, canClose: canClose)))
                i += length
            case "\n":
                // Two or more blanks before a line break make a hard break.
                var trailing = 0
                while text.hasSuffix(" ") { text.removeLast(); trailing += 1 }
                if trailing >= 2 { emit("<br/>\n") } else { text.append("\n") }
                i += 1
            default:
                text.append(c)
                i += 1
            }
        }
    }

    static func isPunctuation(_ c: Character) -> Bool {
        punctuation.contains(c) || c.isPunctuation || c.isSymbol
    }

    /// `<https://x>` or `<a@b.c>` at `i`: the link and the index after it.
    func autolink(_ i: Int, _ end: Int) -> (String, Int)? {
        var j = i + 1
        while j < end, j - i < 2000, chars[j] != ">", chars[j] != "<", !chars[j].isWhitespace { j += 1 }
        guard j < end, chars[j] == ">", j > i + 1 else { return nil }
        let target = String(chars[(i + 1)..<j])
        if target.contains("@"), !target.contains(":") {
            return ("<a href=\"mailto:\(XMLText.attribute(target))\">\(XMLText.text(target))</a>", j + 1)
        }
        guard target.contains(":"), let url = MarkdownInline.safeURL(target) else { return nil }
        return ("<a href=\"\(XMLText.attribute(url))\">\(XMLText.text(target))</a>", j + 1)
    }

    /// `[text](destination "title")` with its `[` at `i` (an image's text
    /// after `!`): renders it and returns the index after it, or nil when
    /// no link starts here.
    mutating func link(_ i: Int, _ end: Int, image: Bool) -> Int? {
        guard linkDepth < InlineParser.maxNesting, let close = bracketEnd[i], close < end, close + 1 < end, chars[close + 1] == "(" else {
            return nil
        }
        guard let (destination, title, next) = destinationAndTitle(close + 2, end) else { return nil }
        let url = MarkdownInline.safeURL(destination)
        let titleAttribute = title.map { " title=\"\(XMLText.attribute($0))\"" } ?? ""
        if image {
            // Never loaded: a link to the picture, labelled with its alt text.
            let alt = XMLText.text(String(chars[(i + 1)..<close]))
            let label = "<span class=\"image\">[image: \(alt)]</span>"
            emit(url.map { "<a href=\"\(XMLText.attribute($0))\"\(titleAttribute)>\(label)</a>" } ?? label)
            return next
        }
        if let url { emit("<a href=\"\(XMLText.attribute(url))\"\(titleAttribute)>") } else { flush() }
        linkDepth += 1
        parse(i + 1, close)
        linkDepth -= 1
        if url != nil { emit("</a>") }
        return next
    }

    /// The part of a link inside `( )` from `start`: the destination, an
    /// optional title in quotes, and the index after the `)`.
    func destinationAndTitle(_ start: Int, _ end: Int) -> (String, String?, Int)? {
        var j = start
        func skipBlanks() { while j < end, chars[j] == " " || chars[j] == "\n" { j += 1 } }
        skipBlanks()
        var destination = ""
        if j < end, chars[j] == "<" {
            j += 1
            while j < end, chars[j] != ">", chars[j] != "\n" { destination.append(chars[j]); j += 1 }
            guard j < end, chars[j] == ">" else { return nil }
            j += 1
        } else {
            var depth = 0
            while j < end, !chars[j].isWhitespace, j - start < 4000 {
                if chars[j] == "(" { depth += 1 }
                if chars[j] == ")" { if depth == 0 { break }; depth -= 1 }
                if chars[j] == "\\", j + 1 < end, InlineParser.punctuation.contains(chars[j + 1]) { j += 1 }
                destination.append(chars[j])
                j += 1
            }
        }
        skipBlanks()
        var title: String?
        if j < end, let quote = chars[j] == "\"" ? Character("\"") : chars[j] == "'" ? Character("'") : nil {
            var t = ""
            j += 1
            while j < end, chars[j] != quote, j - start < 4000 { t.append(chars[j]); j += 1 }
            guard j < end else { return nil }
            title = t
            j += 1
            skipBlanks()
        }
        guard j < end, chars[j] == ")" else { return nil }
        return (destination, title, j + 1)
    }

    // MARK: - Emphasis

    /// Pairs closing runs with the nearest opening run of the same
    /// character: two from each makes `<strong>`, one `<em>`; runs between a
    /// pair are left as text.
    mutating func resolveEmphasis() {
        var bottom: [Character: Int] = [:]
        var closer = 0
        while closer < nodes.count {
            guard case .run(var close) = nodes[closer], close.canClose, close.count > 0 else { closer += 1; continue }
            var opener = closer - 1
            var found: Int?
            while opener >= (bottom[close.character] ?? 0) {
                if case .run(let open) = nodes[opener], open.character == close.character, open.canOpen, open.count > 0 {
                    found = opener
                    break
                }
                opener -= 1
            }
            guard let start = found, case .run(var open) = nodes[start] else {
                bottom[close.character] = closer
                closer += 1
                continue
            }
            let use = open.count >= 2 && close.count >= 2 ? 2 : 1
            let tag = use == 2 ? "strong" : "em"
            open.count -= use
            close.count -= use
            open.opened.insert("<\(tag)>", at: 0)
            close.closed.append("</\(tag)>")
            nodes[start] = .run(open)
            nodes[closer] = .run(close)
            for k in (start + 1)..<closer {
                if case .run(var between) = nodes[k] {
                    between.canOpen = false
                    between.canClose = false
                    nodes[k] = .run(between)
                }
            }
            // The same closer may close more (`***a***`).
        }
    }
}
