import AttnCore
import Foundation
import XCTest
@testable import AttnLang

/// How values of each dtype print: float32 at float32's precision, integers
/// whole and exact, booleans as words, and every dtype but float64 inside
/// its cast, so the text reads back with its dtype.
final class PrinterDTypeTests: XCTestCase {
    private func f32(_ values: [Float], shape: [Int]? = nil) -> Tensor {
        Tensor(unchecked: shape ?? [values.count], storage: .float32(values))
    }

    private func show(_ t: Tensor, _ precision: Precision = .digits(6), width: Int = Printer.defaultLineWidth) -> String {
        Printer.format(t, precision: precision, lineWidth: width)
    }

    func testFloat32AtSixDigitsAsFloat64Is() {
        XCTAssertEqual(show(f32([0.1, 0.25, -1])), "f32([ 0.1, 0.25,   -1])")
        XCTAssertEqual(show(f32([1.0 / 3], shape: [])), "f32(0.333333)")
        XCTAssertEqual(show(f32([123456.7], shape: [])), "f32(123456.7)", "a non-integer never prints like one")
        XCTAssertEqual(show(f32([.nan, .infinity, -.infinity, -0.0])), "f32([ nan,  inf, -inf,   -0])")
    }

    func testFloat32AtFullPrecisionIsItsOwnShortestText() {
        // The shortest text that reads back as the same float32, not the
        // float64 digits of its value (0.10000000149011612).
        XCTAssertEqual(show(f32([0.1], shape: []), .full), "f32(0.1)")
        XCTAssertEqual(show(f32([1.0 / 3], shape: []), .full), "f32(0.33333334)")
        XCTAssertEqual(show(f32([Float(1).nextUp], shape: []), .full), "f32(1.0000001)")
        XCTAssertEqual(show(f32([.greatestFiniteMagnitude], shape: []), .full), "f32(3.4028235e38)")
        XCTAssertEqual(show(f32([.leastNonzeroMagnitude], shape: []), .full), "f32(1e-45)")
        XCTAssertEqual(show(f32([1e-5], shape: []), .full), "f32(1e-5)")
    }

    func testFloat32ShowsAtMostNineDigits() {
        // Nine tell any two float32 apart; more would show their binary expansion.
        XCTAssertEqual(show(f32([0.1], shape: []), .digits(17)), "f32(0.100000001)")
        XCTAssertEqual(show(Tensor(0.1), .digits(17)), "0.10000000000000001")
        XCTAssertEqual(show(f32([1.0 / 3], shape: []), .digits(9)), "f32(0.333333343)")
        // Rounding never passes float32's largest value, read back through float64 as f32 reads it.
        // (3.403e38 would read back as inf: a digit more.)
        XCTAssertEqual(show(f32([.greatestFiniteMagnitude], shape: []), .digits(4)), "f32(3.4028e38)")
        for digits in 1...9 {
            let text = NumberFormat(precision: .digits(digits), isFloat32: true).write(Double(Float.greatestFiniteMagnitude))
            XCTAssertEqual(Double(text).map { Float($0).isFinite }, true, "\(digits) digits: \(text)")
        }
    }

    func testFloat32IntegersPrintWholeUpToTwoToThe24() {
        XCTAssertEqual(show(f32([0, 1, 16777216])), "f32([       0,        1, 16777216])")
        // Past 2^24 not every integer is a float32: the shortest digits say which one this is.
        XCTAssertEqual(show(f32([1e10], shape: []), .full), "f32(1e10)")
        XCTAssertEqual(show(f32([1e10], shape: [])), "f32(1e10)")
        XCTAssertEqual(show(Tensor(1e10)), "10000000000")
    }

    func testIntegersAreWholeAndExact() {
        XCTAssertEqual(show(Tensor(unchecked: [3], storage: .int64([Int64.min, 0, Int64.max]))),
                       "i64([-9223372036854775808,                    0,  9223372036854775807])")
        XCTAssertEqual(show(Tensor(unchecked: [], storage: .int64([(1 << 53) + 1]))), "i64(9007199254740993)")
        XCTAssertEqual(show(Tensor(unchecked: [2, 2], storage: .int32([1, -20, 300, 4]))), "i32([[  1, -20],\n     [300,   4]])")
        // Precision does not apply to integers.
        XCTAssertEqual(show(Tensor(unchecked: [], storage: .int32([123456789])), .digits(2)), "i32(123456789)")
    }

    func testBooleansAsWords() {
        XCTAssertEqual(show(Tensor(unchecked: [3], storage: .bool([true, false, true]))), "bool([ true, false,  true])")
        XCTAssertEqual(show(Tensor(unchecked: [], storage: .bool([false]))), "bool(false)")
    }

    func testEmptyTensorsKeepTheirCast() {
        XCTAssertEqual(show(f32([])), "f32([])")
        XCTAssertEqual(show(Tensor(unchecked: [0, 3], storage: .int64([]))), "i64(zeros([0, 3]))")
    }

    func testWrappedRowsGoUnderTheFirstElementInsideTheCast() {
        let t = f32((0..<12).map { Float($0) + 0.5 })
        let text = show(t, width: 40)
        // As numpy's array2string lays it out with prefix="f32(" and suffix=")".
        XCTAssertEqual(text, """
            f32([ 0.5,  1.5,  2.5,  3.5,  4.5,
                  5.5,  6.5,  7.5,  8.5,  9.5,
                 10.5, 11.5])
            """)
        for line in text.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 40) }
        let rows = show(Tensor(unchecked: [2, 2, 2], storage: .bool([true, false, false, true, true, true, false, false])))
        XCTAssertEqual(rows, "bool([[[ true, false],\n       [false,  true]],\n\n      [[ true,  true],\n       [false, false]]])")
    }

    func testSummariesShowTheCastToo() {
        let t = Tensor(unchecked: [2000], storage: .int32((0..<2000).map(Int32.init)))
        XCTAssertEqual(show(t), "i32([   0,    1,    2, ..., 1997, 1998, 1999])")
    }

    func testPreviewLeavesTheCastToTheDtypeColumn() {
        XCTAssertEqual(Printer.preview(f32([0.1, 0.2]), precision: .digits(6), maxCharacters: 40), "[0.1, 0.2]")
        XCTAssertEqual(Printer.preview(Tensor(unchecked: [], storage: .bool([true])), precision: .digits(6), maxCharacters: 40), "true")
        XCTAssertEqual(Printer.preview(Tensor(unchecked: [3], storage: .int64([1, 2, Int64.max])), precision: .digits(6), maxCharacters: 14),
                       "[1, 2, ...")
    }
}
