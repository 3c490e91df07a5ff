import AttnDocs
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Markdown output blocks, comment claims in Python, printed output compared
/// print by print, and the reports that carry every verdict.
final class OutputBlockTests: XCTestCase {
    private func outputs(_ text: String) -> [ClaimSite] {
        Docs.document(text, path: "page.md").claims.filter { $0.form == .outputBlock }
    }

    // MARK: - Which blocks are output

    func testAnOutputBlockFollowsItsCode() {
        let direct = "```attn\nprint(1 + 1)\n```\n\n```\n2\n```\n"
        XCTAssertEqual(outputs(direct).map(\.text), ["2"])
        XCTAssertEqual(outputs(direct).map(\.line), [6])
        let afterOutputLine = "```python\nprint(2)\n```\n\nOutput:\n\n```text\n2\n```\n"
        XCTAssertEqual(outputs(afterOutputLine).map(\.text), ["2"])
        // Prose that ends with a colon, however long the prose before it.
        let afterProse = "```python\nprint(2)\n```\n\nThis prints.\n\n## Result\n\n运行上面的代码，我们得到以下输出结果：\n\n```\n2\n```\n"
        XCTAssertEqual(outputs(afterProse).map(\.text), ["2"])
        for info in ["output", "console", "out", "plaintext"] {
            XCTAssertEqual(outputs("```python\nprint(2)\n```\n```\(info)\n2\n```\n").count, 1, info)
        }
    }

    func testBlocksThatAreNotOutput() {
        // Prose in between that does not introduce it.
        XCTAssertTrue(outputs("```python\nprint(2)\n```\n\nSome prose.\n\n```\n2\n```\n").isEmpty)
        // After a block attn does not run.
        XCTAssertTrue(outputs("```bash\npip install numpy\n```\n\n```\nSuccessfully installed\n```\n").isEmpty)
        // A second block after the output.
        XCTAssertEqual(outputs("```python\nprint(2)\n```\n```\n2\n```\n```\n3\n```\n").count, 1)
        // A block of another language, or one with prompts (a transcript).
        XCTAssertTrue(outputs("```python\nprint(2)\n```\n```json\n{}\n```\n").isEmpty)
        XCTAssertTrue(outputs("```python\nx = 2\n```\n```\n>>> x\n2\n```\n").isEmpty)
        // `skip` marks a block not to read.
        XCTAssertTrue(outputs("```python\nprint(2)\n```\n```text skip\n2\n```\n").isEmpty)
    }

    func testAnAttnBlocksOutputIsCheckedPrintByPrint() {
        let text = """
        ```attn
        let w = softmax([1, 2, 3])
        print("weights:", w)
        print("sum:", sum(w))
        w[2]
        ```

        ```
        weights: [0.0900306, 0.244782, 0.665241]
        sum: 2
        0.665241
        ```

        """
        let report = Docs.check(text, path: "page.md")
        XCTAssertEqual(report.results.map(\.verdict), [.failed, .failed, .passed])
        XCTAssertEqual(report.results.map(\.line), [9, 10, 11])
        XCTAssertEqual(report.results[0].diagnoses, ["claim matches if digits are mistyped: 0.244782 written for 0.244728 (two digits swapped)"])
        // A fix rewrites the value claims with what was printed, and nothing else.
        let replacements = report.failures.compactMap(\.replacement)
        XCTAssertEqual(replacements.count, 2)
        let fixed = String(decoding: Fixer.apply(replacements, to: Array(text.utf8)), as: UTF8.self)
        XCTAssertTrue(fixed.contains("```\nweights: [0.0900306,  0.244728,  0.665241]\nsum: 1.00000\n0.665241\n```"), fixed)
    }

    func testPrintsTheClaimLacksOrAddsAreFailuresOfTheirNeighbours() {
        let more = "```attn\nprint(1)\nprint(2)\nprint(3)\n```\n\n```\n1\n3\n```\n"
        let report = Docs.check(more, path: "page.md")
        XCTAssertEqual(report.results.map(\.verdict), [.failed, .passed], "the printed 2 goes with the claim before it")
        let fewer = "```attn\nprint(1)\nprint(3)\n```\n\n```\n1\n2\n3\n```\n"
        XCTAssertEqual(Docs.check(fewer, path: "page.md").results.map(\.verdict), [.passed, .failed, .passed])
    }

