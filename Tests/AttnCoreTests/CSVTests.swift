import AttnCore
import Foundation
import XCTest

final class CSVTests: XCTestCase {

    func testFixturesMatchNumpyLoadtxt() throws {
        let expectations = try Fixtures.expectations()
        for name in ["with_header.csv", "one_column.csv"] {
            let expected = try XCTUnwrap(expectations[name], "\(name) missing from npy_expected.json")
            let t = try CSV.read(path: Fixtures.path(name))
            XCTAssertEqual(t.shape, expected.shape, name)
            assertSameValues(t.scalars, try XCTUnwrap(expected.values), name)
        }
    }

    func testShapes() throws {
        let column = try CSV.decode("1\n2\n3\n", path: "c")
        XCTAssertEqual(column.shape, [3, 1], "a single column stays a matrix")
        let row = try CSV.decode("1, 2, 3", path: "r")
        XCTAssertEqual(row.shape, [1, 3])
        XCTAssertEqual(row.scalars, [1, 2, 3])
        let one = try CSV.decode("42", path: "o")
        XCTAssertEqual(one.shape, [1, 1])
        XCTAssertEqual(one.scalars, [42])
        let m = try CSV.decode("1,2\n3,4\n5,6", path: "m")
        XCTAssertEqual(m.shape, [3, 2])
        XCTAssertEqual(m.scalars, [1, 2, 3, 4, 5, 6])
    }

    func testEmptyInputs() throws {
        XCTAssertEqual(try CSV.decode("", path: "e").shape, [0, 0])
        XCTAssertEqual(try CSV.decode("\n\n  \n", path: "e").shape, [0, 0])
        XCTAssertEqual(try CSV.decode("# only a comment\n", path: "e").shape, [0, 0])
        XCTAssertEqual(try CSV.decode("\u{FEFF}", path: "e").shape, [0, 0])
    }

    func testASingleLineThatIsNotNumbersIsAnError() {
        // numpy.loadtxt refuses these too ("could not convert string ... to float64").
        assertIOError({ () throws(CoreError) in try CSV.decode("1;2;3\n", path: "s.csv") }, path: "s.csv",
                      contains: ["line 1", "'1;2;3'", "not comma-separated numbers", "semicolons"])
        assertIOError({ () throws(CoreError) in try CSV.decode("1\t2\t3", path: "t.csv") },
                      contains: ["line 1", "'1\\t2\\t3'", "tabs"])
        assertIOError({ () throws(CoreError) in try CSV.decode("1 2 3\n", path: "w.csv") }, contains: ["spaces"])
        let header = assertIOError({ () throws(CoreError) in try CSV.decode("# c\n\na,b,c\n\n", path: "h.csv") },
                                   contains: ["line 3", "'a,b,c'", "no data rows"])
        XCTAssertFalse(header?.contains("semicolons") ?? true)
        assertIOError({ () throws(CoreError) in try CSV.decode("x\n# only comments below\n", path: "x.csv") },
                      contains: ["line 1", "'x'"])
        // A header with data below it is still a header.
        XCTAssertEqual(try CSV.decode("a,b,c\n1,2,3\n", path: "ok").shape, [1, 3])
    }

    func testInlineCommentsAreStripped() throws {
        let t = try CSV.decode("x, y  # units: m\n1, 2  # note\n3,4#tight\n# whole line\n5, 6 #\n", path: "c")
        XCTAssertEqual(t.shape, [3, 2])
        XCTAssertEqual(t.scalars, [1, 2, 3, 4, 5, 6])
        // A line that is only blanks before its comment is skipped; numbering still counts it.
        assertIOError({ () throws(CoreError) in try CSV.decode("1,2\n   # x\n3,zz # y\n", path: "c") },
                      contains: ["line 3, column 2", "'zz'"])
        // The comment goes before cells are counted.
        assertIOError({ () throws(CoreError) in try CSV.decode("1,2\n3 # ,4\n", path: "c") },
                      contains: ["line 2", "expected 2 columns", "only 1"])
    }

