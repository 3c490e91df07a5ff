import XCTest
@testable import AttnPython

/// `PyFormat` as the evaluator calls it, one example per rule (each text
/// checked against python3 when written); FormatGoldenTests holds the
/// thousands of generated cases.
final class FormatExamplesTests: XCTestCase {
    private func ok(_ result: Result<String, PyFormatError>, file: StaticString = #filePath, line: UInt = #line) -> String {
        switch result {
        case .success(let text): return text
        case .failure(let e):
            XCTFail("\(e.kind.rawValue): \(e.message)", file: file, line: line)
            return ""
        }
    }

    private func error(_ result: Result<String, PyFormatError>) -> String {
        switch result {
        case .success(let text): return "no error: \(text)"
        case .failure(let e): return "\(e.kind.rawValue): \(e.message)"
        }
    }

    func testReprOfScalars() {
        XCTAssertEqual(PyFormat.repr(0.1), "0.1")
        XCTAssertEqual(PyFormat.repr(1.0), "1.0")
        XCTAssertEqual(PyFormat.repr(-0.0), "-0.0")
        XCTAssertEqual(PyFormat.repr(1e-05), "1e-05")
        XCTAssertEqual(PyFormat.repr(1e16), "1e+16")
        XCTAssertEqual(PyFormat.repr(1.5e300), "1.5e+300")
        XCTAssertEqual(PyFormat.repr(123456789012345.6), "123456789012345.6")
        XCTAssertEqual(PyFormat.repr(Double.nan), "nan")
        XCTAssertEqual(PyFormat.repr(-Double.infinity), "-inf")
        XCTAssertEqual(PyFormat.repr(.int(-3)), "-3")
        XCTAssertEqual(PyFormat.repr(.bigInt("-123456789012345678901234567890")), "-123456789012345678901234567890")
        XCTAssertEqual(PyFormat.repr(.bool(true)), "True")
        XCTAssertEqual(PyFormat.repr(.none), "None")
        XCTAssertEqual(PyFormat.str(.str("a'b")), "a'b")
    }

    func testReprOfStrings() {
        XCTAssertEqual(PyFormat.repr("abc"), "'abc'")
        XCTAssertEqual(PyFormat.repr("it's"), "\"it's\"")
        XCTAssertEqual(PyFormat.repr("it's \"x\""), "'it\\'s \"x\"'")
        XCTAssertEqual(PyFormat.repr("a\tb\nc\\"), "'a\\tb\\nc\\\\'")
        XCTAssertEqual(PyFormat.repr("\u{0}\u{1b}\u{7f}\u{85}\u{a0}"), "'\\x00\\x1b\\x7f\\x85\\xa0'")
        XCTAssertEqual(PyFormat.repr("中文 😀 café"), "'中文 😀 café'")
        XCTAssertEqual(PyFormat.repr("\u{200b}\u{2028}\u{e000}\u{f0000}"), "'\\u200b\\u2028\\ue000\\U000f0000'")
        XCTAssertEqual(PyFormat.ascii(PyFormat.repr("中😀")), "'\\u4e2d\\U0001f600'")
        XCTAssertFalse(PyFormat.isPrintable("a\u{ad}"))
        // U+1FAE8 (shaking face) came in Unicode 15; CPython 3.11 (Unicode 14) escapes it.
        XCTAssertEqual(PyFormat.repr("\u{1FAE8}"), "'\\U0001fae8'")
    }

    func testContainers() {
        XCTAssertEqual(PyFormat.list(["1", "2.5", "'a'"]), "[1, 2.5, 'a']")
        XCTAssertEqual(PyFormat.tuple(["1"]), "(1,)")
        XCTAssertEqual(PyFormat.tuple([]), "()")
        XCTAssertEqual(PyFormat.dict([(key: "'a'", value: "1")]), "{'a': 1}")
        XCTAssertEqual(PyFormat.set(["1", "2"]), "{1, 2}")
        XCTAssertEqual(PyFormat.set([]), "set()")
        XCTAssertEqual(PyFormat.range(start: 0, stop: 5, step: 1), "range(0, 5)")
        XCTAssertEqual(PyFormat.range(start: 0, stop: 5, step: 2), "range(0, 5, 2)")
        XCTAssertEqual(PyFormat.slice("1", "None", "2"), "slice(1, None, 2)")
    }

