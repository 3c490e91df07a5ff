@testable import AttnDocs
import AttnLang
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Rendered pages read back with an XML parser (a page is well-formed XML
/// as well as HTML): what each part shows, where verdicts and outputs sit,
/// and that nothing from the document becomes markup or a request.
final class RenderTests: XCTestCase {
    /// Elements of a page: name, attributes and text, in document order.
    struct Element {
        var name: String
        var attributes: [String: String]
        var text: String
        /// The names of the elements it is inside, outermost first.
        var path: [String]

        var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
    }

    final class Reader: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var open: [Int] = []

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append(Element(name: name, attributes: attributes, text: "", path: open.map { elements[$0].name }))
            open.append(elements.count - 1)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            for n in open { elements[n].text += string }
        }

        func parser(_ parser: XMLParser, foundCDATA block: Data) {
            for n in open { elements[n].text += String(decoding: block, as: UTF8.self) }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            open.removeLast()
        }
    }

    /// The page of `text` (a document at `path`) and its elements.
    func render(_ text: String, path: String = "doc.md") throws -> (html: String, elements: [Element], report: FileReport) {
        let document = Document(path: path, bytes: Array(text.utf8))
        var outcomes: [Outcome] = []
        let report = Checker().check(document) { outcomes.append($0) }
        let html = PageWriter.html(Page(document: document, outcomes: outcomes, report: report))
        // XMLParser does not know HTML's doctype: drop it.
        let xml = html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
        let parser = XMLParser(data: Data(xml.utf8))
        let reader = Reader()
        parser.delegate = reader
        XCTAssertTrue(parser.parse(), "the page is not well-formed: \(String(describing: parser.parserError))")
        return (html, reader.elements, report)
    }

    static let tutorial = """
    # Weights

    Scores become *weights*; see [the docs](https://example.com).

    ```attn
    let q = [1, 0]
    let K = [[1, 0], [0, 1]]
    softmax(dot(K, q))  # => [0.731059, 0.268941]
    print("sum:", sum(softmax(dot(K, q))))
    # prints: sum: 1
    dot(K, q)
    # => [1, 1]
    heatmap(weights(K, K), rows: "a b", cols: "a b", title: "w")
    ```

    A transcript:

    ```attn
    attn> 1 / [1, 2, 3] + [1, 2]
    ```

    ```python
    >>> import numpy as np
    >>> np.zeros(2)
    array([0., 0.])
    ```
    """

    func testSummaryCountsAndLinksEveryFailure() throws {
        let (_, elements, report) = try render(Self.tutorial)
        // A wrong claim fails; a transcript input that raises with no claim on it is the document's error.
        XCTAssertEqual(report.failed, 1)
        XCTAssertEqual(report.errors, 1)
        let summary = try XCTUnwrap(elements.first { $0.classes.contains("summary") })
        XCTAssertTrue(summary.text.contains("✓ \(report.passed) passed") && summary.text.contains("✗ 1 failed")
                      && summary.text.contains("✗ 1 error") && !summary.text.contains("skipped"), summary.text)
        let links = elements.filter { $0.name == "a" && $0.path.contains("ol") }.compactMap { $0.attributes["href"] }
        XCTAssertEqual(links.count, 2)
        let ids = Set(elements.compactMap { $0.attributes["id"] })
        for link in links { XCTAssertTrue(ids.contains(String(link.dropFirst())), "\(link) leads nowhere") }
        let failed = elements.filter { $0.classes.contains("fail") && $0.name == "li" }
        XCTAssertEqual(failed.map { $0.attributes["id"] ?? "" }, links.map { String($0.dropFirst()) })
    }

    func testEachPieceShowsItsOutputsAndVerdicts() throws {
        let (_, elements, _) = try render(Self.tutorial)
        let pieces = elements.filter { $0.classes.contains("piece") }
        func piece(containing code: String) throws -> Element {
            try XCTUnwrap(pieces.first { $0.text.contains(code) }, code)
        }
        let softmax = try piece(containing: "softmax(dot(K, q))  # =>")
        XCTAssertTrue(softmax.text.contains("[0.731059, 0.268941]\n") && softmax.text.contains("✓line 8: claim holds"), softmax.text)
        XCTAssertTrue(softmax.text.contains("let q"), "statements that show nothing join the next piece's code")
        let printed = try piece(containing: "print(\"sum:\"")
        XCTAssertTrue(printed.text.contains("sum: 1") && printed.text.contains("✓line 10: claim holds"), printed.text)
        let wrong = try piece(containing: "dot(K, q)# => [1, 1]")
        XCTAssertTrue(wrong.text.contains("✗line 12: claim failed") && wrong.text.contains("claimed[1, 1]"), wrong.text)
        XCTAssertTrue(wrong.text.contains("actual:"), wrong.text)
        let transcript = try piece(containing: "attn> 1 / [1, 2, 3]")
        XCTAssertTrue(transcript.text.contains("statement failed") && transcript.text.contains("broadcast"), transcript.text)
        let python = try piece(containing: ">>> import numpy")
        XCTAssertTrue(python.text.contains("array([0., 0.])") && python.text.contains("claim holds"), python.text)
    }

    func testHeatmapsAreInlineSVGWithAHeadView() throws {
        let (html, elements, _) = try render(Self.tutorial)
        let figures = elements.filter { $0.name == "figure" }
        XCTAssertEqual(figures.count, 1)
        XCTAssertEqual(elements.filter { $0.name == "svg" && $0.path.last == "figure" }.count, 1)
        XCTAssertEqual(elements.filter { $0.name == "rect" && $0.classes.contains("cell") }.count, 4)
        let view = try XCTUnwrap(elements.first { $0.classes.contains("headview") })
        let data = try XCTUnwrap(view.attributes["data-weights"])
        let json = try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any]
        XCTAssertEqual(json?["rows"] as? [String], ["a", "b"])
        XCTAssertEqual((json?["heads"] as? [[[Double]]])?.first?.first?.count, 2)
        XCTAssertTrue(elements.contains { $0.name == "svg" && $0.classes.contains("static") }, "a static picture for no scripts")
        XCTAssertEqual(elements.filter { $0.name == "script" }.count, 1)
        XCTAssertTrue(html.contains("data-headviews"), "the page's one script makes the views live")
    }

    /// Nothing a document holds becomes markup, a script, a handler or a request.
    func testDocumentTextCannotBecomeMarkup() throws {
        let hostile = """
        # <script>alert(1)</script>

        <img src="https://evil.example/x.png" onerror="alert(1)"> [x](javascript:alert(1)) ![y](https://evil.example/y.png)

        ```attn
        print("<script>alert(2)</script>")
        heatmap([[0.5, 0.5]], rows: ["<b onmouseover=x>"], cols: ["</svg><script>", "&amp;"], title: "\\"'><style>")
        ```
        """
        let (html, elements, _) = try render(hostile)
        XCTAssertEqual(elements.filter { $0.name == "script" }.count, 1, "only the page's own script")
        XCTAssertFalse(elements.contains { ["img", "style", "iframe", "object"].contains($0.name) && $0.path.contains("main") })
        for element in elements {
            for (name, value) in element.attributes {
                XCTAssertFalse(name.lowercased().hasPrefix("on"), "\(element.name) has \(name)")
                XCTAssertFalse(value.lowercased().contains("javascript:"), value)
                if name == "src" || name == "href" { XCTAssertFalse(value.contains("evil") && name == "src", value) }
            }
        }
        XCTAssertTrue(elements.contains { $0.name == "h1" && $0.text == "<script>alert(1)</script>" })
        XCTAssertTrue(elements.contains { $0.classes.contains("printed") && $0.text == "<script>alert(2)</script>" })
        XCTAssertTrue(html.contains("default-src 'none'"), "the page may make no request")
    }

    func testAttnScriptsAreOneCodeBlock() throws {
        let (_, elements, report) = try render("let x = 2\nx * 3  # => 6\n# trailing comment\n", path: "s.attn")
        XCTAssertEqual(report.passed, 1)
        XCTAssertEqual(elements.first { $0.name == "h1" }?.text, "s.attn")
        let lines = elements.filter { $0.classes.contains("l") }.map { $0.attributes["data-n"] ?? "" }
        XCTAssertEqual(lines, ["1", "2", "3", "4"], "every line once, numbered as in the file")
    }

    /// A notebook: Markdown cells as prose, code cells with their own
    /// outputs, figures (drawn when the cell ends) and verdicts; the image a
    /// notebook stored claims nothing.
    static let notebook = """
    {"cells": [
     {"cell_type": "markdown", "metadata": {}, "source": ["# Attention <b>demo</b>\\n", "Some *prose*."]},
     {"cell_type": "code", "execution_count": 1, "metadata": {},
      "outputs": [{"name": "stdout", "output_type": "stream", "text": ["hello\\n"]}],
      "source": ["import numpy as np\\n", "import matplotlib.pyplot as plt\\n", "W = np.array([[1.0, 0.0], [0.25, 0.75]])\\n", "print('hello')"]},
     {"cell_type": "code", "execution_count": 2, "metadata": {},
      "outputs": [{"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": ["<Figure size 640x480 with 2 Axes>"]}, "metadata": {}}],
      "source": ["plt.imshow(W)\\n", "plt.xticks(range(2), ['the', 'cat'])\\n", "plt.title('weights')\\n", "plt.plot([1])"]},
     {"cell_type": "code", "execution_count": 3, "metadata": {},
      "outputs": [{"output_type": "execute_result", "execution_count": 3, "data": {"text/plain": ["3"]}, "metadata": {}}],
      "source": ["1 + 1"]},
     {"cell_type": "code", "execution_count": 4, "metadata": {}, "outputs": [], "source": ["undefined_name"]}
    ],
     "metadata": {"kernelspec": {"language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    """

    func testNotebookCellsShowTheirOutputsFiguresAndVerdicts() throws {
        let (_, elements, report) = try render(Self.notebook, path: "nb.ipynb")
        XCTAssertEqual([report.passed, report.failed, report.errors], [1, 1, 1], "the stored image is no claim")
        XCTAssertEqual(elements.first { $0.name == "h1" }?.text, "Attention <b>demo</b>", "Markdown cells are prose, escaped")
        XCTAssertTrue(elements.contains { $0.name == "em" && $0.text == "prose" })
        let cells = elements.filter { $0.classes.contains("code-block") }
        XCTAssertEqual(cells.compactMap { $0.attributes["id"] }, ["cell_2", "cell_3", "cell_4", "cell_5"])
        XCTAssertEqual(elements.filter { $0.classes.contains("cell-label") }.map(\.text), ["In [1]:", "In [2]:", "In [3]:", "In [4]:"])
        func cell(_ n: Int) throws -> Element { try XCTUnwrap(cells.first { $0.attributes["id"] == "cell_\(n)" }) }
        let first = try cell(2)
        XCTAssertTrue(first.text.contains("hello") && first.text.contains("✓cell 2 (In [1]), output line 1: claim holds"), first.text)
        let plot = try cell(3)
        XCTAssertTrue(plot.text.contains("plt.plot is not drawn"), plot.text)
        let figures = elements.filter { $0.name == "figure" }
        XCTAssertEqual(figures.count, 1)
        XCTAssertEqual(figures.first?.path.suffix(3), ["div", "div", "div"])
        XCTAssertTrue(plot.text.contains("weights") && plot.text.contains("cat"), "the figure has the title and labels set after imshow")
        XCTAssertTrue(try cell(4).text.contains("✗cell 4 (In [3]): claim failed"))
        XCTAssertTrue(try cell(5).text.contains("statement failed") && cell(5).text.contains("NameError"))
        XCTAssertFalse(try cell(2).text.contains("NameError"), "each cell shows only its own outcomes")
        let links = elements.filter { $0.name == "a" && $0.path.contains("ol") }.compactMap { $0.attributes["href"] }
        XCTAssertEqual(links.count, 2)
        let ids = Set(elements.compactMap { $0.attributes["id"] })
        for link in links { XCTAssertTrue(ids.contains(String(link.dropFirst())), "\(link) leads nowhere") }
    }

    func testPythonFileShowsOutputsPerStatement() throws {
        let text = "import numpy as np\nimport matplotlib.pyplot as plt\nW = np.eye(2)\nprint(W.sum())\nplt.imshow(W)\nplt.show()\nx = 1\n"
        let document = Document(path: "p.py", bytes: Array(text.utf8)).runningModuleCode()
        var outcomes: [Outcome] = []
        let report = Checker().check(document) { outcomes.append($0) }
        let page = Page(document: document, outcomes: outcomes, report: report)
        guard case .code(let block)? = page.blocks.first else { return XCTFail("a .py is one code block") }
        let pieces = page.pieces(of: block)
        XCTAssertEqual(pieces.map(\.lines), [1...4, 5...6, 7...8])
        XCTAssertEqual(pieces.first?.outcomes.flatMap(\.printed), ["2.0"])
        XCTAssertEqual(pieces.dropFirst().first?.outcomes.flatMap(\.figures).count, 1)
    }

    func testUnplacedVerdictsComeLast() throws {
        // A page read as text whose transcript raises: its verdict still shows.
        let (_, elements, _) = try render("Some notes.\n\n    attn> undefined_name\n", path: "notes.txt")
        XCTAssertTrue(elements.contains { $0.classes.contains("fail") && $0.text.contains("statement failed") })
    }

    func testHighlightedLinesStayWholeFragments() {
        let html = Highlighter.html("s = '''a\nb'''\nx = 1", .python)
        XCTAssertEqual(PageWriter.lines(of: html), [
            "s = <span class=\"s\">&#39;&#39;&#39;a</span>".replacingOccurrences(of: "&#39;", with: "'"),
            "<span class=\"s\">b'''</span>",
            "x = <span class=\"n\">1</span>",
        ])
        XCTAssertEqual(Highlighter.html("let f(x) = softmax(x) # => 1\nf(\"s\")", .attn),
                       "<span class=\"k\">let</span> f(x) <span class=\"o\">=</span> <span class=\"b\">softmax</span>(x) "
                       + "<span class=\"cl\"># =&gt; 1</span>\nf(<span class=\"s\">\"s\"</span>)")
    }
}
