/// Text from a document or a file, made safe to show on a terminal.
///
/// A document being checked is untrusted: an escape sequence in a claim, a
/// carriage return in a statement, or a right-to-left override in a comment
/// would act on the terminal (or disguise the text) if echoed as it is. Every
/// report that shows document text passes it through `visible`, which keeps
/// line breaks and tabs and replaces each other control character by the
/// Unicode symbol for it (ESC → ␛, CR → ␍, NUL → ␀), one column wide, so
/// the reader sees what is there. Bidirectional overrides and isolates and
/// C1 controls become '�'.
public enum VisibleText {
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsReplacing) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            out.append(needsReplacing(scalar) ? replacement(scalar) : scalar)
        }
        return String(out)
    }

    /// `visible`, with line breaks and tabs shown as their symbols too (␊,
    /// ␉): for text that must stay on one line, such as a label or a title.
    public static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(visible(text).unicodeScalars.map { s -> Unicode.Scalar in
            s == "\n" || s == "\t" ? replacement(s) : s
        }))
    }

    static func needsReplacing(_ s: Unicode.Scalar) -> Bool {
        if s == "\n" || s == "\t" { return false }
        switch s.value {
        case 0x00...0x1F, 0x7F, 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    static func replacement(_ s: Unicode.Scalar) -> Unicode.Scalar {
        switch s.value {
        case 0x00...0x1F: return Unicode.Scalar(0x2400 + s.value) ?? "\u{FFFD}"
        case 0x7F: return "\u{2421}"
        default: return "\u{FFFD}"
        }
    }
}
