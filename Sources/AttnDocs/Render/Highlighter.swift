import AttnLang

/// Code as HTML with `<span class="...">` around its tokens, for syntax
/// colouring in rendered pages. Every character of the code is written once,
/// escaped (`XMLText`), so the spans never change what the code says.
///
/// attn is read by attn's own lexer (`Lexer.tokenize`), so the colours
/// follow the language exactly; the text between tokens is blanks and
/// comments (a claim comment, `# =>` or `# prints:`, gets a class of its
/// own). Python is read by a small scanner: keywords, strings (with
/// prefixes and triple quotes), numbers, comments, decorators. Text in a
/// transcript (`attn> `, `>>> ` prompts) is read line by line: the prompt,
/// the input in its language, and the output plain.
///
/// Classes: `k` keyword, `b` builtin, `n` number or constant, `s` string,
/// `c` comment, `cl` claim comment, `o` operator, `p` prompt, `out` output.
enum Highlighter {
    enum Language {
        case attn, python, plain

        /// The language of a code block's info word (`attn`, `python`...).
        init(info: String) {
            if info == "attn" { self = .attn } else if DocumentScanner.pythonInfoStrings.contains(info) { self = .python } else { self = .plain }
        }
    }

    static func html(_ code: String, _ language: Language) -> String {
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.contains(where: { Prompt.match($0, indent: 8) != nil }) else { return tokens(code, language) }
        return transcript(lines, language)
    }

    static func tokens(_ code: String, _ language: Language) -> String {
        switch language {
        case .attn: return attn(code)
        case .python: return python(code)
        case .plain: return XMLText.text(code)
        }
    }

    static func span(_ kind: String, _ text: String) -> String {
        "<span class=\"\(kind)\">\(XMLText.text(text))</span>"
    }

    // MARK: - Transcripts

    static func transcript(_ lines: [String], _ language: Language) -> String {
        var out: [String] = []
        var current: Prompt.Kind?
        var inOutput = false
        for line in lines {
            if let prompt = Prompt.match(line, indent: 8) {
                current = prompt.kind
                inOutput = false
                let cut = line.index(line.startIndex, offsetBy: min(prompt.length, line.count))
                out.append(span("p", String(line[..<cut])) + tokens(String(line[cut...]), inputLanguage(prompt.kind, language)))
            } else if let kind = current, !inOutput, let length = kind.continuationLength(line, indent: 8) {
                let cut = line.index(line.startIndex, offsetBy: min(length, line.count))
                out.append(span("p", String(line[..<cut])) + tokens(String(line[cut...]), inputLanguage(kind, language)))
            } else if current != nil, !line.allSatisfy({ $0 == " " }) {
                inOutput = true
                out.append(span("out", line))
            } else {
                current = nil
                out.append(XMLText.text(line))
            }
        }
        return out.joined(separator: "\n")
    }

    /// What a prompt's input is written in: attn's prompt is attn; other
    /// prompts take the block's language, attn when it says none.
    static func inputLanguage(_ prompt: Prompt.Kind, _ block: Language) -> Language {
        if prompt == .attn { return .attn }
        return block == .plain ? .attn : block
    }

    // MARK: - attn

    static let constants = Set(Constant.all.map(\.name))

