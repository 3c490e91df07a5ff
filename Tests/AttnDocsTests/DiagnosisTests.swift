import AttnDocs
import XCTest

/// Diagnosis on planted mistakes. Each planted claim is the value numpy gives
/// for the mistaken computation (softmax written out by hand, scores as
/// Q @ K.T / sqrt(d)), so the slip is checked against an independent
/// reference, not against attn.
final class DiagnosisTests: XCTestCase {
    private let setup = """
    let Q = [[1, 0], [0, 1], [1, 1]]
    let K = [[1, 1], [1, -1]]
    let X = [[1, 0, 1, 0], [0, 1, 0, 1], [1, 1, 0, 0]]

    """

    /// The diagnoses of the one failing claim in `setup + body`.
    private func diagnoses(_ body: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        let report = Docs.check(setup + body)
        XCTAssertEqual(report.failed, 1, "expected one failure:\n" + report.failures.map(\.report).joined(separator: "\n"),
                       file: file, line: line)
        return report.failures.first?.diagnoses ?? []
    }

    private func assertDiagnosis(_ body: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        let found = diagnoses(body, file: file, line: line)
        XCTAssertTrue(found.contains("claim matches if " + expected), "\(found)", file: file, line: line)
    }

    func testUnscaledScores() {
        // numpy: softmax(Q @ K.T)
        assertDiagnosis("weights(Q, K)  # => [[0.5, 0.5], [0.880797, 0.119203], [0.880797, 0.119203]]\n",
                        "the scores are not scaled by 1/sqrt(d) (scale: 1)")
    }

    func testScaledByD() {
        // numpy: softmax(Q @ K.T / 2)
        assertDiagnosis("weights(Q, K)  # => [[0.5, 0.5], [0.731059, 0.268941], [0.731059, 0.268941]]\n",
                        "the scores are scaled by 1/d instead of 1/sqrt(d) (scale: 1/d)")
    }

    func testSoftmaxOverTheOtherAxis() {
        // numpy: softmax(Q @ K.T / sqrt(2), axis=0)
        assertDiagnosis("weights(Q, K)  # => [[0.248255, 0.575975], [0.248255, 0.140029], [0.50349, 0.283995]]\n",
                        "the softmax is taken over the other axis")
        // numpy: softmax([[1, 2], [3, 4]], axis=0)
        assertDiagnosis("softmax([[1, 2], [3, 4]])  # => [[0.119203, 0.119203], [0.880797, 0.880797]]\n",
                        "the softmax is taken over the other axis")
    }

    func testKInsteadOfKTransposed() {
        // numpy: softmax(Q @ K / sqrt(2)) with K = [[1, 2], [0, 1]]
        assertDiagnosis("weights(Q, [[1, 2], [0, 1]])  # => [[0.330238, 0.669762], [0.330238, 0.669762], [0.19557, 0.80443]]\n",
                        "the scores use K instead of Kᵀ (Q·K)")
    }

    func testQAndKSwapped() {
        // numpy: softmax(K @ Q.T / sqrt(2))
        assertDiagnosis("weights(Q, K)  # => [[0.248255, 0.248255, 0.50349], [0.575975, 0.140029, 0.283995]]\n",
                        "Q and K are swapped")
    }

    func testCausalMaskDropped() {
        // numpy: softmax(Q @ Q.T / sqrt(2)) with no mask
        assertDiagnosis("weights(Q, Q, causal: true)\n# => [[0.401112, 0.197776, 0.401112],\n#     [0.197776, 0.401112, 0.401112],\n#     [0.248255, 0.248255, 0.50349]]\n",
                        "the causal mask is not applied (causal: false)")
    }

    func testCausalMaskMisaligned() {
        // numpy: 2 queries, 3 keys, mask [[1, 1, 0], [1, 1, 1]] (bottom-right)
        assertDiagnosis("weights([[1, 0], [0, 1]], Q, causal: true)  # => [[0.669762, 0.330238, 0], [0.197776, 0.401112, 0.401112]]\n",
                        "the causal mask is aligned bottom-right instead of top-left")
    }

    func testHeadsNotSplit() {
        // numpy: softmax(X @ X.T / sqrt(4)), one head over the whole width
        assertDiagnosis("weights(X, X, heads: 2)\n# => [[0.50648, 0.186324, 0.307196],\n#     [0.186324, 0.50648, 0.307196],\n#     [0.274069, 0.274069, 0.451863]]\n",
                        "the heads are not split (heads: 1)")
    }

    func testHeadsInterleaved() {
        // numpy: head t takes columns t, t + 2
        assertDiagnosis("attend(X, X, X, heads: 2)\n# => [[0.859971, 0.666667, 0.575975, 0.333333],\n#     [0.666667, 0.859971, 0.333333, 0.575975],\n#     [0.802224, 0.802224, 0.401112, 0.401112]]\n",
                        "each head takes interleaved columns (h, h + heads, ...) instead of a contiguous block")
    }

    func testHeadsMissing() {
        // numpy: two heads of columns 0-1 and 2-3
        assertDiagnosis("attend(X, X, X)\n# => [[0.802224, 0.598888, 0.50349, 0.248255],\n#     [0.598888, 0.802224, 0.248255, 0.50349],\n#     [0.751745, 0.751745, 0.333333, 0.333333]]\n",
                        "the value is computed with heads: 2")
    }

    func testSeedDotOverFirstElement() {
        assertDiagnosis("dot([0.5, 0.5], [1, 1])  # => 0.5\n",
                        "the dot product takes only the first elements (a[0]·b[0], the seed article's slip)")
    }

    func testDigitsTruncatedOrRoundedFurther() {
        // numpy: softmax([1, 0]) = [0.7310585786300049, 0.2689414213699951]
        assertDiagnosis("softmax([1, 0])  # => [0.731058, 0.268941]\n", "the value is truncated, not rounded, to the digits written")
        assertDiagnosis("softmax([1, 0])  # => [0.7300, 0.2700]\n", "the value is rounded to fewer digits than the claim writes")
    }

    func testNoDiagnosisForAPlainlyWrongClaim() {
        XCTAssertEqual(diagnoses("weights(Q, K)  # => [[0.1, 0.9], [0.2, 0.8], [0.3, 0.7]]\n"), [])
    }

    func testReRunsLeaveTheSessionAlone() {
        // The failing claim is diagnosed (re-run many times); `_`, precision and
        // later statements must see the state the statement itself left.
        let body = """
        precision(3)
        weights(Q, K)  # => [[0.5, 0.5], [0.880797, 0.119203], [0.880797, 0.119203]]
        _  # => [[0.5, 0.5], [0.80443, 0.19557], [0.80443, 0.19557]]
        attn> 1 / 3
        0.333

        """
        let report = Docs.check(setup + body)
        XCTAssertEqual(report.results.map(\.passed), [false, true, true], report.results.map(\.report).joined(separator: "\n"))
    }
}
