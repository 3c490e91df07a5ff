import AttnLang

// Markdown: fences, indented blocks, and the output blocks that follow code.
//
// - A fence (```` ``` ```` or `~~~`, up to three spaces of indent) whose info
//   string's first word is `attn` is attn text (`scanCode`). One marked
//   `python`, `py`, `python3`, `py3`, `ipython`, `ipython3` or `pycon` is
//   Python: its transcripts when it holds prompts, else one Python code cell
//   with its comment claims (`commentClaims`). A fence whose info string
//   holds the word `skip` is not read at all; any other fence contributes the
//   transcripts in it.
// - An **output block** is a fence with no info string or one of `text`,
//   `output`, `console`, `out`, `plaintext`, holding no prompt, that follows
//   an attn or Python code cell with no other fence or block between them,
//   and either right after it (blank lines only) or after prose whose last
//   line ends with a colon ("Output:", "运行上面的代码，我们得到以下输出结果：").
//   It claims what the code cell showed (`ClaimSite.Form.outputBlock`).
// - A block indented by four spaces after a blank line contributes its
//   transcripts. Prose is not scanned, except for attn's own `attn>` prompt
//   (what `attn run --transcript` writes, pasted into a page): a `>>>` there
//   is a nested block quote.
extension DocumentScanner {
    /// The info strings (first word, lowercased) that mark a block as Python.
    static let pythonInfoStrings: Set<String> = ["python", "python3", "py", "py3", "pycon", "ipython", "ipython3"]

    /// The info strings of a block that may hold a code block's output.
    static let outputInfoStrings: Set<String> = ["", "text", "output", "console", "out", "plaintext", "txt"]

    /// document -> { prose | fence | indented block }
    func scanMarkdown() -> [Cell] {
        var cells: [Cell] = []
        // The code cell an output block may belong to, and the last prose
        // line since it (nil: none, or only blank lines).
        var lastCode: Int?
        var proseSince: DocumentLine?
        var i = 0
        // Whether an indented line here opens a code block: not when it
        // continues a paragraph (CommonMark's "lazy" continuation).
        var blockMayStart = true
        while i < lines.count {
            if let fence = openingFence(lines[i]) {
                var j = i + 1
                while j < lines.count, !closes(lines[j], fence) { j += 1 }
                let body = lines[(i + 1)..<j]
                if let code = lastCode, let output = outputBlock(fence, body, after: proseSince),
                   case .code(var cell) = cells[code] {
                    cell.outputs.append(output)
                    cells[code] = .code(cell)
                    lastCode = nil
                } else {
                    let found = scanFence(fence, body)
                    cells += found
                    lastCode = nil
                    if let last = found.last, case .code = last, !fence.skip { lastCode = cells.count - 1 }
                }
                proseSince = nil
                i = j + 1
                blockMayStart = true
                continue
            }
            let content = text(of: lines[i])
            if let prompt = Prompt.match(content, indent: 3), prompt.kind == .attn {
                let column = content.prefix { $0 == " " }.count
                let (entry, next) = transcriptEntry(at: i, prompt: prompt, end: lines.count, indent: column)
                cells.append(.transcript(entry))
                lastCode = nil
                i = next
                blockMayStart = true
                continue
            }
            if blockMayStart, indentWidth(lines[i]) >= 4 {
                var j = i + 1
                while j < lines.count, isBlank(lines[j]) || indentWidth(lines[j]) >= 4 { j += 1 }
                cells += scanText(lines[i..<j], language: .unmarked)
                lastCode = nil
                i = j
                continue
            }
            if !isBlank(lines[i]) { proseSince = lines[i] }
            blockMayStart = isBlank(lines[i]) || isHeading(lines[i])
            i += 1
        }
        return cells
    }

    /// fence -> attn text | Python code | plain text
    func scanFence(_ fence: Fence, _ body: ArraySlice<DocumentLine>) -> [Cell] {
        if fence.skip { return [] }
        if fence.language == "attn" { return scanCode(body, indent: fence.indent) }
        let python = Self.pythonInfoStrings.contains(fence.language)
        let cells = scanText(body, language: python ? .python : .unmarked)
        guard cells.isEmpty, python, !body.isEmpty, !hasPrompt(body) else { return cells }
        return [.code(commentClaims(Array(body), language: .python))]
    }

    /// Whether a line of `region` starts with a transcript prompt (a
    /// doctest-skipped example holds one too, though it yields no entry).
    func hasPrompt(_ region: ArraySlice<DocumentLine>) -> Bool {
        region.contains { Prompt.match(text(of: $0), indent: Int.max) != nil }
    }

    /// The output block `fence` holds, when it is one (see the rules at the
    /// top of this file): a code cell was just closed, and `prose`, the last
    /// prose line since, is nil or ends with a colon.
    func outputBlock(_ fence: Fence, _ body: ArraySlice<DocumentLine>, after prose: DocumentLine?) -> ClaimSite? {
        guard !fence.skip, Self.outputInfoStrings.contains(fence.language), !hasPrompt(body) else { return nil }
        if let prose {
            let line = trimTrailing(text(of: prose))
            guard line.hasSuffix(":") || line.hasSuffix("：") else { return nil }
        }
        // Blank lines at either end of the block are not output.
        var content = body
        while let first = content.first, isBlank(first) { content.removeFirst() }
        while let last = content.last, isBlank(last) { content.removeLast() }
        guard let head = content.first, let tail = content.last else { return nil }
        // Lines are read after the fence's own indent, as CommonMark does.
        let texts = content.map { line -> String in
            let s = text(of: line)
            let drop = min(fence.indent, s.prefix { $0 == " " }.count)
            return trimTrailing(String(s.dropFirst(drop)))
        }
        let lead = min(fence.indent, text(of: head).prefix { $0 == " " }.count)
        return ClaimSite(form: .outputBlock, text: texts.joined(separator: "\n"), line: head.number,
                         span: (head.start + lead)..<max(head.start + lead, tail.contentEnd),
                         continuationPrefix: String(repeating: " ", count: fence.indent), lineEnding: lineEnding(head))
    }

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
}
