import AttnDocs
import AttnLang
import Foundation
import XCTest

/// Where transcripts are found: every Markdown code block, plain text and
/// docstrings, with prompts indented or not; and what is never run.
final class TranscriptScanningTests: XCTestCase {
    private func entries(_ document: Document) -> [TranscriptEntry] {
        document.cells.compactMap { cell -> TranscriptEntry? in
            if case .transcript(let entry) = cell { return entry }
            return nil
        }
    }

    private func entries(_ text: String, path: String) -> [TranscriptEntry] {
        entries(Docs.document(text, path: path))
    }

    // MARK: - Markdown code blocks

    func testTranscriptsInEveryKindOfCodeBlock() {
        let text = """
        # Blocks

        ```
        >>> 1 + 1
        2
        ```

        ```python
        >>> 2 + 2
        4
        ```

        ```pycon
        >>> 3 + 3
        6
        ```

        ~~~
        attn> 4 + 4
        8
        ~~~

        An indented block:

            >>> 5 + 5
            10

        ````{.python title="x"}
        In [1]: 6 + 6
        Out[1]: 12
        ````

        """
        let found = entries(text, path: "page.md")
        XCTAssertEqual(found.map(\.input.text), ["1 + 1", "2 + 2", "3 + 3", "4 + 4", "5 + 5", "6 + 6"])
        XCTAssertEqual(found.map { $0.output?.text }, ["2", "4", "6", "8", "10", "12"])
        XCTAssertEqual(found.map(\.input.firstLine), [4, 9, 14, 19, 25, 29])
        // The block says what the language is, as far as it can: a plain fence
        // or an indented block says nothing; `attn>` declares attn; `In [1]:` is IPython.
        XCTAssertEqual(found.map(\.language), [.unmarked, .python, .python, .attn, .unmarked, .python])
        // Spans are the output's own bytes: the indented block's four blanks
        // and IPython's `Out[1]: ` are not part of the claim.
        XCTAssertEqual(found.compactMap { $0.output.map { Docs.slice(text, $0.span) } }, ["2", "4", "6", "8", "10", "12"])
        // The Python ones run once the Python dialect is registered.
        let report = Checker().check(Docs.document(text, path: "page.md"))
        XCTAssertEqual(report.passed, Docs.pythonRuns ? 6 : 3, report.failures.map(\.report).joined(separator: "\n"))
        XCTAssertEqual(report.failed, 0)
        XCTAssertEqual(report.skipped, Docs.pythonRuns ? 0 : 3)
    }

    func testOnlyLinesBehindAPromptRunOutsideAttnFences() {
        let text = """
        ```python
        undefined_name(1)
        1 + 1  # => 3
        >>> 2 + 2
        4

        not_run_either
        ```

        ```
        also_not_run()
        ```

        """
        let report = Docs.check(text, path: "page.md")
        XCTAssertEqual(report.results.map(\.line), [5])
        XCTAssertEqual(report.results.map(\.verdict), [Docs.pythonRuns ? .passed : Docs.pythonUnsupported])
    }

    func testWhatIsNotACodeBlock() {
        let text = """
        Prose with a quote:

        >>> 1 + 1
        3

        A paragraph whose next line is indented
            >>> 2 + 2
            5
        continues the paragraph; it is not code.

        ```text skip
        >>> 3 + 3
        7
        ```

        ```attn skip
        attn> 4 + 4
        9
        ```

        """
        XCTAssertTrue(entries(text, path: "page.md").isEmpty)
        XCTAssertEqual(Docs.document(text, path: "page.md").claims.count, 0)
    }

    func testAnIndentedBlockMayFollowAHeading() {
        let text = "## Example\n    >>> 2 * 3\n    6\n"
        XCTAssertEqual(entries(text, path: "page.md").map { $0.output?.text }, ["6"])
    }

    func testAPromptlessPythonBlockIsAPythonCellThatClaimsNothing() {
        let text = "```python\nimport numpy as np\nx = np.ones(3)\n```\n\n```bash\nls\n```\n"
        let document = Docs.document(text, path: "page.md")
        XCTAssertEqual(document.cells.count, 1)
        guard case .code(let cell)? = document.cells.first else { return XCTFail("\(document.cells)") }
        let source = cell.source
        XCTAssertEqual(cell.language, .python)
        XCTAssertEqual(source.text, "import numpy as np\nx = np.ones(3)\n")
        XCTAssertEqual(source.firstLine, 2)
        XCTAssertTrue(document.claims.isEmpty)
    }

    // MARK: - Plain text and docstrings

    func testDocstringPromptsAreReadAtTheirIndentation() {
        let text = """
        def softmax_pair():
            \"\"\"Softmax of two equal scores.

            >>> softmax([1, 1])
            [0.5, 0.5]
            >>> let m = [[1, 2],
            ...          [3, 4]]
            >>> m
            [[1, 2],
             [3, 4]]
            \"\"\"

        """
        let document = Docs.document(text, path: "module.txt")
        XCTAssertEqual(document.format, .text)
        let found = entries(document)
        XCTAssertEqual(found.map(\.input.text), ["softmax([1, 1])", "let m = [[1, 2],\n         [3, 4]]", "m"])
        // The output stops at the closing quotes, and keeps its own alignment
        // under the prompt's indentation.
        XCTAssertEqual(found.map { $0.output?.text }, ["[0.5, 0.5]", nil, "[[1, 2],\n [3, 4]]"])
        XCTAssertEqual(found.last?.output?.continuationPrefix, "    ")
        XCTAssertEqual(found.last?.output.map { Docs.slice(text, $0.span) }, "[[1, 2],\n     [3, 4]]")
        let report = Checker().check(document)
        XCTAssertEqual(report.passed, 2, report.failures.map(\.report).joined(separator: "\n"))
        XCTAssertEqual(report.failed, 0)
    }

