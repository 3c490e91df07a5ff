import AttnDocs
import AttnLang
import Foundation

/// Pasted transcripts: inputs behind prompts (`attn>`, `>>>`, `julia>`,
/// `In [N]:`), the document's claimed output after each. The shell runs
/// each input in its own session and marks each claim ✓ or ✗, with exactly
/// the rules and code of `attn check` (AttnDocs).
enum TranscriptPaste {
    static func looksLikeTranscript(_ lines: [String]) -> Bool {
        lines.contains(where: TranscriptEntry.startsInput)
    }

    /// Checks the pasted lines and shows, for each input, its real output
    /// and a mark per claim, then a one-line summary.
    static func check(_ lines: [String], shell: Shell) {
        // Prose before the first prompt is not part of the transcript.
        let start = lines.firstIndex(where: TranscriptEntry.startsInput) ?? 0
        let text = lines[start...].joined(separator: "\n") + "\n"
        let document = Document(path: "<paste>", bytes: Array(text.utf8), format: .attn)
        var passed = 0, failed = 0
        let others = shell.python().map { [SourceLanguage.python: $0] } ?? [:]
        let report = Checker().check(document, in: shell.session, others: others) { outcome in
            let input = outcome.entry.input.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (n, line) in input.enumerated() where !(n == input.count - 1 && line.isEmpty) {
                shell.out(shell.paint((n == 0 ? "attn> " : "...> ") + line, .dim) + "\n")
            }
            for line in outcome.shown where !line.hasPrefix("error: ") { shell.out(line + "\n") }
            // Python or numpy code the language cannot read: say so, briefly.
            if shell.session(for: outcome.entry.input.text) === shell.session,
               let bad = shell.session.dialect.steps(in: outcome.entry.input).lazy.compactMap(\.parseError).first {
                failed += outcome.results.filter { !$0.passed }.count
                passed += outcome.results.filter(\.passed).count
                shell.out(shell.paint("✗ not attn syntax: \(bad.message)", .red) + "\n")
                for note in bad.notes { shell.out("  \(note)\n") }
                return
            }
            for result in outcome.results {
                if result.passed {
                    passed += 1
                    shell.out(shell.paint("✓ matches the claim", .green) + (result.claim.map { " \($0.replacingOccurrences(of: "\n", with: " "))" } ?? "") + "\n")
                } else {
                    failed += 1
                    shell.out(shell.paint(mark(result), .red) + "\n")
                    for line in (result.details + result.diagnoses) {
                        shell.out("  " + line.replacingOccurrences(of: "\n", with: "\n  ") + "\n")
                    }
                }
            }
        }
        // Failures outside any transcript input (a claim after nothing, say).
        let seen = passed + failed
        for result in report.results.dropFirst(seen) where !result.passed {
            failed += 1
            shell.out(shell.paint("✗ " + result.headline, .red) + "\n")
        }
        let summary = "transcript: \(passed) passed, \(failed) failed"
        shell.out(shell.paint(summary, failed == 0 ? .green : .red) + "\n")
    }

    static func mark(_ result: CheckResult) -> String {
        switch result.kind {
        case .parseError: return "✗ not attn syntax: \(result.statement.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .statementError: return "✗ the input failed"
        case .claim: return "✗ the claim does not hold: \(result.claim?.replacingOccurrences(of: "\n", with: " ") ?? "")"
        case .orphan: return "✗ a claim that follows no input"
        case .unreadable, .stopped: return "✗ " + result.headline
        }
    }
}
