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
    /// Verdicts that the documents' own code failed (`Verdict.error`).
    public private(set) var errors = 0
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
        errors += report.errors
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
    public var checkedNothing: Bool { claims == 0 || passed + failed + errors == 0 }

    /// Whether the run fails: a claim failed, or a document's code did.
    public var fails: Bool { failed > 0 || errors > 0 }

    /// The lines that end the output: one per skip reason, then the summary
    /// line, always last (`N passed, N failed`, then `, N errors` and
    /// `, N skipped` when there were some).
    /// `listed`: whether the skipped claims were listed above (`-v`).
    public func closingLines(listed: Bool) -> [String] {
        let hint = listed ? "" : " (attn check -v lists them)"
        var lines = skipped.map { "skipped \(Self.count($0.count, "claim")): \($0.reason)\(hint)" }
        var counts = "\(passed) passed, \(failed) failed"
        if errors > 0 { counts += ", \(Self.count(errors, "error"))" }
        if claims == 0 {
            let none = "no claims found in \(Self.count(files, "file"))"
            lines.append(passed + failed + errors == 0 ? none : "\(counts); \(none)")
            return lines
        }
        var summary = counts
        if skippedCount > 0 { summary += ", \(skippedCount) skipped" }
        if passed + failed + errors == 0 { summary += "; no claim was checked" }
        lines.append(summary)
        return lines
    }

    /// `1 file`, `2 files`.
    static func count(_ n: Int, _ noun: String) -> String {
        "\(n) \(noun)\(n == 1 ? "" : "s")"
    }
}
