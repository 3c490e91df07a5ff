import AttnCore
import Foundation
import XCTest
@testable import AttnLang


final class PrinterTests: XCTestCase {
    private let six = Precision.digits(6)

    private func show(_ t: Tensor, _ precision: Precision = .digits(6)) -> String {
        Printer.format(t, precision: precision)
    }

    private func matrix(_ rows: [[Double]]) -> Tensor {
        Tensor(unchecked: [rows.count, rows.first?.count ?? 0], rows.flatMap { $0 })
    }

    // MARK: - Numbers

    func testIntegersWithoutAPoint() {
        XCTAssertEqual(Printer.number(1, six), "1")
        XCTAssertEqual(Printer.number(0, six), "0")
        XCTAssertEqual(Printer.number(-42, six), "-42")
        XCTAssertEqual(Printer.number(1_000_000, six), "1000000", "integers print whole, not in e-notation")
        XCTAssertEqual(Printer.number(123_456_789, six), "123456789")
        XCTAssertEqual(Printer.number(-0.0, six), "-0", "negative zero keeps its sign, as numpy")
    }

    func testSixSignificantDigitsTrailingZerosDropped() {
        XCTAssertEqual(Printer.number(0.09003057317038046, six), "0.0900306")
        XCTAssertEqual(Printer.number(0.5, six), "0.5")
        XCTAssertEqual(Printer.number(0.25, six), "0.25")
        XCTAssertEqual(Printer.number(1.0 / 3, six), "0.333333")
        XCTAssertEqual(Printer.number(2.0 / 3, six), "0.666667")
        XCTAssertEqual(Printer.number(100.5, six), "100.5")
        XCTAssertEqual(Printer.number(-2.5, six), "-2.5")
        XCTAssertEqual(Printer.number(0.1 + 0.2, six), "0.3")
        XCTAssertEqual(Printer.number(0.0001, six), "0.0001")
        XCTAssertEqual(Printer.number(3.14159265, six), "3.14159")
    }

    func testNonIntegersNeverLookLikeIntegers() {
        // At 6 digits these round to 123457, 1, 2 and -100000: texts that a
        // claim reads as exact integers. numpy writes 123456.7 as it is.
        XCTAssertEqual(Printer.number(123456.7, six), "123456.7")
        XCTAssertEqual(Printer.number(0.9999999, six), "1.00000")
        XCTAssertEqual(Printer.number(2.0000001, six), "2.00000")
        XCTAssertEqual(Printer.number(-99999.97, six), "-100000.0")
        XCTAssertEqual(Printer.number(0.96, .digits(1)), "1.0")
        XCTAssertEqual(Printer.number(1.5, .digits(1)), "1.5")
        XCTAssertEqual(Printer.number(999999.7, six), "1e6", "e-notation is not integer-looking")
        // The largest Double, 1.7976931348623157e308, rounds up to 2e308,
        // 1.8e308, 1.798e308 and 1.7977e308 at one to five digits: all past
        // the largest Double, so they read back as inf. Six digits round down.
        XCTAssertEqual(Printer.number(.greatestFiniteMagnitude, .digits(1)), "1.79769e308")
        XCTAssertEqual(Printer.number(.greatestFiniteMagnitude, .digits(5)), "1.79769e308")
        XCTAssertEqual(Printer.number(.greatestFiniteMagnitude, .digits(7)), "1.797693e308")
    }

    func testSpecialValues() {
        XCTAssertEqual(Printer.number(.infinity, six), "inf")
        XCTAssertEqual(Printer.number(-.infinity, six), "-inf")
        XCTAssertEqual(Printer.number(.nan, six), "nan")
        XCTAssertEqual(Printer.number(-.nan, six), "nan")
        XCTAssertEqual(Printer.number(.infinity, .full), "inf")
        XCTAssertEqual(Printer.number(.nan, .full), "nan")
    }

