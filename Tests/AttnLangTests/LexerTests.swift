import XCTest
@testable import AttnLang

final class LexerTests: XCTestCase {
    // MARK: - Helpers

    private func lex(_ text: String) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        Lexer.tokenize(SourceFile(name: "t", text: text))
    }

    /// The kinds of all tokens, without the final `.eof`; fails on any diagnostic.
    private func kinds(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [Token.Kind] {
        let (tokens, diagnostics) = lex(text)
        XCTAssertEqual(diagnostics.map(\.message), [], "unexpected diagnostics for \(text.debugDescription)", file: file, line: line)
        XCTAssertEqual(tokens.last?.kind, .eof, file: file, line: line)
        return tokens.dropLast().map(\.kind)
    }

    /// The single diagnostic the text produces.
    private func diagnostic(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        let (_, diagnostics) = lex(text)
        XCTAssertEqual(diagnostics.count, 1, "expected one diagnostic for \(text.debugDescription), got \(diagnostics.map(\.message))",
                       file: file, line: line)
        return diagnostics.first
    }

    private func number(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Double? {
        let k = kinds(text, file: file, line: line)
        guard k.count == 1, case .number(let v) = k[0] else {
            XCTFail("\(text.debugDescription) lexed as \(k), not one number", file: file, line: line)
            return nil
        }
        return v
    }

    // MARK: - Token kinds

    func testEveryPunctuationAndOperator() {
        XCTAssertEqual(kinds("+ - * / @ ^ = == != < <= > >= ( ) [ ] , : ; ."), [
            .plus, .minus, .star, .slash, .at, .caret, .equal, .equalEqual, .bangEqual, .less, .lessEqual,
            .greater, .greaterEqual, .lparen, .rparen, .lbracket, .rbracket, .comma, .colon, .semicolon, .dot,
        ])
    }

    func testOperatorsWithoutSpaces() {
        XCTAssertEqual(kinds("a<=b>=c==d!=e<f>g=h"), [
            .identifier("a"), .lessEqual, .identifier("b"), .greaterEqual, .identifier("c"), .equalEqual,
            .identifier("d"), .bangEqual, .identifier("e"), .less, .identifier("f"), .greater, .identifier("g"),
            .equal, .identifier("h"),
        ])
    }

    func testDoubleStarIsPower() {
        XCTAssertEqual(kinds("2**3"), [.number(2), .caret, .number(3)])
        XCTAssertEqual(kinds("2 ** 3 * 4"), [.number(2), .caret, .number(3), .star, .number(4)])
        let (tokens, _) = lex("2**3")
        XCTAssertEqual(tokens[1].range, SourceRange(1, 3), "'**' spans both characters")
    }

    func testKeywordsAndIdentifiers() {
        XCTAssertEqual(kinds("let if then else"), [.keyword(.let), .keyword(.if), .keyword(.then), .keyword(.else)])
        XCTAssertEqual(kinds("letter iffy _x x_1 Q2 _ T"), [
            .identifier("letter"), .identifier("iffy"), .identifier("_x"), .identifier("x_1"),
            .identifier("Q2"), .identifier("_"), .identifier("T"),
        ])
        // Constants are names, not keywords: the evaluator resolves them.
        XCTAssertEqual(kinds("inf nan true false"), [
            .identifier("inf"), .identifier("nan"), .identifier("true"), .identifier("false"),
        ])
    }

    func testBangAloneIsAnError() {
        let d = diagnostic("a ! b")
        XCTAssertEqual(d?.range, SourceRange(2, 3))
        XCTAssertEqual(d?.kind, .error)
    }

    func testRangesAreByteOffsets() {
        let (tokens, _) = lex("let xy = 12.5")
        XCTAssertEqual(tokens.map(\.range), [
            SourceRange(0, 3), SourceRange(4, 6), SourceRange(7, 8), SourceRange(9, 13), SourceRange(13, 13),
        ])
    }

    func testByteOrderMarkIsSkipped() {
        let (tokens, diagnostics) = lex("\u{FEFF}x + 1")
        XCTAssertEqual(diagnostics.count, 0)
        XCTAssertEqual(tokens.map(\.kind), [.identifier("x"), .plus, .number(1), .eof])
        XCTAssertEqual(tokens[0].range, SourceRange(3, 4), "ranges stay byte offsets into the whole text")
        // Only at the very start.
        XCTAssertEqual(diagnostic("x\u{FEFF}")?.message, "unexpected character U+FEFF")
    }

    func testEmptyInputIsJustEOF() {
        XCTAssertEqual(kinds(""), [])
        XCTAssertEqual(kinds("   \t  "), [])
        XCTAssertEqual(lex("").tokens.map(\.kind), [.eof])
    }

    // MARK: - Numbers

    func testNumberForms() {
        XCTAssertEqual(number("3"), 3)
        XCTAssertEqual(number("0.5"), 0.5)
        XCTAssertEqual(number("1e-9"), 1e-9)
        XCTAssertEqual(number(".5"), 0.5)
        XCTAssertEqual(number("1."), 1)
        XCTAssertEqual(number("2.5E+3"), 2500)
        XCTAssertEqual(number("2.5e3"), 2500)
        XCTAssertEqual(number("1E9"), 1e9)
        XCTAssertEqual(number(".25e-2"), 0.0025)
        XCTAssertEqual(number("007"), 7)
        XCTAssertEqual(number("123456789012345678901234567890"), 1.2345678901234568e29, "the nearest Double")
        XCTAssertEqual(number("1e400"), .infinity, "overflowing literals read as inf, as in numpy")
        XCTAssertEqual(number("0.1"), 0.1, "the nearest Double, exactly")
    }

    func testNumberFollowedByDotExponent() {
        // `1.e3` is a number in Python and numpy code; the dot does not start `.T`.
        XCTAssertEqual(number("1.e3"), 1000)
        XCTAssertEqual(number("2.E-2"), 0.02)
    }

    func testNumberThenTranspose() {
        XCTAssertEqual(kinds("1.T"), [.number(1), .dot, .identifier("T")])
        XCTAssertEqual(kinds("x.T"), [.identifier("x"), .dot, .identifier("T")])
    }

    func testSignIsNotPartOfANumber() {
        XCTAssertEqual(kinds("-1"), [.minus, .number(1)])
        XCTAssertEqual(kinds("1-2"), [.number(1), .minus, .number(2)])
        XCTAssertEqual(kinds("1e-2-3"), [.number(0.01), .minus, .number(3)])
    }

    func testMalformedNumbers() {
        for (text, range) in [("1e", SourceRange(0, 2)), ("3abc", SourceRange(0, 4)), ("1e+", SourceRange(0, 2)),
                              ("x = 2.5q", SourceRange(4, 8)), ("12_3", SourceRange(0, 4)), ("1.5e-x", SourceRange(0, 4))] {
            let d = diagnostic(text)
            XCTAssertEqual(d?.range, range, "range for \(text)")
            XCTAssertEqual(d?.kind, .error)
            XCTAssertTrue(d?.message.contains("malformed number") ?? false, d?.message ?? "")
        }
        XCTAssertEqual(diagnostic("3abc")?.message, "malformed number '3abc'")
    }

    // MARK: - Strings

    func testStrings() {
        XCTAssertEqual(kinds(#""x.npy""#), [.string("x.npy")])
        XCTAssertEqual(kinds(#""""#), [.string("")])
        XCTAssertEqual(kinds(#""a\"b\\c\td\ne""#), [.string("a\"b\\c\td\ne")])
        XCTAssertEqual(kinds(#""héllo 注意力""#), [.string("héllo 注意力")])
        XCTAssertEqual(kinds(##""# not a comment""##), [.string("# not a comment")])
        XCTAssertEqual(kinds(#"print("a", "b")"#), [.identifier("print"), .lparen, .string("a"), .comma, .string("b"), .rparen])
    }

    func testUnterminatedString() {
        let d = diagnostic(#"x = "abc"#)
        XCTAssertEqual(d?.range, SourceRange(4, 8))
        XCTAssertTrue(d?.message.contains("unterminated string") ?? false)
        // A string cannot run over a newline.
        let d2 = diagnostic("\"ab\ncd")
        XCTAssertEqual(d2?.range.start, 0)
        XCTAssertTrue(d2?.message.contains("unterminated string") ?? false)
    }

    func testUnknownEscape() {
        let d = diagnostic(#""a\qb""#)
        XCTAssertEqual(d?.range, SourceRange(2, 4))
        XCTAssertTrue(d?.message.contains("unknown escape") ?? false)
        // The escaped character is underlined whole: 'é' is two bytes.
        XCTAssertEqual(diagnostic(#""\é""#)?.range, SourceRange(1, 4))
    }

    func testBackslashAtTheEndOfAString() {
        // The range stays inside the source, and the string is reported open.
        for text in [#""abc\"#, "\"abc\\\n1"] {
            let d = diagnostic(text)
            XCTAssertTrue(d?.message.contains("unterminated string") ?? false, "\(text.debugDescription): \(d?.message ?? "")")
            XCTAssertLessThanOrEqual(d?.range.end ?? .max, text.utf8.count)
            XCTAssertEqual(d?.range.start, 0)
        }
    }

    // MARK: - Comments, newlines, continuation

    func testComments() {
        XCTAssertEqual(kinds("# only a comment"), [])
        XCTAssertEqual(kinds("1 # one\n2"), [.number(1), .newline, .number(2)])
        XCTAssertEqual(kinds("1#x\n#y\n2"), [.number(1), .newline, .newline, .number(2)])
    }

    func testNewlinesAreTokensAtTopLevel() {
        XCTAssertEqual(kinds("a\nb\r\nc"), [.identifier("a"), .newline, .identifier("b"), .newline, .identifier("c")])
    }

    func testNewlinesDroppedInsideBrackets() {
        XCTAssertEqual(kinds("[1,\n 2]\n3"), [.lbracket, .number(1), .comma, .number(2), .rbracket, .newline, .number(3)])
        XCTAssertEqual(kinds("f(\n1\n)"), [.identifier("f"), .lparen, .number(1), .rparen])
        XCTAssertEqual(kinds("[[1, 2], # first row\n [3, 4]]"), [
            .lbracket, .lbracket, .number(1), .comma, .number(2), .rbracket, .comma,
            .lbracket, .number(3), .comma, .number(4), .rbracket, .rbracket,
        ])
        // After the brackets close, newlines count again.
        XCTAssertEqual(kinds("(1)\n(2)"), [.lparen, .number(1), .rparen, .newline, .lparen, .number(2), .rparen])
    }

    func testUnbalancedCloserDoesNotSwallowLaterNewlines() {
        XCTAssertEqual(kinds(")\n1"), [.rparen, .newline, .number(1)])
    }

    func testBackslashContinuation() {
        XCTAssertEqual(kinds("1 + \\\n 2"), [.number(1), .plus, .number(2)])
        XCTAssertEqual(kinds("1 \\  \t\n+ 2"), [.number(1), .plus, .number(2)])
        XCTAssertEqual(kinds("1 \\\r\n+ 2"), [.number(1), .plus, .number(2)])
    }

    func testBackslashBeforeComment() {
        // The lexer documents that "only blanks or a comment" may follow the backslash.
        XCTAssertEqual(kinds("1 \\ # more below\n+ 2"), [.number(1), .plus, .number(2)])
    }

    func testBackslashInTheMiddleOfALine() {
        let d = diagnostic("1 \\ 2")
        XCTAssertEqual(d?.range, SourceRange(2, 3))
        XCTAssertEqual(d?.kind, .error)
    }

    func testBackslashAtEndOfInputIsIncomplete() {
        let d = diagnostic("1 + \\")
        XCTAssertEqual(d?.kind, .incompleteInput)
        XCTAssertEqual(d?.range, SourceRange(4, 5))
    }

    // MARK: - Bad characters and recovery

    func testBadCharacterRanges() {
        XCTAssertEqual(diagnostic("1 $ 2")?.range, SourceRange(2, 3))
        XCTAssertEqual(diagnostic("1 $ 2")?.message, "unexpected character '$'")
        // A multi-byte character is reported whole: 'é' is two bytes.
        let d = diagnostic("x = é")
        XCTAssertEqual(d?.range, SourceRange(4, 6))
        XCTAssertEqual(d?.message, "unexpected character 'é'")
        // A four-byte character.
        XCTAssertEqual(diagnostic("ab 🙂")?.range, SourceRange(3, 7))
        XCTAssertEqual(diagnostic("`")?.range, SourceRange(0, 1))
        XCTAssertEqual(diagnostic("x'")?.range, SourceRange(1, 2))
    }

    func testControlCharactersAreNamedNotEchoed() {
        // A raw control byte in a message would garble the terminal.
        for c in ["\u{0}", "\u{1}", "\u{1B}", "\u{7F}"] {
            guard let d = diagnostic("1 \(c) 2") else { continue }
            XCTAssertEqual(d.range, SourceRange(2, 3))
            XCTAssertFalse(d.message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F },
                           "message \(d.message.debugDescription) contains a raw control character")
        }
    }

    func testInvalidTokenAndRecoveryAtNextLine() {
        let (tokens, diagnostics) = lex("1 $ 2\n3")
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(tokens.map(\.kind), [.number(1), .invalid, .newline, .number(3), .eof])
        XCTAssertEqual(tokens[1].range, diagnostics[0].range)
    }

    func testSeveralBadLinesAllReported() {
        let (_, diagnostics) = lex("$\n1\n\"abc\n3e\n4")
        XCTAssertEqual(diagnostics.map(\.range), [SourceRange(0, 1), SourceRange(4, 8), SourceRange(9, 11)])
    }

    func testRecoveryResetsBracketDepth() {
        // The bad line's open '[' must not swallow the newline that ends the next line.
        let (tokens, diagnostics) = lex("[1, $\n2\n3")
        XCTAssertEqual(diagnostics.count, 1)
        XCTAssertEqual(tokens.map(\.kind), [.lbracket, .number(1), .comma, .invalid, .newline, .number(2), .newline, .number(3), .eof])
    }

    func testTokenDescriptions() {
        XCTAssertEqual(Token(.identifier("x"), SourceRange(0, 1)).describe, "'x'")
        XCTAssertEqual(Token(.caret, SourceRange(0, 1)).describe, "'^'")
        XCTAssertEqual(Token(.eof, SourceRange(0, 0)).describe, "the end of the input")
        XCTAssertEqual(Token(.newline, SourceRange(0, 1)).describe, "the end of the line")
    }

    // MARK: - SourceFile

    func testSourceLocations() {
        let s = SourceFile(name: "f", text: "ab\ncdé\n\nx")
        XCTAssertEqual(s.location(of: 0).line, 1)
        XCTAssertEqual(s.location(of: 0).column, 1)
        XCTAssertEqual(s.location(of: 3).line, 2)
        XCTAssertEqual(s.location(of: 3).column, 1)
        // Columns count characters, not bytes: 'é' is two bytes, one column.
        XCTAssertEqual(s.location(of: 7).column, 4)
        XCTAssertEqual(s.location(of: 9).line, 4)
        XCTAssertEqual(s.lineText(containing: 4), "cdé")
        XCTAssertEqual(s.lineText(containing: 8), "")
        XCTAssertEqual(s.text(of: SourceRange(3, 7)), "cdé")
        // Out of range offsets are clamped, not a crash.
        XCTAssertEqual(s.location(of: 1000).line, 4)
        XCTAssertEqual(s.location(of: -5).line, 1)
        let fragment = SourceFile(name: "doc.md", text: "x\ny", firstLine: 10)
        XCTAssertEqual(fragment.location(of: 2).line, 11)
        XCTAssertEqual(fragment.lineText(containing: 2), "y")
    }
}
