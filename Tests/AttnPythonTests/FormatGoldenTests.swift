import XCTest
@testable import AttnPython

/// attn's Python text is CPython's, byte for byte: every case of
/// Golden/python_format.json (scripts/python_format.py, run on CPython 3.11
/// and numpy 2) through the public API of `PyFormat`.
final class FormatGoldenTests: XCTestCase {
    func testTheGoldenFileIsCPython311AndNumpy2() throws {
        let golden = try FormatGolden.load()
        XCTAssert(golden.python.hasPrefix("3.11."), golden.python)
        XCTAssert(golden.numpy.hasPrefix("2."), golden.numpy)
        XCTAssertEqual(golden.unicode, "14.0.0")
    }

    func testFloatRepr() throws {
        var log = MismatchLog()
        for pair in try FormatGolden.load().float_repr {
            let x = Double(bitPattern: UInt64(pair[0], radix: 16) ?? 0)
            let text = PyFormat.repr(x)
            log.check("repr(\(pair[1]))", text == pair[1] ? nil : "got \(text)")
            log.check("str(\(pair[1]))", PyFormat.str(.float(x)) == pair[1] ? nil : "str differs from repr")
        }
        log.assertNone("float repr")
    }

    func testIntRepr() throws {
        var log = MismatchLog()
        for pair in try FormatGolden.load().int_repr {
            let value: PyFormattable = Int(pair[0]).map { .int($0) } ?? .bigInt(pair[0])
            log.check(pair[0], PyFormat.repr(value) == pair[1] ? nil : "got \(PyFormat.repr(value))")
        }
        log.assertNone("int repr")
    }

    func testStringReprAsciiAndPrintable() throws {
        var log = MismatchLog()
        for c in try FormatGolden.load().strings {
            let repr = PyFormat.repr(c.value)
            log.check("repr(\(c.repr))", repr == c.repr ? nil : "got \(repr)")
            log.check("ascii(\(c.repr))", PyFormat.ascii(repr) == c.ascii ? nil : "got \(PyFormat.ascii(repr))")
            log.check("\(c.repr).isprintable()", PyFormat.isPrintable(c.value) == c.printable ? nil : "differs")
        }
        log.assertNone("str repr")
    }

    /// Every code point (but the surrogates, which a Swift string cannot hold) against CPython's str.isprintable.
    func testIsPrintableForEveryCodePoint() throws {
        let ranges = try FormatGolden.load().nonprintable
        var nonprintable = Set<UInt32>()
        for r in ranges { for v in r[0]...r[1] { nonprintable.insert(v) } }
        var log = MismatchLog()
        for v in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let expected = !nonprintable.contains(v)
            if PyFormat.isPrintable(scalar) != expected {
                log.lines.append(String(format: "U+%04X: CPython says %@", v, expected ? "printable" : "not printable"))
            }
            log.checked += 1
        }
        log.assertNone("isprintable")
    }

    func testContainers() throws {
        var log = MismatchLog()
        for c in try FormatGolden.load().containers {
            let text: String
            switch (c.kind, c.items) {
            case ("list", .flat(let items)): text = PyFormat.list(items)
            case ("tuple", .flat(let items)): text = PyFormat.tuple(items)
            case ("set", .flat(let items)): text = PyFormat.set(items)
            case ("frozenset", .flat(let items)): text = PyFormat.frozenset(items)
            case ("range", .flat(let items)):
                let n = items.compactMap { Int($0) }
                text = n.count == 3 ? PyFormat.range(start: n[0], stop: n[1], step: n[2]) : "bad case"
            case ("slice", .flat(let items)):
                text = items.count == 3 ? PyFormat.slice(items[0], items[1], items[2]) : "bad case"
            case ("dict", .pairs(let pairs)):
                text = PyFormat.dict(pairs.map { (key: $0.first ?? "", value: $0.last ?? "") })
            case ("dict", .flat([])): text = PyFormat.dict([])
            default: text = "unknown case \(c.kind)"
            }
            log.check(c.repr, text == c.repr ? nil : "got \(text)")
        }
        log.assertNone("containers")
    }

    func testFormatSpecs() throws {
        var log = MismatchLog()
        for c in try FormatGolden.load().format {
            let value = c.value.formattable
            log.check("format(\(PyFormat.repr(value)), \(PyFormat.repr(c.spec)))",
                      c.mismatch(PyFormat.format(value, spec: c.spec)))
        }
        log.assertNone("format")
    }

    func testPercentFormatting() throws {
        var log = MismatchLog()
        for c in try FormatGolden.load().percent {
            log.check("\(PyFormat.repr(c.template)) % …", c.mismatch(PyFormat.percent(c.template, c.args.percent)))
        }
        log.assertNone("percent")
    }

    func testNumpyScalars() throws {
        var log = MismatchLog()
        for c in try FormatGolden.load().numpy_scalars {
            let value = c.value.formattable
            log.check("str(\(c.repr))", PyFormat.str(value) == c.str ? nil : "got \(PyFormat.str(value))")
            log.check("repr(\(c.repr))", PyFormat.repr(value) == c.repr ? nil : "got \(PyFormat.repr(value))")
            for f in c.format {
                log.check("format(\(c.repr), \(PyFormat.repr(f.spec)))", f.mismatch(PyFormat.format(value, spec: f.spec)))
            }
            for p in c.percent {
                log.check("\(PyFormat.repr(p.template)) % \(c.repr)", p.mismatch(PyFormat.percent(p.template, .tuple([value]))))
            }
        }
        log.assertNone("numpy scalars")
    }

    func testStrFormatTemplates() throws {
        var log = MismatchLog()
        for c in try FormatGolden.load().templates {
            log.check("\(PyFormat.repr(c.template)).format(…)", c.mismatch(PyFormat.formatTemplate(c.template, resolve: c.resolve)))
        }
        log.assertNone("str.format")
    }
}