    func testENotation() {
        XCTAssertEqual(Printer.number(1e-9, six), "1e-9")
        XCTAssertEqual(Printer.number(1.234e-5, six), "1.234e-5")
        XCTAssertEqual(Printer.number(1234567.5, six), "1.23457e6")
        XCTAssertEqual(Printer.number(1.5e20, six), "1.5e20")
        XCTAssertEqual(Printer.number(1e16, six), "1e16")
        XCTAssertEqual(Printer.number(-2.5e-300, six), "-2.5e-300")
        XCTAssertEqual(Printer.number(1e100, .full), "1e100")
        XCTAssertEqual(Printer.number(1e-7, .full), "1e-7")
        XCTAssertEqual(Printer.number(.leastNonzeroMagnitude, .full), "5e-324")
        // No '+', no leading zeros in the exponent: it reads back as an attn number.
        for x in [1e-9, 1e20, 1.5e-300, 1.7976931348623157e308, 6.02e23] {
            for p in [six, Precision.digits(3), .full] {
                let text = Printer.number(x, p)
                XCTAssertFalse(text.contains("+"), text)
                XCTAssertFalse(text.contains("e0") || text.contains("e-0"), text)
            }
        }
    }

    func testOtherPrecisions() {
        XCTAssertEqual(Printer.number(1.0 / 3, .digits(3)), "0.333")
        XCTAssertEqual(Printer.number(2.0 / 3, .digits(1)), "0.7")
        XCTAssertEqual(Printer.number(1234.5, .digits(3)), "1.23e3")
        XCTAssertEqual(Printer.number(1.0 / 3, .digits(17)), "0.33333333333333331")
        XCTAssertEqual(Printer.number(3, .digits(1)), "3", "integers are whole at any precision")
    }

    func testFullPrecisionIsShortestRoundTrip() {
        XCTAssertEqual(Printer.number(0.1, .full), "0.1")
        XCTAssertEqual(Printer.number(1.0 / 3, .full), "0.3333333333333333")
        XCTAssertEqual(Printer.number(0.1 + 0.2, .full), "0.30000000000000004")
        XCTAssertEqual(Printer.number(0.09003057317038046, .full), "0.09003057317038046")
        XCTAssertEqual(Printer.number(2.5, .full), "2.5")
        XCTAssertEqual(Printer.number(Double(Int64(9_007_199_254_740_993)), .full), "9007199254740992")
    }

    // MARK: - Tensors

    func testScalarAndVectors() {
        XCTAssertEqual(show(Tensor(3)), "3")
        XCTAssertEqual(show(Tensor(vector: [0.5, 0.5])), "[0.5, 0.5]")
        XCTAssertEqual(show(Tensor(vector: [1, 2, 3])), "[1, 2, 3]")
        XCTAssertEqual(show(Tensor(vector: [7])), "[7]")
        XCTAssertEqual(show(Tensor(vector: [1, 10, 100])), "[  1,  10, 100]", "one width for all elements")
        XCTAssertEqual(show(Tensor(vector: [.infinity, -.infinity, .nan])), "[ inf, -inf,  nan]")
    }

    func testMatrixColumnsAligned() {
        XCTAssertEqual(show(matrix([[1, -2.5], [100, 3]])), "[[   1, -2.5],\n [ 100,    3]]")
        XCTAssertEqual(show(matrix([[1, 0], [0, 1]])), "[[1, 0],\n [0, 1]]")
        XCTAssertEqual(show(matrix([[1, 2, 3]])), "[[1, 2, 3]]")
        XCTAssertEqual(show(matrix([[1], [2]])), "[[1],\n [2]]")
        let text = show(matrix([[0.0900306, 0.244728, 0.665241], [1, 0, 0.5]]))
        XCTAssertEqual(text, "[[0.0900306,  0.244728,  0.665241],\n [        1,         0,       0.5]]")
        // Every row has the same length and the commas line up.
        let lines = text.split(separator: "\n")
        XCTAssertEqual(Set(lines.map { $0.count }).count, 1, text)
    }

    func testRank3Layout() {
        let t = Tensor(unchecked: [2, 2, 2], (0..<8).map(Double.init))
        XCTAssertEqual(show(t), "[[[0, 1],\n  [2, 3]],\n\n [[4, 5],\n  [6, 7]]]")
        let r4 = Tensor(unchecked: [2, 1, 1, 2], [1, 2, 3, 4])
        XCTAssertEqual(show(r4), "[[[[1, 2]]],\n\n\n [[[3, 4]]]]")
    }

