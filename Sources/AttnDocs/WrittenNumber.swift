import AttnLang

/// How one number of a claim was written: attn's number grammar
/// (`NumberLiteral`, the lexer's) with an optional sign, or one of the words
/// that claims may use. `ExpectedNumber` takes its tolerance from it, and
/// `ClaimWriter` writes a rewrite in the same notation.
enum WrittenNumber: Equatable, Sendable {
    /// `2`, `-0.5`, `+.5`, `1.`, `1.50e-3`: digits, as the lexer reads them.
    case literal(NumberLiteral, negative: Bool)
    /// `inf`, `-inf`, `nan`.
    case special(Double)
    /// A boolean, with the spellings of its family (`True`/`False`, `np.True_`/`np.False_`).
    case boolean(Bool, trueText: String, falseText: String)

    private static let booleans: [String: (value: Bool, trueText: String, falseText: String)] = [
        "true": (true, "true", "false"), "false": (false, "true", "false"),
        "True": (true, "True", "False"), "False": (false, "True", "False"),
        "np.True_": (true, "np.True_", "np.False_"), "np.False_": (false, "np.True_", "np.False_"),
    ]

    // claim number -> boolean | SIGN? ("inf" | "nan") | SIGN? NumberLiteral
    /// Nil unless all of `text` is one such number.
    init?(_ text: String) {
        if let boolean = Self.booleans[text] {
            self = .boolean(boolean.value, trueText: boolean.trueText, falseText: boolean.falseText)
            return
        }
        let negative = text.hasPrefix("-")
        let body = negative || text.hasPrefix("+") ? String(text.dropFirst()) : text
        switch body {
        case "inf": self = .special(negative ? -.infinity : .infinity)
        case "nan": self = .special(.nan)
        default:
            guard let literal = NumberLiteral(body) else { return nil }
            self = .literal(literal, negative: negative)
        }
    }

    var value: Double {
        switch self {
        case .literal(let literal, let negative): return negative ? -literal.value : literal.value
        case .special(let value): return value
        case .boolean(let value, _, _): return value ? 1 : 0
        }
    }

    /// Half a unit in the last written place; 0 (exact) for integers, a bare
    /// trailing point, booleans, inf and nan:
    /// - `0.7311`, k digits after the point: ½·10^-k;
    /// - `1.50e-3`, k mantissa digits after the point and exponent e: ½·10^(e−k).
    var tolerance: Double {
        guard case .literal(let literal, _) = self else { return 0 }
        if let exponent = literal.exponent {
            // ½·10^(e−k) = 5·10^(e−k−1), read from decimal text so it is correctly rounded.
            return Double("5e\(exponent.value - literal.fractionDigits - 1)") ?? 0
        }
        return literal.fractionDigits > 0 ? Double("5e-\(literal.fractionDigits + 1)") ?? 0 : 0
    }
}
