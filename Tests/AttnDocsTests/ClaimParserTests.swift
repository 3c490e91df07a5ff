import AttnCore
import AttnDocs
import XCTest

/// Every expected shape, value and tolerance below is written by hand from the
/// rules: k decimals → ½·10^-k, integers and bare points → 0, e-notation → ½·10^(e−k).
final class ClaimParserTests: XCTestCase {
    // MARK: - Helpers

    private func assertClaim(
        _ text: String, shape: [Int], values: [Double], tolerances: [Double],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let claim = try ClaimParser.parse(text)
            guard case .value(let gotShape, let numbers, _) = claim else {
                return XCTFail("\(text.debugDescription) parsed as \(claim), not a value", file: file, line: line)
            }
            XCTAssertEqual(gotShape, shape, "shape of \(text.debugDescription)", file: file, line: line)
            XCTAssertEqual(numbers.count, values.count, "count of \(text.debugDescription)", file: file, line: line)
            for (i, (number, value)) in zip(numbers, values).enumerated() {
                let same = number.value == value || (number.value.isNaN && value.isNaN)
                XCTAssertTrue(same, "element \(i) of \(text.debugDescription): \(number.value) ≠ \(value)",
                              file: file, line: line)
            }
            XCTAssertEqual(numbers.map(\.tolerance), tolerances, "tolerances of \(text.debugDescription)",
                           file: file, line: line)
        } catch {
            XCTFail("\(text.debugDescription) did not parse: \(error)", file: file, line: line)
        }
    }

    private func assertRejects(
        _ text: String, offset: Int, mentioning fragments: [String],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let claim = try ClaimParser.parse(text)
            XCTFail("\(text.debugDescription) parsed as \(claim) but should be rejected", file: file, line: line)
        } catch {
            XCTAssertEqual(error.offset, offset, "offset for \(text.debugDescription): \(error.message)",
                           file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(error.message.contains(fragment),
                              "message for \(text.debugDescription) lacks '\(fragment)': \(error.message)",
                              file: file, line: line)
            }
        }
    }

    // MARK: - attn's own form

    func testAttnScalars() {
        assertClaim("1", shape: [], values: [1], tolerances: [0])
        assertClaim("-0.5", shape: [], values: [-0.5], tolerances: [0.05])
        assertClaim(".5", shape: [], values: [0.5], tolerances: [0.05])
        assertClaim("1e-9", shape: [], values: [1e-9], tolerances: [5e-10])
        assertClaim("inf", shape: [], values: [.infinity], tolerances: [0])
        assertClaim("-inf", shape: [], values: [-.infinity], tolerances: [0])
        assertClaim("nan", shape: [], values: [.nan], tolerances: [0])
        assertClaim("true", shape: [], values: [1], tolerances: [0])
        assertClaim("false", shape: [], values: [0], tolerances: [0])
        assertClaim("  0.7311  \n", shape: [], values: [0.7311], tolerances: [0.00005])
    }

    func testAttnArrays() {
        assertClaim("[0.5, 0.5]", shape: [2], values: [0.5, 0.5], tolerances: [0.05, 0.05])
        assertClaim("[[1, 2],\n [3, 4]]", shape: [2, 2], values: [1, 2, 3, 4], tolerances: [0, 0, 0, 0])
        assertClaim("[\n  0.25,\n  -inf\n]", shape: [2], values: [0.25, -.infinity], tolerances: [0.005, 0])
        assertClaim("[true, false]", shape: [2], values: [1, 0], tolerances: [0, 0])
        assertClaim("[]", shape: [0], values: [], tolerances: [])
        assertClaim("[[], []]", shape: [2, 0], values: [], tolerances: [])
        assertClaim("[1, 2,]", shape: [2], values: [1, 2], tolerances: [0, 0])
    }

    // MARK: - numpy

    func testNumpyStr() {
        assertClaim("[0.5 0.5]", shape: [2], values: [0.5, 0.5], tolerances: [0.05, 0.05])
        assertClaim("[[1 2]\n [3 4]]", shape: [2, 2], values: [1, 2, 3, 4], tolerances: [0, 0, 0, 0])
        assertClaim("[[1. 2.]\n [3. 4.]]", shape: [2, 2], values: [1, 2, 3, 4], tolerances: [0, 0, 0, 0])
        assertClaim("[[ 1. -2.]\n [ 3.  4.]]", shape: [2, 2], values: [1, -2, 3, 4], tolerances: [0, 0, 0, 0])
        assertClaim("[[[1 2]\n  [3 4]]\n\n [[5 6]\n  [7 8]]]", shape: [2, 2, 2],
                    values: [1, 2, 3, 4, 5, 6, 7, 8], tolerances: [0, 0, 0, 0, 0, 0, 0, 0])
        assertClaim("[ True False]", shape: [2], values: [1, 0], tolerances: [0, 0])
        assertClaim("[1.00000000e+00 2.50000000e-01]", shape: [2], values: [1, 0.25], tolerances: [5e-9, 5e-10])
    }

    func testNumpyRepr() {
        assertClaim("array([0.5, 0.5])", shape: [2], values: [0.5, 0.5], tolerances: [0.05, 0.05])
        assertClaim("array([[1, 2],\n       [3, 4]])", shape: [2, 2], values: [1, 2, 3, 4], tolerances: [0, 0, 0, 0])
        assertClaim("array([1., 2.], dtype=float32)", shape: [2], values: [1, 2], tolerances: [0, 0])
        assertClaim("array([0.09003057, 0.24472847, 0.66524096])", shape: [3],
                    values: [0.09003057, 0.24472847, 0.66524096], tolerances: [5e-9, 5e-9, 5e-9])
    }

    func testNumpyScalars() {
        assertClaim("np.float64(1.5)", shape: [], values: [1.5], tolerances: [0.05])
        assertClaim("np.int64(3)", shape: [], values: [3], tolerances: [0])
        assertClaim("np.True_", shape: [], values: [1], tolerances: [0])
        assertClaim("np.False_", shape: [], values: [0], tolerances: [0])
        assertClaim("1.00000000e+00", shape: [], values: [1], tolerances: [5e-9])
        assertClaim("1.50e-3", shape: [], values: [0.0015], tolerances: [5e-6])
        assertClaim("np.float64(nan)", shape: [], values: [.nan], tolerances: [0])
        assertClaim("[np.float64(0.5), np.float64(0.25)]", shape: [2], values: [0.5, 0.25], tolerances: [0.05, 0.005])
    }

    func testNegativeZeroKeepsItsSign() throws {
        guard case .value(let shape, let numbers, _) = try ClaimParser.parse("-0.") else {
            return XCTFail("-0. is a value claim")
        }
        XCTAssertEqual(shape, [])
        XCTAssertEqual(numbers.first?.value.sign, .minus)
        XCTAssertEqual(numbers.first?.value, 0)
        XCTAssertEqual(numbers.first?.tolerance, 0)
        XCTAssertEqual(numbers.first?.text, "-0.")
    }

    // MARK: - PyTorch

    func testPyTorch() {
        assertClaim("tensor([0.5000, 0.5000])", shape: [2], values: [0.5, 0.5], tolerances: [0.00005, 0.00005])
        assertClaim("tensor([[0.1, 0.9]], dtype=torch.float64)", shape: [1, 2], values: [0.1, 0.9],
                    tolerances: [0.05, 0.05])
        assertClaim("tensor(1.5000)", shape: [], values: [1.5], tolerances: [0.00005])
        assertClaim("tensor([0.0900, 0.2447, 0.6652], grad_fn=<SoftmaxBackward0>)", shape: [3],
                    values: [0.09, 0.2447, 0.6652], tolerances: [0.00005, 0.00005, 0.00005])
        assertClaim("tensor([[ 0.1000, -0.2000],\n        [ 0.3000,  0.4000]], requires_grad=True)",
                    shape: [2, 2], values: [0.1, -0.2, 0.3, 0.4], tolerances: [0.00005, 0.00005, 0.00005, 0.00005])
        assertClaim("tensor([1.0000e-09, 1.0000e+00], device='cuda:0', dtype=torch.float64)", shape: [2],
                    values: [1e-9, 1], tolerances: [5e-14, 5e-5])
    }

    // MARK: - Python print

    func testPythonLists() {
        assertClaim("[0.5, 0.5]", shape: [2], values: [0.5, 0.5], tolerances: [0.05, 0.05])
        assertClaim("(0.5)", shape: [], values: [0.5], tolerances: [0.05])
        assertClaim("(1, 2)", shape: [2], values: [1, 2], tolerances: [0, 0])
        assertClaim("(0.5,)", shape: [1], values: [0.5], tolerances: [0.05])
        assertClaim("[True, False]", shape: [2], values: [1, 0], tolerances: [0, 0])
    }

    // MARK: - Error and text claims

    func testErrorClaims() throws {
        XCTAssertEqual(try ClaimParser.parse("error: shape"), .error("shape"))
        XCTAssertEqual(try ClaimParser.parse("  error:   cannot broadcast [2] with [3]  "),
                       .error("cannot broadcast [2] with [3]"))
    }

    func testTextOnlyThroughParseOrText() throws {
        XCTAssertEqual(try ClaimParser.parseOrText("hello, world"), .text("hello, world"))
        XCTAssertEqual(try ClaimParser.parseOrText("3 heads"), .text("3 heads"))
        XCTAssertEqual(try ClaimParser.parseOrText("(no output)"), .text("(no output)"))
        XCTAssertEqual(try ClaimParser.parseOrText("f(x) = 2"), .text("f(x) = 2"))
        XCTAssertEqual(try ClaimParser.parseOrText("[0.5, 0.5]"),
                       .value(shape: [2], numbers: [
                           ExpectedNumber(value: 0.5, text: "0.5", tolerance: 0.05),
                           ExpectedNumber(value: 0.5, text: "0.5", tolerance: 0.05),
                       ]))
        XCTAssertThrowsError(try ClaimParser.parse("hello, world"))
        // Text that opens like an array must parse: a typo is reported, not compared as text.
        XCTAssertThrowsError(try ClaimParser.parseOrText("[0.5, 0.5"))
        XCTAssertThrowsError(try ClaimParser.parseOrText("array([1, 2, ..., 9"))
    }

    // MARK: - Malformed claims

    func testUnbalancedBrackets() {
        assertRejects("[0.5, 0.5", offset: 0, mentioning: ["'['", "never closed"])
        assertRejects("[[1, 2], [3, 4]", offset: 0, mentioning: ["never closed"])
        assertRejects("[1, 2]]", offset: 6, mentioning: ["unmatched ']'"])
        assertRejects("[1, 2)", offset: 5, mentioning: ["')'", "'['"])
        assertRejects("tensor([1, 2]", offset: 6, mentioning: ["tensor(", "never closed"])
        assertRejects("]", offset: 0, mentioning: ["expected a number", "']'"])
        assertRejects("[0.5, ", offset: 0, mentioning: ["'['", "never closed"])
        assertRejects("[", offset: 0, mentioning: ["never closed"])
        assertRejects("(1, ", offset: 0, mentioning: ["'('", "never closed"])
        assertRejects("tensor(", offset: 6, mentioning: ["tensor(", "never closed"])
    }

    func testRaggedRowsNameTheRow() {
        assertRejects("[[1, 2], [3]]", offset: 9, mentioning: ["ragged", "row [1] has 1 element", "row [0] has 2"])
        assertRejects("[[1 2]\n [3 4]\n [5 6 7]]", offset: 15, mentioning: ["row [2] has 3 elements", "row [0] has 2"])
        assertRejects("[[[1, 2], [3, 4]], [[5, 6], [7]]]", offset: 28, mentioning: ["row [1, 1]", "row [1, 0]"])
        assertRejects("[1, [2]]", offset: 4, mentioning: ["element [1] is a list", "element [0] is a number"])
        assertRejects("[[[1, 2]], [[1, 2, 3]]]", offset: 12, mentioning: ["row [1, 0] has 3 elements", "row [0, 0] has 2"])
        assertRejects("[[1, 2], [[3], [4]]]", offset: 10, mentioning: ["element [1, 0] is a list", "element [0, 0] is a number"])
    }

    func testGarbage() {
        assertRejects("[0.5, abc]", offset: 6, mentioning: ["'abc'"])
        assertRejects("1.2.3", offset: 0, mentioning: ["malformed number '1.2.3'"])
        assertRejects("[1-2]", offset: 1, mentioning: ["malformed number '1-2'"])
        assertRejects("[1,,2]", offset: 3, mentioning: ["expected a number", "','"])
        assertRejects("[1, 2] extra", offset: 7, mentioning: ["'extra'"])
        assertRejects("[1, 2 # 3]", offset: 6, mentioning: ["'#'"])
        assertRejects("", offset: 0, mentioning: ["empty"])
        assertRejects("1e400", offset: 0, mentioning: ["'1e400'", "out of range"])
        assertRejects("array([1, 2], 3)", offset: 14, mentioning: ["keyword argument"])
        assertRejects("[1,2][3]", offset: 5, mentioning: ["after the end of the claim"])
    }

    func testEmptyTensorsInEveryDialect() {
        // What attn prints for empty shapes, numpy's repr and PyTorch's.
        assertClaim("[]", shape: [0], values: [], tolerances: [])
        assertClaim("zeros([0, 3])", shape: [0, 3], values: [], tolerances: [])
        assertClaim("zeros([2, 0, 4])", shape: [2, 0, 4], values: [], tolerances: [])
        assertClaim("array([], shape=(0, 3), dtype=float64)", shape: [0, 3], values: [], tolerances: [])
        assertClaim("array([], dtype=float64)", shape: [0], values: [], tolerances: [])
        assertClaim("tensor([], size=(2, 0))", shape: [2, 0], values: [], tolerances: [])
        // A shape with elements is not an abbreviation a claim may use.
        assertRejects("zeros([2, 3])", offset: 6, mentioning: ["no elements"])
        assertRejects("zeros([0.5])", offset: 7, mentioning: ["non-negative integers"])
    }

    func testNumbersReadAsTheLexerReadsThem() {
        assertClaim("1.e3", shape: [], values: [1000], tolerances: [500])
        assertClaim("1.50e-03", shape: [], values: [0.0015], tolerances: [5e-6])
        assertClaim("-0", shape: [], values: [-0.0], tolerances: [0])
        assertClaim("123456.7", shape: [], values: [123456.7], tolerances: [0.05])
        assertRejects("1e400", offset: 0, mentioning: ["out of range"])
        assertRejects("1.5.3", offset: 0, mentioning: ["malformed number"])
        assertRejects("2e", offset: 0, mentioning: ["malformed number"])
    }

    func testSummarizedArraysClaimTheElementsTheyShow() throws {
        func shown(_ text: String) throws -> ShownValue? {
            if case .summarized(let value, _) = try ClaimParser.parse(text) { return value }
            return nil
        }
        func n(_ x: Double) -> ShownValue { .number(ExpectedNumber(value: x, text: "\(Int(x))", tolerance: 0)) }
        XCTAssertEqual(try shown("[0 1 2 ... 7 8 9]"), .sequence(head: [n(0), n(1), n(2)], tail: [n(7), n(8), n(9)]))
        XCTAssertEqual(try shown("array([   0,    1,    2, ..., 9997, 9998, 9999])"),
                       .sequence(head: [n(0), n(1), n(2)], tail: [n(9997), n(9998), n(9999)]))
        XCTAssertEqual(try shown("[[0 1]\n ...\n [8 9]]"),
                       .sequence(head: [.sequence(head: [n(0), n(1)], tail: nil)], tail: [.sequence(head: [n(8), n(9)], tail: nil)]))
        if case .summarized(_, let dtype) = try ClaimParser.parse("tensor([0., 1.,  ..., 8., 9.], dtype=torch.float64)") {
            XCTAssertEqual(dtype, "float64")
        } else {
            XCTFail("not summarized")
        }
        // `...` alone is no value.
        assertRejects("...", offset: 0, mentioning: ["'...' alone"])
    }

    func testASummarizedClaimHoldsForTheValuesItShows() throws {
        let value = Tensor(vector: (0..<10).map(Double.init))
        XCTAssertTrue(ClaimComparison.compare(try ClaimParser.parse("[0 1 2 ... 7 8 9]"), actual: value).holds)
        XCTAssertFalse(ClaimComparison.compare(try ClaimParser.parse("[0 1 2 ... 7 8 8]"), actual: value).holds)
        // An axis too short to leave anything out does not match a `...`.
        XCTAssertFalse(ClaimComparison.compare(try ClaimParser.parse("[0 1 2 3 4 ... 5 6 7 8 9]"), actual: value).holds)
    }

    func testDeepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 10_000) + "1" + String(repeating: "]", count: 10_000)
        XCTAssertThrowsError(try ClaimParser.parse(text)) { error in
            XCTAssertTrue("\(error)".contains("nested too deeply"), "\(error)")
        }
    }

    // MARK: - Style

    func testStyleDetection() throws {
        let numpy = try ClaimParser.parseStyled("[[ 1. -2.]\n [ 3.  4.]]").style
        XCTAssertEqual(numpy, ClaimStyle(prefix: "", suffix: "", commas: false, multiline: true, aligned: true))

        let attn = try ClaimParser.parseStyled("[[1, 2],\n [3, 4]]").style
        XCTAssertEqual(attn, .attn)

        let repr = try ClaimParser.parseStyled("array([1., 2.], dtype=float32)").style
        XCTAssertEqual(repr, ClaimStyle(prefix: "array(", suffix: ", dtype=float32)", commas: true,
                                        multiline: true, aligned: false, dtypeArgument: 0..<15))

        let printed = try ClaimParser.parseStyled("[[1, 2], [3, 4]]").style
        XCTAssertFalse(printed.multiline)
        XCTAssertTrue(try ClaimParser.parseStyled("[[[1, 2]]]").style.multiline, "one row shows no choice")

        let torch = try ClaimParser.parseStyled("tensor(1.5000)").style
        XCTAssertEqual(torch.prefix, "tensor(")
        XCTAssertEqual(torch.suffix, ")")

        let tuple = try ClaimParser.parseStyled("(1, 2)").style
        XCTAssertTrue(tuple.tuples)
        XCTAssertEqual(tuple.prefix, "")

        // A row broken between two numbers is wrapped; rows on lines of their own are not.
        XCTAssertTrue(try ClaimParser.parseStyled("[0 1 2\n 3 4]").style.wrapped)
        XCTAssertTrue(try ClaimParser.parseStyled("array([0.5, 0.5,\n       0.5])").style.wrapped)
        XCTAssertFalse(try ClaimParser.parseStyled("[[1, 2],\n [3, 4]]").style.wrapped)
    }
}
