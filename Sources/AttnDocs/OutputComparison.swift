import AttnCore

/// Compares claimed output text with the text a statement wrote.
///
/// Text holds when the two agree line by line with trailing blanks ignored
/// (and blank lines at the end ignored), or when they differ only in where
/// lines break inside brackets: a printed tensor wraps its rows to the line
/// width of the session that printed it, which need not be the checker's.
/// When they do not, they may still agree print by print, with their values
/// compared as values (`compareChunk`): `weights: [0.5 0.5]` against attn's
/// `weights: [0.5, 0.5]` share the label `weights: `, and the rests are
/// compared at the precision each is written with. A claim `1.5, -1.0`
/// holds for a tuple `(1.5, -1.0)`, as docstrings often write one.
enum OutputComparison {
    /// Whether `claimed` holds for the written `actual` text; `ellipsis`:
    /// doctest's `...` in the claim matches any text.
    static func holds(claimed: String, actual: String, ellipsis: Bool = false) -> Bool {
        let want = normalized(claimed), got = normalized(actual)
        if want == got { return true }
        if unwrapped(want.joined(separator: "\n")) == unwrapped(got.joined(separator: "\n")) { return true }
        let wantChunks = chunks(want), gotChunks = chunks(got)
        if wantChunks.count == gotChunks.count, !want.isEmpty, zip(wantChunks, gotChunks).allSatisfy({ c, a in
            compareChunk(claimed: want[c].joined(separator: "\n"), actual: got[a].joined(separator: "\n"), ellipsis: ellipsis).holds
        }) {
            return true
        }
        let claimText = want.joined(separator: "\n"), actualText = got.joined(separator: "\n")
        if compareChunk(claimed: claimText, actual: actualText, ellipsis: ellipsis).holds { return true }
        // A doctest often writes a tuple without its parentheses (`1.5, -1.0`
        // for `(1.5, -1.0)`): read it with them.
        if actualText.hasPrefix("("), actualText.hasSuffix(")"), !claimText.hasPrefix("("), claimText.contains(",") {
            return compareChunk(claimed: "(" + claimText + ")", actual: actualText, ellipsis: ellipsis).holds
        }
        return false
    }

    /// Lines without trailing blanks, trailing empty lines dropped.
    static func normalized(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { trimTrailing(String($0)) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// `text` with each run of blanks and line breaks inside brackets made
    /// one space, so that `[1, 2,\n 3]` and `[1, 2, 3]` read the same.
    static func unwrapped(_ text: String) -> String {
        var out = ""
        var depth = 0, inBlanks = false
        for c in text {
            if depth > 0 && (c == " " || c == "\t" || c == "\n") {
                inBlanks = true
                continue
            }
            if inBlanks { out.append(" ") }
            inBlanks = false
            if c == "[" { depth += 1 } else if c == "]" { depth = max(0, depth - 1) }
            out.append(c)
        }
        return out
    }
}
