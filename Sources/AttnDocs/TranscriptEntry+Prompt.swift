extension TranscriptEntry {
    /// Whether `line` starts a transcript input: a prompt (`attn>`, `>>>`,
    /// `julia>`, `In [n]:`) after any blanks. The shell asks this of pasted
    /// text; it is the document scanner's own recogniser (`Prompt`), so the
    /// shell and `attn check` agree on what a transcript is.
    public static func startsInput(_ line: String) -> Bool {
        Prompt.match(line, indent: Int.max) != nil
    }
}
