/// How many terminal columns text takes, so a caret can be placed under a
/// given character: East Asian wide and fullwidth characters (CJK, most
/// emoji) take two, combining marks and other zero-width characters none,
/// everything else one. Ambiguous-width characters count as one, as in a
/// terminal outside a CJK locale. The caller decides about tabs.
public enum DisplayWidth {
    /// The columns of one grapheme cluster: its first scalar that is not
    /// zero-width decides (a base letter with its accents is one column);
    /// a cluster of zero-width scalars alone takes none.
    public static func of(_ c: Character) -> Int {
        guard let base = c.unicodeScalars.first(where: { !isZeroWidth($0) }) else { return 0 }
        if isWide(base) { return 2 }
        // An emoji asked for in emoji presentation (VS16) is drawn wide.
        if base.properties.isEmoji && c.unicodeScalars.contains("\u{FE0F}") { return 2 }
        return 1
    }

    /// The columns of a run of characters.
    public static func of<S: Sequence<Character>>(_ text: S) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    /// `text` cut to at most `width` columns, ending in `…` where it was
    /// cut; empty when `width` is 0 or less.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        // Reads no further than the cut, however long the text.
        var kept = text.startIndex, used = 0, index = text.startIndex
        while index < text.endIndex {
            let w = of(text[index])
            if used + w > width { return String(text[..<kept]) + "…" }
            used += w
            index = text.index(after: index)
            if used <= width - 1 { kept = index }
        }
        return text
    }

    /// Combining marks (nonspacing, enclosing) and format characters such
    /// as the zero-width joiner.
    static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return false
        }
    }

    /// Whether `s` is East Asian wide or fullwidth (binary search of `wideRanges`).
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        guard v >= 0x1100 else { return false }
        var lo = 0, hi = wideRanges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if wideRanges[mid].upperBound < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < wideRanges.count && wideRanges[lo].contains(v)
    }
}
