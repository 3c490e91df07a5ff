import AttnCore
import Foundation

/// Writes values as attn literals, so that what is printed can be read back,
/// by the lexer and as a claim: `[0.5, 0.5]`, matrices one row per line with
/// aligned columns, integers without a point, other numbers to `precision`
/// significant digits with trailing zeros dropped but never like an integer
/// (`NumberFormat`), and `inf`, `-inf`, `nan`; a value of another dtype than
/// float64 inside its cast (`f32([0.1, 0.2])`, `bool([true, false])`), so it
/// reads back with its dtype. Rows longer than the line width wrap between
/// elements (`TensorLayout`, in `Printer+Tensor.swift`). numpy's own texts,
/// for a numpy dialect, are in `Printer+Numpy.swift`.
public enum Printer {
    /// Tensors with more elements than this are summarized with `...`,
    /// showing `edgeItems` at each end of every long axis (numpy's rule).
    public static let summarizeThreshold = 1000
    public static let edgeItems = 3
    /// The line width, in columns, when the output is not a terminal (numpy's 75).
    public static let defaultLineWidth = 75
    /// The narrowest line width `--width` accepts and a terminal is taken to have.
    public static let minimumLineWidth = 20

    /// `value` as text; tensor rows wrap to `lineWidth` columns.
    public static func format(_ value: Value, precision: Precision, lineWidth: Int = defaultLineWidth) -> String {
        switch value {
        case .tensor(let t): return format(t, precision: precision, lineWidth: lineWidth)
        case .string(let s): return quote(s)
        case .strings(let list): return "[" + list.map(quote).joined(separator: ", ") + "]"
        // The drawing without colour, as a log or a claim shows it; a
        // terminal that takes colour draws the figure itself.
        case .heatmap(let h): return h.terminalText(width: lineWidth, color: false)
        case .function(let f): return "<function \(f.name)(\(f.parameters.joined(separator: ", ")))>"
        case .builtin(let b): return "<builtin \(b.signature)>"
        case .doc(let text): return text
        case .nothing: return ""
        }
    }

    /// A string as an attn literal.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// One number as attn prints it: see `NumberFormat`.
    public static func number(_ x: Double, _ precision: Precision) -> String {
        NumberFormat(precision: precision).write(x)
    }
}
