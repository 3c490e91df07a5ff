import AttnCore
import AttnLang

/// The one writer of claims: what `attn run --transcript` writes under a
/// prompt, what the shell's `:save` writes after `# =>`, and what `attn fix`
/// writes over a claim that failed. Numbers come from `NumberFormat` and the
/// arrangement from `TensorLayout`, the printer's own, so whatever this
/// writes the claim reader reads back, and the claim holds for the value it
/// was written from (the round-trip property tests hold it to that).
public enum ClaimWriter {
    /// The fewest significant digits a rewritten claim shows: attn's default precision.
    public static let rewriteDigits = 6

    /// `value` as a claim that holds for it: attn's printed text at
    /// `precision` with rows wrapped to `lineWidth`, but never summarized
    /// with `...` (a claim must show every element to be checkable).
    public static func claim(for value: Value, precision: Precision, lineWidth: Int) -> String {
        guard case .tensor(let t) = value else { return Printer.format(value, precision: precision, lineWidth: lineWidth) }
        return Printer.format(t, precision: precision, lineWidth: lineWidth, summarize: false)
    }

    /// A claim as `# =>` comment lines: `# => ` before the first line and
    /// `#    ` before the others, so the rows line up as printed.
    public static func annotation(_ claim: String) -> String {
        "# => " + continued(claim, prefix: "#    ", lineEnding: "\n")
    }

