/// What the documents layer needs to know of Python source without parsing
/// it: where strings, comments and open brackets are on each line, where a
/// statement starts, and whether it is a `print(...)` call, a bare
/// expression or something else. Running Python is the Python dialect's job;
/// this only locates claims (comments after statements, docstrings of `.py`
/// files) the way a reader's eye does.
///
/// One pass over the bytes: strings of every quoting kind (`'`, `"`, and
/// triple-quoted ones across lines, with backslash escapes; a prefix such as
/// `r` or `f` is an identifier before the quote and changes nothing here),
/// comments, bracket depth, and backslash line joining.
struct PythonLines {
    struct Line {
        /// The line begins inside a triple-quoted string.
        var startsInString = false
        /// Brackets open at the line's start.
        var depthAtStart = 0
        /// Byte offset, in the line, of the `#` that starts a comment.
        var comment: Int?
        /// The line ends with a backslash that joins it to the next.
        var endsWithBackslash = false
        /// Some code (not blanks, not a comment) is on the line.
        var hasCode = false
        /// The line holds a whole triple-quoted string or a part of one.
        var inTripleString = false
    }

    /// One entry per line given.
    private(set) var lines: [Line] = []
    /// Every triple-quoted string, as the 0-based lines it opens and closes on.
    private(set) var tripleStrings: [(open: Int, close: Int)] = []

    init(_ contents: [ArraySlice<UInt8>]) {
        let quoteBytes: Set<UInt8> = [UInt8(ascii: "'"), UInt8(ascii: "\"")]
        // The open string: its quote byte and whether it is triple-quoted.
        var string: (quote: UInt8, triple: Bool, line: Int)?
        var depth = 0
        for (n, content) in contents.enumerated() {
            var line = Line(startsInString: string?.triple == true, depthAtStart: max(0, depth))
            line.inTripleString = line.startsInString
            var i = content.startIndex
            while i < content.endIndex {
                let b = content[i]
                if let open = string {
                    if b == UInt8(ascii: "\\") {
                        i += 2
                        continue
                    }
                    if b == open.quote {
                        if !open.triple {
                            string = nil
                        } else if i + 2 < content.endIndex, content[i + 1] == b, content[i + 2] == b {
                            tripleStrings.append((open.line, n))
                            string = nil
                            i += 3
                            continue
                        }
                    }
                    i += 1
                    continue
                }
                if b == UInt8(ascii: "#") {
                    line.comment = i - content.startIndex
                    break
                }
                if quoteBytes.contains(b) {
                    line.hasCode = true
                    let triple = i + 2 < content.endIndex && content[i + 1] == b && content[i + 2] == b
                    string = (b, triple, n)
                    if triple { line.inTripleString = true }
                    i += triple ? 3 : 1
                    continue
                }
                switch b {
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                default: break
                }
                if b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") && b != UInt8(ascii: "\\") { line.hasCode = true }
                i += 1
            }
            // A single-quoted string cannot span lines (unless joined by a backslash).
            let last = content.last { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
            line.endsWithBackslash = line.comment == nil && last == UInt8(ascii: "\\")
            if let open = string, !open.triple, !line.endsWithBackslash { string = nil }
            lines.append(line)
        }
        if let open = string, open.triple { tripleStrings.append((open.line, contents.count - 1)) }
    }

    /// The 0-based line on which the statement holding line `k` starts:
    /// back over lines that continue an open bracket, a triple-quoted string
    /// or a backslash-joined line.
    func statementStart(_ k: Int) -> Int {
        var j = k
        while j > 0, lines[j].startsInString || lines[j].depthAtStart > 0 || lines[j - 1].endsWithBackslash { j -= 1 }
        return j
    }

    /// What a statement is, for a claim written in a comment after it.
    enum Statement {
        /// `print(...)`: a comment after it holds what it printed.
        case printCall
        /// A bare expression: a comment after it holds its value.
        case expression
        /// Anything else: an assignment, a definition, a compound statement.
        case other
    }

    /// Python's keywords that open a statement which is not an expression.
    static let statementKeywords: Set<String> = [
        "def", "class", "if", "elif", "else", "for", "while", "with", "try", "except", "finally",
        "return", "import", "from", "raise", "assert", "del", "pass", "break", "continue",
        "global", "nonlocal", "async", "yield", "match", "case",
    ]

    /// Classifies `code`, the statement's code with its comments removed.
    static func classify(_ code: String) -> Statement {
        let text = code.drop { $0 == " " || $0 == "\t" }
        guard let first = text.first, first != "@" else { return .other }
        let word = String(text.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        if statementKeywords.contains(word) { return .other }
        if hasTopLevelAssignment(String(text)) { return .other }
        let rest = text.dropFirst(word.count).drop { $0 == " " }
        if word == "print", rest.first == "(" { return .printCall }
        return .expression
    }

    /// Whether `text` has an `=` outside brackets and strings that is not part
    /// of `==`, `!=`, `<=`, `>=` (an assignment, plain or augmented).
    static func hasTopLevelAssignment(_ text: String) -> Bool {
        let chars = Array(text)
        var depth = 0
        var quote: Character?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == "\\" { i += 1 } else if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if "([{".contains(c) {
                depth += 1
            } else if ")]}".contains(c) {
                depth -= 1
            } else if c == "=", depth == 0 {
                let before = i > 0 ? chars[i - 1] : " "
                let after = i + 1 < chars.count ? chars[i + 1] : " "
                if after != "=", !"=!<>".contains(before) { return true }
                if after == "=" { i += 1 }
            }
            i += 1
        }
        return false
    }
}