    func testOutputEndsAtALineIndentedLessThanItsPrompt() {
        let text = "Example::\n\n    >>> 1 + 2\n    3\nProse right after, not output.\n"
        XCTAssertEqual(entries(text, path: "notes").map { $0.output?.text }, ["3"])
    }

    func testPlainTextRunsOnlyItsTranscripts() {
        let text = """
        Notes, not code: 1 + 1  # => 3
        let x = undefined_name

        attn> 2 * 21
        42

        """
        let report = Docs.check(text, path: "notes.txt")
        XCTAssertEqual(report.results.map(\.passed), [true])
        XCTAssertEqual(report.results.map(\.line), [5])
    }

    // MARK: - Formats

    func testFormatFromExtensionAndContent() {
        let fenced = Array("Some prose.\n\n```attn\n1 + 1  # => 2\n```\n".utf8)
        let plain = Array(">>> 1 + 1\n2\n".utf8)
        XCTAssertEqual(Document.format(forPath: "a.attn", bytes: fenced), .attn)
        XCTAssertEqual(Document.format(forPath: "a.md", bytes: plain), .markdown)
        XCTAssertEqual(Document.format(forPath: "A.MARKDOWN", bytes: plain), .markdown)
        // A Markdown page saved as .txt, or with no extension, is Markdown
        // because it holds a fenced block; text without one is plain text.
        XCTAssertEqual(Document.format(forPath: "article.txt", bytes: fenced), .markdown)
        XCTAssertEqual(Document.format(forPath: "README", bytes: fenced), .markdown)
        XCTAssertEqual(Document.format(forPath: "doc.txt", bytes: plain), .text)
        XCTAssertEqual(Document.format(forPath: "notes", bytes: plain), .text)
        // An opening fence that nothing closes does not make Markdown.
        XCTAssertEqual(Document.format(forPath: "a.txt", bytes: Array("```python\n>>> 1\n1\n".utf8)), .text)
        XCTAssertEqual(Document.format(forPath: "a.txt", bytes: Array("````\nx\n```\n".utf8)), .text)
    }

    func testAMarkdownPageSavedAsTextIsCheckedAsMarkdown() {
        let text = """
        # An article

        ```attn
        let w = softmax([0, 0])
        ```

        ```
        >>> w
        [0.5 0.5]
        ```

        """
        let report = Docs.check(text, path: "article.txt")
        XCTAssertEqual(report.passed, 1, report.failures.map(\.report).joined(separator: "\n"))
        XCTAssertEqual(report.failed, 0)
    }

    // MARK: - Untrusted bytes

    func testOddBytesNeverCrashTheScanner() {
        var samples: [[UInt8]] = [
            [], [0x0A], [0x0D], [0xFF, 0xFE, 0x00], Array(">>>".utf8), Array("    >>>\n...".utf8),
            Array("In [".utf8), Array("In [1]:".utf8), Array("```".utf8), Array("~~~~\n~~~".utf8),
            Array("    \"\"\"\n    >>> 1\n    \"\"\"".utf8), Array("# prints:".utf8), Array("1 # =>".utf8),
        ]
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array(" \t\n\r#>.`~[]:\"'Inprts=1ab".utf8) + [0x00, 0xC3, 0xA9, 0xE2, 0x80]
        for _ in 0..<300 {
            samples.append((0..<Int.random(in: 0..<80, using: &generator)).map { _ in alphabet.randomElement(using: &generator) ?? 0 })
        }
        for bytes in samples {
            for path in ["a.attn", "a.md", "a.txt"] {
                let document = Document(path: path, bytes: bytes)
                for claim in document.claims {
                    XCTAssertLessThanOrEqual(claim.span.upperBound, bytes.count)
                    XCTAssertLessThanOrEqual(claim.span.lowerBound, claim.span.upperBound)
                }
            }
        }
    }

    func testScanningTimeGrowsLinearly() {
        // Unclosed fences, prompts and docstring quotes in bulk: each line
        // must be looked at a bounded number of times.
        func seconds(_ copies: Int) -> Double {
            let markdown = "```python\n    >>> [1,\n    ... 2\n    [\n\"\"\"\n~~~~\n    x\n\n    >>> 1\n"
            let text = "    >>> [1,\n    ... 2\n    [\n\n\"\"\"\n>>> 1 # prints: 1\n"
            let start = Date()
            _ = Document(path: "a.md", bytes: Array(String(repeating: markdown, count: copies).utf8)).claims
            _ = Document(path: "a.txt", bytes: Array(String(repeating: text, count: copies).utf8)).claims
            return Date().timeIntervalSince(start)
        }
        _ = seconds(200)
        let small = seconds(2_000), large = seconds(16_000)
        // 8× the text; a quadratic scan would take ~64× as long.
        XCTAssertLessThan(large, max(small, 0.01) * 24, "small \(small) s, large \(large) s")
    }

    func testAnAttnPromptInMarkdownProseIsATranscriptAndAPythonOneIsNot() {
        let page = "# Notes\n\nattn> 1 + 1\n2\n\n>>> 2 + 2\n5\n"
        let report = Docs.check(page, path: "notes.md")
        XCTAssertEqual(report.passed, 1, report.failures.map(\.report).joined())
        XCTAssertEqual(report.failed, 0, "the >>> line is a block quote, not a claim")
    }
}
