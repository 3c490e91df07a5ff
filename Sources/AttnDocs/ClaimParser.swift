import AttnCore
import AttnLang
import Foundation

/// Reads the text of a claim: attn's printed form or output pasted from numpy,
/// PyTorch or Python `print`.
///
/// Accepted forms (spaces and newlines may appear anywhere inside brackets):
/// - numbers: `1`, `-0.5`, `.5`, `1.`, `1e-9`, `1.00000000e+00`, `inf`, `-inf`,
///   `nan`, `true`/`false`, `True`/`False`, `np.True_`/`np.False_` (1 and 0);
/// - lists, nested to any depth, separated by commas or by spaces:
///   `[0.5, 0.5]`, `[0.5 0.5]`, `[[1 2]\n [3 4]]`; Python tuples `(1, 2)`, `(1,)`;
/// - a wrapper call around one value, whose keyword arguments are ignored
///   except the shape of an empty array and the dtype:
///   `array([1., 2.], dtype=float32)`, `tensor([0.5000], grad_fn=<SoftmaxBackward0>)`,
///   `tensor(1.5000)`, `np.float64(1.5)`, and a scalar in parentheses, `(0.5)`;
/// - a dtype, which the claim then states (`Claim.value`'s `dtype`): attn's
///   casts around the value as its printer writes them, `f32([0.1, 0.2])`,
///   `i64(3)`, `bool([true, false])`; a `dtype=` argument (`dtype=float32`,
///   `dtype=torch.float64`); a numpy scalar's type, `np.float32(0.1)`;
/// - empty tensors: `[]`, attn's `zeros([0, 3])` (only an empty shape: a
///   claim shows its numbers), numpy's `array([], shape=(0, 3), dtype=float64)`
///   and PyTorch's `tensor([], size=(0, 3))`;
/// - `error: TEXT`, a claim that the expression fails with a message containing TEXT.
///
/// Numbers are read by `NumberLiteral`, as the lexer reads them; their
/// tolerances follow `ExpectedNumber.init?(text:)`. Rejected with a
/// `ClaimParseError`: unbalanced brackets, ragged rows (naming the row that
/// differs), and unknown words. An array that numpy or PyTorch summarized
/// with `...` (`[0 1 2 ... 7 8 9]`, `tensor([0, 1,  ..., 9])`, rows left out
/// between `[...]` rows) is a `Claim.summarized` of the elements it shows.
public enum ClaimParser {
    /// How deeply a claim's brackets may nest.
    static let maxDepth = 64

    /// Parses a numeric or error claim; throws on anything else.
    public static func parse(_ text: String) throws(ClaimParseError) -> Claim {
        try parseStyled(text).claim
    }

    /// Parses a claim and also reports its layout, for rewriting it later with
    /// `ClaimWriter.rewrite(_:like:style:)`. Error claims get `ClaimStyle.attn`.
    public static func parseStyled(_ text: String) throws(ClaimParseError) -> (claim: Claim, style: ClaimStyle) {
        var parser = Parser(text)
        return try parser.parseClaim()
    }

    /// Like `parse`, but text that is not a number or array form is a `.text`
    /// claim holding `text` unchanged. Text that opens like an array — with `[`,
    /// or with a call such as `array(`, `tensor(` or `np.float64(` — must still
    /// parse, so a typo in a numeric claim (a missing `]`, a ragged
    /// row, a summarized array) is reported rather than compared as text.
    public static func parseOrText(_ text: String) throws(ClaimParseError) -> Claim {
        do {
            return try parse(text)
        } catch {
            if Parser(text).opensLikeArray { throw error }
            return .text(text)
        }
    }
}

/// A parsed value before its shape is checked: a number or a sequence, each
/// with the offset where it starts.
private enum Node {
    case number(ExpectedNumber, offset: Int)
    case sequence([Node], offset: Int)
    /// A tensor with no elements, of a shape written out (`zeros([0, 3])`).
    case empty(shape: [Int], offset: Int)
    /// numpy's or PyTorch's `...`: elements left out of a summarized array.
    case gap(offset: Int)

