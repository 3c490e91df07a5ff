/// Draws diagnostics for people: `FILE:LINE:COL: error: message`, the
/// source line, a caret span under the offending text, then notes. The one
/// place that decides how an error looks, for the CLI, the shell and docs.
public enum Renderer {
    public static func render(_ d: Diagnostic, in source: SourceFile, color: Bool) -> String {
        let (line, column) = source.location(of: d.range.start)
        // Control characters in the echoed line (a stray escape sequence, a
        // carriage return) would act on the terminal: show each as one '�',
        // which keeps the columns. Tabs stay, for the caret line below.
        let text = String(source.lineText(containing: d.range.start).map { c -> Character in
            c != "\t" && c.unicodeScalars.contains { $0.properties.generalCategory == .control } ? "\u{FFFD}" : c
        })
        let (endLine, endColumn) = source.location(of: d.range.end)
        let width = endLine == line ? max(1, endColumn - column) : max(1, text.count - column + 1)
        let red = color ? "\u{1B}[1;31m" : "", bold = color ? "\u{1B}[1m" : "", cyan = color ? "\u{1B}[36m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        let gutter = String(line)
        let pad = String(repeating: " ", count: gutter.count)
        // Keep tabs in the caret line so the caret lines up under tabbed text.
        let lead = text.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
        var out = "\(bold)\(source.name):\(line):\(column): \(red)error:\(reset)\(bold) \(d.message)\(reset)\n"
        out += "\(cyan)\(gutter) |\(reset) \(text)\n"
        out += "\(cyan)\(pad) |\(reset) \(lead)\(red)^\(String(repeating: "~", count: max(0, width - 1)))\(reset)"
        for note in d.notes { out += "\n\(cyan)\(pad) = note:\(reset) \(note)" }
        return out
    }
}
