import AttnCore
import AttnLang

// Printed output compared piece by piece: what one print call wrote, and
// inside it, text and values.
//
// A block's output (a Markdown output block, a notebook cell's stdout) is a
// sequence of **chunks**: a line, with the lines after it that continue a
// bracket it left open and start with a blank or a bracket, or are empty
// (numpy's and PyTorch's rows: `[[1 2]` then ` [3 4]]`). One print call writes one chunk,
// so each chunk is one claim with a verdict of its own; blank lines between
// chunks are spacing, not claims.
//
// A chunk is read as **pieces**: values (numbers, `[...]` arrays in any
// layout, `(2, 3)` tuples, calls such as `array(...)`, `tensor(...)`,
// `np.float64(...)`, `torch.Size([...])`, `True`/`False`, summarized arrays
// with `...`), and the text between them (a label such as `Attention
// weights:` or `注意力权重：`). Two chunks agree when their text pieces are
// the same with blanks normalized and their values agree at the precision
// both are written with (`ShownValue.disagreement`), so a claim printed by
// another numpy version, or with other padding, still holds.
extension OutputComparison {
    /// One piece of a chunk.
    enum Piece {
        case text(String)
        /// A value, as the claim reader read it, and its text.
        case value(Claim, String)
    }

    /// The chunks of output `lines`: ranges of line indices.
    static func chunks(_ lines: [String]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < lines.count {
            // A blank line is spacing, not a claim.
            if lines[i].allSatisfy({ $0 == " " || $0 == "\t" }) {
                i += 1
                continue
            }
            var depth = bracketBalance(lines[i][...])
            var j = i + 1
            // numpy and PyTorch leave a blank line between the blocks of a 3-D array.
            while depth > 0, j < lines.count, lines[j].isEmpty || [" ", "\t", "[", "("].contains(lines[j].first) {
                depth += bracketBalance(lines[j][...])
                j += 1
            }
            out.append(i..<j)
            i = j
        }
        return out
    }

    /// The text and value pieces of `text`, in order; adjacent text is one piece.
    static func pieces(_ text: String) -> [Piece] {
        let chars = Array(text)
        let closes = matchingCloses(chars)
        var out: [Piece] = []
        var run = ""
        var i = 0
        while i < chars.count {
            if let (end, claim) = value(at: i, in: chars, closes: closes) {
                if !run.isEmpty { out.append(.text(run)) }
                run = ""
                out.append(.value(claim, String(chars[i..<end])))
                i = end
                continue
            }
            // A word that is not a value stays text whole (`v2.4.0`, `h1`).
            var end = i + 1
            if isWordCharacter(chars[i]) { while end < chars.count, isWordCharacter(chars[end]) { end += 1 } }
            run += String(chars[i..<end])
            i = end
        }
        if !run.isEmpty { out.append(.text(run)) }
        return out
    }

    /// A value starting at `i`: its end and the claim it reads as.
    private static func value(at i: Int, in chars: [Character], closes: [Int: Int]) -> (Int, Claim)? {
        let c = chars[i]
        if i > 0, isWordCharacter(chars[i - 1]) { return nil }
        var end: Int
        if c == "[" || c == "(" {
            guard let close = closes[i] else { return nil }
            end = close + 1
        } else if c.isLetter || c == "_" {
            end = i
            while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" || chars[end] == "." { end += 1 }
            if end < chars.count, chars[end] == "(", let close = closes[end] {
                end = close + 1
            } else if !["True", "False", "nan", "inf", "np.True_", "np.False_"].contains(String(chars[i..<end])) {
                return nil
            }
        } else if c.isNumber || ((c == "-" || c == "+" || c == ".") && i + 1 < chars.count && (chars[i + 1].isNumber || chars[i + 1] == ".")) {
            end = i + 1
            while end < chars.count, isWordCharacter(chars[end]) || ((chars[end] == "-" || chars[end] == "+") && "eE".contains(chars[end - 1])) {
                end += 1
            }
            // A sentence's full stop is not part of the number.
            if chars[end - 1] == ".", end - i > 1, end == chars.count || chars[end].isWhitespace { end -= 1 }
        } else {
            return nil
        }
        if end < chars.count, isWordCharacter(chars[end]) { return nil }
        guard let claim = try? ClaimParser.parse(String(chars[i..<end])) else { return nil }
        switch claim {
        case .value, .summarized: return (end, claim)
        case .error, .text: return nil
        }
    }