    var offset: Int {
        switch self {
        case .number(_, let offset), .sequence(_, let offset), .empty(_, let offset), .gap(let offset): return offset
        }
    }

    /// Whether a `...` is in it.
    var hasGap: Bool {
        switch self {
        case .gap: return true
        case .sequence(let items, _): return items.contains(where: \.hasGap)
        case .number, .empty: return false
        }
    }

    /// The elements shown, with the items after a sequence's `...` as its tail.
    var shown: ShownValue {
        switch self {
        case .number(let n, _): return .number(n)
        case .empty, .gap: return .sequence(head: [], tail: nil)
        case .sequence(let items, _):
            guard let gap = items.firstIndex(where: { if case .gap = $0 { return true } else { return false } }) else {
                return .sequence(head: items.map(\.shown), tail: nil)
            }
            return .sequence(head: items[..<gap].map(\.shown), tail: items[(gap + 1)...].map(\.shown))
        }
    }
}

/// Recursive descent over the claim's `Character`s; offsets are indices into them.
private struct Parser {
    let chars: [Character]
    /// The next unread character.
    var pos = 0
    /// Where the claim proper starts and ends, leading and trailing blanks excluded.
    let start: Int
    let end: Int

    // Layout facts gathered while parsing, for `ClaimStyle`.
    /// Whether a comma separated two elements of a list.
    var sawComma = false
    /// Whether blanks alone separated two elements of a list (numpy `str`).
    var sawSpaceSeparator = false
    /// Whether some number was padded to align columns.
    var aligned = false
    /// Whether some sequence was a Python tuple.
    var tuples = false
    /// Whether a line broke between two numbers of one row.
    var wrapped = false
    /// The range of the value inside a top-level wrapper such as `array(...)`.
    var wrappedValue: Range<Int>?
    /// The range of `, shape=(0, 3)` in such a wrapper: part of the value
    /// (the shape of an empty array), not of the claim's style.
    var shapeArgument: Range<Int>?
    /// The dtype the claim states, by numpy's name (see `dtypeName`).
    var statedDType: String?
    /// The range of `, dtype=float32` in the top-level wrapper.
    var dtypeArgument: Range<Int>?

    static var maxDepth: Int { ClaimParser.maxDepth }

    init(_ text: String) {
        chars = Array(text)
        start = chars.firstIndex { !$0.isWhitespace } ?? chars.count
        end = (chars.lastIndex { !$0.isWhitespace }).map { $0 + 1 } ?? start
        pos = start
    }

    /// Whether the text begins with `[` or with a numpy or PyTorch call such as
    /// `array(`, `tensor(` or `np.float64(`. Parentheses alone, `(none)`, and
    /// other calls, `f(x) = ...`, are too common in prose to count.
    var opensLikeArray: Bool {
        var probe = self
        if probe.peek() == "[" { return true }
        let word = probe.scanWord()
        probe.skipSpace()
        let numericCall = ["array", "tensor"].contains(word) || DType(castName: word) != nil
            || ["np.", "numpy.", "torch."].contains { word.hasPrefix($0) }
        return numericCall && probe.peek() == "("
    }

    // claim -> "error:" TEXT | value
    mutating func parseClaim() throws(ClaimParseError) -> (claim: Claim, style: ClaimStyle) {
        let body = String(chars[start..<end])
        if body.hasPrefix("error:") {
            let message = body.dropFirst("error:".count).trimmingWhitespace()
            return (.error(message), .attn)
        }
        guard start < end else { throw ClaimParseError("empty claim: expected a number or an array", offset: start) }
        let node = try parseValue(depth: 0)
        skipSpace()
        if let c = peek() {
            let what = c == "]" || c == ")" ? "unmatched '\(c)'" : "unexpected '\(preview(from: pos))'"
            throw ClaimParseError("\(what) after the end of the claim", offset: pos)
        }
        if case .gap(let offset) = node { throw ClaimParseError("'...' alone is not a value", offset: offset) }
        if node.hasGap { return (.summarized(node.shown, dtype: statedDType), style(shape: [])) }
        let shape = try shapeOf(node, path: [])
        var numbers: [ExpectedNumber] = []
        flatten(node, into: &numbers)
        return (.value(shape: shape, numbers: numbers, dtype: statedDType), style(shape: shape))
    }