    func testFormatSpecs() {
        XCTAssertEqual(ok(PyFormat.format(.float(1 / 3), spec: ".4f")), "0.3333")
        XCTAssertEqual(ok(PyFormat.format(.float(1234.5), spec: ".3e")), "1.234e+03")
        XCTAssertEqual(ok(PyFormat.format(.float(1.5), spec: ">8")), "     1.5")
        XCTAssertEqual(ok(PyFormat.format(.float(1234567.891), spec: ",.2f")), "1,234,567.89")
        XCTAssertEqual(ok(PyFormat.format(.float(1.5), spec: "010,")), "0,000,001.5")
        XCTAssertEqual(ok(PyFormat.format(.float(12.0), spec: ".3")), "12.0")
        XCTAssertEqual(ok(PyFormat.format(.float(123.0), spec: ".3")), "1.23e+02")
        XCTAssertEqual(ok(PyFormat.format(.float(-0.001), spec: "z.1f")), "0.0")
        XCTAssertEqual(ok(PyFormat.format(.float(0.25), spec: ".1%")), "25.0%")
        XCTAssertEqual(ok(PyFormat.format(.int(255), spec: "#010x")), "0x000000ff")
        XCTAssertEqual(ok(PyFormat.format(.int(255), spec: "_b")), "1111_1111")
        XCTAssertEqual(ok(PyFormat.format(.int(65), spec: "c")), "A")
        XCTAssertEqual(ok(PyFormat.format(.bool(true), spec: "")), "True")
        XCTAssertEqual(ok(PyFormat.format(.bool(true), spec: ">6")), "     1")
        XCTAssertEqual(ok(PyFormat.format(.str("中文"), spec: "*^6")), "**中文**")
        XCTAssertEqual(ok(PyFormat.format(.str("ab"), spec: "05")), "ab000")
    }

    func testFormatErrors() {
        XCTAssertEqual(error(PyFormat.format(.float(1.5), spec: ".2q")), "ValueError: Unknown format code 'q' for object of type 'float'")
        XCTAssertEqual(error(PyFormat.format(.float(1.5), spec: "z+g")),
                       "ValueError: Invalid format specifier 'z+g' for object of type 'float'")
        XCTAssertEqual(error(PyFormat.format(.float(1.5), spec: ".")), "ValueError: Format specifier missing precision")
        XCTAssertEqual(error(PyFormat.format(.int(3), spec: ".2")), "ValueError: Precision not allowed in integer format specifier")
        XCTAssertEqual(error(PyFormat.format(.str("a"), spec: "=5")), "ValueError: '=' alignment not allowed in string format specifier")
        XCTAssertEqual(error(PyFormat.format(.none, spec: "5")), "TypeError: unsupported format string passed to NoneType.__format__")
        XCTAssertEqual(error(PyFormat.format(.bigInt("1" + String(repeating: "0", count: 400)), spec: "e")),
                       "OverflowError: int too large to convert to float")
        XCTAssertEqual(error(PyFormat.format(.float(1), spec: "\(PyFormat.maxLength + 1)")).prefix(12), "MemoryError:")
    }

    func testPercentFormatting() {
        XCTAssertEqual(ok(PyFormat.percent("%.3f", .single(.float(1.5)))), "1.500")
        XCTAssertEqual(ok(PyFormat.percent("%d %s %r", .tuple([.int(1), .str("a"), .str("a")]))), "1 a 'a'")
        XCTAssertEqual(ok(PyFormat.percent("%*d|%-5s|%%", .tuple([.int(4), .int(7), .str("x")]))), "   7|x    |%")
        XCTAssertEqual(ok(PyFormat.percent("%(n)05.1f", .mapping(.object(PyObjectText(typeName: "dict", str: "", repr: ""))) { key in
            key == "n" ? .success(.float(2.25)) : .failure(.missingKey(key))
        })), "002.2")
        XCTAssertEqual(error(PyFormat.percent("%d %d", .tuple([.int(1)]))), "TypeError: not enough arguments for format string")
        XCTAssertEqual(error(PyFormat.percent("%d", .tuple([.int(1), .int(2)]))),
                       "TypeError: not all arguments converted during string formatting")
        XCTAssertEqual(error(PyFormat.percent("%x", .single(.float(1.5)))), "TypeError: %x format: an integer is required, not float")
        XCTAssertEqual(error(PyFormat.percent("%z", .single(.int(1)))), "ValueError: unsupported format character 'z' (0x7a) at index 1")
    }

