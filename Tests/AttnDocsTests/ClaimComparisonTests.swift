import AttnCore
import AttnDocs
import XCTest

/// Expected verdicts and rewritten texts are worked out by hand from the
/// tolerance rules, not copied from the implementation's output.
final class ClaimComparisonTests: XCTestCase {
    // MARK: - Helpers

    private func verdict(_ claim: String, _ actual: Tensor,
                         file: StaticString = #filePath, line: UInt = #line) -> ClaimVerdict? {
        do {
            return ClaimComparison.compare(try ClaimParser.parse(claim), actual: actual)
        } catch {
            XCTFail("\(claim.debugDescription) did not parse: \(error)", file: file, line: line)
            return nil
        }
    }

    private func assertHolds(_ claim: String, _ actual: Double, file: StaticString = #filePath, line: UInt = #line) {
        let result = verdict(claim, Tensor(actual), file: file, line: line)
        XCTAssertEqual(result?.holds, true, "\(claim) vs \(actual): \(result.map(\.description) ?? "")",
                       file: file, line: line)
    }

    private func assertFails(_ claim: String, _ actual: Double, file: StaticString = #filePath, line: UInt = #line) {
        let result = verdict(claim, Tensor(actual), file: file, line: line)
        XCTAssertEqual(result?.holds, false, "\(claim) vs \(actual) should fail", file: file, line: line)
    }

    private func matrix(_ rows: [[Double]]) throws -> Tensor {
        try Tensor(shape: [rows.count, rows.first?.count ?? 0], scalars: rows.flatMap { $0 })
    }

