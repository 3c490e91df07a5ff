import AttnDocs
import AttnLang
import XCTest

/// The checker end to end: from document text to verdicts.
final class CheckerTests: XCTestCase {
    private func verdicts(_ text: String, path: String = "test.attn") -> [Bool] {
        Docs.check(text, path: path).results.map(\.passed)
    }

    // MARK: - Tolerance, through the whole pipeline

    func testToleranceEdges() {
        // sigmoid(1) = 0.7310585786300049 (numpy: 1 / (1 + exp(-1))).
        XCTAssertEqual(verdicts("sigmoid(1)  # => 0.7311\n"), [true])
        XCTAssertEqual(verdicts("sigmoid(1)  # => 0.731\n"), [true])
        XCTAssertEqual(verdicts("sigmoid(1)  # => 0.7325\n"), [false])
        XCTAssertEqual(verdicts("0.7325 - 0.0015  # => 0.731\n"), [true])
        XCTAssertEqual(verdicts("0.7325  # => 0.731\n"), [false])
        // Half a unit in the last place holds, a little more does not.
        XCTAssertEqual(verdicts("0.7315  # => 0.731\n"), [true])
        XCTAssertEqual(verdicts("0.73151  # => 0.731\n"), [false])
        // Integer claims are exact.
        XCTAssertEqual(verdicts("3  # => 3\n"), [true])
        XCTAssertEqual(verdicts("3.0000001  # => 3\n"), [false])
        XCTAssertEqual(verdicts("1 / 3  # => 3.333e-1\n"), [true])
        XCTAssertEqual(verdicts("[inf, -inf, nan]  # => [inf, -inf, nan]\n"), [true])
    }

    func testNumpyAndTorchFormsInClaims() {
        let text = """
        softmax([1, 1])  # => [0.5 0.5]
        [[1, 2], [3, 4]]
        # => [[1 2]
        #     [3 4]]
        [1, 2]  # => array([1., 2.])
        1.5  # => np.float64(1.5)
        softmax([0, 0])  # => tensor([0.5000, 0.5000])

        """
        XCTAssertEqual(verdicts(text), [true, true, true, true, true])
    }

    func testShapeMismatchNamesBothShapes() {
        let report = Docs.check("[1, 2]  # => [[1, 2]]\n")
        XCTAssertEqual(report.failed, 1)
        let text = report.failures.first?.report ?? ""
        XCTAssertTrue(text.contains("[1, 2]") && text.contains("shape [2]"), text)
        XCTAssertTrue(text.contains("the claim has shape [1, 2]"), text)
    }

    func testFailureReportShowsActualAsFixWritesItAndInFull() {
        let report = Docs.check("let p = softmax([1, 2, 3])\np  # => [0.09, 0.25, 0.66]\n")
        let text = report.failures.first?.report ?? ""
        XCTAssertTrue(text.hasPrefix("test.attn:2: claim failed"), text)
        XCTAssertTrue(text.contains("statement: p"), text)
        XCTAssertTrue(text.contains("claim:     [0.09, 0.25, 0.66]"), text)
        // softmax([1, 2, 3]) = [0.0900305732, 0.2447284711, 0.6652409558]: six digits each.
        XCTAssertTrue(text.contains("actual:    [0.0900306, 0.244728, 0.665241]  (as attn fix writes it)"), text)
        XCTAssertTrue(text.contains("0.6652409557748218"), text)
        XCTAssertTrue(text.contains("value mismatch at [1]"), text)
        XCTAssertTrue(text.contains("rel error"), text)
    }

    // MARK: - Errors

    func testExpectedErrors() {
        XCTAssertEqual(verdicts("dot([1, 2, 3], [1, 2])  # => error: SHAPES\n"), [true])
        XCTAssertEqual(verdicts("dot([1, 2, 3], [1, 2])  # => error: banana\n"), [false])
        XCTAssertEqual(verdicts("dot([1, 2], [1, 2])  # => error: shape\n"), [false])
        XCTAssertEqual(verdicts("attn> nosuch\nerror: unknown name\n"), [true])
    }

