import AttnDocs
import AttnLang
import XCTest

/// Extraction: which text is a claim, where its bytes are, what it is about.
final class DocumentTests: XCTestCase {
    func testSameLineAnnotation() {
        let text = "let x = 1\nsoftmax([1, 1])  # => [0.5, 0.5]\n"
        let claims = Docs.claims(text)
        XCTAssertEqual(claims.count, 1)
        XCTAssertEqual(claims.first?.text, "[0.5, 0.5]")
        XCTAssertEqual(claims.first?.line, 2)
        XCTAssertEqual(claims.first.map { Docs.slice(text, $0.span) }, "[0.5, 0.5]")
        XCTAssertEqual(claims.first?.form, .annotation)
    }

    func testAnnotationOnFollowingLinesWithContinuations() {
        let text = "weights(Q, K)\n# => [[0.5, 0.5],\n#     [0.25, 0.75]]\n# An ordinary comment.\n"
        let claims = Docs.claims(text)
        XCTAssertEqual(claims.count, 1)
        XCTAssertEqual(claims.first?.text, "[[0.5, 0.5],\n [0.25, 0.75]]")
        XCTAssertEqual(claims.first.map { Docs.slice(text, $0.span) }, "[[0.5, 0.5],\n#     [0.25, 0.75]]")
        XCTAssertEqual(claims.first?.continuationPrefix, "#    ")
        guard case .code(let cell)? = Docs.document(text).cells.first else { return XCTFail("no code cell") }
        let annotations = cell.annotations
        XCTAssertEqual(annotations.first?.targetLine, 1)
    }

    func testErrorClaimAndMarkerInsideString() {
        let text = "dot([1, 2, 3], [1, 2])  # => error: shape\nprint(\"# => not a claim\")\n"
        let claims = Docs.claims(text)
        XCTAssertEqual(claims.map(\.text), ["error: shape"])
    }

    func testHeaderCommentMentioningMarkerIsNotAClaim() {
        XCTAssertTrue(Docs.claims("# each `# =>` shows a value\n1 + 1\n").isEmpty)
    }

    func testTranscriptPrompts() {
        let text = """
        attn> let x = [1,
        ...>          2]
        attn> x * 2
        [2, 4]
        >>> x + 1
        array([2., 3.])
        julia> x
        [1, 2]
        In [3]: x
        Out[3]: [1, 2]

        1 + 1  # => 2

        """
        let document = Docs.document(text)
        let entries = document.cells.compactMap { cell -> TranscriptEntry? in
            if case .transcript(let e) = cell { return e }
            return nil
        }
        XCTAssertEqual(entries.map(\.input.text), ["let x = [1,\n         2]", "x * 2", "x + 1", "x", "x"])
        XCTAssertEqual(entries.map { $0.output?.text }, [nil, "[2, 4]", "array([2., 3.])", "[1, 2]", "[1, 2]"])
        XCTAssertEqual(entries.map(\.input.firstLine), [1, 3, 5, 7, 9])
        // The IPython `Out[3]: ` marker is not part of the claim's bytes.
        XCTAssertEqual(entries.last?.output.map { Docs.slice(text, $0.span) }, "[1, 2]")
        XCTAssertEqual(document.claims.last?.text, "2")
    }

    func testTranscriptOutputEndsAtBlankLineOutsideBrackets() {
        let text = "attn> zeros([2, 1, 1])\n[[[0]],\n\n [[0]]]\n\nnot output\n"
        let claims = Docs.claims(text)
        XCTAssertEqual(claims.first?.text, "[[[0]],\n\n [[0]]]")
    }

    func testMarkdownFences() {
        let text = """
        # Title

        ```attn
        let x = 2
        x  # => 2
        ```

        Prose with `# => 3` that is not code.

        ```attn skip
        x  # => 99
        ```

        ```python
        x  # => 98
        ```

        ~~~ attn
        attn> x + 1
        3
        ~~~

        """
        let document = Docs.document(text, path: "page.md")
        XCTAssertEqual(document.format, .markdown)
        // The Python block's `# =>` is a claim too, about Python's `x`.
        XCTAssertEqual(document.claims.map(\.text), ["2", "98", "3"])
        XCTAssertEqual(document.claims.map(\.line), [5, 15, 20])
        let report = Checker(dialects: Docs.withoutPython).check(document)
        XCTAssertEqual(report.passed, 2, report.failures.map(\.report).joined(separator: "\n"))
        XCTAssertEqual(report.failed, 0)
        XCTAssertEqual(report.results.map(\.verdict), [.passed, Docs.pythonUnsupported, .passed])
    }

    func testCRLFSpansExcludeLineEndings() {
        let text = "1 + 1  # => 3\r\nweights([[1, 0]], [[1, 0]])\r\n# => [[1],\r\n#     [1]]\r\n"
        let claims = Docs.claims(text)
        XCTAssertEqual(claims.map(\.text), ["3", "[[1],\n [1]]"])
        XCTAssertEqual(Docs.slice(text, claims[0].span), "3")
        XCTAssertEqual(claims[1].lineEnding, "\r\n")
        XCTAssertEqual(Docs.slice(text, claims[1].span), "[[1],\r\n#     [1]]")
    }

    func testLayoutAddsPrefixAndLineEnding() {
        let site = ClaimSite(form: .annotation, text: "", line: 1, span: 0..<0, continuationPrefix: "#    ", lineEnding: "\r\n")
        XCTAssertEqual(site.layout("[[1],\n [2]]"), "[[1],\r\n#     [2]]")
    }
}
