/// What a whole run of `attn check` found, added up file by file, and the
/// lines that close its output.
///
/// A run that checked no claim is not a success: when the documents hold no
/// claim at all (a folder of files attn does not understand, a script
/// without `# =>`), or every claim they hold was skipped, `checkedNothing`
/// is true and the summary line says so; `attn check` then exits 1 unless
/// `--allow-empty`.
public struct CheckSummary: Sendable {
    /// Files checked (read or not).
    public private(set) var files = 0
    public private(set) var passed = 0
    public private(set) var failed = 0
    /// Claims found in the documents, checked or skipped.
    public private(set) var claims = 0
    /// Skipped claims per reason, in the order the reasons first came up.
    public private(set) var skipped: [(reason: SkipReason, count: Int)] = []
    /// The files that could be read but hold no claim, in order.
    public private(set) var filesWithoutClaims: [String] = []

    public init() {}

    public mutating func add(_ report: FileReport) {
        files += 1
        passed += report.passed
        failed += report.failed
        claims += report.claimCount
        for reason in report.results.compactMap(\.skipReason) {
            if let n = skipped.firstIndex(where: { $0.reason == reason }) {
                skipped[n].count += 1
            } else {
                skipped.append((reason, 1))
            }
        }
        if report.holdsNoClaim { filesWithoutClaims.append(report.path) }
    }

    /// How many claims were skipped, for every reason.
    public var skippedCount: Int { skipped.reduce(0) { $0 + $1.count } }

    /// Whether nothing at all was checked: no claim found, or all skipped.
    public var checkedNothing: Bool { claims == 0 || passed + failed == 0 }

    /// The lines that end the output: one per skip reason, then the summary
    /// line, always last (`N passed, N failed`, `, N skipped` when some were).
    /// `listed`: whether the skipped claims were listed above (`-v`).
    public func closingLines(listed: Bool) -> [String] {
        let hint = listed ? "" : " (attn check -v lists them)"
        var lines = skipped.map { "skipped \(Self.count($0.count, "claim")): \($0.reason)\(hint)" }
        if claims == 0 {
            let none = "no claims found in \(Self.count(files, "file"))"
            lines.append(passed + failed == 0 ? none : "\(passed) passed, \(failed) failed; \(none)")
            return lines
        }
        var summary = "\(passed) passed, \(failed) failed"
        if skippedCount > 0 { summary += ", \(skippedCount) skipped" }
        if passed + failed == 0 { summary += "; no claim was checked" }
        lines.append(summary)
        return lines
    }

    /// `1 file`, `2 files`.
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