    func testFailuresDoNotStopTheFile() {
        let text = """
        1 +* 2
        undefined_name
        let y = 2
        y * 3  # => 6
        y  # => 3

        """
        let report = Docs.check(text)
        XCTAssertEqual(report.results.map(\.kind), [.parseError, .statementError, .claim, .claim])
        XCTAssertEqual(report.results.map(\.passed), [false, false, true, false])
        XCTAssertEqual(report.results.map(\.line), [1, 2, 4, 5])
    }

    func testOrphanClaimIsAFailure() {
        let report = Docs.check("let x = 1\n\n# => 1\n")
        XCTAssertEqual(report.results.map(\.kind), [.orphan])
        XCTAssertFalse(report.results[0].passed)
    }

    func testClaimOnABindingFails() {
        XCTAssertEqual(verdicts("let x = 1  # => 1\n"), [false])
    }

    func testMalformedClaimIsReported() {
        let report = Docs.check("[1, 2]  # => [1, 2\n")
        XCTAssertEqual(report.failed, 1)
        XCTAssertTrue(report.failures.first?.report.contains("does not parse") ?? false)
    }

    func testUnreadableFile() {
        let report = Checker().check(path: "/nonexistent/attn/file.attn")
        XCTAssertEqual(report.results.map(\.kind), [.unreadable])
        XCTAssertFalse(report.results[0].passed)
    }

    // MARK: - Text output

    func testPrintedTextIgnoresTrailingSpaces() {
        XCTAssertEqual(verdicts("attn> print(\"a  b\")\na  b   \n"), [true])
        // Text is compared with its blanks normalized.
        XCTAssertEqual(verdicts("attn> print(\"a  b\")\na b\n"), [true])
        XCTAssertEqual(verdicts("attn> print(\"a  b\")\nab\n"), [false])
        XCTAssertEqual(verdicts("print(\"hi\")  # => hi\n"), [true])
    }

    func testLabelledValuesInPrintedText() {
        XCTAssertEqual(verdicts(">>> print(\"w:\", [0.5, 0.5])\nw: [0.5 0.5]\n"), [true])
        XCTAssertEqual(verdicts(">>> print(\"w:\", 1)\nw: [0.5 0.5]\n"), [false])
    }

    func testOneSessionPerMarkdownFile() {
        let text = "```attn\nlet a = 3\n```\n\ntext\n\n```attn\na + 1  # => 4\n```\n"
        XCTAssertEqual(verdicts(text, path: "page.md"), [true])
    }

    // MARK: - Transcripts written by attn run --transcript

    func testPrintedTensorsHoldWhereverTheirLinesBroke() {
        // Written at 40 columns (numpy's break rule); checked at 75, where
        // the same rows break elsewhere. Line breaks inside brackets are
        // blanks, as the claim reader treats them.
        let wrapped = """
            attn> print("v:", range(30))
            v: [ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,
             10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
             20, 21, 22, 23, 24, 25, 26, 27, 28, 29]

            """
        XCTAssertEqual(Docs.check(wrapped).failed, 0, Docs.check(wrapped).failures.map(\.report).joined(separator: "\n"))
        let wrong = wrapped.replacingOccurrences(of: "19,", with: "91,")
        XCTAssertEqual(Docs.check(wrong).failed, 1)
        let unlabelled = wrapped.replacingOccurrences(of: "v: [", with: "w: [")
        XCTAssertEqual(Docs.check(unlabelled).failed, 1, "text outside brackets still counts")
    }

    func testTranscriptOfAScriptChecks() {
        let script = """
        let q = [0.5, 0.5]
        let K = [[1, 1],
                 [1, -1]]
        softmax(dot(K, q))
        print("weights:", weights([q], K))
        1e-20 + 1
        zeros([2, 1, 2])
        nosuch(1)
        x;

        """
        let (transcript, ok) = Transcript.render(SourceFile(name: "s.attn", text: script), in: Session())
        XCTAssertFalse(ok)
        XCTAssertTrue(transcript.contains("attn> let K = [[1, 1],\n...>          [1, -1]]\n"), transcript)
        let report = Docs.check(transcript)
        XCTAssertEqual(report.failed, 0, report.failures.map(\.report).joined(separator: "\n") + "\n" + transcript)
        XCTAssertGreaterThanOrEqual(report.passed, 5)
    }
}
