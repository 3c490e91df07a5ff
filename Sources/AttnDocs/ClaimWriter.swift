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

    /// `actual` written to replace `claim`, which failed, in the claim's
    /// `style` (see `ClaimParser.parseStyled`): its prefix and suffix
    /// (`array(`, `, dtype=float32)`), separators, alignment, tuples, rows
    /// on lines of their own or not, and rows wrapped to the default line
    /// width when the claim's were wrapped.
    ///
    /// The digits are decided once for the whole tensor, never per element:
    /// - every non-integer gets P significant digits, trailing zeros kept,
    ///   where P is the larger of `rewriteDigits` and the most significant
    ///   digits any number of the claim was written with (`0.5000` has 4,
    ///   `0.11920292` has 8), so the rewrite shows at least what the author
    ///   wrote and at least what attn prints by default;
    /// - in e-notation when the claim used it, with its exponent spelling
    ///   (`1.50000000e-03` after numpy's `1.00000000e+00`), integers too;
    ///   else as the printer chooses between positional and e-notation;
    /// - integers are exact, written `3`, or `3.` when the claim wrote bare
    ///   points or is a float array in numpy's or PyTorch's dialect (a
    ///   wrapper such as `array(`, or numpy's blank-separated `str`, with some
    ///   number written with a point), as those libraries print an integral
    ///   float; booleans keep their family (`True`/`False`)
    ///   when the claim was all booleans and the values are all 0 and 1;
    /// - `inf`, `-inf`, `nan` as themselves.
    public static func rewrite(_ actual: Tensor, like claim: Claim, style: ClaimStyle) -> String {
        let write = numberWriter(like: claim, style: style, for: actual)
        if actual.count == 0, actual.rank >= 2, !style.prefix.isEmpty {
            // numpy's `array([], shape=(0, 3))`, PyTorch's `tensor([], size=(0, 3))`.
            let keyword = style.prefix.contains("tensor") ? "size" : "shape"
            let shape = "(" + actual.shape.map(String.init).joined(separator: ", ") + ")"
            return style.prefix + "[], \(keyword)=\(shape)" + style.suffix
        }
        let layout = style.layout(lineWidth: style.wrapped ? Printer.defaultLineWidth : nil)
        let scalars = actual.scalars
        return style.prefix + layout.write(shape: actual.shape) { write(scalars[$0]) } + style.suffix
    }

    /// How the numbers of a rewrite of `claim` are written; see `rewrite`.
    static func numberWriter(like claim: Claim, style: ClaimStyle, for actual: Tensor) -> (Double) -> String {
        guard case .value(_, let numbers) = claim else {
            let format = NumberFormat(precision: .digits(rewriteDigits), keepsTrailingZeros: true)
            return format.write
        }
        let written = numbers.compactMap { WrittenNumber($0.text) }
        if case .boolean(_, let trueText, let falseText)? = written.first,
           written.allSatisfy({ if case .boolean = $0 { return true } else { return false } }),
           actual.scalars.allSatisfy({ $0 == 0 || $0 == 1 }) {
            return { $0 == 1 ? trueText : falseText }
        }
        let literals = written.compactMap { number -> NumberLiteral? in
            if case .literal(let literal, _) = number { return literal }
            return nil
        }
        let exponent = literals.lazy.compactMap(\.exponent).first?.spelling
        let barePoints = literals.contains { $0.hasPoint && $0.fractionDigits == 0 && $0.exponent == nil }
        let libraryFloats = (!style.commas || ["array(", "tensor(", "np.", "numpy.", "torch."].contains { style.prefix.hasPrefix($0) })
            && literals.contains { $0.hasPoint || $0.exponent != nil }
        let format = NumberFormat(
            precision: .digits(max(rewriteDigits, literals.map(\.significantDigits).max() ?? 0)),
            notation: exponent == nil ? .general : .scientific,
            keepsTrailingZeros: true,
            exponent: exponent ?? .attn,
            integerPoint: barePoints || libraryFloats)
        return format.write
    }
}
