/// Showing untrusted text (a file's content, a file name) inside a message.
///
/// A message that quotes a file must never let that file drive the terminal
/// (an escape sequence that clears the screen or retitles the window) or
/// echo much of a file the user did not mean to show (an error about
/// `/etc/shadow` must not print it). So quoted content is cut to a short
/// excerpt, and every character that a terminal would act on rather than
/// show is replaced by a visible escape:
/// - tab, line feed and carriage return as `\t`, `\n`, `\r`;
/// - the other C0 controls, DEL and the C1 controls (U+0080 to U+009F) as
///   `\xHH`;
/// - the Unicode direction overrides and isolates (U+200E, U+200F, U+202A to
///   U+202E, U+2066 to U+2069), which reorder what the reader sees, as
///   `\u{HHHH}`.
/// Everything else, including other non-ASCII letters, is shown as is. A
/// backslash is not doubled: excerpts are for reading, not for parsing back.
public enum Excerpt {
    /// The usual length of an excerpt, in characters.
    public static let defaultLimit = 40

    /// `text` made visible and cut to `limit` characters (counted after
    /// escaping), followed by `...` when something was cut.
    public static func visible(_ text: some StringProtocol, limit: Int) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            let shown = escape(scalar)
            if count + shown.count > limit { return out + "..." }
            out += shown
            count += shown.count
        }
        return out
    }

    /// `text` with control characters made visible, not shortened; for
    /// file names, which the user typed and must be able to recognise.
    public static func visible(_ text: some StringProtocol) -> String {
        visible(text, limit: Int.max)
    }

    /// Bytes that should be UTF-8 text, decoded with U+FFFD for invalid
    /// sequences, then as `visible(_:limit:)`.
    public static func visible(_ bytes: some Collection<UInt8>, limit: Int = defaultLimit) -> String {
        visible(String(decoding: bytes, as: UTF8.self), limit: limit)
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x00..<0x20, 0x7F..<0xA0: return "\\x" + hex(scalar.value, digits: 2)
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return "\\u{" + hex(scalar.value, digits: 4) + "}"
        default: return String(scalar)
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