    private func number(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ExpectedNumber {
        guard let number = ExpectedNumber(text: text) else {
            XCTFail("\(text) is not a number", file: file, line: line)
            return ExpectedNumber(value: .nan, text: text, tolerance: 0)
        }
        return number
    }

    private func assertRewrite(_ claim: String, _ actual: Tensor, _ expected: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        do {
            let (parsed, style) = try ClaimParser.parseStyled(claim)
            let rewritten = ClaimWriter.rewrite(actual, like: parsed, style: style)
            XCTAssertEqual(rewritten, expected, file: file, line: line)
            // The rewrite is itself a claim, and it holds for the value it was written from.
            let verdict = ClaimComparison.compare(try ClaimParser.parse(rewritten), actual: actual)
            XCTAssertTrue(verdict.holds, "rewrite \(rewritten.debugDescription): \(verdict)", file: file, line: line)
        } catch {
            XCTFail("\(claim.debugDescription): \(error)", file: file, line: line)
        }
    }

    // MARK: - Tolerance edges

    func testDecimalPlacesSetTheTolerance() {
        assertHolds("0.7311", 0.73105857863)
        assertFails("0.731", 0.7325)
        assertHolds("0.5", 0.54)
        assertFails("0.5", 0.56)
        assertHolds("-0.5", -0.54)
        assertFails("-0.5", -0.44)
    }

    func testIntegersAreExact() {
        assertFails("1", 1.0000001)
        assertHolds("1", 1)
        assertFails("1.", 0.9999999)
        assertHolds("-0.", 0)
        assertHolds("true", 1)
        assertFails("np.True_", 0)
    }

    func testExponentNotation() {
        assertHolds("1.50e-3", 0.001504)
        assertFails("1.50e-3", 0.001506)
        assertHolds("1.00000000e+00", 1.000000004)
        assertFails("1.00000000e+00", 1.000000006)
        assertHolds("1e-9", 1.4e-9)
        assertFails("1e-9", 1.6e-9)
    }

    func testBinaryRoundingDoesNotBreakTrueClaims() {
        // 0.125 lies exactly half a unit from 0.12 and from 0.13; neither decimal
        // is exact in binary, and the slack keeps both claims true.
        assertHolds("0.12", 0.125)
        assertHolds("0.13", 0.125)
        assertHolds("0.7311", 0.73115)
        assertHolds("0.7311", 0.73105)
        assertFails("0.7311", 0.73116)
    }

    func testSpecialValuesMatchOnlyThemselves() {
        assertHolds("nan", .nan)
        assertFails("nan", 1)
        assertFails("1", .nan)
        assertHolds("inf", .infinity)
        assertFails("inf", 1e308)
        assertFails("inf", -.infinity)
        assertHolds("-inf", -.infinity)
        assertFails("1e308", .infinity)
    }

    // MARK: - Shapes

    func testShapeMismatchReportsBothShapes() throws {
        let actual = try Tensor(shape: [3], scalars: [1, 2, 3])
        let result = verdict("[[1, 2, 3],\n [4, 5, 6]]", actual)
        XCTAssertEqual(result?.failure, .shapeMismatch(claimed: [2, 3], actual: [3]))
        XCTAssertEqual(result?.description,
                       "shape mismatch: the claim has shape [2, 3], the value has shape [3]")
    }

    func testScalarClaimsMatchOnlyRankZero() throws {
        XCTAssertEqual(verdict("1.5", Tensor(vector: [1.5]))?.failure, .shapeMismatch(claimed: [], actual: [1]))
        XCTAssertEqual(verdict("[1.5]", Tensor(1.5))?.failure, .shapeMismatch(claimed: [1], actual: []))
        XCTAssertEqual(verdict("[[1.5]]", Tensor(vector: [1.5]))?.failure, .shapeMismatch(claimed: [1, 1], actual: [1]))
        XCTAssertEqual(verdict("tensor(1.5000)", Tensor(1.5))?.holds, true)
    }

    // MARK: - Reporting the worst element

    func testWorstElementOfTwoByTwo() throws {
        // [0, 1] misses by 0.08 (allowed 0.05); [1, 0] misses by 0.15 (allowed 0.005): the worst.
        let actual = try matrix([[0.5, 0.58], [0.1, 0.75]])
        guard let result = verdict("[[0.5, 0.5],\n [0.25, 0.75]]", actual),
              case .valueMismatch(let worst)? = result.failure else {
            return XCTFail("expected a value mismatch")
        }
        XCTAssertEqual(worst.index, [1, 0])
        XCTAssertEqual(worst.claimed.text, "0.25")
        XCTAssertEqual(worst.claimed.value, 0.25)
        XCTAssertEqual(worst.actual, 0.1)
        XCTAssertEqual(worst.absoluteError, 0.15, accuracy: 1e-12)
        XCTAssertEqual(worst.relativeError, 0.6, accuracy: 1e-12)
        XCTAssertEqual(worst.failures, 2)
        XCTAssertEqual(worst.count, 4)
        XCTAssertEqual(result.description,
                       "value mismatch at [1, 0]: claimed 0.25, actual 0.1 "
                           + "(abs error 0.15, rel error 0.6, allowed 0.005); 2 of 4 elements differ")
    }

    func testRelativeErrorAgainstZeroIsInfinite() throws {
        guard case .valueMismatch(let worst)? = verdict("[0, 1]", Tensor(vector: [0.5, 1]))?.failure else {
            return XCTFail("expected a value mismatch")
        }
        XCTAssertEqual(worst.index, [0])
        XCTAssertEqual(worst.absoluteError, 0.5)
        XCTAssertEqual(worst.relativeError, .infinity)
    }

    func testScalarMismatchHasNoIndex() {
        let result = verdict("1", Tensor(1.0000001))
        guard case .valueMismatch(let worst)? = result?.failure else { return XCTFail("expected a value mismatch") }
        XCTAssertEqual(worst.index, [])
        XCTAssertEqual(result?.description.hasPrefix("value mismatch: claimed 1, actual 1.0000001 (abs error 1e-7"),
                       true, result?.description ?? "")
        XCTAssertEqual(result?.description.contains("exact claim"), true)
    }

    func testNonFiniteMismatchesAreInfinitelyWrong() {
        guard case .valueMismatch(let worst)? = verdict("inf", Tensor(1e308))?.failure else {
            return XCTFail("expected a value mismatch")
        }
        XCTAssertEqual(worst.absoluteError, .infinity)
        XCTAssertEqual(worst.relativeError, .infinity)
    }

    func testErrorAndTextClaimsDoNotHoldForValues() {
        let error = ClaimComparison.compare(.error("shape"), actual: Tensor(1))
        XCTAssertEqual(error.failure, .expectedError("shape"))
        XCTAssertTrue(error.description.contains("'shape'"))
        XCTAssertEqual(ClaimComparison.compare(.text("hi"), actual: Tensor(1)).failure, .expectedText("hi"))
    }

    // MARK: - Rewriting a whole claim in its style
    //
    // The rule (ClaimWriter.rewrite): P = max(6, the most significant digits
    // any number of the claim has); every non-integer gets exactly P
    // significant digits, trailing zeros kept; integers stay exact.

    func testRewriteShowsSixDigitsPerTensorNotTheOldDigitsPerElement() {
        // The case: softmax([1, 3]) is [e/(e+e^3), e^3/(e+e^3)] =
        // [0.11920292202, 0.88079707798]; the old rewrite wrote [0.1, 0.9].
        let e1 = exp(1.0), e3 = exp(3.0)
        assertRewrite("[0.5, 0.5]", Tensor(vector: [e1 / (e1 + e3), e3 / (e1 + e3)]), "[0.119203, 0.880797]")
        assertRewrite("[0.5, 0.5]", Tensor(vector: [0.26, 0.74]), "[0.260000, 0.740000]")
        // More digits written than six: all of them, for every element.
        assertRewrite("[0.11920292, 0.9]", Tensor(vector: [0.5, 0.25]), "[0.50000000, 0.25000000]")
        assertRewrite("0.5000", Tensor(1.0 / 3), "0.333333")
    }

    func testRewriteKeepsIntegersExactAndNonIntegersUnlikeIntegers() throws {
        assertRewrite("[[1, 2],\n [3, 4]]", try matrix([[1, 2], [3, 5]]), "[[1, 2],\n [3, 5]]")
        assertRewrite("1", Tensor(2), "2")
        assertRewrite("2", Tensor(2.5), "2.50000")
        // 123456.7 at six digits is 123457, which would claim an exact integer.
        assertRewrite("123457", Tensor(123456.7), "123456.7")
        assertRewrite("[0.5, 0.5]", Tensor(vector: [1, 0.5]), "[1, 0.500000]")
    }

    func testRewriteKeepsENotationAndItsSpelling() {
        assertRewrite("1.50e-3", Tensor(0.0012345), "1.23450e-3")
        assertRewrite("1.5E+2", Tensor(123), "1.23000E+2")
        assertRewrite("[1.00000000e+00, 5.00000000e-01]", Tensor(vector: [1, 0.0012345]),
                      "[1.00000000e+00, 1.23450000e-03]")
    }

    func testRewriteSpecialValuesAndBooleans() {
        assertRewrite("[0.5, 0.5]", Tensor(vector: [.nan, -.infinity]), "[nan, -inf]")
        assertRewrite("[True, False]", Tensor(vector: [0, 1]), "[False, True]")
        assertRewrite("np.True_", Tensor(0), "np.False_")
        assertRewrite("[true, true]", Tensor(vector: [1, 0.5]), "[1, 0.500000]")
    }

    func testRewriteEmptyTensors() {
        assertRewrite("[1, 2]", Tensor(unchecked: [0, 3], []), "zeros([0, 3])")
        assertRewrite("[1, 2]", Tensor(vector: []), "[]")
        // numpy states the dtype of an empty array, even float64's; PyTorch
        // states every dtype but its default float32 (and int64 and bool).
        assertRewrite("array([1., 2.])", Tensor(unchecked: [0, 3], []), "array([], shape=(0, 3), dtype=float64)")
        assertRewrite("tensor([1., 2.])", Tensor(unchecked: [2, 0], []), "tensor([], size=(2, 0), dtype=torch.float64)")
        assertRewrite("tensor([1., 2.])", Tensor(unchecked: [2, 0], storage: .float32([])), "tensor([], size=(2, 0))")
        assertRewrite("[1, 2]", Tensor(unchecked: [0, 3], storage: .int32([])), "i32(zeros([0, 3]))")
    }

    func testRewriteAttnStyle() throws {
        assertRewrite("[[ 0.5, 0.25],\n [   1,    2]]", try matrix([[0.5, 0.25], [1, 2]]),
                      "[[0.500000, 0.250000],\n [       1,        2]]")
    }

    func testRewriteNumpyStyles() throws {
        assertRewrite("[[1. 2.]\n [3. 4.]]", try matrix([[1, 2], [3, 5]]), "[[1. 2.]\n [3. 5.]]")
        assertRewrite("[[ 1. -2.]\n [ 3.  4.]]", try matrix([[1, -2], [3, 5]]), "[[ 1. -2.]\n [ 3.  5.]]")
        assertRewrite("array([[1, 2],\n       [3, 4]])", try matrix([[1, 2], [3, 5]]),
                      "array([[1, 2],\n       [3, 5]])")
        assertRewrite("array([1., 2.], dtype=float32)", Tensor(unchecked: [2], storage: .float32([1, 3])),
                      "array([1., 3.], dtype=float32)")
        assertRewrite("np.float64(1.5)", Tensor(2.26), "np.float64(2.26000)")
        // numpy prints an integral float of a float array with a bare point.
        assertRewrite("array([[1.5, 2.5]])", try matrix([[2, 3]]), "array([[2., 3.]])")
        assertRewrite("[0.5 0.5]", Tensor(vector: [1, 0.25]), "[1. 0.250000]")
        assertRewrite("[0.09 0.25 0.66]", Tensor(vector: [0.09003057, 0.24472847, 0.66524096]),
                      "[0.0900306 0.244728 0.665241]")
    }

    func testRewritePyTorchStyles() throws {
        assertRewrite("tensor([0.5000, 0.5000], dtype=torch.float64)", Tensor(vector: [0.25, 0.75]),
                      "tensor([0.250000, 0.750000], dtype=torch.float64)")
        // float32 is PyTorch's default dtype, which its repr leaves out.
        assertRewrite("tensor([[ 0.1000, -0.2000],\n        [ 0.3000,  0.4000]])",
                      try matrix([[0.1, -0.2], [0.3, 0.45]]).converted(to: .float32),
                      "tensor([[ 0.100000, -0.200000],\n        [ 0.300000,  0.450000]])")
        assertRewrite("tensor(1.5000)", try Tensor(1.25).converted(to: .float32), "tensor(1.25000)")
        assertRewrite("tensor([0.5000, 0.5000])", try Tensor(vector: [1, 0]).converted(to: .float32), "tensor([1., 0.])")
        // A value of another dtype says so, as PyTorch would.
        assertRewrite("tensor(1.5000)", Tensor(1.25), "tensor(1.25000, dtype=torch.float64)")
        assertRewrite("tensor([0.5000, 0.5000], dtype=torch.float64)", try Tensor(vector: [0.25, 0.75]).converted(to: .float32),
                      "tensor([0.250000, 0.750000])")
        assertRewrite("tensor([1, 2])", Tensor(unchecked: [2], storage: .int32([1, 3])), "tensor([1, 3], dtype=torch.int32)")
    }

    func testRewritesStateTheValuesDtype() throws {
        let f32 = { (values: [Double]) throws -> Tensor in try Tensor(vector: values).converted(to: .float32) }
        // attn's form: the cast the printer writes, nothing for float64.
        assertRewrite("[0.5, 0.5]", try f32([0.25, 0.75]), "f32([0.250000, 0.750000])")
        assertRewrite("f32([0.5, 0.5])", Tensor(vector: [0.25, 0.75]), "[0.250000, 0.750000]")
        assertRewrite("f32(0.5)", try f32([1.0 / 3]).reshape([]), "f32(0.333333)")
        assertRewrite("[1, 2]", Tensor(unchecked: [2], storage: .int64([1, Int64.max])), "i64([1, 9223372036854775807])")
        assertRewrite("[1, 0]", Tensor(unchecked: [2], storage: .bool([false, true])), "bool([false, true])")
        assertRewrite("[[ 1,  0],\n [ 0, 0.5]]", try matrix([[0.25, 1], [2, 0.125]]).converted(to: .float32),
                      "f32([[0.250000,        1],\n     [       2, 0.125000]])")
        // numpy's repr: dtype= unless numpy implies it (float64, int64, bool).
        assertRewrite("array([0.5, 0.5])", try f32([0.25, 0.75]), "array([0.250000, 0.750000], dtype=float32)")
        assertRewrite("array([0.5, 0.5], dtype=float32)", Tensor(vector: [0.25, 0.75]), "array([0.250000, 0.750000])")
        assertRewrite("array([1, 2], dtype=int64)", Tensor(unchecked: [2], storage: .int32([1, 3])), "array([1, 3], dtype=int32)")
        assertRewrite("array([1., 2.], dtype=float32)", Tensor(unchecked: [2], storage: .int64([1, 3])), "array([1, 3])")
        assertRewrite("array([ True, False])", Tensor(unchecked: [2], storage: .bool([true, true])), "array([ True,  True])")
        assertRewrite("array([0.5, 0.5])", Tensor(unchecked: [2], storage: .bool([false, true])), "array([False,  True])")
        assertRewrite("[0.5 0.5]", try f32([1, 0.25]), "[1. 0.250000]")
        // A dtype= that no longer fits the value's last line goes on a line of its own, as numpy puts it.
        let wide = try f32((0..<8).map { Double($0) + 0.5 })
        assertRewrite("array([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])", wide,
                      "array([0.500000, 1.50000, 2.50000, 3.50000, 4.50000, 5.50000, 6.50000, 7.50000],\n      dtype=float32)")
        // numpy's scalar types.
        assertRewrite("np.float64(1.5)", try f32([2.25]).reshape([]), "np.float32(2.25000)")
        assertRewrite("numpy.float32(1.5)", Tensor(unchecked: [], storage: .int64([7])), "numpy.int64(7)")
    }

    func testClaimsStatingADtypeHoldOnlyForIt() throws {
        func verdict(_ claim: String, _ actual: Tensor) throws -> ClaimVerdict {
            ClaimComparison.compare(try ClaimParser.parse(claim), actual: actual)
        }
        let f32 = try Tensor(vector: [0.1, 0.2]).converted(to: .float32)
        let f64 = Tensor(vector: [0.1, 0.2])
        for claim in ["f32([0.1, 0.2])", "array([0.1, 0.2], dtype=float32)", "tensor([0.1000, 0.2000])",
                      "tensor([0.1, 0.2], dtype=torch.float)", "[0.1, 0.2]", "[0.1 0.2]"] {
            XCTAssertTrue(try verdict(claim, f32).holds, claim)
        }
        for claim in ["[0.1, 0.2]", "array([0.1, 0.2])", "tensor([0.1, 0.2], dtype=torch.float64)"] {
            XCTAssertTrue(try verdict(claim, f64).holds, claim)
        }
        XCTAssertEqual(try verdict("f32([0.1, 0.2])", f64).description,
                       "dtype mismatch: the claim says float32, the value is float64")
        XCTAssertEqual(try verdict("array([0.1, 0.2], dtype=float32)", f64).failure,
                       .dtypeMismatch(claimed: "float32", actual: .float64))
        XCTAssertEqual(try verdict("array([1, 2], dtype=int8)", Tensor(unchecked: [2], storage: .int64([1, 2]))).failure,
                       .dtypeMismatch(claimed: "int8", actual: .int64))
        XCTAssertEqual(try verdict("np.float32(0.1)", Tensor(0.1)).failure, .dtypeMismatch(claimed: "float32", actual: .float64))
        XCTAssertTrue(try verdict("np.float32(0.1)", try Tensor(0.1).converted(to: .float32)).holds)
        XCTAssertTrue(try verdict("bool([true, false])", Tensor(unchecked: [2], storage: .bool([true, false]))).holds)
        XCTAssertFalse(try verdict("bool([true, true])", Tensor(unchecked: [2], storage: .bool([true, false]))).holds)
    }

    func testFloat32ValuesAreComparedAsTheyAre() throws {
        // float32(0.1) is 0.100000001490116...: a claim as precise as float64's 0.1 misses it.
        let value = try Tensor(0.1).converted(to: .float32)
        XCTAssertTrue(ClaimComparison.compare(try ClaimParser.parse("0.1"), actual: value).holds)
        XCTAssertTrue(ClaimComparison.compare(try ClaimParser.parse("0.100000001"), actual: value).holds)
        let verdict = ClaimComparison.compare(try ClaimParser.parse("0.1000000000000000"), actual: value)
        XCTAssertFalse(verdict.holds)
        // The mismatch shows the value as float32 writes it, not float64's 0.10000000149011612.
        XCTAssertTrue(verdict.description.contains("actual 0.1 "), verdict.description)
    }

    func testIntegersBeyondTwoToThe53AreComparedByTheirDigits() throws {
        let big = Tensor(unchecked: [2], storage: .int64([(1 << 53) + 1, Int64.min]))
        XCTAssertTrue(ClaimComparison.compare(try ClaimParser.parse("[9007199254740993, -9223372036854775808]"), actual: big).holds)
        let verdict = ClaimComparison.compare(try ClaimParser.parse("i64([9007199254740992, -9223372036854775808])"), actual: big)
        XCTAssertFalse(verdict.holds, "2^53 and 2^53 + 1 are the same float64, but not the same int64")
        XCTAssertTrue(verdict.description.contains("actual 9007199254740993"), verdict.description)
        XCTAssertTrue(ClaimComparison.compare(try ClaimParser.parse("[9.007e15, -9.2e18]"), actual: big).holds,
                      "an integer written with an exponent compares at its precision")
    }

    func testRewritePythonTuples() {
        assertRewrite("(0.5,)", Tensor(vector: [0.26]), "(0.260000,)")
        assertRewrite("(1, 2)", Tensor(vector: [1, 3]), "(1, 3)")
    }

    func testRewriteWhenTheShapeChanged() throws {
        assertRewrite("[0.5, 0.50]", try matrix([[0.1, 0.2], [0.3, 0.4]]),
                      "[[0.100000, 0.200000],\n [0.300000, 0.400000]]")
        assertRewrite("[0 1 2]", Tensor(vector: [4, 5]), "[4 5]")
        assertRewrite("[[1, 2], [3, 4]]", try matrix([[1, 2], [3, 5]]), "[[1, 2], [3, 5]]")
    }

    func testRewriteWrapsRowsWhenTheClaimDid() {
        // A numpy row wrapped at 75 columns; the rewrite wraps at 75 too, with
        // the continuation under the first element (numpy's hanging indent).
        let claim = "[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n 18. 19.]"
        let actual = Tensor(vector: (0..<20).map { Double($0) + 0.5 })
        let cells = (0..<20).map { String(format: "%#.6g", Double($0) + 0.5) }
        let width = cells.map(\.count).max() ?? 0
        let padded = cells.map { String(repeating: " ", count: width - $0.count) + $0 }
        // Each cell is 8 wide and a line ends by column 74 (75 less the
        // closing bracket): "[" and k cells with blanks between end at 9k,
        // so 8 cells fit on a line and the ninth starts the next (numpy's
        // array2string with this formatter breaks there too).
        var lines: [String] = []
        for start in stride(from: 0, to: 20, by: 8) {
            lines.append(padded[start..<min(20, start + 8)].joined(separator: " "))
        }
        assertRewrite(claim, actual, "[" + lines.joined(separator: "\n ") + "]")
    }

    /// Fixtures/claim_layout.json, written by scripts/claim_layout.py: numpy's
    /// own `str` and `repr` of arrays, with elements written as `attn fix`
    /// writes a numpy float claim's numbers. Rewriting numpy's text with the
    /// array it was printed from must give numpy's text back: the same
    /// separators, alignment, indents, blank lines, rows wrapped at 75
    /// columns where numpy wraps them, and `dtype=` where numpy put it.
    func testRewritesLayNumpyClaimsOutAsNumpyDoes() throws {
        struct Case: Decodable { let name: String; let shape: [Int]; let dtype: String; let values: [Double]; let text: String }
        let data = try Data(contentsOf: Docs.fixtures.appendingPathComponent("claim_layout.json"))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let cases = try decoder.decode([Case].self, from: data)
        XCTAssertGreaterThanOrEqual(cases.count, 20)
        for c in cases {
            let dtype = try XCTUnwrap(DType(rawValue: c.dtype), c.name)
            assertRewrite(c.text, try Tensor(shape: c.shape, scalars: c.values).converted(to: dtype), c.text)
        }
    }
}
