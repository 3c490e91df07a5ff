/// Writes check results as JSON (`attn check --json FILE`), for tools: one
/// object per verdict, beside the JUnit report.
///
///     {
///       "version": 1,
///       "summary": {"files": 2, "claims": 7, "passed": 3, "failed": 1, "errors": 0, "skipped": 3},
///       "results": [
///         {
///           "file": "nb.ipynb",
///           "location": "nb.ipynb: cell 5 (In [3]), output line 2",
///           "line": 120,                 // 1-based line of the file (the JSON file's, in a notebook)
///           "cell": 5,                   // notebooks: 1-based cell, as Jupyter counts; else null
///           "execution_count": 3,        // notebooks: In [k]; else null
///           "cell_line": 2,              // notebooks: line inside the cell's output (claims) or source; else null
///           "kind": "notebook stdout",   // the claim's form (ClaimSite.Form.name), or what else was checked:
///                                        // "statement", "parse", "orphan claim", "unreadable", "stopped"
///           "verdict": "failed",         // "passed", "failed", "error", "not reproducible", "unsupported"
///           "statement": "...",          // the code the verdict is about ("" when it is a whole block)
///           "claimed": "...",            // the claim as written (markers removed), or null
///           "actual": "...",             // what the code showed there, or null
///           "diagnosis": ["..."],        // slips that reproduce the claim ("claim matches if ...")
///           "skip_reason": null,         // why it was not checked (verdicts "not reproducible", "unsupported")
///           "details": ["..."]           // the report's other lines
///         }
///       ]
///     }
///
/// Strings are escaped as Python's `json` does, with UTF-8 kept as it is.
public enum JSONReport {
    public static func json(_ reports: [FileReport], summary: CheckSummary) -> String {
        var out = "{\n  \"version\": 1,\n"
        out += "  \"summary\": {\"files\": \(summary.files), \"claims\": \(summary.claims), \"passed\": \(summary.passed), "
        out += "\"failed\": \(summary.failed), \"errors\": \(summary.errors), \"skipped\": \(summary.skippedCount)},\n"
        out += "  \"results\": ["
        var first = true
        for report in reports {
            for result in report.results {
                out += (first ? "\n" : ",\n") + "    " + object(result)
                first = false
            }
        }
        out += first ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    /// One result as a one-line JSON object, keys in the documented order.
    static func object(_ r: CheckResult) -> String {
        let fields: [(String, String)] = [
            ("file", string(r.path)),
            ("location", string(r.location)),
            ("line", "\(r.line)"),
            ("cell", r.cell.map { "\($0.index)" } ?? "null"),
            ("execution_count", r.cell?.executionCount.map { "\($0)" } ?? "null"),
            ("cell_line", r.cellLine.map { "\($0)" } ?? "null"),
            ("kind", string(r.kindName)),
            ("verdict", string(r.verdict.name)),
            ("statement", string(r.statement)),
            ("claimed", r.claim.map(string) ?? "null"),
            ("actual", r.actual.map(string) ?? "null"),
            ("diagnosis", array(r.diagnoses)),
            ("skip_reason", r.skipReason.map { string("\($0)") } ?? "null"),
            ("details", array(r.details)),
        ]
        return "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    static func string(_ s: String) -> String {
        ClaimWriter.jsonString(s, asciiOnly: false)
    }

    static func array(_ items: [String]) -> String {
        "[" + items.map(string).joined(separator: ", ") + "]"
    }
}
