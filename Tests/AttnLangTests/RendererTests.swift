import XCTest
@testable import AttnLang

/// How errors are drawn: the source line fitted to the width, and the caret
/// under the offending text however wide the characters before it are.
final class RendererTests: XCTestCase {
    /// Runs `text` and renders the error it must raise at `width` columns.
    private func render(_ text: String, width: Int = 75, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let source = SourceFile(name: "t", text: text)
        do {
            _ = try Session().evaluate(text, name: "t")
            XCTFail("\(text) should fail", file: file, line: line)
            return []
        } catch {
            return Renderer.render(error, in: error.source ?? source, color: false, width: width)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Columns as a terminal draws them, written here independently of
    /// `DisplayWidth`: CJK ideographs and fullwidth punctuation two,
    /// combining accents none, the rest one.
    private func columns(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { sum, s in
            switch s.value {
            case 0x4E00...0x9FFF, 0x3000...0x303F, 0xFF01...0xFF60: return sum + 2
            case 0x0300...0x036F: return sum
            default: return sum + 1
            }
        }
    }

    /// The source line and the caret line without their `N | ` gutters.
    private func body(_ lines: [String]) -> (text: Substring, caret: Substring) {
        guard lines.count >= 3, let a = lines[1].range(of: " | "), let b = lines[2].range(of: " | ") else {
            XCTFail("unexpected rendering:\n\(lines.joined(separator: "\n"))")
            return ("", "")
        }
        return (lines[1][a.upperBound...], lines[2][b.upperBound...])
    }

    /// Asserts that the caret stands in the column where `needle` starts in
    /// the shown line and underlines `span` columns.
    private func assertCaret(under needle: String, span: Int, _ lines: [String], file: StaticString = #filePath, line: UInt = #line) {
        let (text, caret) = body(lines)
        guard let at = text.range(of: needle) else {
            return XCTFail("'\(needle)' not shown:\n\(lines.joined(separator: "\n"))", file: file, line: line)
        }
        let lead = caret.prefix { $0 == " " }
        XCTAssertEqual(lead.count, columns(text[..<at.lowerBound]), lines.joined(separator: "\n"), file: file, line: line)
        XCTAssertEqual(String(caret.dropFirst(lead.count)), "^" + String(repeating: "~", count: span - 1),
                       lines.joined(separator: "\n"), file: file, line: line)
    }

    func testShortLineUnchanged() {
        XCTAssertEqual(render("1 + foo"), ["t:1:5: error: unknown name 'foo'", "1 | 1 + foo", "  |     ^~~"])
    }

    func testLongLineShowsAWindowAroundTheErrorInTheMiddle() {
        let text = "let b = " + String(repeating: "a + ", count: 40) + "zzz" + String(repeating: " + a", count: 40)
        for width in [40, 75, 120] {
            let lines = render("let a = 1\n" + text, width: width)
            XCTAssertEqual(lines.first, "t:2:169: error: unknown name 'zzz'", "the column names the whole line's")
            XCTAssertTrue(lines[1].hasPrefix("2 | ..."), lines[1])
            XCTAssertTrue(lines[1].hasSuffix("..."), lines[1])
            XCTAssertLessThanOrEqual(lines[1].count, width, lines[1])
            assertCaret(under: "zzz", span: 3, lines)
            // A third of the window before the error, the rest after it.
            let (shown, _) = body(lines)
            let before = shown.range(of: "zzz").map { shown.distance(from: shown.startIndex, to: $0.lowerBound) } ?? 0
            XCTAssertLessThan(before, shown.count / 2, lines[1])
        }
    }

    func testLongLineWithTheErrorAtTheEnd() {
        // The caret after the last character (the input ends too soon).
        let lines = render("let x = " + String(repeating: "1 + ", count: 40) + "(")
        XCTAssertTrue(lines[0].contains("error:"), lines[0])
        let (text, caret) = body(lines)
        XCTAssertTrue(text.hasPrefix("..."), String(text))
        XCTAssertTrue(text.hasSuffix("1 + ("), "the line's end is shown without a marker: \(text)")
        XCTAssertLessThanOrEqual(lines[1].count, 75, lines[1])
        XCTAssertEqual(caret.count, columns(text) + 1, "the caret one past the end:\n\(lines.joined(separator: "\n"))")
        XCTAssertTrue(caret.hasSuffix("^"))
        // An error in the last element, not past the end.
        let last = render("let y = " + String(repeating: "1 + ", count: 40) + "zzz")
        XCTAssertTrue(body(last).text.hasSuffix("+ zzz"), last[1])
        assertCaret(under: "zzz", span: 3, last)
    }

    func testLongLineWithTheErrorNearTheStart() {
        let lines = render("zzz + " + String(repeating: "1 + ", count: 40) + "1")
        XCTAssertTrue(lines[1].hasPrefix("1 | zzz + 1"), lines[1])
        XCTAssertTrue(lines[1].hasSuffix("..."), lines[1])
        XCTAssertLessThanOrEqual(lines[1].count, 75)
        XCTAssertEqual(lines[2], "  | ^~~")
    }

    func testWideCharactersTakeTwoColumns() {
        // 7 + 2·5 + 3 = 20 columns before zzz.
        let lines = render("print(\"注意力机制\", zzz)")
        XCTAssertEqual(lines[2], "  | " + String(repeating: " ", count: 20) + "^~~")
        assertCaret(under: "zzz", span: 3, lines)
    }

    func testLongLineOfCJKFitsAndKeepsTheCaret() {
        let words = String(repeating: "缩放点积注意力：", count: 8)
        let text = "print(\"\(words)\", zzz, \"\(words)\")"
        for width in [40, 75] {
            let lines = render(text, width: width)
            XCTAssertLessThanOrEqual(columns(lines[1][...]), width, lines[1])
            assertCaret(under: "zzz", span: 3, lines)
        }
    }

    func testCombiningMarksTakeNoColumn() {
        let lines = render("print(\"e\u{301}te\u{301}\", zzz)")
        XCTAssertEqual(lines[2], "  | " + String(repeating: " ", count: 13) + "^~~")
    }

    func testControlCharactersStayVisibleAndOneColumnWide() {
        let lines = render("print(\"\u{1B}[31m\", zzz)")
        XCTAssertFalse(lines.joined().contains("\u{1B}"), "an escape would act on the terminal")
        XCTAssertEqual(lines[1], "1 | print(\"\u{241B}[31m\", zzz)", "ESC shown as ␛")
        XCTAssertEqual(lines[2], "  |                ^~~")
    }

    func testBidirectionalOverridesCannotReorderTheLine() {
        let lines = render("print(\"\u{202E}abc\", zzz)")
        XCTAssertFalse(lines[1].unicodeScalars.contains("\u{202E}"), lines[1])
        assertCaret(under: "zzz", span: 3, lines)
        // `print("` 7, `�abc` 4, `", ` 3.
        XCTAssertEqual(lines[2], "  | " + String(repeating: " ", count: 14) + "^~~")
    }

    func testTabsAreRepeatedInTheCaretLine() {
        let lines = render("1 +\tzzz")
        XCTAssertEqual(lines[2], "  |    \t^~~")
    }
}
