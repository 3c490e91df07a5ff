import AttnCore

/// Compares claimed output text with the text a statement wrote.
///
/// Text holds when the two agree line by line with trailing blanks ignored
/// (and blank lines at the end ignored), or when they differ only in where
/// lines break inside brackets: a printed tensor wraps its rows to the line
/// width of the session that printed it, which need not be the checker's.
/// When they do not, a line may still
/// hold as a labelled value: `weights: [0.5 0.5]` against attn's
/// `weights: [0.5, 0.5]` share the label `weights: `, and the rests are
/// compared as a claim and a value (the actual value as printed, so at the
/// session's print precision).
enum OutputComparison {
    /// Whether `claimed` holds for the written `actual` text.
    static func holds(claimed: String, actual: String) -> Bool {
        let want = normalized(claimed), got = normalized(actual)
        if want == got { return true }
        if unwrapped(want.joined(separator: "\n")) == unwrapped(got.joined(separator: "\n")) { return true }
        if want.count == got.count, !want.isEmpty {
            return zip(want, got).allSatisfy { $0 == $1 || labelledValuesAgree($0, $1) }
        }
        return labelledValuesAgree(want.joined(separator: "\n"), got.joined(separator: "\n"))
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

    /// `LABEL CLAIM` against `LABEL VALUE`: the same label (possibly empty),
    /// then a claim that holds for the value printed after it.
    static func labelledValuesAgree(_ claimed: String, _ actual: String) -> Bool {
        let a = Array(claimed), b = Array(actual)
        var cut = 0
        while cut < a.count, cut < b.count, a[cut] == b[cut] { cut += 1 }
        // Back up to the start of a token, so the value is read whole.
        while cut > 0, !(a[cut - 1].isWhitespace || a[cut - 1] == ":" || a[cut - 1] == "=") { cut -= 1 }
        let claimRest = String(a[cut...]), actualRest = String(b[cut...])
        guard let printed = try? ClaimParser.parse(actualRest), let tensor = printed.writtenTensor,
              let claim = try? ClaimParser.parse(claimRest), case .value = claim
        else { return false }
        return ClaimComparison.compare(claim, actual: tensor).holds
    }
}
