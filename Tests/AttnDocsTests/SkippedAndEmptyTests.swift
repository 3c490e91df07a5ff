import AttnDocs
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Code that is not attn is skipped, not failed; a run that checked nothing
/// says so.
final class SkippedAndEmptyTests: XCTestCase {
    // MARK: - Which transcripts run as attn

    func testAPythonTranscriptIsSkippedNotFailed() {
        let text = """
        Examples
        --------
        >>> import numpy as np
        >>> x = np.array([1.0, 2.0])
        >>> x
        array([1., 2.])
        >>> x.sum()
        3.0

        """
        let report = Docs.check(text, path: "doc.txt", dialects: Docs.withoutPython)
        XCTAssertEqual(report.passed, 0)
        XCTAssertEqual(report.failed, 0, report.failures.map(\.report).joined(separator: "\n"))
        XCTAssertEqual(report.skipped, 2, "only the inputs that claim an output are skipped claims")
        XCTAssertEqual(report.claimCount, 2)
        XCTAssertEqual(report.results.map(\.verdict), [Docs.pythonUnsupported, Docs.pythonUnsupported])
        XCTAssertEqual(report.results.map(\.line), [6, 8])
        // `x` is attn syntax, but it names a value only the Python code defines.
        XCTAssertEqual(report.results.first?.headline, "doc.txt:6: skipped: unsupported: Python code needs the Python dialect")
        XCTAssertTrue(report.results[0].report.contains("line 3, `import numpy as np`, is not attn syntax"), report.results[0].report)
        XCTAssertTrue(report.results[1].report.contains("the input is not attn syntax"), report.results[1].report)
    }

    func testAPythonListingMakesTheDocumentsUnmarkedTranscriptsPython() {
        let text = """
        ```python
        import numpy as np
        x = np.array([1.0, 2.0])
        ```

        ```pycon
        >>> x
        array([1., 2.])
        ```

        """
        let report = Docs.check(text, path: "page.md", dialects: Docs.withoutPython)
        XCTAssertEqual(report.results.map(\.verdict), [Docs.pythonUnsupported])
        // Undeclared and without the Python code, `x` is attn and fails as attn would.
        let alone = Docs.check("```\n>>> x\narray([1., 2.])\n```\n", path: "page.md")
        XCTAssertEqual(alone.errors, 1)
    }

    func testDeclaredAttnRunsWhateverTheRestOfTheDocumentIs() {
        let text = """
        ```python
        >>> import numpy as np
        >>> np.exp(0)
        1.0
        ```

        ```
        attn> exp(0)
        1
        ```

        ```attn
        exp(0)  # => 2
        ```

        """
        let report = Docs.check(text, path: "page.md", dialects: Docs.withoutPython)
        XCTAssertEqual(report.results.map(\.verdict), [Docs.pythonUnsupported, .passed, .failed])
    }

    func testDeclaredPythonIsPythonEvenWhenItParsesAsAttn() {
        // A block marked `python` is Python: without its dialect, unsupported.
        let text = "```python\n>>> softmax([0, 0])\n[0.5, 0.5]\n>>> 1 + 1\n3\n```\n"
        XCTAssertEqual(Docs.check(text, path: "page.md", dialects: Docs.withoutPython).results.map(\.verdict),
                       [Docs.pythonUnsupported, Docs.pythonUnsupported])
        // Undeclared, the same transcript is attn's.
        let unmarked = text.replacingOccurrences(of: "```python", with: "```")
        XCTAssertEqual(Docs.check(unmarked, path: "page.md").results.map(\.verdict), [.passed, .failed])
    }

    func testAnAttnScriptNeverSkips() {
        let report = Docs.check(">>> import numpy as np\n>>> 1 + 1\n2\n")
        XCTAssertEqual(report.results.map(\.kind), [.parseError, .claim])
        XCTAssertEqual(report.results.map(\.verdict), [.error, .passed])
    }

    // MARK: - Reports

    func testJUnitMarksSkippedClaims() throws {
        let report = Docs.check(">>> import numpy as np\n>>> np.ones(2)\narray([1., 1.])\nattn> 1 + 1\n2\n", path: "doc.txt",
                                dialects: Docs.withoutPython)
        let xml = JUnitReport.xml([report])
        let document = try XMLDocument(xmlString: xml, options: [])
        guard let root = document.rootElement() else { return XCTFail("no root element") }
        XCTAssertEqual(root.attribute(forName: "tests")?.stringValue, "2")
        XCTAssertEqual(root.attribute(forName: "failures")?.stringValue, "0")
        XCTAssertEqual(root.attribute(forName: "skipped")?.stringValue, "1")
        let cases = root.elements(forName: "testsuite").first?.elements(forName: "testcase") ?? []
        XCTAssertEqual(cases.map { $0.elements(forName: "skipped").first?.attribute(forName: "message")?.stringValue },
                       ["unsupported: Python code needs the Python dialect", nil])
    }

    // MARK: - The summary

    private func summary(_ reports: [FileReport]) -> CheckSummary {
        var summary = CheckSummary()
        for report in reports { summary.add(report) }
        return summary
    }

    func testNoClaimsFound() {
        let reports = [Docs.check("Just prose.\n", path: "a.txt"), Docs.check("let x = 1\n"), Docs.check("```bash\nls\n```\n", path: "c.md")]
        let s = summary(reports)
        XCTAssertTrue(s.checkedNothing)
        XCTAssertEqual(s.filesWithoutClaims, ["a.txt", "test.attn", "c.md"])
        XCTAssertEqual(s.closingLines(listed: false), ["no claims found in 3 files"])
        XCTAssertEqual(summary([reports[0]]).closingLines(listed: false), ["no claims found in 1 file"])
    }

    func testAFailureWithoutClaimsStillSaysNoClaimsWereFound() {
        let s = summary([Docs.check("nosuch\n")])
        XCTAssertEqual(s.closingLines(listed: true), ["0 passed, 0 failed, 1 error; no claims found in 1 file"])
    }

    func testSkippedClaimsAreCountedApart() {
        let python = Docs.check(">>> import numpy as np\n>>> np.ones(2)\narray([1., 1.])\n", path: "p.txt", dialects: Docs.withoutPython)
        let attn = Docs.check("1 + 1  # => 2\n1 + 1  # => 3\n")
        XCTAssertEqual(summary([python, attn]).closingLines(listed: false), [
            "skipped 1 claim: unsupported: Python code needs the Python dialect (attn check -v lists them)",
            "1 passed, 1 failed, 1 skipped",
        ])
        XCTAssertFalse(summary([python, attn]).checkedNothing)
        // All skipped: nothing was checked.
        let onlySkipped = summary([python])
        XCTAssertTrue(onlySkipped.checkedNothing)
        XCTAssertEqual(onlySkipped.closingLines(listed: true), [
            "skipped 1 claim: unsupported: Python code needs the Python dialect",
            "0 passed, 0 failed, 1 skipped; no claim was checked",
        ])
        XCTAssertEqual(onlySkipped.filesWithoutClaims, [])
    }

    func testAnUnreadableFileIsAFailureNotAnEmptyFile() {
        let s = summary([Checker().check(path: "/nonexistent/attn/doc.md"), Docs.check("1  # => 1\n")])
        XCTAssertEqual(s.filesWithoutClaims, [])
        XCTAssertEqual(s.closingLines(listed: false), ["1 passed, 1 failed"])
    }
}