    /// For every `[` and `(` that a bracket of its kind closes and that
    /// holds brackets nested no deeper than a claim may (`ClaimParser.maxDepth`),
    /// the index of that bracket: one pass with a stack, so that looking for
    /// values at every position stays linear (a span nested deeper can never
    /// read as a value, and trying each of its inner brackets would cost its
    /// length each). A bracket closed by the wrong kind, and every one open
    /// around it, matches nothing.
    private static func matchingCloses(_ chars: [Character]) -> [Int: Int] {
        var closes: [Int: Int] = [:]
        // Each open bracket, the bracket that closes it, and the depth of the
        // brackets seen inside it so far.
        var stack: [(open: Int, expected: Character, inner: Int)] = []
        for (i, c) in chars.enumerated() {
            switch c {
            case "[": stack.append((i, "]", 0))
            case "(": stack.append((i, ")", 0))
            case "]", ")":
                guard let (open, expected, inner) = stack.popLast() else { continue }
                guard expected == c else {
                    stack.removeAll()
                    continue
                }
                if inner < ClaimParser.maxDepth { closes[open] = i }
                if let last = stack.indices.last { stack[last].inner = max(stack[last].inner, inner + 1) }
            default: break
            }
        }
        return closes
    }

    private static func isWordCharacter(_ c: Character) -> Bool {
        c.isLetter || c.isNumber || c == "_" || c == "."
    }

    /// How a claimed chunk compares with an actual one.
    struct ChunkComparison {
        var holds: Bool
        /// Whether the claim holds a value (so that `attn fix` may rewrite it).
        var hasValue: Bool
        /// Why it does not hold, in words.
        var why: String?
    }

    /// A chunk's text with its pieces, read once.
    struct ReadChunk {
        let text: String
        let pieces: [Piece]
        /// The text before its first value, when it has both (`Attention weights:`).
        let label: String?

        init(_ text: String) {
            self.text = text
            pieces = OutputComparison.pieces(text)
            if pieces.count >= 2, case .text(let head) = pieces[0], case .value = pieces[1] {
                let normalized = OutputComparison.blanksNormalized(head)
                label = normalized.isEmpty ? nil : normalized
            } else {
                label = nil
            }
        }

        var hasValue: Bool { pieces.contains { if case .value = $0 { return true } else { return false } } }
    }

    /// Compares a claimed chunk with what was printed (see the rules at the
    /// top of this file); `ellipsis`: doctest's `...` matches any text.
    static func compareChunk(claimed: String, actual: String, ellipsis: Bool = false) -> ChunkComparison {
        compareChunk(ReadChunk(claimed), ReadChunk(actual), ellipsis: ellipsis)
    }

    static func compareChunk(_ claimed: ReadChunk, _ actual: ReadChunk, ellipsis: Bool = false) -> ChunkComparison {
        let hasValue = claimed.hasValue
        if blanksNormalized(claimed.text) == blanksNormalized(actual.text) { return ChunkComparison(holds: true, hasValue: hasValue) }
        if ellipsis, ellipsisMatches(claimed.text, actual.text) { return ChunkComparison(holds: true, hasValue: hasValue) }
        guard claimed.pieces.count == actual.pieces.count else {
            return ChunkComparison(holds: false, hasValue: hasValue, why: "the text differs")
        }
        for (c, a) in zip(claimed.pieces, actual.pieces) {
            switch (c, a) {
            case (.text(let x), .text(let y)):
                if blanksNormalized(x) != blanksNormalized(y) {
                    return ChunkComparison(holds: false, hasValue: hasValue, why: "the text differs: '\(x.trimmingBlanks)' against '\(y.trimmingBlanks)'")
                }
            case (.value(let x, let xText), .value(let y, _)):
                if let why = disagreement(x, y) {
                    return ChunkComparison(holds: false, hasValue: hasValue, why: "value \(short(xText)): \(why)")
                }
            default:
                return ChunkComparison(holds: false, hasValue: hasValue, why: "the text differs")
            }
        }
        return ChunkComparison(holds: true, hasValue: hasValue)
    }