    func testEmptyTensors() {
        XCTAssertEqual(show(Tensor(vector: [])), "[]")
        XCTAssertEqual(show(Tensor(unchecked: [0, 3], [])), "zeros([0, 3])")
        XCTAssertEqual(show(Tensor(unchecked: [2, 0], [])), "zeros([2, 0])")
        XCTAssertEqual(show(Tensor(unchecked: [1, 0, 2], [])), "zeros([1, 0, 2])")
    }

    func testSummarizationOverAThousandElements() {
        let exactly = Tensor(vector: (0..<1000).map(Double.init))
        XCTAssertFalse(show(exactly).contains("..."), "1,000 elements are shown in full")
        let over = Tensor(vector: (0..<1001).map(Double.init))
        XCTAssertEqual(show(over), "[   0,    1,    2, ...,  998,  999, 1000]")
        let m = Tensor(unchecked: [100, 100], [Double](repeating: 0, count: 10_000))
        let rows = Array(repeating: "[0, 0, 0, ..., 0, 0, 0]", count: 3)
        XCTAssertEqual(show(m), "[" + rows.joined(separator: ",\n ") + ",\n ...,\n " + rows.joined(separator: ",\n ") + "]")
        // A short axis is not cut even when the tensor is summarized.
        let wide = Tensor(unchecked: [2, 600], [Double](repeating: 1, count: 1200))
        XCTAssertEqual(show(wide), "[[1, 1, 1, ..., 1, 1, 1],\n [1, 1, 1, ..., 1, 1, 1]]")
        let cube = Tensor(unchecked: [2, 2, 300], [Double](repeating: 0, count: 1200))
        XCTAssertEqual(show(cube).components(separatedBy: "...").count - 1, 4)
    }

    func testSummarizedShowsTheRightEdgeValues() {
        let t = Tensor(unchecked: [10, 200], (0..<2000).map(Double.init))
        let text = show(t)
        XCTAssertTrue(text.hasPrefix("[[   0,    1,    2, ...,  197,  198,  199],"), text)
        XCTAssertTrue(text.hasSuffix("[1800, 1801, 1802, ..., 1997, 1998, 1999]]"), text)
        XCTAssertEqual(text.split(separator: "\n").count, 7)
    }

    // MARK: - Wrapping to the line width, against numpy

    /// Golden/printer_layout.json, written by scripts/printer_layout.py:
    /// numpy's own `array2string(a, separator=", ", max_line_width=W)`
    /// chose the shown elements and the line breaks, with a formatter that
    /// writes each element the attn way (no point on integers, right-aligned
    /// to the widest shown element). So the expected texts hold numpy's
    /// wrapping and summarising rules, element for element, and a printer
    /// that broke lines anywhere else (inside a number, one element early or
    /// late, without the hanging indent) would differ.
    private struct LayoutGolden: Decodable {
        struct Array: Decodable { let shape: [Int]; let values: [Double] }
        struct Case: Decodable { let array: String; let width: Int; let text: String }
        let arrays: [String: Array]
        let cases: [Case]
    }

    private func layoutGolden() throws -> LayoutGolden {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Golden", withExtension: nil))
        let data = try Data(contentsOf: folder.appendingPathComponent("printer_layout.json"))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(LayoutGolden.self, from: data)
    }

    func testRowsWrapWhereNumpyBreaksThem() throws {
        let golden = try layoutGolden()
        XCTAssertGreaterThanOrEqual(golden.cases.count, 30)
        for c in golden.cases {
            let a = try XCTUnwrap(golden.arrays[c.array], c.array)
            let t = Tensor(unchecked: a.shape, a.values)
            XCTAssertEqual(Printer.format(t, precision: six, lineWidth: c.width), c.text, "\(c.array) at width \(c.width)")
        }
    }