    static func attn(_ code: String) -> String {
        let source = SourceFile(name: "", text: code)
        let bytes = Array(source.text.utf8)
        var out = ""
        var at = 0
        func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }
        /// Blanks and comments between tokens.
        func gap(_ end: Int) {
            var i = at
            while i < end {
                guard bytes[i] == UInt8(ascii: "#") else {
                    var j = i
                    while j < end, bytes[j] != UInt8(ascii: "#") { j += 1 }
                    out += XMLText.text(text(i, j))
                    i = j
                    continue
                }
                var j = i
                while j < end, bytes[j] != UInt8(ascii: "\n") { j += 1 }
                let comment = text(i, j)
                let claim = comment.hasPrefix("# =>") || comment.hasPrefix("# prints:") || comment.hasPrefix("#    ")
                out += span(claim ? "cl" : "c", comment)
                i = j
            }
            at = end
        }
        for token in Lexer.tokenize(source).tokens {
            let start = min(max(token.range.start, at), bytes.count), end = min(max(token.range.end, start), bytes.count)
            gap(start)
            let word = text(start, end)
            switch token.kind {
            case .number: out += span("n", word)
            case .string: out += span("s", word)
            case .keyword: out += span("k", word)
            case .identifier(let name):
                if constants.contains(name) { out += span("n", word) } else if Builtins.table[name] != nil { out += span("b", word) } else {
                    out += XMLText.text(word)
                }
            case .plus, .minus, .star, .slash, .at, .caret, .equal, .equalEqual, .bangEqual, .less, .lessEqual, .greater, .greaterEqual:
                out += span("o", word)
            case .lparen, .rparen, .lbracket, .rbracket, .comma, .colon, .semicolon, .dot, .newline, .eof, .invalid:
                out += XMLText.text(word)
            }
            at = end
        }
        gap(bytes.count)
        return out
    }

    // MARK: - Python

    static let pythonKeywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]
    static let pythonBuiltins: Set<String> = [
        "print", "len", "range", "abs", "min", "max", "sum", "list", "dict", "tuple", "set", "int", "float", "str",
        "bool", "enumerate", "zip", "map", "isinstance", "type", "round", "sorted", "super", "self",
    ]

    static func python(_ code: String) -> String {
        let chars = Array(code)
        var out = ""
        var i = 0
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        while i < chars.count {
            let c = chars[i]
            if c == "#" {
                var j = i
                while j < chars.count, chars[j] != "\n" { j += 1 }
                out += span("c", String(chars[i..<j]))
                i = j
            } else if let end = pythonString(chars, i) {
                out += span("s", String(chars[i..<end]))
                i = end
            } else if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber), i == 0 || !isWord(chars[i - 1]) {
                var j = i
                while j < chars.count, isWord(chars[j]) || chars[j] == "." || ((chars[j] == "+" || chars[j] == "-") && "eE".contains(chars[j - 1])) { j += 1 }
                out += span("n", String(chars[i..<j]))
                i = j
            } else if isWord(c) {
                var j = i
                while j < chars.count, isWord(chars[j]) { j += 1 }
                let word = String(chars[i..<j])
                out += pythonKeywords.contains(word) ? span("k", word) : pythonBuiltins.contains(word) ? span("b", word) : XMLText.text(word)
                i = j
            } else if c == "@", atLineStart(chars, i), i + 1 < chars.count, isWord(chars[i + 1]) {
                var j = i + 1
                while j < chars.count, isWord(chars[j]) || chars[j] == "." { j += 1 }
                out += span("b", String(chars[i..<j]))
                i = j
            } else {
                out += XMLText.text(String(c))
                i += 1
            }
        }
        return out
    }

    /// Whether only blanks stand between the start of `i`'s line and `i`.
    static func atLineStart(_ chars: [Character], _ i: Int) -> Bool {
        var j = i - 1
        while j >= 0, chars[j] == " " || chars[j] == "\t" { j -= 1 }
        return j < 0 || chars[j] == "\n"
    }

    /// The end of a Python string literal starting at `i` (with a prefix
    /// such as `r`, `f`, `b`, `rb`), or nil when none starts there.
    static func pythonString(_ chars: [Character], _ i: Int) -> Int? {
        var j = i
        while j < chars.count, j - i < 2, "rRbBfFuU".contains(chars[j]) { j += 1 }
        guard j < chars.count, chars[j] == "\"" || chars[j] == "'" else { return nil }
        if j > i, i > 0, chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_" { return nil }
        let quote = chars[j]
        let triple = j + 2 < chars.count && chars[j + 1] == quote && chars[j + 2] == quote
        var k = j + (triple ? 3 : 1)
        while k < chars.count {
            if chars[k] == "\\" { k += 2; continue }
            if !triple && chars[k] == "\n" { return k }
            if chars[k] == quote {
                if !triple { return k + 1 }
                if k + 2 < chars.count, chars[k + 1] == quote, chars[k + 2] == quote { return k + 3 }
            }
            k += 1
        }
        return chars.count
    }
}