    /// Why a claimed value does not agree with a printed one, or nil.
    static func disagreement(_ claimed: Claim, _ actual: Claim) -> String? {
        func shown(_ claim: Claim) -> (ShownValue, String?)? {
            switch claim {
            case .value(let shape, let numbers, let dtype): return (ShownValue(shape: shape, numbers: numbers), dtype)
            case .summarized(let value, let dtype): return (value, dtype)
            case .error, .text: return nil
            }
        }
        guard let (c, cType) = shown(claimed), let (a, aType) = shown(actual) else { return "not a value" }
        // A claim that states no dtype holds for any (as `Claim.value` says).
        if let cType, cType != aType { return "the claim's dtype is \(cType), the printed one's \(aType ?? "not stated")" }
        return c.disagreement(with: a)
    }

    /// The text with every run of blanks and line breaks made one space, and none at either end.
    static func blanksNormalized(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// doctest's ELLIPSIS: each `...` of `pattern` matches any text, blanks normalized.
    static func ellipsisMatches(_ pattern: String, _ text: String) -> Bool {
        let parts = blanksNormalized(pattern).components(separatedBy: "...")
        var rest = Substring(blanksNormalized(text))
        guard let first = parts.first, rest.hasPrefix(first) else { return false }
        rest = rest.dropFirst(first.count)
        for (n, part) in parts.enumerated().dropFirst() {
            if n == parts.count - 1 { return part.isEmpty || rest.hasSuffix(part) }
            guard let found = rest.range(of: part) else { return false }
            rest = rest[found.upperBound...]
        }
        return rest.isEmpty
    }

    private static func short(_ text: String) -> String {
        let one = blanksNormalized(text)
        return one.count > 40 ? String(one.prefix(37)) + "..." : one
    }

    /// For each claimed chunk, the index of the printed chunk it is about
    /// (nil: nothing printed matches it). Chunks pair in order; when the
    /// counts differ, the longest run of pairs that agree or share a label
    /// is kept (a printed line the claim lacks, or the other way round,
    /// leaves the rest paired).
    static func align(_ claimed: [ReadChunk], _ actual: [ReadChunk]) -> [Int?] {
        if claimed.count == actual.count { return claimed.indices.map { $0 } }
        let n = claimed.count, m = actual.count
        // Beyond this the quadratic alignment is not worth it: pair in order.
        guard n * m <= 40_000 else { return claimed.indices.map { $0 < m ? $0 : nil } }
        var pairs = [[Bool]](repeating: [Bool](repeating: false, count: m), count: n)
        for i in 0..<n {
            for j in 0..<m {
                pairs[i][j] = (claimed[i].label != nil && claimed[i].label == actual[j].label)
                    || compareChunk(claimed[i], actual[j]).holds
            }
        }
        // lengths[i][j]: the longest alignment of claimed[i...] with actual[j...].
        var lengths = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = pairs[i][j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var out = [Int?](repeating: nil, count: n)
        var i = 0, j = 0
        while i < n, j < m {
            if pairs[i][j], lengths[i][j] == lengths[i + 1][j + 1] + 1 {
                out[i] = j
                i += 1
                j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return out
    }
}

private extension String {
    var trimmingBlanks: String { OutputComparison.blanksNormalized(self) }
}
