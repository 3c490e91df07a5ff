import AttnCore
import AttnLang
import Foundation
@testable import AttnPython

/// What running a Python program through the dialect gave: its standard
/// output exactly as python3 would write it, and its first error.
struct PythonRun {
    var stdout = ""
    var error: Diagnostic?
    var outcomes: [Outcome] = []

    /// The 1-based line of the error, in the source it points into.
    var errorLine: Int? {
        guard let error else { return nil }
        return (error.source ?? outcomes.last?.step.source)?.location(of: error.range.start).line
    }

    /// The exception type of the error message (`TypeError` of `TypeError: ...`).
    var errorType: String? {
        guard let message = error?.message else { return nil }
        let head = message.split(separator: ":", maxSplits: 1).first.map(String.init) ?? message
        return head.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? head : nil
    }
}

enum PythonTest {
    /// Runs `text` as a program (stopping at its first error) in a fresh
    /// session, on a large stack as the CLI does.
    static func run(_ text: String, name: String = "snippet.py") -> PythonRun {
        Session.withLargeStack {
            let session = PythonDialect.session()
            var result = PythonRun()
            let summary = session.run(SourceFile(name: name, text: text))
            for outcome in summary.outcomes {
                for (n, line) in outcome.printed.enumerated() {
                    result.stdout += line
                    if !(outcome.endsInPartialLine && n == outcome.printed.count - 1) { result.stdout += "\n" }
                }
                if result.error == nil, let d = outcome.diagnostic { result.error = d }
            }
            result.outcomes = summary.outcomes
            return result
        }
    }
}

extension PythonRun: @unchecked Sendable {}
