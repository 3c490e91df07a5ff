/// How a stopped run is reported: not as an error with a caret (the program
/// did nothing wrong) but as one line, naming where it stopped when that was
/// in a script.
extension Renderer {
    /// `interrupted`, or `interrupted at FILE:LINE` inside a named file
    /// (sources named like `<input 3>` or `<command line>` are not files).
    public static func renderInterrupted(_ d: Diagnostic, in source: SourceFile) -> String {
        guard !source.name.hasPrefix("<") else { return d.message }
        let (line, _) = source.location(of: d.range.start)
        return "\(d.message) at \(source.name):\(line)"
    }
}
