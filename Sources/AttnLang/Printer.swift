import AttnCore
import Foundation

/// Writes values as attn literals, so that what is printed can be read back:
/// `[0.5, 0.5]`, matrices one row per line with aligned columns, integers
/// without a point, other numbers to `precision` significant digits with
/// trailing zeros dropped, and `inf`, `-inf`, `nan`.
public enum Printer {
    /// Tensors with more elements than this are summarized with `...`,
    /// showing `edgeItems` at each end of every long axis (numpy's rule).
    public static let summarizeThreshold = 1000
    public static let edgeItems = 3

    public static func format(_ value: Value, precision: Precision) -> String {
        switch value {
        case .tensor(let t): return format(t, precision: precision)
        case .string(let s): return quote(s)
        case .function(let f): return "<function \(f.name)(\(f.parameters.joined(separator: ", ")))>"
        case .builtin(let b): return "<builtin \(b.signature)>"
        case .doc(let text): return text
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

    /// One number.
    public static func number(_ x: Double, _ precision: Precision) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        if x == x.rounded() && abs(x) < 1e16 {
            if x == 0 { return x.sign == .minus ? "-0" : "0" }
            return String(Int64(x))
        }
        switch precision {
        case .full:
            return cleanExponent("\(x)")
        case .digits(let p):
            return cleanExponent(String(format: "%.\(max(1, min(p, 17)))g", x))
        }
    }

    /// `1e-09` → `1e-9`, `1.5e+20` → `1.5e20`.
    private static func cleanExponent(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
        let mantissa = text[..<e]
        var exponent = text[text.index(after: e)...]
        var sign = ""
        if exponent.first == "-" { sign = "-"; exponent = exponent.dropFirst() }
        if exponent.first == "+" { exponent = exponent.dropFirst() }
        while exponent.count > 1 && exponent.first == "0" { exponent = exponent.dropFirst() }
        return "\(mantissa)e\(sign)\(exponent)"
    }

    public static func format(_ t: Tensor, precision: Precision) -> String {
        if t.isScalar { return number(t.scalars[0], precision) }
        if t.count == 0 {
            // `[]` is an empty vector; other empty shapes read back through zeros().
            return t.rank == 1 ? "[]" : "zeros(\(Tensor.describe(shape: t.shape)))"
        }
        let summarize = t.count > summarizeThreshold
        let texts = t.scalars.map { number($0, precision) }
        let width = texts.map(\.count).max() ?? 1
        var out = ""
        write(t, texts, width: width, summarize: summarize, axis: 0, offset: 0, indent: 1, into: &out)
        return out
    }

    /// Writes the sub-tensor at `axis` starting at element `offset`.
    private static func write(
        _ t: Tensor, _ texts: [String], width: Int, summarize: Bool, axis: Int, offset: Int, indent: Int, into out: inout String
    ) {
        let n = t.shape[axis]
        let stride = t.shape[(axis + 1)...].reduce(1, *)
        var positions: [Int?] = Array(0..<n)
        if summarize && n > 2 * edgeItems {
            positions = Array(0..<edgeItems) + [nil] + Array((n - edgeItems)..<n)
        }
        out += "["
        if axis == t.rank - 1 {
            let cells = positions.map { p -> String in
                guard let p else { return "..." }
                let s = texts[offset + p]
                return String(repeating: " ", count: max(0, width - s.count)) + s
            }
            out += cells.joined(separator: ", ")
        } else {
            // Between rows: a newline, plus one blank line per extra axis (numpy's layout).
            let separator = "," + String(repeating: "\n", count: t.rank - 1 - axis) + String(repeating: " ", count: indent)
            for (k, p) in positions.enumerated() {
                if k > 0 { out += separator }
                if let p {
                    write(t, texts, width: width, summarize: summarize, axis: axis + 1, offset: offset + p * stride, indent: indent + 1, into: &out)
                } else {
                    out += "..."
                }
            }
        }
        out += "]"
    }
}