    func testNumpyScalars() {
        XCTAssertEqual(PyFormat.str(.numpy(.float64(0.1))), "0.1")
        XCTAssertEqual(PyFormat.repr(.numpy(.float64(0.1))), "np.float64(0.1)")
        XCTAssertEqual(PyFormat.str(.numpy(.float32(0.1))), "0.1")
        XCTAssertEqual(PyFormat.repr(.numpy(.float32(0.1))), "np.float32(0.1)")
        XCTAssertEqual(PyFormat.str(.numpy(.float64(1.0))), "1.0")
        XCTAssertEqual(PyFormat.repr(.numpy(.int64(3))), "np.int64(3)")
        XCTAssertEqual(PyFormat.str(.numpy(.bool(true))), "True")
        XCTAssertEqual(PyFormat.repr(.numpy(.bool(true))), "np.True_")
        // numpy converts to a Python float first: float32's binary value shows.
        XCTAssertEqual(ok(PyFormat.format(.numpy(.float32(0.1)), spec: "")), "0.10000000149011612")
        XCTAssertEqual(ok(PyFormat.format(.numpy(.float32(0.1)), spec: ".10f")), "0.1000000015")
        XCTAssertEqual(ok(PyFormat.format(.numpy(.float64(0.1)), spec: ".4f")), "0.1000")
        XCTAssertEqual(ok(PyFormat.percent("%s %r", .tuple([.numpy(.float32(0.1)), .numpy(.int64(3))]))), "0.1 np.int64(3)")
    }

    func testStrFormatTemplates() {
        let args: [PyFormattable] = [.float(3.14159), .int(10), .str("x")]
        let resolve = { (field: PyFormatField) -> Result<PyFormattable, PyFormatError> in
            guard case .index(let i) = field.argument, i < args.count else { return .failure(.replacementIndex(0)) }
            return .success(args[i])
        }
        XCTAssertEqual(ok(PyFormat.formatTemplate("{:{}.2f}|{!r}|{{}}", resolve: resolve)), "      3.14|'x'|{}")
        XCTAssertEqual(error(PyFormat.formatTemplate("{0} {}", resolve: resolve)),
                       "ValueError: cannot switch from manual field specification to automatic field numbering")
        XCTAssertEqual(error(PyFormat.formatTemplate("}", resolve: resolve)), "ValueError: Single '}' encountered in format string")
    }

    /// repr's text reads back as the same float (the round trip the printers promise).
    func testReprReadsBack() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let x = Double(bitPattern: generator.next())
            guard x.isFinite else { continue }
            XCTAssertEqual(Double(PyFormat.repr(x)), x, PyFormat.repr(x))
        }
    }

    /// Random specs and templates, valid or not, give a text or an error, never a trap.
    func testNoInputTraps() {
        var rng = SplitMix(seed: 11)
        let parts = ["<", ">", "^", "=", "+", "-", " ", "z", "#", "0", "1", "9", "20", ",", "_", ".", ".3", "e", "f", "g",
                     "%", "x", "c", "s", "d", "n", "{", "}", "!", "r", "*", "(", ")", "a", "中", "٣", "\u{0}", "h", "l"]
        let values: [PyFormattable] = [.float(-0.0), .float(.nan), .float(1e300), .float(-1.5e-7), .int(Int.min), .int(Int.max),
                                       .bigInt("-" + String(repeating: "9", count: 60)), .bool(false), .str("中😀"), .none,
                                       .numpy(.float32(-0.1)), .numpy(.int32(-5)), .numpy(.bool(true)),
                                       .object(PyObjectText(typeName: "numpy.ndarray", str: "1", repr: "array(1)", item: .int64(1)))]
        for _ in 0..<20_000 {
            let text = (0..<rng.below(7)).map { _ in parts[rng.below(parts.count)] }.joined()
            let value = values[rng.below(values.count)]
            _ = PyFormat.format(value, spec: text)
            _ = PyFormat.percent("%" + text, .tuple([value, .int(-3), value]))
            _ = PyFormat.percent("%" + text, .single(value))
            _ = PyFormat.formatTemplate("{" + text, resolve: { _ in .success(value) })
            _ = PyFormat.formatTemplate(text + "}", resolve: { _ in .success(value) })
        }
    }
}

/// A small seeded generator, so that the fuzz cases are the same every run.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