    func testWrappedLinesFitAndReadBack() throws {
        // Every line fits the width unless it holds a single element that
        // alone is wider, and the wrapped text is still the same literal.
        var rng = SeededRandom(seed: 99)
        for _ in 0..<200 {
            let shape = (0..<(rng.below(3) + 1)).map { _ in rng.below(12) + 1 }
            let count = shape.reduce(1, *)
            guard count <= Printer.summarizeThreshold else { continue }
            let t = Tensor(unchecked: shape, (0..<count).map { _ in randomDouble(&rng) })
            let width = Printer.minimumLineWidth + rng.below(80)
            let text = Printer.format(t, precision: .full, lineWidth: width)
            for line in text.split(separator: "\n") where line.count > width {
                XCTAssertFalse(line.dropFirst(t.rank).contains(", "), "line over \(width) columns with a break possible:\n\(line)")
            }
            let back = try Session().evaluate(text)?.tensor
            XCTAssertTrue(back.map { bitwiseEqual(t, $0) } ?? false, "width \(width):\n\(text)")
        }
    }

    func testNoLineBreaksInsideNumbers() {
        // The issue's case: at 60 columns a row broke as `2` / `.23897`.
        let t = Tensor(vector: (0..<40).map { 2.23897 + Double($0) })
        for width in [20, 37, 60, 75] {
            let text = Printer.format(t, precision: six, lineWidth: width)
            for line in text.split(separator: "\n") {
                let cells = line.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " []")) }
                for cell in cells where !cell.isEmpty {
                    XCTAssertNotNil(Double(cell), "\(cell) is not a whole number (width \(width))")
                }
            }
        }
    }

    func testEmptyAndScalarIgnoreTheWidth() {
        for width in [20, 75] {
            XCTAssertEqual(Printer.format(Tensor(-0.0), precision: six, lineWidth: width), "-0")
            XCTAssertEqual(Printer.format(Tensor(123456789.5), precision: .full, lineWidth: width), "123456789.5")
            XCTAssertEqual(Printer.format(Tensor(vector: []), precision: six, lineWidth: width), "[]")
            XCTAssertEqual(Printer.format(Tensor(unchecked: [0, 300], []), precision: six, lineWidth: width), "zeros([0, 300])")
        }
    }

    // MARK: - Summaries cost what they show

    func testSummaryShowsExactlyTheEdgeElements() {
        // Element k holds k, so the printed numbers name the indices shown:
        // rows 0, 1, 2, 4, 5, 6 of 7 and columns 0, 1, 2, 998, 999, 1000 of 1001.
        let t = Tensor(unchecked: [7, 1001], (0..<7007).map(Double.init))
        let text = Printer.format(t, precision: six, lineWidth: 1000)
        let numbers = text.split { ", []\n".contains($0) }.compactMap { Double($0) }
        let expected = [0, 1, 2, 4, 5, 6].flatMap { r in [0, 1, 2, 998, 999, 1000].map { Double(r * 1001 + $0) } }
        XCTAssertEqual(numbers, expected, text)
        XCTAssertEqual(text.components(separatedBy: "...").count - 1, 7, "one ... per row and one between rows")
    }

    func testColumnWidthComesFromTheShownElementsOnly() {
        var values = [Double](repeating: 1, count: 2000)
        values[1000] = -123456789  // hidden by the summary
        XCTAssertEqual(show(Tensor(vector: values)), "[1, 1, 1, ..., 1, 1, 1]")
        values[1999] = -0.5
        XCTAssertEqual(show(Tensor(vector: values)), "[   1,    1,    1, ...,    1,    1, -0.5]")
    }

    func testHugeTensorsFormatOnlyTheShownElements() throws {
        let big = try Tensor(repeating: 0, shape: [1 << 26])
        let (text, formatted) = Printer.layout(big, precision: six, lineWidth: 75)
        XCTAssertEqual(text, "[0, 0, 0, ..., 0, 0, 0]")
        XCTAssertEqual(formatted, 6, "six numbers turned into text, not 2^26")
        let square = try Tensor(repeating: 0.5, shape: [2000, 2000])
        XCTAssertEqual(Printer.layout(square, precision: six, lineWidth: 75).formatted, 36)
    }

    func testPrintingIsLinearInTheRank() throws {
        // A rank-20,000 tensor of one element: 20,000 brackets each side.
        let rank = 20_000
        let one = Tensor(unchecked: [Int](repeating: 1, count: rank), [7])
        let (text, formatted) = Printer.layout(one, precision: six, lineWidth: 75)
        XCTAssertEqual(formatted, 1)
        XCTAssertEqual(text, String(repeating: "[", count: rank) + "7" + String(repeating: "]", count: rank))
        // Two blocks along the outermost axis: the separator between them
        // carries one blank line per inner axis, as numpy's does.
        var shape = [Int](repeating: 1, count: rank)
        shape[0] = 2
        let two = Printer.format(Tensor(unchecked: shape, [1, 2]), precision: six)
        let separator = "]" + String(repeating: "]", count: rank - 2) + "," + String(repeating: "\n", count: rank - 1) + " "
        XCTAssertEqual(two, "[" + String(repeating: "[", count: rank - 1) + "1" + separator
                       + String(repeating: "[", count: rank - 1) + "2" + String(repeating: "]", count: rank))
    }

    func testPrintingStopsWhenInterrupted() throws {
        // 6^7 elements: no axis is long enough to cut, so all are shown.
        let t = try Tensor(repeating: 1, shape: [Int](repeating: 6, count: 7))
        XCTAssertEqual(Printer.layout(t, precision: six, lineWidth: 75).formatted, 279_936)
        Interrupt.request()
        defer { Interrupt.clear() }
        XCTAssertEqual(Printer.layout(t, precision: six, lineWidth: 75).formatted, 0, "stopped before the first row")
    }

    // MARK: - Previews (:vars)

    func testPreviewShowsTheStartOnOneLine() throws {
        XCTAssertEqual(Printer.preview(Tensor(vector: [0.5, 0.5]), precision: six, maxCharacters: 48), "[0.5, 0.5]")
        XCTAssertEqual(Printer.preview(matrix([[1, 10], [100, 3]]), precision: six, maxCharacters: 48), "[[1, 10], [100, 3]]",
                       "no padding and no line breaks")
        XCTAssertEqual(Printer.preview(Tensor(2.5), precision: six, maxCharacters: 48), "2.5")
        XCTAssertEqual(Printer.preview(Tensor(unchecked: [0, 3], []), precision: six, maxCharacters: 48), "zeros([0, 3])")
        let long = Tensor(vector: (0..<100).map(Double.init))
        let cut = Printer.preview(long, precision: six, maxCharacters: 30)
        XCTAssertEqual(cut, "[0, 1, 2, 3, 4, 5, 6, 7, ...", "cut after a whole element")
        XCTAssertLessThanOrEqual(cut.count, 30)
    }

    func testPreviewOfHugeTensorsIsShort() throws {
        let big = try Tensor(repeating: 0.25, shape: [1 << 26])
        let text = Printer.preview(big, precision: six, maxCharacters: 48)
        XCTAssertEqual(text, "[0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, ...")
        let deep = Tensor(unchecked: [Int](repeating: 1, count: 20_000), [3])
        let brackets = Printer.preview(deep, precision: six, maxCharacters: 48)
        XCTAssertEqual(brackets, String(repeating: "[", count: 45) + "...")
    }

    // MARK: - Other values

    func testStringsQuoted() {
        XCTAssertEqual(Printer.format(.string("x.npy"), precision: six), "\"x.npy\"")
        XCTAssertEqual(Printer.format(.string("a\"b\\c\nd\te"), precision: six), #""a\"b\\c\nd\te""#)
        XCTAssertEqual(Printer.format(.string(""), precision: six), "\"\"")
    }

    func testFunctionsAndBuiltins() throws {
        let f = try Session().evaluate("let f(x, y) = x\nf")
        XCTAssertEqual(f.map { Printer.format($0, precision: six) }, "<function f(x, y)>")
        let b = try Session().evaluate("softmax")
        XCTAssertEqual(b.map { Printer.format($0, precision: six) }, "<builtin softmax(x, axis: -1, temperature: 1)>")
        XCTAssertEqual(Printer.format(.doc("text"), precision: six), "text")
    }

    // MARK: - Round trip

    private func bitwiseEqual(_ a: Tensor, _ b: Tensor) -> Bool {
        guard a.shape == b.shape else { return false }
        for (x, y) in zip(a.scalars, b.scalars) {
            if x.isNaN && y.isNaN { continue }
            if x.bitPattern != y.bitPattern { return false }
        }
        return true
    }

    private func roundTrip(_ t: Tensor, file: StaticString = #filePath, line: UInt = #line) {
        let text = show(t, .full)
        do {
            guard case .tensor(let back)? = try Session().evaluate(text) else {
                return XCTFail("\(text) did not read back as a tensor", file: file, line: line)
            }
            XCTAssertTrue(bitwiseEqual(t, back), "\(t.shape) \(t.scalars) printed as\n\(text)\nread back as \(back.shape) \(back.scalars)",
                          file: file, line: line)
        } catch {
            XCTFail("\(text)\ndoes not parse: \(error.message)", file: file, line: line)
        }
    }

    func testRoundTripOfSpecialCases() {
        roundTrip(Tensor(0))
        roundTrip(Tensor(-0.0))
        roundTrip(Tensor(.nan))
        roundTrip(Tensor(-.infinity))
        roundTrip(Tensor(.leastNonzeroMagnitude))
        roundTrip(Tensor(-Double.greatestFiniteMagnitude))
        roundTrip(Tensor(1e16))
        roundTrip(Tensor(Double(Int64(9_007_199_254_740_993))))
        roundTrip(Tensor(vector: []))
        roundTrip(Tensor(vector: [-0.0, 0.0, .leastNormalMagnitude / 3, .infinity]))
        roundTrip(Tensor(unchecked: [0, 3], []))
        roundTrip(Tensor(unchecked: [3, 0, 2], []))
        roundTrip(Tensor(unchecked: [1, 1, 1], [0.1]))
        roundTrip(Tensor(unchecked: [2, 3], [1, -2.5, 1e300, -1e-300, .nan, 0.30000000000000004]))
    }

    /// A random double from one of several families: bit patterns cover
    /// every exponent; the others are typical attention numbers.
    private func randomDouble(_ rng: inout SeededRandom) -> Double {
        switch rng.below(7) {
        case 0: return Double(bitPattern: rng.next())
        case 1: return Double(rng.below(2001) - 1000)
        case 2: return rng.uniform()
        case 3: return (rng.uniform() - 0.5) * pow(10, Double(rng.below(41) - 20))
        case 4: return [0.0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude][rng.below(7)]
        case 5: return Double(Int64(bitPattern: rng.next()) >> Int64(rng.below(64)))
        default: return 1.0 / Double(rng.below(1000) + 1)
        }
    }

    func testPrintedTextReadsBackAsTheSameTensor() {
        var rng = SeededRandom(seed: 20240607)
        for _ in 0..<400 {
            let rank = rng.below(5)
            var shape: [Int] = []
            for _ in 0..<rank { shape.append(rng.below(rank >= 3 ? 4 : 7)) }
            let count = shape.reduce(1, *)
            guard count <= Printer.summarizeThreshold else { continue }
            let scalars = (0..<count).map { _ in randomDouble(&rng) }
            roundTrip(Tensor(unchecked: shape, scalars))
        }
    }

    func testDefaultPrecisionTextParsesToo() throws {
        // Not exact, but always valid attn with the same shape.
        var rng = SeededRandom(seed: 7)
        for _ in 0..<100 {
            let shape = [rng.below(4) + 1, rng.below(4) + 1]
            let t = Tensor(unchecked: shape, (0..<shape.reduce(1, *)).map { _ in randomDouble(&rng) })
            let text = show(t)
            let back = try Session().evaluate(text)?.tensor
            XCTAssertEqual(back?.shape, shape, text)
        }
    }

    func testSummarizedTextIsNotALiteral() {
        // What cannot be pasted back must not silently parse as something else.
        let text = show(Tensor(vector: (0..<2000).map(Double.init)))
        XCTAssertThrowsError(try Session().evaluate(text))
    }
}

extension SeededRandom {
    /// A whole number in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
