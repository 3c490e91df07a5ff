/// A Markdown code fence line, read by CommonMark's rule: up to three
/// blanks, then three or more backticks or tildes, then an info string (a
/// backtick fence's may hold no backtick). The one reading of fences, for
/// the scanner that finds a document's code and claims (`DocumentScanner`)
/// and the reader that renders its prose (`Markdown`), so the two always
/// agree on which lines are code.
struct FenceLine {
    /// "`" or "~".
    let marker: Character
    /// How many markers open it; a closing fence needs at least as many.
    let length: Int
    /// Columns of blanks before it (0 to 3).
    let indent: Int
    /// The info string's words (split at blanks, `{`, `}` and `,`).
    let words: [String]

    /// The opening fence on `line`, or nil when it holds none.
    init?<S: StringProtocol>(opening line: S) {
        var rest = Substring(line)
        var indent = 0
        while let c = rest.first, c == " " || c == "\t" {
            indent += c == "\t" ? 4 - indent % 4 : 1
            rest = rest.dropFirst()
        }
        guard indent <= 3, let marker = rest.first, marker == "`" || marker == "~" else { return nil }
        let length = rest.prefix { $0 == marker }.count
        guard length >= 3 else { return nil }
        let info = rest.dropFirst(length)
        if marker == "`", info.contains("`") { return nil }
        self.marker = marker
        self.length = length
        self.indent = indent
        words = info.split(whereSeparator: { " \t{},".contains($0) }).map(String.init)
    }

    /// The first word of the info string, lowercased, a leading `.` dropped
    /// (`{.python}` is Python).
    var language: String { FenceLine.language(words) }

    /// The language an info string's words name.
    static func language(_ words: [String]) -> String {
        guard var word = words.first?.lowercased() else { return "" }
        if word.hasPrefix(".") { word.removeFirst() }
        return word
    }

    /// Whether a later word of the info string is `skip` (shown, not run).
    var skip: Bool { words.dropFirst().contains("skip") }

    /// Whether `line` closes this fence: up to three blanks, at least
    /// `length` markers, then only blanks.
    func isClosed<S: StringProtocol>(by line: S) -> Bool {
        var rest = Substring(line)
        var indent = 0
        while rest.first == " " {
            indent += 1
            rest = rest.dropFirst()
        }
        guard indent <= 3 else { return false }
        let run = rest.prefix { $0 == marker }.count
        return run >= length && rest.dropFirst(run).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