    // value -> list | paren | call | number
    mutating func parseValue(depth: Int) throws(ClaimParseError) -> Node {
        skipSpace()
        guard depth < Self.maxDepth else { throw ClaimParseError("brackets nested too deeply", offset: pos) }
        guard let c = peek() else { throw ClaimParseError("expected a number, but the claim ended", offset: pos) }
        switch c {
        case "[": return try parseList(depth: depth)
        case "(": return try parseParen(depth: depth)
        case "]", ")", ",":
            throw ClaimParseError("expected a number, but found '\(c)'", offset: pos)
        default: break
        }
        let wordStart = pos
        let padding = paddingBefore(wordStart)
        let word = scanWord()
        if word.isEmpty { throw ClaimParseError("unexpected character '\(c)'", offset: wordStart) }
        if word == "..." || word == "…" {
            return .gap(offset: wordStart)
        }
        let afterWord = pos
        skipSpace()
        if peek() == "(", isIdentifier(word) {
            return try parseCall(named: word, depth: depth)
        }
        pos = afterWord
        guard let number = ExpectedNumber(text: word) else {
            let looksNumeric = word.first.map { $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." } ?? false
            let message = !looksNumeric ? "unexpected '\(word)': expected a number"
                : Double(word) != nil ? "number '\(word)' is out of range for a Double"
                : "malformed number '\(word)'"
            throw ClaimParseError(message, offset: wordStart)
        }
        if padding { aligned = true }
        return .number(number, offset: wordStart)
    }

    // list -> "[" [ value { ("," | SPACE) value } [","] ] "]"
    mutating func parseList(depth: Int) throws(ClaimParseError) -> Node {
        let open = pos
        pos += 1
        var items: [Node] = []
        var afterComma = false
        /// Whether a line break came since the last item.
        var brokeLine = false
        while true {
            let gap = pos
            skipSpace()
            if chars[gap..<pos].contains(where: \.isNewline) { brokeLine = true }
            guard let c = peek() else { throw unclosed(open) }
            switch c {
            case "]":
                pos += 1
                return .sequence(items, offset: open)
            case ")":
                throw ClaimParseError("')' cannot close the '[' at offset \(open)", offset: pos)
            case "," where !items.isEmpty && !afterComma:
                pos += 1
                sawComma = true
                afterComma = true
            default:
                if !items.isEmpty && !afterComma {
                    guard pos > gap else {
                        throw ClaimParseError("expected ',' or ']' before '\(preview(from: pos))'", offset: pos)
                    }
                    sawSpaceSeparator = true
                }
                let item = try parseValue(depth: depth + 1)
                if brokeLine, case .number? = items.last, case .number = item { wrapped = true }
                items.append(item)
                afterComma = false
                brokeLine = false
            }
        }
    }

    // paren -> "(" ")" | "(" value ")" | "(" value "," [ value { "," value } [","] ] ")"
    mutating func parseParen(depth: Int) throws(ClaimParseError) -> Node {
        let open = pos
        pos += 1
        try requireMore(open)
        if peek() == ")" {
            // Python's empty tuple.
            pos += 1
            tuples = true
            return .sequence([], offset: open)
        }
        let valueStart = pos
        let first = try parseValue(depth: depth + 1)
        let valueEnd = pos
        skipSpace()
        if peek() == ")" {
            if depth == 0 { wrappedValue = valueStart..<valueEnd }
            pos += 1
            return first
        }
        tuples = true
        var items = [first]
        while true {
            switch peek() {
            case nil:
                throw unclosed(open)
            case ")":
                pos += 1
                return .sequence(items, offset: open)
            case ",":
                pos += 1
                try requireMore(open)
                if peek() != ")" {
                    items.append(try parseValue(depth: depth + 1))
                    skipSpace()
                }
            default:
                throw ClaimParseError("expected ',' or ')' before '\(preview(from: pos))'", offset: pos)
            }
        }
    }

    // call -> "zeros" "(" shape ")" | NAME "(" value { "," NAME "=" (shape | RAW) } [","] ")"
    mutating func parseCall(named name: String, depth: Int) throws(ClaimParseError) -> Node {
        let open = pos
        pos += 1
        try requireMore(open, in: name)
        if name == "zeros" { return try parseZeros(open: open, depth: depth) }
        if depth == 0 {
            // attn's cast around a value, or a numpy scalar's type: `f32(0.1)`, `np.float32(0.1)`.
            if let cast = DType(castName: name) {
                statedDType = cast.rawValue
            } else if name.hasPrefix("np.") || name.hasPrefix("numpy."), ClaimParser.isScalarType(name) {
                statedDType = ClaimParser.dtypeName(name)
            }
        }
        let valueStart = pos
        let value = try parseValue(depth: depth + 1)
        let valueEnd = pos
        /// `shape=(0, 3)` (numpy) or `size=(0, 3)` (PyTorch), the shape of an empty array.
        var declaredShape: [Int]?
        while true {
            skipSpace()
            switch peek() {
            case nil:
                throw unclosed(open, in: name)
            case ")":
                pos += 1
                if depth == 0 { wrappedValue = valueStart..<valueEnd }
                if let declaredShape, declaredShape.contains(0), case .sequence(let items, let offset) = value, items.isEmpty {
                    return .empty(shape: declaredShape, offset: offset)
                }
                return value
            case ",":
                let comma = pos
                pos += 1
                skipSpace()
                if peek() == ")" || peek() == nil { continue }
                switch try keywordArgument(in: name, depth: depth) {
                case .shape(let shape):
                    declaredShape = shape
                    if depth == 0 { shapeArgument = comma..<pos }
                case .dtype(let dtype) where depth == 0:
                    statedDType = ClaimParser.dtypeName(dtype)
                    dtypeArgument = comma..<pos
                case .dtype, .other:
                    break
                }
            default:
                throw ClaimParseError("expected ',' or ')' in '\(name)(...)', but found '\(preview(from: pos))'",
                                      offset: pos)
            }
        }
    }

    /// A keyword argument of a wrapper call, as far as a claim cares.
    enum KeywordArgument {
        /// `shape=(0, 3)` or `size=(0, 3)`: the shape of an empty array.
        case shape([Int])
        /// `dtype=VALUE`, with VALUE as written.
        case dtype(String)
        /// Anything else (`grad_fn=<SoftmaxBackward0>`, `device='cuda:0'`).
        case other
    }

    /// Reads `NAME = VALUE`: the shape of `shape=(0, 3)` or `size=(0, 3)`,
    /// else VALUE, which runs to the next `,` or `)` outside brackets, angle
    /// brackets and quotes: `dtype=float32`, `grad_fn=<SoftmaxBackward0>`.
    mutating func keywordArgument(in call: String, depth: Int) throws(ClaimParseError) -> KeywordArgument {
        let argStart = pos
        let key = scanWord()
        skipSpace()
        guard isIdentifier(key), peek() == "=" else {
            throw ClaimParseError("'\(call)(...)' takes one value; expected a keyword argument such as "
                                      + "dtype=..., but found '\(preview(from: argStart))'", offset: argStart)
        }
        pos += 1
        if key == "shape" || key == "size" {
            skipSpace()
            return .shape(try parseShape(depth: depth))
        }
        skipSpace()
        let valueStart = pos
        var depth = 0
        var quote: Character?
        scan: while let c = peek() {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if "([<{".contains(c) {
                depth += 1
            } else if ")]>}".contains(c) {
                if depth == 0 { break scan }
                depth -= 1
            } else if c == ",", depth == 0 {
                break scan
            }
            pos += 1
        }
        guard key == "dtype" else { return .other }
        return .dtype(String(chars[valueStart..<pos]).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// `zeros(SHAPE)` after its `(`: attn's printed form of a tensor with no
    /// elements. A shape with elements is refused: a claim shows its numbers.
    mutating func parseZeros(open: Int, depth: Int) throws(ClaimParseError) -> Node {
        let shapeStart = pos
        let shape = try parseShape(depth: depth)
        skipSpace()
        guard peek() == ")" else { throw unclosed(open, in: "zeros") }
        pos += 1
        guard shape.contains(0) else {
            throw ClaimParseError("zeros(...) in a claim stands only for a tensor with no elements; "
                                      + "write the values of \(Tensor.describe(shape: shape)) out", offset: shapeStart)
        }
        return .empty(shape: shape, offset: open)
    }

    /// A shape written as a list or tuple of non-negative integers (`[0, 3]`,
    /// `(0, 3)`, `(0,)`), or one integer. Its commas and parentheses say
    /// nothing of the claim's layout, which stays as it was.
    mutating func parseShape(depth: Int) throws(ClaimParseError) -> [Int] {
        let layout = (sawComma, sawSpaceSeparator, aligned, tuples, wrapped)
        let node = try parseValue(depth: depth + 1)
        (sawComma, sawSpaceSeparator, aligned, tuples, wrapped) = layout
        let items: [Node]
        switch node {
        case .sequence(let list, _): items = list
        case .number, .empty, .gap: items = [node]
        }
        var shape: [Int] = []
        for item in items {
            guard case .number(let n, _) = item, n.tolerance == 0, n.value >= 0, n.value < 1e15,
                  n.value == n.value.rounded() else {
                throw ClaimParseError("a shape is a list of non-negative integers", offset: item.offset)
            }
            shape.append(Int(n.value))
        }
        return shape
    }

    /// Skips blanks, and throws when the claim ends inside the bracket opened at `open`.
    mutating func requireMore(_ open: Int, in call: String = "") throws(ClaimParseError) {
        skipSpace()
        if peek() == nil { throw unclosed(open, in: call) }
    }

    func unclosed(_ open: Int, in call: String = "") -> ClaimParseError {
        let bracket = call.isEmpty ? "'\(chars[open])'" : "'(' of '\(call)('"
        return ClaimParseError("the \(bracket) at offset \(open) is never closed", offset: open)
    }

    // MARK: - Shape

    /// The shape of a node, or an error naming the first row whose shape differs
    /// from its first sibling's.
    func shapeOf(_ node: Node, path: [Int]) throws(ClaimParseError) -> [Int] {
        if case .empty(let shape, _) = node { return shape }
        guard case .sequence(let items, _) = node else { return [] }
        guard let first = items.first else { return [0] }
        let firstShape = try shapeOf(first, path: path + [0])
        for (i, item) in items.enumerated().dropFirst() {
            let itemShape = try shapeOf(item, path: path + [i])
            if itemShape != firstShape {
                throw ragged(item, itemShape, at: path + [i], versus: firstShape, at: path + [0])
            }
        }
        return [items.count] + firstShape
    }

    /// Names where two sibling rows first differ. Each is regular inside (its
    /// shape is known), so along the first axis where the shapes disagree the
    /// first sub-rows of both already show the difference.
    func ragged(_ node: Node, _ shape: [Int], at path: [Int],
                versus firstShape: [Int], at firstPath: [Int]) -> ClaimParseError {
        let axis = zip(shape, firstShape).prefix { $0 == $1 }.count
        let zeros = [Int](repeating: 0, count: axis)
        let here = Tensor.describe(shape: path + zeros)
        let there = Tensor.describe(shape: firstPath + zeros)
        var row = node
        for _ in 0..<axis {
            if case .sequence(let items, _) = row, let first = items.first { row = first }
        }
        let length = axis < shape.count ? shape[axis] : nil
        let firstLength = axis < firstShape.count ? firstShape[axis] : nil
        let message: String
        switch (length, firstLength) {
        case (let n?, let m?):
            message = "row \(here) has \(n) element\(n == 1 ? "" : "s"), but row \(there) has \(m)"
        case (_?, nil):
            message = "element \(here) is a list, but element \(there) is a number"
        case (nil, _?):
            message = "element \(here) is a number, but element \(there) is a list"
        case (nil, nil):
            message = "row \(here) differs from row \(there)"
        }
        return ClaimParseError("ragged array: " + message, offset: row.offset)
    }

    func flatten(_ node: Node, into numbers: inout [ExpectedNumber]) {
        switch node {
        case .number(let number, _): numbers.append(number)
        case .sequence(let items, _): for item in items { flatten(item, into: &numbers) }
        case .empty, .gap: break
        }
    }

    // MARK: - Layout

    func style(shape: [Int]) -> ClaimStyle {
        let inner = wrappedValue ?? start..<end
        var suffix = String(chars[inner.upperBound..<end])
        // Where the dtype argument sits in the suffix, as offsets from its start.
        var dtype = dtypeArgument.map { ($0.lowerBound - inner.upperBound)..<($0.upperBound - inner.upperBound) }
        if let shape = shapeArgument {
            suffix = String(chars[inner.upperBound..<shape.lowerBound] + chars[shape.upperBound..<end])
            if let d = dtype, let argument = dtypeArgument, argument.lowerBound >= shape.upperBound {
                dtype = (d.lowerBound - shape.count)..<(d.upperBound - shape.count)
            }
        }
        return ClaimStyle(
            prefix: String(chars[start..<inner.lowerBound]),
            suffix: suffix,
            commas: sawComma || !sawSpaceSeparator,
            // Only a claim with two rows or more shows whether they share a
            // line (Python's print) or not (attn, numpy, PyTorch); with fewer,
            // assume not.
            multiline: shape.dropLast().reduce(1, *) < 2 || chars[inner].contains { $0.isNewline },
            aligned: aligned,
            tuples: tuples,
            wrapped: wrapped,
            dtypeArgument: dtype)
    }

    /// Whether the token at `index` is padded the way numpy and PyTorch align
    /// columns: a blank after an opening bracket, or two blanks after a separator.
    func paddingBefore(_ index: Int) -> Bool {
        var i = index
        while i > start, chars[i - 1] == " " { i -= 1 }
        let blanks = index - i
        guard i > start, blanks > 0 else { return false }
        let before = chars[i - 1]
        if before.isNewline { return false }
        return before == "[" || before == "(" ? blanks >= 1 : blanks >= 2
    }

    // MARK: - Characters

    func peek() -> Character? { pos < end ? chars[pos] : nil }

    mutating func skipSpace() {
        while pos < end, chars[pos].isWhitespace { pos += 1 }
    }

    /// The longest run of characters that can form a number or a dotted name.
    mutating func scanWord() -> String {
        let wordStart = pos
        while pos < end, chars[pos].isLetter || chars[pos].isNumber || "._+-".contains(chars[pos]) { pos += 1 }
        return String(chars[wordStart..<pos])
    }

    /// A short excerpt for error messages: the rest of the current token.
    func preview(from index: Int) -> String {
        var stop = index
        while stop < end, stop - index < 20, !chars[stop].isWhitespace, !(stop > index && ",[]()".contains(chars[stop])) {
            stop += 1
        }
        return String(chars[index..<max(stop, min(index + 1, end))])
    }
}

private func isIdentifier(_ word: String) -> Bool {
    guard let first = word.first, first.isLetter || first == "_" else { return false }
    return word.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
}

private extension Substring {
    func trimmingWhitespace() -> String {
        let head = drop { $0.isWhitespace }
        return String(head.reversed().drop { $0.isWhitespace }.reversed())
    }
}
