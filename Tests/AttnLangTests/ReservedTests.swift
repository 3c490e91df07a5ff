import XCTest
@testable import AttnLang

/// Keywords and constants are published once (`Keyword`, `Constant`); the
/// lexer and the interpreter must be reading those lists.
final class ReservedTests: XCTestCase {
    func testKeywordsAreTheLexersKeywords() {
        for keyword in Keyword.allCases {
            let (tokens, _) = Lexer.tokenize(SourceFile(name: "t", text: keyword.rawValue))
            XCTAssertEqual(tokens.first?.kind, .keyword(keyword))
        }
        XCTAssertEqual(Set(Keyword.allCases.map(\.rawValue)), ["let", "if", "then", "else"])
    }

    func testConstantsAreTheInterpretersConstants() throws {
        XCTAssertEqual(Set(Constant.all.map(\.name)), ["true", "false", "inf", "nan", "pi", "e"])
        XCTAssertEqual(try Session().evaluate("pi")?.tensor?.scalarValue, 3.141592653589793)
        XCTAssertEqual(try Session().evaluate("e")?.tensor?.scalarValue, 2.718281828459045)
        for c in Constant.all {
            let value = try XCTUnwrap(try Session().evaluate(c.name)?.tensor?.scalarValue, c.name)
            XCTAssertTrue(value == c.value || value.isNaN && c.value.isNaN, c.name)
            let rebinding = Session().run(SourceFile(name: "t", text: "\(c.name) = 2"))
            XCTAssertEqual(!rebinding.ok, c.isLiteral, "\(c.name) can\(c.isLiteral ? "not" : "") be rebound")
        }
    }
}
