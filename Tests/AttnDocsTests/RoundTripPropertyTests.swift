import AttnCore
import AttnDocs
import AttnLang
import Foundation
import XCTest

/// What the printer writes, the claim reader reads, and the claim holds for
/// the value printed; what `attn fix` writes holds too, keeps the claim's
/// dialect and shows at least six significant digits. Checked on thousands
/// of random tensors: every rank up to 4, empty axes, inf, nan, -0, tiny
/// and huge magnitudes, integers and non-integers, numbers just off an
/// integer, at every precision from 1 to 17 digits and at full precision.
final class RoundTripPropertyTests: XCTestCase {
    static let precisions: [Precision] = (1...17).map { .digits($0) } + [.full]

    func testPrintedTensorsReadBackAsClaimsThatHold() {
        var rng = SeededRandom(seed: 0x5EED_0009)
        var checked = 0
        for _ in 0..<2500 {
            let t = randomTensor(&rng)
            for precision in Self.precisions {
                let width = [Printer.minimumLineWidth, 40, Printer.defaultLineWidth, 200][Int.random(in: 0..<4, using: &rng)]
                let text = ClaimWriter.claim(for: .tensor(t), precision: precision, lineWidth: width)
                // The printer's own text is the claim unless it was summarized.
                if t.count <= Printer.summarizeThreshold {
                    XCTAssertEqual(text, Printer.format(t, precision: precision, lineWidth: width))
                }
                assertHolds(text, t, "at \(precision), width \(width)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 40_000)
    }

    func testNumbersAloneAtEveryPrecision() {
        // The numbers where rounding meets a boundary: next to integers, to
        // powers of ten, to the largest Double and to the smallest.
        var values: [Double] = [123456.7, 0.9999999, 2.0000001, -99999.97, 999999.7, 0.5, -0.0, 0,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
                                .leastNormalMagnitude, 1e16 - 1, 1e16, 9007199254740993, 4503599627370495.5,
                                .infinity, -.infinity, .nan]
        for k in -320...308 {
            let p = pow(10, Double(k))
            values += [p, p.nextUp, p.nextDown, -p, 9.5 * p, 9.9999995 * p]
        }
        for n in [1.0, 7, 10, 99, 1000, 123456, 1e15] { values += [n.nextUp, n.nextDown, n + 0.5, n - 1e-9] }
        for x in values {
            for precision in Self.precisions {
                let t = Tensor(x)
                let text = Printer.format(t, precision: precision)
                assertHolds(text, t, "\(x) at \(precision)")
                // A non-integer never looks like an integer (which would be an exact claim).
                if x.isFinite, x != x.rounded() {
                    XCTAssertTrue(text.contains(".") || text.contains("e"), "\(x) at \(precision) printed \(text)")
                }
            }
        }
    }

    func testRewritesHoldKeepTheDialectAndShowTheDigits() throws {
        var rng = SeededRandom(seed: 0xF1C5)
        for round in 0..<1500 {
            // A claim written in some dialect from some tensor...
            let written = randomTensor(&rng, maxElements: 60)
            let dialect = Dialect.all[round % Dialect.all.count]
            let claimText = dialect.write(written, &rng)
            let (claim, style) = try ClaimParser.parseStyled(claimText)
            XCTAssertEqual(style.prefix, dialect.prefix, claimText)
            XCTAssertEqual(style.suffix, dialect.suffix, claimText)
            if written.count > 1 {
                XCTAssertEqual(style.commas, dialect.layout.commas, claimText)
            }
            // ...rewritten for another tensor (the same shape, mostly).
            let actual = Int.random(in: 0..<4, using: &rng) == 0 ? randomTensor(&rng, maxElements: 60)
                : Tensor(unchecked: written.shape, written.scalars.map { _ in randomNumber(&rng) })
            let rewritten = ClaimWriter.rewrite(actual, like: claim, style: style)
            assertHolds(rewritten, actual, "rewrite of \(claimText.debugDescription)")
            let again = try ClaimParser.parseStyled(rewritten).style
            XCTAssertEqual(again.prefix, style.prefix, rewritten)
            XCTAssertEqual(again.suffix, style.suffix, rewritten)
            if actual.rank >= 1, actual.count > 0 { XCTAssertEqual(again.tuples, style.tuples, rewritten) }
            if actual.count > 1 { XCTAssertEqual(again.commas, style.commas, rewritten) }
            let rows = actual.count / max(1, actual.shape.last ?? 1)
            if actual.rank >= 2, rows > 1 { XCTAssertEqual(again.multiline, style.multiline, rewritten) }

            // Every non-integer shows at least six digits and at least the
            // most the claim wrote (per tensor, not per element).
            guard case .value(_, let numbers) = claim, case .value(_, let shown) = try ClaimParser.parse(rewritten)
            else { continue }
            let authorDigits = numbers.compactMap { significantDigits($0.text) }.max() ?? 0
            for (number, value) in zip(shown, actual.scalars) where value.isFinite && value != value.rounded() {
                let digits = try XCTUnwrap(significantDigits(number.text), number.text)
                XCTAssertGreaterThanOrEqual(digits, min(17, max(6, authorDigits)),
                                            "\(number.text) in \(rewritten) (claim \(claimText))")
            }
        }
    }

    // MARK: - Helpers

    private func assertHolds(_ text: String, _ t: Tensor, _ context: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        do {
            let claim = try ClaimParser.parse(text)
            guard case .value(let shape, _) = claim else {
                return XCTFail("\(text.debugDescription) (\(context)) read as \(claim)", file: file, line: line)
            }
            XCTAssertEqual(shape, t.shape, "\(text.debugDescription) (\(context))", file: file, line: line)
            let verdict = ClaimComparison.compare(claim, actual: t)
            XCTAssertTrue(verdict.holds, "\(text.debugDescription) (\(context)): \(verdict)", file: file, line: line)
        } catch {
            XCTFail("\(text.debugDescription) (\(context)) does not parse: \(error)", file: file, line: line)
        }
    }

    /// Significant digits of a claim number (`-0.0120` has 3), or nil for
    /// inf, nan and booleans.
    private func significantDigits(_ text: String) -> Int? {
        let body = text.hasPrefix("-") || text.hasPrefix("+") ? String(text.dropFirst()) : text
        return NumberLiteral(body)?.significantDigits
    }

    private func randomTensor(_ rng: inout SeededRandom, maxElements: Int = 400) -> Tensor {
        while true {
            let rank = Int.random(in: 0...4, using: &rng)
            let shape = (0..<rank).map { _ in Int.random(in: 0...(rank <= 2 ? 9 : 4), using: &rng) }
            let count = shape.reduce(1, *)
            guard count <= maxElements else { continue }
            // Some tensors share one magnitude, as real ones do; others mix.
            let scale = Int.random(in: 0..<3, using: &rng) == 0 ? pow(10, Double(Int.random(in: -12...12, using: &rng))) : 1
            return Tensor(unchecked: shape, (0..<count).map { _ in randomNumber(&rng) * scale })
        }
    }

    private func randomNumber(_ rng: inout SeededRandom) -> Double {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return Double(bitPattern: rng.next())  // any Double, NaN payloads and subnormals too
        case 1: return Double(Int.random(in: -1000...1000, using: &rng))
        case 2: return rng.uniform()
        case 3: return (rng.uniform() - 0.5) * pow(10, Double(Int.random(in: -310...308, using: &rng)))
        case 4: return [0.0, -0.0, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
                        .greatestFiniteMagnitude, -.greatestFiniteMagnitude][Int.random(in: 0..<8, using: &rng)]
        case 5: return Double(Int64(bitPattern: rng.next()) >> Int64(Int.random(in: 0..<64, using: &rng)))
        case 6:
            // Just off an integer: rounds to one at few digits.
            let n = Double(Int.random(in: -1_000_000...1_000_000, using: &rng))
            return n + (rng.uniform() - 0.5) * pow(10, Double(Int.random(in: -15 ... -1, using: &rng)))
        case 7: return 123456.7 * pow(10, Double(Int.random(in: -8...8, using: &rng)))
        default: return 1.0 / Double(Int.random(in: 1...1000, using: &rng))
        }
    }
}

/// A way claims are written: attn's, numpy's `str` and `repr`, PyTorch's,
/// Python's print of a list or tuple; each writes a tensor as its library
/// would lay it out, with numbers in one of the notations people paste.
private struct Dialect {
    var prefix: String
    var suffix: String
    var layout: TensorLayout

    static let all: [Dialect] = [
        Dialect(prefix: "", suffix: "", layout: .attn),
        Dialect(prefix: "", suffix: "", layout: TensorLayout(commas: false, lineWidth: 75, summarizes: false)),
        Dialect(prefix: "array(", suffix: ")", layout: TensorLayout(indent: 6, trailing: 1, summarizes: false)),
        Dialect(prefix: "array(", suffix: ", dtype=float32)", layout: TensorLayout(indent: 6, trailing: 1, summarizes: false)),
        Dialect(prefix: "tensor(", suffix: ")", layout: TensorLayout(indent: 7, trailing: 1, summarizes: false)),
        Dialect(prefix: "tensor(", suffix: ", dtype=torch.float64)", layout: TensorLayout(indent: 7, trailing: 1, summarizes: false)),
        Dialect(prefix: "", suffix: "", layout: TensorLayout(multiline: false, aligned: false, lineWidth: nil, summarizes: false)),
        Dialect(prefix: "", suffix: "", layout: TensorLayout(tuples: true, multiline: false, aligned: false, lineWidth: nil, summarizes: false)),
    ]

    func write(_ t: Tensor, _ rng: inout SeededRandom) -> String {
        let digits = Int.random(in: 1...10, using: &rng)
        let format: NumberFormat
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: format = NumberFormat(precision: .digits(digits))
        case 1: format = NumberFormat(precision: .digits(digits), keepsTrailingZeros: true, integerPoint: true)
        case 2: format = NumberFormat(precision: .digits(digits), notation: .scientific,
                                      exponent: ExponentSpelling(plusSign: true, minDigits: 2))
        default: format = NumberFormat(precision: .digits(digits), notation: .scientific)
        }
        if t.count == 0, t.rank >= 2, !prefix.isEmpty {
            let keyword = prefix == "tensor(" ? "size" : "shape"
            return prefix + "[], \(keyword)=(" + t.shape.map(String.init).joined(separator: ", ") + ")" + suffix
        }
        let scalars = t.scalars
        return prefix + layout.write(shape: t.shape) { format.write(scalars[$0]) } + suffix
    }
}
