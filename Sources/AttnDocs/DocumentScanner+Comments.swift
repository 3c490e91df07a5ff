import AttnLang
import Foundation

// Claims written as comments in code.
//
// code -> { code line [ claim comment { continuation } ] }
//
// - `# => CLAIM` claims what the statement shows, `# prints: TEXT` what it
//   printed, and in Python also `# Output: TEXT` (or `# Out:`, any case)
//   everything it showed. The claim is on the statement's last line or on
//   the lines right after it; a marker with nothing after it (`# Output:`)
//   takes the comment lines below it as its text.
// - In Python, a comment that holds a printed value (`# [0.5 0.5]`,
//   `# tensor([[...]])`, `# torch.Size([2, 3])`, `# 1.5`) after a top-level
//   `print(...)`, on its line or right below, claims what it printed; after
//   a top-level bare expression it claims the expression's value. A comment
//   that is not a readable value is prose, and claims nothing.
// - A claim continues on further comment lines whose `#` is followed by two
//   or more blanks and some text, or on any comment line while it has an
//   unclosed bracket.
extension DocumentScanner {
    /// The code cell made of `code`, with the claims its comments make.
    func commentClaims(_ code: [DocumentLine], language: SourceLanguage) -> CodeCell {
        let python = language == .python
        let lexed = python ? PythonLines(code.map { bytes[$0.start..<$0.contentEnd] }) : nil
        /// The `#` that starts the comment on line `k`, outside strings.
        func commentStart(_ k: Int) -> Int? {
            if let lexed { return lexed.lines[k].startsInString ? nil : lexed.lines[k].comment }
            return Self.attnCommentStart(in: bytes[code[k].start..<code[k].contentEnd])
        }
        /// The claim marker on line `k`, if its comment starts with one.
        func marker(_ k: Int) -> (text: Int, form: ClaimSite.Form)? {
            guard let hash = commentStart(k) else { return nil }
            return Self.marker(in: Array(bytes[code[k].start..<code[k].contentEnd]), hash: hash, python: python)
        }

        var annotations: [Annotation] = []
        // The last annotation's end line and target, so that a second claim
        // right after a first one is about the same statement.
        var previous: (endLine: Int, target: Int)?
        var k = 0
        while k < code.count {
            let line = code[k]
            let content = Array(bytes[line.start..<line.contentEnd])
            guard let hash = commentStart(k) else {
                k += 1
                continue
            }
            let ownLine = content[..<hash].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
            var found = marker(k)
            if found == nil, let lexed, let form = implicitClaim(at: k, in: code, lexed: lexed, ownLine: ownLine, hash: hash) {
                var j = hash + 1
                while j < content.count, content[j] == UInt8(ascii: " ") || content[j] == UInt8(ascii: "\t") { j += 1 }
                found = (j, form)
            }
            guard let found else {
                k += 1
                continue
            }
            var textStart = found.text
            let form = found.form
            var first = k
            let emptyMarker = textStart == content.count
            if emptyMarker {
                // `# Output:` alone: the claim is the comment lines below it.
                guard k + 1 < code.count, marker(k + 1) == nil, let next = commentText(code[k + 1]) else {
                    k += 1
                    continue
                }
                first = k + 1
                textStart = next
            }
            let head = code[first]
            let headContent = Array(bytes[head.start..<head.contentEnd])
            let claimColumn = String(decoding: headContent[..<textStart], as: UTF8.self).count
            let leading = String(decoding: headContent.prefix { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }, as: UTF8.self)
            var pieces = [String(decoding: headContent[textStart...], as: UTF8.self)]
            var depth = bracketBalance(pieces[0][...])
            var lastLine = head
            k = first + 1
            while k < code.count, marker(k) == nil,
                  let piece = continuation(code[k], claimColumn: claimColumn, open: depth > 0 || emptyMarker) {
                pieces.append(piece)
                depth += bracketBalance(piece[...])
                lastLine = code[k]
                k += 1
            }
            while let last = pieces.last, pieces.count > 1, last.allSatisfy({ $0 == " " || $0 == "\t" }) {
                pieces.removeLast()
            }
            let start = head.start + textStart
            let prefixWidth = max(1, claimColumn - leading.count - 1)
            let site = ClaimSite(
                form: form, text: pieces.map { trimTrailing($0) }.joined(separator: "\n"), line: head.number,
                span: start..<max(start, lastLine.contentEnd),
                continuationPrefix: leading + "#" + String(repeating: " ", count: prefixWidth),
                lineEnding: lineEnding(head))
            var target = ownLine ? line.number - 1 : line.number
            if ownLine, let previous, previous.endLine == line.number - 1 { target = previous.target }
            previous = (lastLine.number, target)
            annotations.append(Annotation(site: site, targetLine: target))
        }
        let firstLine = code.first?.number ?? 1
        let text = code.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }.joined()
        return CodeCell(source: SourceFile(name: path, text: text, firstLine: firstLine), language: language, annotations: annotations)
    }

    /// The form of the claim a Python comment without a marker makes on line
    /// `k`, if it makes one: it follows a top-level `print(...)` or bare
    /// expression (on its last line, or on the line right below it) and its
    /// text, with the comment lines that continue an open bracket, reads as
    /// a value.
    func implicitClaim(at k: Int, in code: [DocumentLine], lexed: PythonLines, ownLine: Bool, hash: Int) -> ClaimSite.Form? {
        let target = ownLine ? k - 1 : k
        guard target >= 0, lexed.lines[target].hasCode, !lexed.lines[target].startsInString else { return nil }
        // The comment must come after the statement's end, not inside it.
        if ownLine, k < lexed.lines.count, lexed.lines[k].depthAtStart > 0 { return nil }
        let start = lexed.statementStart(target)
        // Only a top-level statement runs when it is written; one inside a
        // loop or a function body says nothing a comment could claim.
        let opening = code[start]
        guard let lead = bytes[opening.start..<opening.contentEnd].first,
              lead != UInt8(ascii: " "), lead != UInt8(ascii: "\t") else { return nil }
        var statement = ""
        for j in start...target {
            let line = code[j]
            let end = lexed.lines[j].comment.map { line.start + $0 } ?? line.contentEnd
            statement += String(decoding: bytes[line.start..<end], as: UTF8.self) + "\n"
        }
        let form: ClaimSite.Form
        switch PythonLines.classify(statement) {
        case .printCall: form = .printed
        case .expression: form = .annotation
        case .other: return nil
        }
        // The claim's text: this comment and the lines that close its brackets.
        let content = Array(bytes[code[k].start..<code[k].contentEnd])
        var text = String(decoding: content[(hash + 1)...], as: UTF8.self)
        var depth = bracketBalance(text[...])
        var j = k + 1
        while depth > 0, j < code.count, let more = commentText(code[j]) {
            let piece = String(decoding: bytes[(code[j].start + more)..<code[j].contentEnd], as: UTF8.self)
            text += "\n" + piece
            depth += bracketBalance(piece[...])
            j += 1
        }
        guard let claim = try? ClaimParser.parse(text) else { return nil }
        switch claim {
        case .value, .summarized: return form
        case .error, .text: return nil
        }
    }

    /// The offset of the text of a comment line (after `#` and its blanks),
    /// or nil when the line is not a comment with text.
    func commentText(_ line: DocumentLine) -> Int? {
        let content = bytes[line.start..<line.contentEnd]
        var i = content.startIndex
        while i < content.endIndex, content[i] == UInt8(ascii: " ") || content[i] == UInt8(ascii: "\t") { i += 1 }
        guard i < content.endIndex, content[i] == UInt8(ascii: "#") else { return nil }
        i += 1
        while i < content.endIndex, content[i] == UInt8(ascii: " ") || content[i] == UInt8(ascii: "\t") { i += 1 }
        return i < content.endIndex ? i - content.startIndex : nil
    }

    /// A claim's further line: a comment line whose `#` is followed by two
    /// or more blanks and some text, or any comment line with text while the
    /// claim has an unclosed bracket. Returns the text with the blanks that
    /// line it up under the claim removed.
    func continuation(_ line: DocumentLine, claimColumn: Int, open: Bool) -> String? {
        let content = Array(bytes[line.start..<line.contentEnd])
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

    /// The `#` that starts a comment in attn code, outside string literals.
    static func attnCommentStart(in content: ArraySlice<UInt8>) -> Int? {
        var inString = false
        var i = content.startIndex
        while i < content.endIndex {
            let b = content[i]
            if inString {
                if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") { inString = false }
            } else if b == UInt8(ascii: "\"") {
                inString = true
            } else if b == UInt8(ascii: "#") {
                return i - content.startIndex
            }
            i += 1
        }
        return nil
    }

    /// The claim marker that opens the comment at `hash`: `=>` (a claim
    /// about what the statement shows), `prints:` (what it printed), and in
    /// Python `Output:` or `Out:` in any case (everything it showed): the
    /// offset of the claim text (after the marker and its blanks) and the form.
    static func marker(in content: [UInt8], hash: Int, python: Bool) -> (text: Int, form: ClaimSite.Form)? {
        var j = hash + 1
        while j < content.count, content[j] == UInt8(ascii: " ") { j += 1 }
        let form: ClaimSite.Form
        if content[j...].starts(with: valueMarker) {
            form = .annotation
            j += valueMarker.count
        } else if content[j...].starts(with: printsMarker) {
            form = .printed
            j += printsMarker.count
        } else if python, let word = outputMarkers.first(where: { content[j...].lowercasedStarts(with: $0) }) {
            form = .output
            j += word.count
        } else {
            return nil
        }
        while j < content.count, content[j] == UInt8(ascii: " ") || content[j] == UInt8(ascii: "\t") { j += 1 }
        return (j, form)
    }

    static let valueMarker = Array("=>".utf8)
    static let printsMarker = Array("prints:".utf8)
    static let outputMarkers = [Array("output:".utf8), Array("out:".utf8)]
}

private extension ArraySlice where Element == UInt8 {
    /// Whether the bytes start with `prefix` (lowercase ASCII), ignoring ASCII case.
    func lowercasedStarts(with prefix: [UInt8]) -> Bool {
        guard count >= prefix.count else { return false }
        return zip(self, prefix).allSatisfy { a, b in
            (a >= UInt8(ascii: "A") && a <= UInt8(ascii: "Z") ? a + 32 : a) == b
        }
    }
}
