import AttnCore
import AttnDocs
import AttnLang
import Foundation
import XCTest

/// What the printer writes, the claim reader reads, and the claim holds for
/// the value printed, its dtype included; what `attn fix` writes holds too,
/// keeps the claim's dialect, states the value's dtype as the dialect does
/// and shows at least six significant digits; and what the printer writes
/// at full precision, attn reads back as the same tensor. Checked on
/// thousands of random tensors of every dtype: every rank up to 4, empty
/// axes, inf, nan, -0, tiny and huge magnitudes, integers and non-integers,
/// numbers just off an integer, the extremes of float32, int64 and int32,
/// at every precision from 1 to 17 digits and at full precision.
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
                assertHolds(text, t, "\(t.dtype) at \(precision), width \(width)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 40_000)
    }

    func testNumpysTextReadsBackAsClaimsThatHold() throws {
        // What the numpy dialect will print (numpy's own str and repr), the
        // claim reader reads: the same shape, the dtype numpy's repr states,
        // and numbers that hold for the value. One exception, on purpose:
        // numpy writes a float that rounds to an integer at its 8 decimals
        // with a bare point (`1.` for 0.999999999), which attn reads as an
        // exact claim; such tensors are left out here. (And numpy's str of
        // an empty array of rank 2 or more is `[]`, which has lost the shape.)
        var rng = SeededRandom(seed: 0x4E50)
        var checked = 0
        for round in 0..<1500 {
            let t = randomTensor(&rng, maxElements: 200, dtype: DType.allCases[round % DType.allCases.count])
            let values = t.scalars
            let texts = [Printer.numpyRepr(t), Printer.numpyStr(t)]
            let roundsToAnInteger = t.dtype.isFloatingPoint && values.contains { x in
                x.isFinite && x != x.rounded() && abs(x - x.rounded()) < 5e-9 * max(1, abs(x))
            }
            if roundsToAnInteger { continue }
            for text in texts where text != "[]" || t.rank == 1 {
                assertHolds(text, t, "numpy's \(text.hasPrefix("array(") ? "repr" : "str") of \(t.dtype)")
            }
            guard case .value(_, _, let stated)? = try? ClaimParser.parse(texts[0]) else { continue }
            let implied = [DType.float64, .int64, .bool].contains(t.dtype) && t.count > 0
            XCTAssertEqual(stated, implied ? nil : t.dtype.rawValue, texts[0])
            checked += 1
        }
        XCTAssertGreaterThan(checked, 1000)
    }

    func testPrintedTensorsReadBackAsCodeWithTheirDtype() throws {
        // "What attn prints, attn reads back": the full-precision text, run
        // as attn code, gives the same shape, dtype and elements (NaN as NaN,
        // -0 as -0). attn's literals are float64, so an int64 beyond 2^53
        // cannot be written; those are left out here (their claims are
        // exact all the same: see the claim test above).
        var rng = SeededRandom(seed: 0xC0DE)
        var checked = 0
        for round in 0..<600 {
            var t = randomTensor(&rng, maxElements: 40, dtype: DType.allCases[round % DType.allCases.count])
            if case .int64(let a) = t.storage {
                t = Tensor(unchecked: t.shape, storage: .int64(a.map { $0.magnitude > 1 << 53 ? $0 >> 11 : $0 }))
            }
            let text = Printer.format(t, precision: .full, lineWidth: Printer.defaultLineWidth)
            let session = Session()
            var values: [Value] = []
            session.run(SourceFile(name: "printed", text: text)) { outcome in
                if let value = outcome.value { values.append(value) }
                if let d = outcome.diagnostic { XCTFail("\(text) does not run: \(d.message)") }
            }
            guard case .tensor(let back)? = values.first, values.count == 1 else {
                XCTFail("\(text) read back as \(values)")
                continue
            }
            XCTAssertEqual(back.shape, t.shape, text)
            XCTAssertEqual(back.dtype, t.dtype, text)
            XCTAssertEqual(comparableBits(back), comparableBits(t), text)
            checked += 1
        }
        XCTAssertEqual(checked, 600)
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
        // The same boundaries in float32, where they fall elsewhere.
        var singles: [Float] = [123456.7, 0.9999999, 16777215, 16777216, 16777218, 8388607.5, 0.1,
                                .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude,
                                .leastNormalMagnitude, .infinity, -.infinity, .nan, -0.0]
        for k in -45...38 {
            let p = Float("1e\(k)") ?? 1
            singles += [p, p.nextUp, p.nextDown, -p, 9.5 * p]
        }
        let tensors = values.map { Tensor($0) } + singles.map { Tensor(unchecked: [], storage: .float32([$0])) }
        for t in tensors {
            let x = t.scalars[0]
            for precision in Self.precisions {
                let text = Printer.format(t, precision: precision)
                assertHolds(text, t, "\(t.dtype) \(x) at \(precision)")
                // A non-integer never looks like an integer (which would be an exact claim).
                if x.isFinite, x != x.rounded() {
                    XCTAssertTrue(text.contains(".") || text.contains("e"), "\(x) at \(precision) printed \(text)")
                }
            }
            // At full precision a float32 prints its own shortest digits, which read back as itself.
            if t.dtype == .float32, x.isFinite {
                let text = Printer.format(t, precision: .full)
                XCTAssertTrue(text.hasPrefix("f32(") && text.hasSuffix(")"), text)
                let digits = String(text.dropFirst(4).dropLast())
                XCTAssertEqual(Double(digits).map { Float($0) }, Float(x), text)
                let body = digits.hasPrefix("-") ? String(digits.dropFirst()) : digits
                XCTAssertLessThanOrEqual(NumberLiteral(body)?.significantDigits ?? 99, 9, text)
            }
        }
    }

    func testRewritesHoldKeepTheDialectAndShowTheDigits() throws {
        var rng = SeededRandom(seed: 0xF1C5)
        for round in 0..<1500 {
            // A claim written in some dialect from some tensor...
            let written = randomTensor(&rng, maxElements: 60, dtype: randomDType(&rng))
            let dialect = Dialect.all[round % Dialect.all.count]
            let claimText = dialect.write(written, &rng)
            let (claim, style) = try ClaimParser.parseStyled(claimText)
            XCTAssertEqual(style.prefix, dialect.prefix(written), claimText)
            XCTAssertEqual(style.suffix, dialect.suffix(written), claimText)
            if written.count > 1 {
                XCTAssertEqual(style.commas, dialect.layout.commas, claimText)
            }
            guard case .value(_, _, let stated) = claim else { return XCTFail(claimText) }
            XCTAssertEqual(stated, dialect.statedDType(written), claimText)
            // A claim that shows no separator (a number, one element, an
            // empty tensor) without a wrapper reads as attn's own form.
            let reading = dialect.reading(written)
            // ...rewritten for another tensor (the same shape and dtype, mostly).
            let actual: Tensor
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: actual = randomTensor(&rng, maxElements: 60, dtype: randomDType(&rng))
            case 1: actual = try Tensor(unchecked: written.shape, written.scalars.map { _ in randomNumber(&rng) })
                .converted(to: randomDType(&rng))
            default: actual = try Tensor(unchecked: written.shape, written.scalars.map { _ in randomNumber(&rng) })
                .converted(to: written.dtype)
            }
            let rewritten = ClaimWriter.rewrite(actual, like: claim, style: style)
            assertHolds(rewritten, actual, "rewrite of \(claimText.debugDescription)")
            let (again, againStyle) = try ClaimParser.parseStyled(rewritten)
            XCTAssertEqual(againStyle.prefix, reading.prefix(actual), rewritten)
            // (numpy puts a dtype= that does not fit on a line of its own.)
            let suffix = againStyle.suffix.replacingOccurrences(of: #",\n *"#, with: ", ", options: .regularExpression)
            XCTAssertEqual(suffix, reading.suffix(actual), rewritten)
            guard case .value(_, let shown, let restated) = again else { return XCTFail(rewritten) }
            XCTAssertEqual(restated, reading.statedDType(actual), "the rewrite states the value's dtype: \(rewritten)")
            if actual.rank >= 1, actual.count > 0 { XCTAssertEqual(againStyle.tuples, style.tuples, rewritten) }
            if actual.count > 1 { XCTAssertEqual(againStyle.commas, style.commas, rewritten) }
            let rows = actual.count / max(1, actual.shape.last ?? 1)
            if actual.rank >= 2, rows > 1 { XCTAssertEqual(againStyle.multiline, style.multiline, rewritten) }

            // Every non-integer shows at least six digits and at least the
            // most the claim wrote (per tensor, not per element), up to what
            // the value's dtype holds.
            guard case .value(_, let numbers, _) = claim else { continue }
            let authorDigits = numbers.compactMap { significantDigits($0.text) }.max() ?? 0
            let most = actual.dtype == .float32 ? 9 : 17
            for (number, value) in zip(shown, actual.scalars) where value.isFinite && value != value.rounded() {
                let digits = try XCTUnwrap(significantDigits(number.text), number.text)
                XCTAssertGreaterThanOrEqual(digits, min(most, max(6, authorDigits)),
                                            "\(number.text) in \(rewritten) (claim \(claimText))")
            }
        }
    }

    // MARK: - Helpers

    private func assertHolds(_ text: String, _ t: Tensor, _ context: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        do {
            let claim = try ClaimParser.parse(text)
            guard case .value(let shape, _, _) = claim else {
                return XCTFail("\(text.debugDescription) (\(context)) read as \(claim)", file: file, line: line)
            }
            XCTAssertEqual(shape, t.shape, "\(text.debugDescription) (\(context))", file: file, line: line)
            if case .value(_, _, let stated) = claim, let stated {
                XCTAssertEqual(stated, t.dtype.rawValue, "\(text.debugDescription) (\(context))", file: file, line: line)
            }
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

    /// float64 half the time (attn's literals), each other dtype an eighth.
    private func randomDType(_ rng: inout SeededRandom) -> DType {
        [.float64, .float64, .float64, .float64, .float32, .int64, .int32, .bool][Int.random(in: 0..<8, using: &rng)]
    }

    private func randomTensor(_ rng: inout SeededRandom, maxElements: Int = 400, dtype: DType? = nil) -> Tensor {
        let dtype = dtype ?? randomDType(&rng)
        while true {
            let rank = Int.random(in: 0...4, using: &rng)
            let shape = (0..<rank).map { _ in Int.random(in: 0...(rank <= 2 ? 9 : 4), using: &rng) }
            let count = shape.reduce(1, *)
            guard count <= maxElements else { continue }
            // Some tensors share one magnitude, as real ones do; others mix.
            let scale = Int.random(in: 0..<3, using: &rng) == 0 ? pow(10, Double(Int.random(in: -12...12, using: &rng))) : 1
            let storage: TensorStorage
            switch dtype {
            case .float64: storage = .float64((0..<count).map { _ in randomNumber(&rng) * scale })
            case .float32:
                // Any float32 (its subnormals, its largest), or a float64 rounded to one.
                storage = .float32((0..<count).map { _ in
                    Int.random(in: 0..<4, using: &rng) == 0 ? Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
                        : Float(randomNumber(&rng) * scale)
                })
            case .int64:
                let extremes: [Int64] = [.min, .max, 0, -1, (1 << 53) + 1]
                storage = .int64((0..<count).map { _ in
                    Int.random(in: 0..<4, using: &rng) == 0 ? extremes[Int.random(in: 0..<extremes.count, using: &rng)]
                        : Int64(bitPattern: rng.next()) >> Int64(Int.random(in: 0..<64, using: &rng))
                })
            case .int32: storage = .int32((0..<count).map { _ in Int32(truncatingIfNeeded: Int64(bitPattern: rng.next()) >> Int64(Int.random(in: 0..<64, using: &rng))) })
            case .bool: storage = .bool((0..<count).map { _ in rng.next() % 2 == 0 })
            }
            return Tensor(unchecked: shape, storage: storage)
        }
    }

    /// The elements' bits for comparing a tensor read back with the one
    /// printed: every NaN as one NaN (the text `nan` keeps no payload).
    private func comparableBits(_ t: Tensor) -> [UInt64] {
        switch t.storage {
        case .float64(let a): return a.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern }
        case .float32(let a): return a.map { UInt64($0.isNaN ? Float.nan.bitPattern : $0.bitPattern) }
        case .int64(let a): return a.map { UInt64(bitPattern: $0) }
        case .int32(let a): return a.map { UInt64(UInt32(bitPattern: $0)) }
        case .bool(let a): return a.map { $0 ? 1 : 0 }
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
/// would lay it out, stating its dtype as the library does, with numbers in
/// one of the notations people paste.
private struct Dialect {
    enum Kind { case attn, numpyStr, numpyRepr, torch, pythonList, pythonTuple }
    var kind: Kind
    var layout: TensorLayout

    static let all: [Dialect] = [
        Dialect(kind: .attn, layout: .attn),
        Dialect(kind: .numpyStr, layout: TensorLayout(commas: false, lineWidth: 75, summarizes: false)),
        Dialect(kind: .numpyRepr, layout: TensorLayout(indent: 6, trailing: 1, summarizes: false)),
        Dialect(kind: .torch, layout: TensorLayout(indent: 7, trailing: 1, summarizes: false)),
        Dialect(kind: .pythonList, layout: TensorLayout(multiline: false, aligned: false, lineWidth: nil, summarizes: false)),
        Dialect(kind: .pythonTuple, layout: TensorLayout(tuples: true, multiline: false, aligned: false, lineWidth: nil, summarizes: false)),
    ]

    /// The dialect a claim of `t` written in this one is read as: numpy's
    /// `str` and Python's tuples look like attn's where they show no
    /// separator, no tuple (a number, one element, an empty tensor).
    func reading(_ t: Tensor) -> Dialect {
        let bare = switch kind {
        case .numpyStr: t.count <= 1
        case .pythonTuple: t.rank == 0 || (t.count == 0 && t.rank >= 2)
        case .attn, .numpyRepr, .torch, .pythonList: false
        }
        return bare ? Dialect.all[0] : self
    }

    /// The dtype a claim of `t` in this dialect states (numpy's name), or
    /// nil where the dialect leaves it implied or cannot state one.
    func statedDType(_ t: Tensor) -> String? {
        switch kind {
        case .attn, .pythonList: return t.dtype == .float64 ? nil : t.dtype.rawValue
        case .numpyRepr: return [.float64, .int64, .bool].contains(t.dtype) && t.count > 0 ? nil : t.dtype.rawValue
        case .torch: return [.float32, .int64, .bool].contains(t.dtype) ? nil : t.dtype.rawValue
        case .numpyStr, .pythonTuple: return nil
        }
    }

    func prefix(_ t: Tensor) -> String {
        switch kind {
        case .attn, .pythonList: return Printer.wrapper(for: t.dtype).prefix
        case .numpyRepr: return "array("
        case .torch: return "tensor("
        case .numpyStr, .pythonTuple: return ""
        }
    }

    func suffix(_ t: Tensor) -> String {
        let stated = statedDType(t)
        switch kind {
        case .attn, .pythonList: return Printer.wrapper(for: t.dtype).suffix
        case .numpyRepr: return stated.map { ", dtype=\($0))" } ?? ")"
        case .torch: return stated.map { ", dtype=torch.\($0))" } ?? ")"
        case .numpyStr, .pythonTuple: return ""
        }
    }

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
        let words = kind == .attn ? ("true", "false") : ("True", "False")
        let (prefix, suffix) = (prefix(t), suffix(t))
        if t.count == 0, t.rank >= 2, kind == .numpyRepr || kind == .torch {
            let keyword = kind == .torch ? "size" : "shape"
            let stated = statedDType(t).map { ", dtype=" + (kind == .torch ? "torch." : "") + $0 } ?? ""
            return prefix + "[], \(keyword)=(" + t.shape.map(String.init).joined(separator: ", ") + ")" + stated + ")"
        }
        var layout = layout
        layout.indent = prefix.count
        return prefix + layout.write(shape: t.shape, element: Printer.elementWriter(t, float: format, words: words)) + suffix
    }
}
