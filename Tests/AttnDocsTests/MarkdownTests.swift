import AttnDocs
import Foundation
import XCTest

/// The Markdown that rendered pages read: each construct against the HTML
/// it must give, untrusted input escaped, and inputs built to be slow
/// finishing at once.
final class MarkdownTests: XCTestCase {
    func inline(_ text: String) -> String { MarkdownInline.html(text) }

    func testEmphasisFollowsTheFlankingRules() {
        XCTAssertEqual(inline("*a* **b** _c_ __d__ ***e***"),
                       "<em>a</em> <strong>b</strong> <em>c</em> <strong>d</strong> <em><strong>e</strong></em>")
        XCTAssertEqual(inline("snake_case_name and 2 * 3 * 4"), "snake_case_name and 2 * 3 * 4")
        XCTAssertEqual(inline("**unclosed and *one*"), "**unclosed and <em>one</em>")
        XCTAssertEqual(inline("\\*not\\*"), "*not*")
    }

    func testCodeSpansAreLiteralAndEscaped() {
        XCTAssertEqual(inline("`a <b> *c*` and ``x ` y``"), "<code>a &lt;b&gt; *c*</code> and <code>x ` y</code>")
        XCTAssertEqual(inline("`unclosed *a*"), "`unclosed <em>a</em>")
    }

    func testLinksKeepOnlySafeURLs() {
        XCTAssertEqual(inline("[docs](https://example.com/a_b \"T\")"), "<a href=\"https://example.com/a_b\" title=\"T\">docs</a>")
        XCTAssertEqual(inline("[rel](../x.md#y)"), "<a href=\"../x.md#y\">rel</a>")
        XCTAssertEqual(inline("[bad](javascript:alert(1))"), "bad")
        XCTAssertEqual(inline("[bad](JaVaScRiPt:alert(1)) [data](data:text/html,x)"), "bad data")
        XCTAssertEqual(inline("<https://example.com> <me@example.com>"),
                       "<a href=\"https://example.com\">https://example.com</a> <a href=\"mailto:me@example.com\">me@example.com</a>")
        XCTAssertEqual(inline("![a cat](cat.png)"), "<a href=\"cat.png\"><span class=\"image\">[image: a cat]</span></a>",
                       "an image is never loaded")
        XCTAssertEqual(inline("[a *b*](x)"), "<a href=\"x\">a <em>b</em></a>")
    }

    func testHTMLIsEscapedNotPassedThrough() {
        XCTAssertEqual(inline("<div onclick=\"x()\">hi</div> & <script>"),
                       "&lt;div onclick=\"x()\"&gt;hi&lt;/div&gt; &amp; &lt;script&gt;")
        XCTAssertEqual(inline("a\u{1B}[31mb"), "a␛[31mb", "control characters are shown, not passed")
    }

    func testHardLineBreaks() {
        XCTAssertEqual(inline("one  \ntwo\\\nthree\nfour"), "one<br/>\ntwo<br/>\nthree\nfour")
    }

    func testBlocks() {
        let text = """
        Title
        =====

        ## Sub *title* ##

        A paragraph
        over two lines.

        > quoted
        lazily continued
        > > nested

        3. three
        4. four
           - inner
        * * *

        | a | b | c |
        |:--|:-:|--:|
        | 1 | `x\\|y` | 3 |

        ```attn skip
        let x = 1
        ```

            indented code

        """
        let blocks = Markdown.parse(text, firstLine: 10)
        XCTAssertEqual(blocks, [
            .heading(level: 1, text: "Title"),
            .heading(level: 2, text: "Sub *title*"),
            .paragraph("A paragraph\nover two lines."),
            .quote([.paragraph("quoted\nlazily continued"), .quote([.paragraph("nested")])]),
            .list(ordered: true, start: 3, items: [[.paragraph("three")], [.paragraph("four"), .list(ordered: false, start: 1, items: [[.paragraph("inner")]])]]),
            .rule,
            .table(header: ["a", "b", "c"], alignments: [.left, .center, .right], rows: [["1", "`x|y`", "3"]]),
            .code(CodeBlock(info: ["attn", "skip"], lines: ["let x = 1"], firstLine: 32)),
            .code(CodeBlock(info: [], lines: ["indented code"], firstLine: 35)),
        ])
    }

    func testCodeBlockLanguages() {
        XCTAssertEqual(CodeBlock(info: ["{.python}"], lines: [], firstLine: 1).language, "{.python}".lowercased())
        XCTAssertEqual(CodeBlock(info: [".Python"], lines: [], firstLine: 1).language, "python")
        XCTAssertEqual(CodeBlock(info: [], lines: [], firstLine: 1).language, "")
    }

    /// Inputs that would take quadratic time or nest deeply in a naive
    /// reader finish at once.
    func testHostileInputsFinishQuickly() {
        let start = Date()
        _ = MarkdownInline.html(String(repeating: "*a ", count: 50_000))
        _ = MarkdownInline.html(String(repeating: "[", count: 50_000) + String(repeating: "](x)", count: 50_000))
        _ = MarkdownInline.html(String(repeating: "`a ``b ", count: 30_000))
        _ = MarkdownInline.html(String(repeating: "_a_ ", count: 50_000))
        _ = Markdown.parse(String(repeating: "> ", count: 20_000) + "deep")
        _ = Markdown.parse((0..<3000).map { String(repeating: " ", count: 2 * $0) + "- a" }.joined(separator: "\n"))
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "each takes well under a second in a debug build")
    }
}
