import AttnLang
import XCTest
@testable import AttnPython

/// The lexer: indentation (with CPython's tab rules), joining, strings and
/// f-strings, numbers, and its errors.
final class LexerTests: XCTestCase {
    private func kinds(_ text: String) -> [PyToken.Kind] {
        PyLexer.tokenize(SourceFile(name: "t", text: text)).tokens.map(\.kind)
    }

    private func error(_ text: String) -> Diagnostic? {
        PyLexer.tokenize(SourceFile(name: "t", text: text)).error
    }

    func testIndentationGivesIndentAndDedentTokens() {
        let k = kinds("if x:\n    y\n    if z:\n        w\nv\n")
        XCTAssertEqual(k, [.keyword(.if), .name("x"), .op(.colon), .newline, .indent, .name("y"), .newline,
                           .keyword(.if), .name("z"), .op(.colon), .newline, .indent, .name("w"), .newline,
                           .dedent, .dedent, .name("v"), .newline, .end])
    }

    func testBlankAndCommentLinesAndBracketsDoNotCount() {
        XCTAssertEqual(kinds("a = (1,\n  # comment\n     2)\n\n   # indented comment\nb"),
                       [.name("a"), .op(.assign), .op(.leftParen), .int(1), .op(.comma), .int(2), .op(.rightParen), .newline,
                        .name("b"), .newline, .end])
        XCTAssertEqual(kinds("x = 1 + \\\n    2"), [.name("x"), .op(.assign), .int(1), .op(.plus), .int(2), .newline, .end])
    }

    func testTabsCountToTheNextMultipleOfEightAndMustBeConsistent() {
        XCTAssertNil(error("if x:\n\ty\n\tz\n"))
        XCTAssertNil(error("if x:\n\tif y:\n\t    z\n"), "a tab, then four blanks")
        XCTAssertEqual(error("if x:\n        y\n\tz\n")?.message, "TabError: inconsistent use of tabs and spaces in indentation",
                       "a tab and eight blanks reach the same column but not with tabs counted as one")
        XCTAssertEqual(error("if x:\n    y\n  z\n")?.message, "IndentationError: unindent does not match any outer indentation level")
    }

    func testNumbers() {
        XCTAssertEqual(kinds("1_000 0xFF 0o17 0b101 1.5 .5 5. 1e3 2.5E-2 0"),
                       [.int(1000), .int(255), .int(15), .int(5), .float(1.5), .float(0.5), .float(5), .float(1000), .float(0.025), .int(0), .newline, .end])
        XCTAssertEqual(error("x = 012")?.message, "SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
        XCTAssertEqual(error("3j")?.message, "imaginary numbers (complex) are not supported yet: attn's Python dialect has no complex type")
        XCTAssertTrue(error("99999999999999999999")?.message.hasPrefix("OverflowError:") ?? false)
        XCTAssertEqual(error("1_")?.message, "SyntaxError: invalid decimal literal")
    }

    func testStringsAndEscapes() {
        XCTAssertEqual(kinds(#"'a\tb' "q\"" r'\n' '''x'y''' "\x41\u00e9""#),
                       [.string(.plain("a\tb")), .string(.plain("q\"")), .string(.plain("\\n")), .string(.plain("x'y")),
                        .string(.plain("Aé")), .newline, .end])
        XCTAssertEqual(kinds("'''a\nb'''"), [.string(.plain("a\nb")), .newline, .end])
        XCTAssertEqual(error("'open")?.message, "SyntaxError: unterminated string literal (detected at line 1)")
        XCTAssertEqual(error("'''open\n")?.kind, .incompleteInput)
        XCTAssertEqual(error("b'x'")?.message, "bytes literals (b'...') are not supported yet: attn's Python dialect has str but no bytes")
    }

    func testFStringsAreCutIntoTextAndFields() throws {
        let tokens = PyLexer.tokenize(SourceFile(name: "t", text: #"f"a{x!r:>{w}}b{{c}}{y=}""#)).tokens
        guard case .string(.formatted(let pieces)) = tokens.first?.kind else { return XCTFail("\(tokens)") }
        XCTAssertEqual(pieces.count, 5)
        guard case .field(let first) = pieces[1], case .field(let second) = pieces[4] else { return XCTFail("\(pieces)") }
        XCTAssertEqual(first.conversion, "r")
        XCTAssertEqual(first.spec?.count, 2, "'>' and the nested field {w}")
        XCTAssertEqual(pieces[2], .text("b{"))
        XCTAssertEqual(second.selfDocumenting, "y=")
        XCTAssertEqual(error(#"f"{}""#)?.message, "SyntaxError: f-string: empty expression not allowed")
        XCTAssertEqual(error(#"f"{x!z}""#)?.message, "SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'")
        XCTAssertEqual(error(#"f"a}b""#)?.message, "SyntaxError: f-string: single '}' is not allowed")
    }

    func testBracketErrors() {
        XCTAssertEqual(error("x = (1,\n")?.kind, .incompleteInput)
        XCTAssertEqual(error("x = (1,\n")?.message, "SyntaxError: '(' was never closed")
        XCTAssertEqual(error("x = (1]")?.message, "SyntaxError: closing parenthesis ']' does not match opening parenthesis '('")
        XCTAssertEqual(error("x = 1)")?.message, "SyntaxError: unmatched ')'")
        XCTAssertEqual(error("x = 1 $ 2")?.message, "SyntaxError: invalid syntax")
        XCTAssertEqual(error("x = 1 € 2")?.message, "SyntaxError: invalid character '€' (U+20AC)")
    }
}