    func testCarriageReturnLineEndings() throws {
        let cr = try CSV.decode("a,b\r1,2\r3,4\r", path: "cr")
        XCTAssertEqual(cr.shape, [2, 2])
        XCTAssertEqual(cr.scalars, [1, 2, 3, 4])
        // Mixed endings; "\r\n" is one line break, "\n\r" two (an empty line).
        let mixed = try CSV.decode("1,2\r\n3,4\r5,6\n\r7,8", path: "mixed")
        XCTAssertEqual(mixed.scalars, [1, 2, 3, 4, 5, 6, 7, 8])
        assertIOError({ () throws(CoreError) in try CSV.decode("1,2\r3,4\r\r5,x\r", path: "cr") },
                      contains: ["line 4, column 2", "'x'"])
    }

    func testQuotedCellsAreShortAndCannotDriveTheTerminal() {
        let hostile = "1,2\n3,\u{1B}]0;owned\u{7}\u{1B}[2J" + String(repeating: "secret", count: 50) + "\n"
        let reason = assertIOError({ () throws(CoreError) in try CSV.decode(hostile, path: "evil.csv") },
                                   contains: ["line 2, column 2", "\\x1b]0;owned\\x07\\x1b[2J", "..."]) ?? ""
        XCTAssertFalse(reason.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, reason)
        XCTAssertLessThan(reason.count, 120, reason)
    }