    func testHugeOrMalformedOutputIsComparedInLinearTime() {
        let started = Date()
        let brackets = String(repeating: "[", count: 100_000) + "1" + String(repeating: "]", count: 50_000)
        let mixed = String(repeating: "[1, (2, x] ", count: 20_000)
        let numbers = "[" + (0..<50_000).map(String.init).joined(separator: " ") + " x]"
        for text in [brackets, mixed, numbers] {
            XCTAssertFalse(Docs.check("attn> print(\"a\")\n\(text)\n", path: "t.txt").results.contains { $0.passed })
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 20)
    }

    // MARK: - Comment claims in Python

    func testWhichPythonCommentsClaim() {
        let text = """
        ```python
        print(w)
        # [0.5 0.5]
        w.shape  # (2,)
        x = f(w)
        # [1 2]
        print(x)  # the result
        for v in w:
            print(v)
            # 0.5
        print("done")  # Output: done
        print(
            w)
        # [0.5
        #  0.5]
        ```

        """
        let claims = Docs.claims(text, path: "page.md")
        XCTAssertEqual(claims.map(\.text), ["[0.5 0.5]", "(2,)", "done", "[0.5\n 0.5]"])
        XCTAssertEqual(claims.map(\.form), [.printed, .annotation, .output, .printed])
        XCTAssertEqual(claims.map(\.line), [3, 4, 11, 14])
    }

    // MARK: - Values inside printed text

    func testPrintedFormsAreComparedAsValues() {
        let holding: [(String, String)] = [
            ("Attention weights: [0.5 0.5]", "Attention weights: [0.5, 0.5]"),
            ("注意力权重： [0.2689 0.7311]", "注意力权重： [0.26894142 0.73105858]"),
            ("tensor([0.2689, 0.7311], grad_fn=<SoftmaxBackward0>)", "tensor([0.2689, 0.7311], grad_fn=<SoftmaxBackward0>)"),
            ("keys.shape: torch.Size([6, 2])", "keys.shape: torch.Size([6, 2])"),
            ("np.float64(1.5)", "np.float64(1.50000001)"),
            ("(1.5, -1.0)", "(np.float64(1.5), np.float64(-1.0))"),
            ("1.6094379124341005, -1.0", "(np.float64(1.6094379124341005), -1.0)"),
            ("True", "True"),
            ("[   0    1    2 ... 1997 1998 1999]", "[   0    1    2 ... 1997 1998 1999]"),
            ("[0 1 2 ... 7 8 9]", "[0 1 2 3 4 5 6 7 8 9]"),
            ("array([  4.48309e-06,   2.71913e-06])", "array([4.48309e-06, 2.71913e-06])"),
            ("a   b", "a b"),
        ]
        for (claim, printed) in holding {
            XCTAssertEqual(verdict(claim, printed), .passed, "\(claim) against \(printed)")
        }
        let failing: [(String, String)] = [
            ("Attention weights: [0.5 0.6]", "Attention weights: [0.5, 0.5]"),
            ("注意力权重： [0.5 0.5]", "注意力权重： 1.0"),
            ("keys.shape: torch.Size([6, 3])", "keys.shape: torch.Size([6, 2])"),
            ("np.float32(1.5)", "np.float64(1.5)"),
            ("torch version: 2.4.0", "torch version: 2.15.0"),
            ("[0 1 2 ... 7 8 9]", "[0 1 2 3 4 5 6]"),
        ]
        for (claim, printed) in failing {
            XCTAssertEqual(verdict(claim, printed), .failed, "\(claim) against \(printed)")
        }
    }

    /// The verdict on a transcript output `claim` when the input prints `printed`.
    private func verdict(_ claim: String, _ printed: String) -> Verdict? {
        let quoted = printed.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return Docs.check("attn> print(\"\(quoted)\")\n\(claim)\n", path: "t.txt").results.first?.verdict
    }

    // MARK: - Docstrings

