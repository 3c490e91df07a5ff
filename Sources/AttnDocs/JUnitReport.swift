/// Writes check results as JUnit XML, the report format CI systems read:
/// `<testsuites>` with one `<testsuite>` per file and one `<testcase>` per
/// claim (or failing statement); a failed one holds a `<failure>` whose
/// message is its headline and whose text is the full report, an error
/// (the document's own code failed) an `<error>` the same way, a skipped one
/// a `<skipped>` whose message is the reason.
public enum JUnitReport {
    public static func xml(_ reports: [FileReport]) -> String {
        let tests = reports.reduce(0) { $0 + $1.results.count }
        let failures = reports.reduce(0) { $0 + $1.failed }
        let errors = reports.reduce(0) { $0 + $1.errors }
        let skipped = reports.reduce(0) { $0 + $1.skipped }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"attn check\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\">\n"
        for report in reports {
            out += "  <testsuite name=\"\(escape(report.path))\" tests=\"\(report.results.count)\" failures=\"\(report.failed)\" errors=\"\(report.errors)\" skipped=\"\(report.skipped)\">\n"
            for result in report.results {
                let place = result.cell.map { $0.description + (result.cellLine.map { ", line \($0)" } ?? "") } ?? "line \(result.line)"
                let name = "\(place): \(result.statement.split(separator: "\n").first.map(String.init) ?? "")"
                out += "    <testcase name=\"\(escape(name))\" classname=\"\(escape(report.path))\" file=\"\(escape(report.path))\" line=\"\(result.line)\""
                switch result.verdict {
                case .passed:
                    out += "/>\n"
                case .skipped(let reason):
                    out += ">\n      <skipped message=\"\(escape(reason.description))\">\(escape(result.report))</skipped>\n    </testcase>\n"
                case .failed:
                    out += ">\n      <failure message=\"\(escape(result.headline))\" type=\"\(result.kind)\">\(escape(result.report))</failure>\n    </testcase>\n"
                case .error:
                    out += ">\n      <error message=\"\(escape(result.headline))\" type=\"\(result.kind)\">\(escape(result.report))</error>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// Escapes the five XML specials, and drops control characters XML 1.0 forbids.
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
