/// Text from a document or a program made safe inside XML, SVG and HTML.
///
/// Labels, titles, code and outputs written into a page or an SVG file are
/// untrusted: a `<script>` in a label must stay text, and a control
/// character, which XML 1.0 does not allow even escaped, must not make the
/// file unreadable. So every piece of text goes through one of these, which
/// first makes control characters and bidirectional overrides visible
/// (`VisibleText`: ESC → ␛, NUL → ␀; line breaks and tabs are kept), drops
/// the noncharacters U+FFFE and U+FFFF (not allowed in XML either) for '�',
/// then escapes the characters markup gives a meaning to.
public enum XMLText {
    /// Text content of an element: `&`, `<` and `>` escaped.
    public static func text(_ s: String) -> String {
        escape(s, attribute: false)
    }

    /// An attribute value in double quotes: also `"` and `'`, and line
    /// breaks and tabs as character references (an XML parser would turn
    /// them into blanks).
    public static func attribute(_ s: String) -> String {
        escape(s, attribute: true)
    }

    static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in VisibleText.visible(s).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&#39;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "\u{FFFE}", "\u{FFFF}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