    func testByteOrderMarkInAFile() throws {
        let dir = try makeTemporaryDirectory(self)
        let path = dir.appendingPathComponent("bom.csv").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data([0xEF, 0xBB, 0xBF] + Array("x,y\r\n1,2\r\n".utf8))))
        let t = try CSV.read(path: path)
        XCTAssertEqual(t.shape, [1, 2])
        XCTAssertEqual(t.scalars, [1, 2])
    }

    func testBlankLinesCommentsSpacesAndLineEndings() throws {
        let text = "\u{FEFF}# leading comment\r\n\r\n  time , value\r\n\t1 ,\t2\r\n   # indented comment\r\n\r\n 3,4 \r\n"
        let t = try CSV.decode(text, path: "w")
        XCTAssertEqual(t.shape, [2, 2])
        XCTAssertEqual(t.scalars, [1, 2, 3, 4])
        // No trailing newline.
        XCTAssertEqual(try CSV.decode("1,2\n3,4", path: "w").scalars, [1, 2, 3, 4])
    }

    func testNumberSyntax() throws {
        let t = try CSV.decode("nan, NaN, inf, -inf, +Inf, Infinity, -infinity, 1e3, 2.5E-2, -.5, 5., +7, 1e400, -1e400, 1e-400, -0", path: "n")
        XCTAssertEqual(t.shape, [1, 16])
        let s = t.scalars
        XCTAssertTrue(s[0].isNaN && s[1].isNaN)
        XCTAssertEqual(Array(s[2...]), [.infinity, -.infinity, .infinity, .infinity, -.infinity, 1000, 0.025, -0.5, 5, 7,
                                         .infinity, -.infinity, 0, 0])
        XCTAssertEqual(s[15].sign, .minus, "-0 keeps its sign")
    }

    func testRejectsNonNumbers() {
        for (cell, shown) in [("abc", "'abc'"), ("0x10", "'0x10'"), ("1_000", "'1_000'"), ("nan(1)", "'nan(1)'"),
                              ("1e", "'1e'"), ("e5", "'e5'"), ("1.2.3", "'1.2.3'"), ("--1", "'--1'"), ("1 2", "'1 2'"),
                              ("\"3\"", "'\"3\"'"), ("+", "'+'"), (".", "'.'")] {
            let text = "1,2\n3,\(cell)\n"
            assertIOError({ () throws(CoreError) in try CSV.decode(text, path: "bad.csv") }, path: "bad.csv",
                          contains: ["line 2, column 2", shown, "not a number"], "for cell \(cell)")
        }
    }

    func testEmptyCellsAreErrors() {
        assertIOError({ () throws(CoreError) in try CSV.decode("1,2\n3,\n", path: "t") },
                      contains: ["line 2, column 2", "empty cell", "'3,'"])
        assertIOError({ () throws(CoreError) in try CSV.decode("1,2\n,4\n", path: "t") },
                      contains: ["line 2, column 1", "empty cell"])
        assertIOError({ () throws(CoreError) in try CSV.decode("1,,3\n", path: "t") },
                      contains: ["line 1, column 2", "empty cell"])
        assertIOError({ () throws(CoreError) in try CSV.decode(",\n", path: "t") },
                      contains: ["line 1, column 1", "empty cell"])
    }

    func testRaggedRows() {
        // Line numbers count every physical line, comments and blanks included.
        let tooMany = "# c\n1,2\n\n3,4,5\n"
        assertIOError({ () throws(CoreError) in try CSV.decode(tooMany, path: "r.csv") }, path: "r.csv",
                      contains: ["line 4, column 3", "expected 2 columns (as in line 2)", "has 3", "'5'"])
        let tooFew = "1,2,3\n4,5\n"
        assertIOError({ () throws(CoreError) in try CSV.decode(tooFew, path: "r.csv") },
                      contains: ["line 2, column 3", "expected 3 columns", "only 2", "'4,5'"])
        let againstHeader = "a,b,c\n1,2\n"
        assertIOError({ () throws(CoreError) in try CSV.decode(againstHeader, path: "r.csv") },
                      contains: ["line 2, column 3", "the header on line 1"])
    }

    func testOnlyTheFirstLineCanBeAHeader() throws {
        assertIOError({ () throws(CoreError) in try CSV.decode("a,b\n1,2\nc,d\n", path: "h") },
                      contains: ["line 3, column 1", "'c'", "not a number"])
        // A first line mixing numbers and words is a data error, not a header.
        assertIOError({ () throws(CoreError) in try CSV.decode("1,abc\n2,3\n", path: "h") },
                      contains: ["line 1, column 2", "'abc'"])
        // The header may come after comments and blank lines.
        let t = try CSV.decode("# units: m\n\nx,y\n1,2\n", path: "h")
        XCTAssertEqual(t.shape, [1, 2])
        // A header cell that looks like a number makes the line data.
        assertIOError({ () throws(CoreError) in try CSV.decode("x,nan\n1,2\n", path: "h") },
                      contains: ["line 1, column 1", "'x'"])
    }

    func testLongOffendingTextIsShortened() throws {
        let long = String(repeating: "z", count: 500)
        let reason = assertIOError({ () throws(CoreError) in try CSV.decode("1\n\(long)\n", path: "l") },
                                   contains: ["line 2, column 1", "..."])
        XCTAssertLessThan(reason?.count ?? 0, 200)
    }

    func testReadFromFiles() throws {
        let dir = try makeTemporaryDirectory(self)
        let good = dir.appendingPathComponent("m.csv").path
        XCTAssertTrue(FileManager.default.createFile(atPath: good, contents: Data("a,b\n1,2\n3,4\n".utf8)))
        let t = try CSV.read(path: good)
        XCTAssertEqual(t.shape, [2, 2])
        XCTAssertEqual(t.scalars, [1, 2, 3, 4])

        let missing = dir.appendingPathComponent("none.csv").path
        assertIOError({ () throws(CoreError) in try CSV.read(path: missing) }, path: missing, contains: ["no such file"])
        assertIOError({ () throws(CoreError) in try CSV.read(path: dir.path) }, contains: ["directory"])
        let binary = dir.appendingPathComponent("bin.csv").path
        XCTAssertTrue(FileManager.default.createFile(atPath: binary, contents: Data([0x31, 0x2C, 0xFF, 0xFE, 0x0A])))
        assertIOError({ () throws(CoreError) in try CSV.read(path: binary) }, path: binary, contains: ["UTF-8"])
        let ragged = dir.appendingPathComponent("ragged.csv").path
        XCTAssertTrue(FileManager.default.createFile(atPath: ragged, contents: Data("1,2\n3\n".utf8)))
        assertIOError({ () throws(CoreError) in try CSV.read(path: ragged) }, path: ragged, contains: ["line 2, column 2"])
    }
}