    func testADocstringsLibraryIsImportedAsItsDoctestSetupWould() {
        let text = "Example::\n\n    >>> t = torch.ones(2)\n    >>> t.sum()\n    tensor(2.)\n"
        let document = Docs.document(text, path: "doc.txt")
        guard case .code(let setup)? = document.cells.first else { return XCTFail("no setup cell") }
        XCTAssertEqual(setup.source.text, "import torch\n")
        XCTAssertEqual(setup.language, .python)
        // A docstring that imports its library itself gets no setup.
        let imports = Docs.document(">>> import numpy as np\n>>> np.ones(2)\narray([1., 1.])\n", path: "doc.txt")
        if case .code? = imports.cells.first { XCTFail("a setup cell where the docstring imports numpy") }
    }

    func testDoctestRules() {
        let text = """
        >>> print("a\\n\\nb")
        a
        <BLANKLINE>
        b
        >>> list(range(20))  # doctest: +ELLIPSIS
        [0, 1, ..., 19]
        >>> np.random.rand()  # doctest: +SKIP
        0.5
        >>> 1 / 0
        Traceback (most recent call last):
          ...
        ZeroDivisionError: division by zero

        """
        let claims = Docs.claims(text, path: "doc.txt")
        XCTAssertEqual(claims.count, 3, "the skipped example claims nothing")
        XCTAssertEqual(claims.map(\.comparedText), ["a\n\nb", "[0, 1, ..., 19]",
                                                   "Traceback (most recent call last):\n  ...\nZeroDivisionError: division by zero"])
        XCTAssertEqual(claims.map(\.ellipsis), [false, true, false])
        // An empty line is written back as <BLANKLINE>.
        XCTAssertEqual(claims[0].layout("x\n\ny"), "x\n<BLANKLINE>\ny")
    }

    // MARK: - Reports

    func testTheJSONReportHasOneObjectPerVerdict() throws {
        let text = "```attn\nprint(1)\n```\n\n```\n2\n```\n\n```python\n>>> 1\n1\n```\n\n```attn\nnosuch\n```\n"
        let report = Docs.check(text, path: "page.md", dialects: Docs.withoutPython)
        var summary = CheckSummary()
        summary.add(report)
        let json = JSONReport.json([report], summary: summary)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let counts = try XCTUnwrap(object["summary"] as? [String: Int])
        XCTAssertEqual(counts, ["files": 1, "claims": 2, "passed": 0, "failed": 1, "errors": 1, "skipped": 1])
        let results = try XCTUnwrap(object["results"] as? [[String: Any]])
        XCTAssertEqual(results.map { $0["verdict"] as? String }, ["failed", "unsupported", "error"])
        XCTAssertEqual(results.map { $0["kind"] as? String }, ["output block", "output", "statement"])
        XCTAssertEqual(results.map { $0["location"] as? String }, ["page.md:6", "page.md:11", "page.md:15"])
        XCTAssertEqual(results[0]["claimed"] as? String, "2")
        XCTAssertEqual(results[0]["actual"] as? String, "1")
        XCTAssertEqual(results[1]["skip_reason"] as? String, "unsupported: Python code needs the Python dialect")
        XCTAssertTrue(results[0]["cell"] is NSNull)
        let keys = ["file", "location", "line", "cell", "execution_count", "cell_line", "kind", "verdict", "statement",
                    "claimed", "actual", "diagnosis", "skip_reason", "details"]
        for result in results { XCTAssertEqual(Set(result.keys), Set(keys)) }
    }

    func testJUnitMarksErrorsApart() throws {
        let report = Docs.check("nosuch\n1  # => 2\n")
        let xml = JUnitReport.xml([report])
        let document = try XMLDocument(xmlString: xml, options: [])
        guard let root = document.rootElement() else { return XCTFail("no root") }
        XCTAssertEqual(root.attribute(forName: "errors")?.stringValue, "1")
        XCTAssertEqual(root.attribute(forName: "failures")?.stringValue, "1")
        let cases = root.elements(forName: "testsuite").first?.elements(forName: "testcase") ?? []
        XCTAssertEqual(cases.map { $0.elements(forName: "error").count }, [1, 0])
    }

    func testTheSummaryCountsErrorsApart() {
        var summary = CheckSummary()
        summary.add(Docs.check("nosuch\n1  # => 1\n1  # => 2\n"))
        XCTAssertEqual(summary.closingLines(listed: false), ["1 passed, 1 failed, 1 error"])
        XCTAssertTrue(summary.fails)
    }
}