    /// `text` with `prefix` before each line after the first (trailing
    /// blanks trimmed) and `lineEnding` between lines: how a claim that
    /// spans lines is laid into a document.
    public static func continued(_ text: String, prefix: String, lineEnding: String) -> String {
        var out = ""
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if n == 0 {
                out += line
                continue
            }
            var next = prefix + line
            while next.last == " " || next.last == "\t" { next.removeLast() }
            out += lineEnding + next
        }
        return out
    }

    /// `text` as a notebook stores an output's text, in the layout `stored`
    /// was read with: an array of strings, one a line and each ending with
    /// its "\n" (nbformat's `splitlines(keepends=True)`), separated and
    /// indented as the original's were, or one string. A line that the
    /// original held is written with its original bytes; a new one is
    /// escaped as Python's `json` escapes it (`\"`, `\\`, `\n`, `\t`,
    /// `\u001b` for other control characters, and non-ASCII as `\u00e9`
    /// only when the file escapes it).
    public static func stored(_ text: String, like stored: StoredText) -> String {
        guard stored.isArray else { return stored.elements[text] ?? jsonString(text, asciiOnly: stored.asciiOnly) }
        var lines: [String] = []
        var current = ""
        for c in text {
            current.append(c)
            if c == "\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        let raw = lines.map { stored.elements[$0] ?? jsonString($0, asciiOnly: stored.asciiOnly) }
        guard !raw.isEmpty else { return "[]" }
        return "[" + stored.opening + raw.joined(separator: "," + stored.separator) + stored.closing + "]"
    }

    /// `text` as a JSON string, quotes included, escaped as Python's `json.dumps` escapes.
    static func jsonString(_ text: String, asciiOnly: Bool) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7F) {
                    for unit in String(scalar).utf16 { out += "\\u" + hex4(unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// `actual` written to replace `claim`, which failed, in the claim's
    /// `style` (see `ClaimParser.parseStyled`): its prefix and suffix
    /// (`array(`, `, dtype=float32)`), separators, alignment, tuples, rows
    /// on lines of their own or not, and rows wrapped to the default line
    /// width when the claim's were wrapped.
    ///
    /// The value's dtype is stated as the claim's dialect states it
    /// (`ClaimStyle.DTypeSpelling`), whatever the claim said: attn's cast
    /// around it (`f32([...])`, nothing for float64), numpy's `dtype=`
    /// (left out for float64, int64 and bool, as numpy does; put on a line
    /// of its own, under the value, when it would pass 75 columns, as
    /// numpy's repr does), PyTorch's `dtype=torch....` (left out for
    /// float32, int64 and bool), a numpy scalar's type (`np.float32(...)`).
    ///
    /// The digits are decided once for the whole tensor, never per element:
    /// - every non-integer gets P significant digits, trailing zeros kept,
    ///   where P is the larger of `rewriteDigits` and the most significant
    ///   digits any number of the claim was written with (`0.5000` has 4,
    ///   `0.11920292` has 8), so the rewrite shows at least what the author
    ///   wrote and at least what attn prints by default (a float32 value at
    ///   most 9, all it has);
    /// - in e-notation when the claim used it, with its exponent spelling
    ///   (`1.50000000e-03` after numpy's `1.00000000e+00`), integers too;
    ///   else as the printer chooses between positional and e-notation;
    /// - integers are exact, written `3`, or `3.` when the value is a float
    ///   and the claim wrote bare points or is in numpy's or PyTorch's
    ///   dialect (a wrapper such as `array(`, or numpy's blank-separated
    ///   `str`), as those libraries print an integral float (for a float64
    ///   value, only when the claim wrote some number with a point, since
    ///   attn's float64 results stand in for numpy's integers until numpy's
    ///   dtype rules reach them); an int64 or int32 value never gets a point;
    /// - booleans in the claim's family (`True`/`False`) when it wrote
    ///   booleans, else attn's `true`/`false` in attn's form and Python's
    ///   `True`/`False` in the others (numpy's padded ` True`); a float
    ///   value of 0s and 1s keeps a claim's booleans;
    /// - `inf`, `-inf`, `nan` as themselves.
    public static func rewrite(_ actual: Tensor, like claim: Claim, style claimed: ClaimStyle) -> String {
        let write = elementWriter(like: claim, style: claimed, for: actual)
        var style = claimed
        let spelling = claimed.dtypeSpelling
        switch spelling {
        case .cast:
            (style.prefix, style.suffix) = Printer.wrapper(for: actual.dtype)
        case .numpyScalar:
            let module = claimed.prefix.prefix { $0 != "." }
            style.prefix = module + "." + actual.dtype.rawValue + "("
        case .numpyKeyword, .torchKeyword, .none:
            break
        }
        if actual.count == 0, actual.rank >= 2, spelling != .cast, !style.prefix.isEmpty {
            // numpy's `array([], shape=(0, 3))`, PyTorch's `tensor([], size=(0, 3))`.
            let keyword = spelling == .torchKeyword ? "size" : "shape"
            let shape = "(" + actual.shape.map(String.init).joined(separator: ", ") + ")"
            let body = style.prefix + "[], \(keyword)=\(shape)"
            return body + dtypeSuffix(style, spelling, actual, after: body)
        }
        let layout = style.layout(lineWidth: style.wrapped ? Printer.defaultLineWidth : nil)
        let body = style.prefix + layout.write(shape: actual.shape, element: write)
        return body + dtypeSuffix(style, spelling, actual, after: body)
    }

    /// The claim's suffix stating `actual`'s dtype as its keyword dialect
    /// states one (see `rewrite`); `body` is the text before it.
    static func dtypeSuffix(_ style: ClaimStyle, _ spelling: ClaimStyle.DTypeSpelling, _ actual: Tensor,
                            after body: String) -> String {
        let implied: Set<DType>, name: String
        switch spelling {
        case .numpyKeyword:
            // numpy states the dtype of every empty array.
            implied = actual.count == 0 ? [] : [.float64, .int64, .bool]
            name = actual.dtype.rawValue
        case .torchKeyword:
            implied = [.float32, .int64, .bool]
            name = "torch." + actual.dtype.rawValue
        case .cast, .numpyScalar, .none:
            return style.suffix
        }
        var suffix = Array(style.suffix)
        if let stated = style.dtypeArgument, stated.upperBound <= suffix.count {
            if implied.contains(actual.dtype) {
                suffix.removeSubrange(stated)
            } else {
                // Keep how the argument was laid out (`,\n      dtype=`); change the name.
                let argument = String(suffix[stated])
                let kept = argument.range(of: "dtype=").map { argument[..<$0.upperBound] } ?? ", dtype="
                suffix.replaceSubrange(stated, with: Array(kept + name))
            }
            return String(suffix)
        }
        guard !implied.contains(actual.dtype), let close = suffix.lastIndex(of: ")") else { return style.suffix }
        // numpy's repr: on the value's last line unless it would pass the
        // line width, else on a line of its own under the value.
        let extra = "dtype=\(name)"
        let indent = style.prefix.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0
        let spacer = Printer.numpyExtrasSpacer(after: body + ",", extra: extra + ")", indent: indent, lineWidth: Printer.defaultLineWidth)
        suffix.insert(contentsOf: Array("," + spacer + extra), at: close)
        return String(suffix)
    }

    /// How the elements of a rewrite of `claim` are written; see `rewrite`.
    static func elementWriter(like claim: Claim, style: ClaimStyle, for actual: Tensor) -> (Int) -> String {
        let spelling = style.dtypeSpelling
        let library = !style.commas || ["array(", "tensor(", "np.", "numpy.", "torch."].contains { style.prefix.hasPrefix($0) }
        // numpy pads True to the width of False in every array (not a scalar).
        let numpyBooleans = (spelling == .numpyKeyword || !style.commas) && actual.rank > 0
        var words = spelling == .cast ? ("true", "false") : (numpyBooleans ? " True" : "True", "False")
        guard case .value(_, let numbers, _) = claim else {
            let format = NumberFormat(precision: .digits(rewriteDigits), keepsTrailingZeros: true)
            return Printer.elementWriter(actual, float: format, words: words)
        }
        let written = numbers.compactMap { WrittenNumber($0.text) }
        if case .boolean(_, let trueText, let falseText)? = written.first,
           written.allSatisfy({ if case .boolean = $0 { return true } else { return false } }) {
            words = (numpyBooleans && trueText == "True" ? " True" : trueText, falseText)
            let values = actual.scalars
            if actual.dtype.isFloatingPoint, values.allSatisfy({ $0 == 0 || $0 == 1 }) {
                return { values[$0] == 1 ? words.0 : words.1 }
            }
        }
        let literals = written.compactMap { number -> NumberLiteral? in
            if case .literal(let literal, _) = number { return literal }
            return nil
        }
        let exponent = literals.lazy.compactMap(\.exponent).first?.spelling
        let barePoints = literals.contains { $0.hasPoint && $0.fractionDigits == 0 && $0.exponent == nil }
        let pointed = literals.contains { $0.hasPoint || $0.exponent != nil }
        let libraryFloats = library && (pointed || actual.dtype == .float32)
        let format = NumberFormat(
            precision: .digits(max(rewriteDigits, literals.map(\.significantDigits).max() ?? 0)),
            notation: exponent == nil ? .general : .scientific,
            keepsTrailingZeros: true,
            exponent: exponent ?? .attn,
            integerPoint: barePoints || libraryFloats)
        return Printer.elementWriter(actual, float: format, words: words)
    }
}
