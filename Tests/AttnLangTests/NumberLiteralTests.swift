import XCTest
@testable import AttnLang

/// The one number grammar (read by the lexer and the claim reader) and the
/// one number writer. Expected values are worked out by hand from the rules
/// in `NumberLiteral` and `NumberFormat`.
final class NumberLiteralTests: XCTestCase {
    private func literal(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> NumberLiteral? {
        let result = NumberLiteral(text)
        XCTAssertNotNil(result, "\(text) is a number", file: file, line: line)
        return result
    }

    func testDigitsWritten() {
        let a = literal("0.7311")
        XCTAssertEqual(a?.value, 0.7311)
        XCTAssertEqual(a?.integerDigits, 1)
        XCTAssertEqual(a?.fractionDigits, 4)
        XCTAssertEqual(a?.significantDigits, 4)
        XCTAssertEqual(a?.isIntegerText, false)
        XCTAssertEqual(literal("0.0120")?.significantDigits, 3, "leading zeros do not count, trailing ones do")
        XCTAssertEqual(literal("100")?.significantDigits, 3)
        XCTAssertEqual(literal("0")?.significantDigits, 1)
        XCTAssertEqual(literal("0.00")?.significantDigits, 3, "as %#.3g writes zero")
        XCTAssertEqual(literal(".5")?.integerDigits, 0)
        XCTAssertEqual(literal("2")?.isIntegerText, true)
        let bare = literal("2.")
        XCTAssertEqual(bare?.hasPoint, true)
        XCTAssertEqual(bare?.fractionDigits, 0)
        XCTAssertEqual(bare?.isIntegerText, false)
    }

    func testExponentForms() {
        let numpy = literal("1.50e-03")
        XCTAssertEqual(numpy?.value, 0.0015)
        XCTAssertEqual(numpy?.significantDigits, 3)
        XCTAssertEqual(numpy?.exponent?.value, -3)
        XCTAssertEqual(numpy?.exponent?.spelling, ExponentSpelling(marker: "e", plusSign: false, minDigits: 2))
        XCTAssertEqual(literal("1E+5")?.exponent?.spelling, ExponentSpelling(marker: "E", plusSign: true, minDigits: 1))
        XCTAssertEqual(literal("1.e3")?.value, 1000, "a point then an exponent, as in Python")
        XCTAssertEqual(literal("1e400")?.value, .infinity, "past a Double's range")
        XCTAssertEqual(literal("1e-400")?.value, 0)
        XCTAssertEqual(literal("1e99999999999")?.exponent?.value, 999_999, "clamped, never an overflow")
    }

    func testWhereANumberStops() {
        func scanned(_ text: String) -> Int? { NumberLiteral.scan(Array(text.utf8), at: 0)?.length }
        XCTAssertEqual(scanned("1.T"), 1, "`1.T` is 1 then .T")
        XCTAssertEqual(scanned("2e"), 1, "an e without digits is not an exponent")
        XCTAssertEqual(scanned("2e+x"), 1)
        XCTAssertEqual(scanned("1..2"), 2)
        XCTAssertEqual(scanned("3.5]"), 3)
        XCTAssertNil(scanned("."))
        XCTAssertNil(scanned("e5"))
        XCTAssertNil(NumberLiteral("-1"), "the sign belongs to the expression or the claim")
        XCTAssertNil(NumberLiteral("1.5.3"))
    }

    func testExponentSpellings() {
        XCTAssertEqual(ExponentSpelling.attn.respell("1.5e+20"), "1.5e20")
        XCTAssertEqual(ExponentSpelling.attn.respell("-1e-09"), "-1e-9")
        XCTAssertEqual(ExponentSpelling(plusSign: true, minDigits: 2).respell("3.3e-1"), "3.3e-01")
        XCTAssertEqual(ExponentSpelling(marker: "E", plusSign: true).respell("1.2e2"), "1.2E+2")
        XCTAssertEqual(ExponentSpelling.attn.respell("0.5"), "0.5")
    }

    func testFormatsForRewrites() {
        let six = NumberFormat(precision: .digits(6), keepsTrailingZeros: true)
        XCTAssertEqual(six.write(0.25), "0.250000")
        XCTAssertEqual(six.write(1e-5), "1.00000e-5")
        XCTAssertEqual(six.write(3), "3")
        XCTAssertEqual(six.write(123456.7), "123456.7")
        let numpy = NumberFormat(precision: .digits(6), keepsTrailingZeros: true, integerPoint: true)
        XCTAssertEqual(numpy.write(3), "3.")
        XCTAssertEqual(numpy.write(-0.0), "-0.")
        let scientific = NumberFormat(precision: .digits(3), notation: .scientific,
                                      exponent: ExponentSpelling(plusSign: true, minDigits: 2))
        XCTAssertEqual(scientific.write(0.0015), "1.50e-03")
        XCTAssertEqual(scientific.write(1), "1.00e+00", "integers too, as numpy's scientific mode")
        XCTAssertEqual(scientific.write(.nan), "nan")
        let shortest = NumberFormat(precision: .full, notation: .scientific)
        XCTAssertEqual(shortest.write(0.1), "1e-1")
        XCTAssertEqual(shortest.write(1.0 / 3), "3.333333333333333e-1")
    }
}
