import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// End-to-end tests of the real `attn` binary, run as a process.
final class CLITests: CLITestCase {
    // MARK: - attn -e

    func testEvaluatePrintsValues() throws {
        let r = try attn("-e", "1 + 2; [0.5, 0.5]")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "3\n[0.5, 0.5]\n")
        XCTAssertEqual(r.stderr, "")
    }

    func testEvaluateMatrixAndSilencing() throws {
        let r = try attn("-e", "let x = [[1, 2], [3, 4]]\nx;\nx.T")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "[[1, 3],\n [2, 4]]\n")
        XCTAssertEqual(try attn("-e", "1; 2").stdout, "1\n2\n", "only a ';' last on its line silences")
        XCTAssertEqual(try attn("-e", "print(\"w =\", 1/4)").stdout, "w = 0.25\n")
    }

    func testEvaluateErrorFormat() throws {
        let r = try attn("-e", "1 + foo")
        assertFails(r)
        XCTAssertEqual(r.stdout, "")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.first, "<command line>:1:5: error: unknown name 'foo'")
        XCTAssertTrue(lines.count >= 3, r.stderr)
        XCTAssertEqual(lines[1], "1 | 1 + foo")
        XCTAssertEqual(lines[2], "  |     ^~~")
        XCTAssertFalse(r.stderr.contains("\u{1B}["), "no colour when stderr is not a terminal")
    }

    func testEvaluateStopsAtTheFirstError() throws {
        let r = try attn("-e", "1\nnope\n3")
        assertFails(r, containing: "<command line>:2:1: error: unknown name 'nope'")
        XCTAssertEqual(r.stdout, "1\n", "values before the error are shown, nothing after")
    }

    func testSyntaxErrorFormat() throws {
        let r = try attn("-e", "[1, 2) * 3")
        assertFails(r, containing: "<command line>:1:6: error:", "1 | [1, 2) * 3\n  |      ^")
    }

    func testErrorNotesShown() throws {
        let r = try attn("-e", "softmx([1, 2])")
        assertFails(r, containing: "= note: did you mean 'softmax'?")
    }

    func testMultipleEvaluations() throws {
        let r = try attn("-e", "x = 2", "-e", "x * 3")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "6\n", "all -e run in one session, in order")
        let bad = try attn("-e", "1", "-e", "y", "-e", "3")
        assertFails(bad, containing: "<command line 2>:1:1: error: unknown name 'y'")
        XCTAssertEqual(bad.stdout, "1\n")
    }

    func testPrecisionOption() throws {
        XCTAssertEqual(try attn("--precision", "3", "-e", "1/3").stdout, "0.333\n")
        XCTAssertEqual(try attn("--precision", "full", "-e", "1/3").stdout, "0.3333333333333333\n")
        XCTAssertEqual(try attn("--precision", "full", "-e", "0.1 + 0.2").stdout, "0.30000000000000004\n")
        XCTAssertEqual(try attn("-e", "1/3").stdout, "0.333333\n")
        XCTAssertEqual(try attn("-e", "precision(2); 2/3").stdout, "0.67\n")
        let file = try write("p.attn", "1/3\n")
        XCTAssertEqual(try attn("--precision", "4", file).stdout, "0.3333\n")
    }

    func testDtypesPrintReadBackAndKeepTheirDtypeInFiles() throws {
        XCTAssertEqual(try attn("-e", "f32(1/3); i64(2^40); bool([1, 0]); dtype(i32(7))").stdout,
                       "f32(0.333333)\ni64(1099511627776)\nbool([ true, false])\n\"int32\"\n")
        XCTAssertEqual(try attn("--precision", "full", "-e", "f32(1/3)").stdout, "f32(0.33333334)\n")
        // What attn prints, attn reads back, dtype and all.
        let printed = try attn("--precision", "full", "-e", "f32([0.1, 1/3]); i32([-7, 8])").stdout
        let again = try attn("--precision", "full", "-e", printed.split(separator: "\n").joined(separator: "; ")).stdout
        XCTAssertEqual(again, printed)
        // .npy keeps the dtype both ways.
        let path = scratch.appendingPathComponent("w.npy").path
        let saved = try attn("-e", "save(f32([0.1, 0.2]), \"\(path)\"); x = load(\"\(path)\"); x; dtype(x)")
        XCTAssertEqual(saved.stdout, "f32([0.1, 0.2])\n\"float32\"\n", saved.stderr)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertTrue(String(decoding: bytes.prefix(64), as: UTF8.self).contains("'descr': '<f4'"))
    }

    func testCheckJudgesAndFixRewritesInTheValuesDtype() throws {
        let path = try write("dtypes.attn", """
            f32([0.25, 0.5])  # => f32([0.25, 0.5])
            f32(softmax([1, 2]))  # => array([0.5, 0.5])
            softmax([1, 2])  # => f32([0.268941, 0.731059])
            i64([3, 4])  # => [3, 4]

            """)
        let check = try attn("check", path)
        XCTAssertEqual(check.status, 1)
        XCTAssertTrue(check.stdout.contains("dtype mismatch: the claim says float32, the value is float64"), check.stdout)
        XCTAssertTrue(check.stdout.hasSuffix("2 passed, 2 failed\n"), check.stdout)
        let fix = try attn("fix", path)
        XCTAssertEqual(fix.status, 0, fix.stdout + fix.stderr)
        let fixed = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertEqual(fixed, """
            f32([0.25, 0.5])  # => f32([0.25, 0.5])
            f32(softmax([1, 2]))  # => array([0.268941, 0.731059], dtype=float32)
            softmax([1, 2])  # => [0.268941, 0.731059]
            i64([3, 4])  # => [3, 4]

            """)
        XCTAssertEqual(try attn("check", path).status, 0)
    }

    func testMaxElements() throws {
        let r = try attn("--max-elements", "10", "-e", "zeros([5, 5])")
        assertFails(r, containing: "too large", "<command line>:1:1: error:")
        XCTAssertEqual(try attn("--max-elements", "10", "-e", "shape(zeros([2, 5]))").stdout, "[2, 5]\n")
        XCTAssertEqual(try attn("-e", "shape(zeros([5, 5]))").stdout, "[5, 5]\n")
        assertFails(try attn("-e", "zeros([100000, 100000])"), containing: "too large")
    }

    // MARK: - Bad usage: exit 2

    func testBadOptionValuesAreUsageErrors() throws {
        for args in [["--precision", "0", "-e", "1"], ["--precision", "18", "-e", "1"], ["--precision", "many", "-e", "1"],
                     ["--max-elements", "0", "-e", "1"], ["--max-elements", "lots", "-e", "1"],
                     ["--color", "sometimes", "-e", "1"], ["--bogus", "-e", "1"], ["-e"]] {
            let r = try attn(args)
            XCTAssertTrue(r.exited, "\(args)")
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", "\(args)")
            XCTAssertFalse(r.stderr.isEmpty, "\(args) says why")
        }
        let r = try attn("--precision", "0", "-e", "1")
        XCTAssertTrue(r.stderr.contains("--precision"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Usage"), r.stderr)
    }

    func testHelpAndVersion() throws {
        let help = try attn("--help")
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue((help.stdout + help.stderr).contains("-e"), help.stdout)
        let version = try attn("--version")
        XCTAssertEqual(version.status, 0)
        XCTAssertFalse(version.stdout.isEmpty)
    }

    // MARK: - Line width

    func testWidthOptionWrapsRowsBetweenElements() throws {
        // range(30) takes 2 columns an element: at 40 columns a row holds 10
        // (`[` + 10·2 + 9·", " ends at column 39, leaving room for `]`), and
        // numpy's hanging indent of one blank starts each further line.
        let r = try attn("--width", "40", "-e", "range(30)")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
            [ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,
             10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
             20, 21, 22, 23, 24, 25, 26, 27, 28, 29]

            """)
        // Not a terminal and no --width: numpy's 75 columns, 18 to a row.
        let wide = try attn("-e", "range(30)")
        XCTAssertEqual(wide.lines.first, "[" + (0..<18).map { String(format: "%2d", $0) }.joined(separator: ", ") + ",")
        XCTAssertEqual(wide.lines.count, 3, wide.stdout)
        // A matrix wraps the same way, every line within 40 columns: a row
        // sits inside two brackets, so its elements end by column 38.
        let m = try attn("--width", "40", "-e", "reshape(range(60) / 4, [3, 20])")
        XCTAssertEqual(m.status, 0, m.stderr)
        for line in m.lines { XCTAssertLessThanOrEqual(line.count, 40, m.stdout) }
        XCTAssertTrue(m.stdout.hasPrefix("[[    0,  0.25,   0.5,  0.75,     1,\n   1.25,"), m.stdout)
        // print() writes a tensor as a value is shown (after its label, as numpy's print does).
        XCTAssertEqual(try attn("--width", "40", "-e", "print(\"x:\", range(30))").stdout, "x: " + r.stdout)
    }

    func testWidthOptionFitsLongErrorLines() throws {
        let code = "let b = " + String(repeating: "1 + ", count: 30) + "zzz" + String(repeating: " + 1", count: 30)
        let r = try attn("--width", "40", "-e", code)
        assertFails(r, containing: "<command line>:1:129: error: unknown name 'zzz'")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        XCTAssertGreaterThanOrEqual(lines.count, 3, r.stderr)
        XCTAssertLessThanOrEqual(lines[1].count, 40, lines[1])
        XCTAssertLessThanOrEqual(lines[2].count, 40, lines[2])
        let column = try XCTUnwrap(lines[1].range(of: "zzz")).lowerBound
        XCTAssertEqual(lines[1].distance(from: lines[1].startIndex, to: column),
                       lines[2].distance(from: lines[2].startIndex, to: try XCTUnwrap(lines[2].firstIndex(of: "^"))))
    }

    func testWidthOptionIsValidated() throws {
        for value in ["19", "0", "-5", "wide"] {
            let r = try attn(["--width", value, "-e", "1"])
            XCTAssertEqual(r.status, 2, "--width \(value): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("--width"), r.stderr)
        }
        XCTAssertEqual(try attn("--width", "20", "-e", "[1, 2]").stdout, "[1, 2]\n")
    }

    func testWrappedTranscriptsPassCheck() throws {
        // Wide vectors and matrices, wrapped at several widths, written as a
        // transcript: attn check must accept it as it is.
        let script = try write("wide.attn", """
            let v = range(40) / 7
            v
            reshape(range(48) * 1.5, [4, 12])
            reshape(range(72) / 3, [2, 3, 12])
            print(v)
            print("scaled:", v * 100)
            softmax(range(25))

            """)
        for width in ["20", "40", "75", "200"] {
            let run = try attn(["run", "--transcript", "--width", width, script])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertTrue(width == "200" || run.stdout.contains(",\n"), "rows wrapped at width \(width):\n\(run.stdout)")
            let transcript = try write("wide-\(width).attn", run.stdout)
            let check = try attn(["check", transcript])
            XCTAssertEqual(check.status, 0, "width \(width):\n\(check.stdout)\n\(run.stdout)")
            XCTAssertTrue(check.stdout.hasSuffix(" passed, 0 failed\n"), check.stdout)
        }
    }

    // MARK: - Scripts

    func testRunScript() throws {
        let file = try write("ok.attn", "# a script\nlet q = [0.5, 0.5]\nq * 2\nq;\nprint(\"done\")\n")
        for args in [["run", file], [file]] {
            let r = try attn(args)
            XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
            XCTAssertEqual(r.stdout, "[1, 1]\ndone\n", "\(args)")
            XCTAssertEqual(r.stderr, "")
        }
    }

    func testRunScriptErrorFormat() throws {
        let file = try write("bad.attn", "let a = 1\na + 1\nlet b = a +* 2\n3\n")
        for args in [["run", file], [file]] {
            let r = try attn(args)
            assertFails(r, containing: "\(file):3:12: error: expected an expression, found '*'", "3 | let b = a +* 2\n  |            ^")
            XCTAssertEqual(r.stdout, "2\n", "\(args): statements before the error ran, none after")
        }
    }

    func testRunScriptRuntimeErrorInAFunction() throws {
        let file = try write("fn.attn", "let f(x) = x + missing\n\nf(1)\n")
        let r = try attn([file])
        assertFails(r, containing: "\(file):1:16: error: unknown name 'missing'", "1 | let f(x) = x + missing")
    }

    func testRelativePathInMessages() throws {
        _ = try write("rel.attn", "\n\n  oops\n")
        let r = try attn(["rel.attn"])
        assertFails(r, containing: "rel.attn:3:3: error: unknown name 'oops'")
    }

    func testSeveralScriptsShareOneSession() throws {
        let a = try write("a.attn", "let w = 3\n")
        let b = try write("b.attn", "w + 1\n")
        let r = try attn(["run", a, b])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "4\n")
    }

    func testMissingFile() throws {
        let path = scratch.appendingPathComponent("nope.attn").path
        for args in [["run", path], [path]] {
            let r = try attn(args)
            assertFails(r, containing: path, "no such file")
        }
    }

    func testDirectoryAsScript() throws {
        let r = try attn(["run", scratch.path])
        assertFails(r, containing: "directory")
    }

    func testBinaryGarbageScript() throws {
        var rng = UInt64(0xA77E_0001)
        var bytes = [UInt8]()
        for _ in 0..<4096 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            bytes.append(UInt8(truncatingIfNeeded: rng >> 33))
        }
        let file = try write("garbage.attn", Data(bytes))
        let r = try attn([file])
        assertFails(r, containing: "garbage.attn")
        XCTAssertEqual(r.stdout, "")
        // Control characters that are valid UTF-8: a positioned error, not a crash.
        let controls = try write("controls.attn", "1 + \u{1}\u{2}\u{1B}[2J\n")
        let c = try attn([controls])
        assertFails(c, containing: "controls.attn:1:5: error:")
        XCTAssertFalse(c.stderr.contains("\u{1B}"), "the escape sequence in the source is not echoed raw: \(c.stderr.debugDescription)")
        // And the same garbage piped to stdin.
        let piped = try attn([], input: Data(bytes))
        XCTAssertTrue(piped.exited)
        XCTAssertEqual(piped.status, 1)
    }

    // MARK: - Files: written safely, only regular files read

    private func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    private func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    func testFixWritesTheTargetOfASymlinkAndKeepsTheLink() throws {
        let real = try write("real.attn", "1 + 1  # => 3\n")
        let link = scratch.appendingPathComponent("link.attn").path
        XCTAssertEqual(symlink("real.attn", link), 0)
        let r = try attn(["fix", link])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(isSymlink(link), "attn fix replaced the link with a regular file")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "real.attn")
        XCTAssertEqual(text(real), "1 + 1  # => 2\n")
    }

    func testFixRefusesAReadOnlyFileUnlessForced() throws {
        let path = try write("ro.attn", "1 + 1  # => 3\n")
        XCTAssertEqual(chmod(path, 0o444), 0)
        let refused = try attn(["fix", path])
        assertFails(refused, containing: "'\(path)': is read-only (use --force to write it anyway)")
        XCTAssertEqual(text(path), "1 + 1  # => 3\n")

        let forced = try attn(["fix", "--force", path])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(text(path), "1 + 1  # => 2\n")
        var info = stat()
        XCTAssertEqual(stat(path, &info), 0)
        XCTAssertEqual(info.st_mode & 0o7777, 0o444, "--force writes the file but leaves it read-only")
    }

    func testJUnitReportWritesTheTargetOfASymlink() throws {
        let document = try write("ok.attn", "1 + 1  # => 2\n")
        let report = try write("report.xml", "old report")
        let link = scratch.appendingPathComponent("latest.xml").path
        XCTAssertEqual(symlink("report.xml", link), 0)
        let r = try attn(["check", "--junit", link, document])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(isSymlink(link), "--junit replaced the link with a regular file")
        XCTAssertTrue(text(report)?.contains("<testsuite") ?? false, text(report) ?? "no report")

        let device = try attn(["check", "--junit", "/dev/null", document])
        assertFails(device, containing: "'/dev/null': is a device, not a regular file")
    }

    func testLoadOfAFIFOFailsAtOnce() throws {
        let fifo = scratch.appendingPathComponent("pipe.npy").path
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        for arguments in [["-e", "load(\"pipe.npy\")"], ["run", fifo], ["check", fifo]] {
            let start = Date()
            let r = try attn(arguments, timeout: 10)
            XCTAssertLessThan(Date().timeIntervalSince(start), 5, "\(arguments) waited on the FIFO")
            assertFails(r)
            // check reports an unreadable document with its verdicts, on stdout.
            XCTAssertTrue((r.stderr + r.stdout).contains("is a FIFO, not a regular file"), "\(arguments): \(r.stderr)\(r.stdout)")
        }
    }

    func testFileErrorsAreInPlainWords() throws {
        let missing = try attn("-e", "load(\"missing.npy\")")
        assertFails(missing, containing: "'missing.npy': no such file")
        let intoFolder = try attn("-e", "save(eye(2), \"no/such/folder/x.npy\")")
        assertFails(intoFolder, containing: "the directory 'no/such/folder' does not exist")
        let onFolder = try attn("-e", "save(eye(2), \".\")")
        assertFails(onFolder, containing: "'.': is a directory")
        let document = try write("ok.attn", "1 + 1  # => 2\n")
        let junit = try attn(["check", "--junit", scratch.appendingPathComponent("none/r.xml").path, document])
        assertFails(junit, containing: "cannot write the JUnit report", "does not exist")
        for r in [missing, intoFolder, onFolder, junit] {
            XCTAssertFalse(r.stderr.contains("NSCocoaErrorDomain") || r.stderr.contains("Error Domain"), r.stderr)
        }
    }

    func testTildeIsTheHomeDirectory() throws {
        let home = ["HOME": scratch.path]
        let r = try attn(["-e", "save(eye(2), \"~/e.npy\"); load(\"~/e.npy\")"], environment: home)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "[[1, 0],\n [0, 1]]\n")
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("e.npy").path))
        _ = try write("s.attn", "40 + 2\n")
        let script = try attn(["run", "~/s.attn"], environment: home)
        XCTAssertEqual(script.stdout, "42\n", script.stderr)
        let document = try write("ok.attn", "1 + 1  # => 2\n")
        let check = try attn(["check", "--junit", "~/r.xml", document], environment: home)
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("r.xml").path))
    }

    // MARK: - Scripts on stdin

    func testPipedScriptRuns() throws {
        let r = try attn([], input: Data("let x = 2\nx * 21\n".utf8))
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "42\n", "no prompt, no banner")
        XCTAssertEqual(r.stderr, "")
    }

    func testPipedScriptKeepsGoingAfterAFailure() throws {
        let r = try attn([], input: Data("1 + 1\nfoo\n3 +* 4\nlet y = 5\ny\n".utf8))
        assertFails(r, containing: "<stdin>:2:1: error: unknown name 'foo'", "<stdin>:3:4: error:", "failed")
        XCTAssertEqual(r.stdout, "2\n5\n")
    }

    func testByteOrderMarkOnStdinAndInFiles() throws {
        let script = Data([0xEF, 0xBB, 0xBF] + Array("1 + 1\n".utf8))
        let piped = try attn([], input: script)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertEqual(piped.stdout, "2\n")
        let file = try write("bom.attn", script)
        let r = try attn([file])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "2\n")
    }

    func testWindowsLineEndings() throws {
        let file = try write("crlf.attn", "1\r\nlet y = 2 +\r\n  3\r\ny\r\nnope\r\n")
        let r = try attn([file])
        assertFails(r, containing: "crlf.attn:5:1: error: unknown name 'nope'\n5 | nope\n")
        XCTAssertEqual(r.stdout, "1\n5\n")
    }

    func testEmptyStdin() throws {
        let r = try attn([], input: Data())
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
    }

    // MARK: - Limits: errors, never a crash

    func testDeepNestingIsAnError() throws {
        for (name, text) in [("parens", String(repeating: "(", count: 100_000)),
                             ("closed", String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)),
                             ("brackets", String(repeating: "[", count: 100_000)),
                             ("minus", String(repeating: "-", count: 100_000) + "1"),
                             ("power", String(repeating: "2^", count: 100_000) + "1"),
                             ("sum", "1" + String(repeating: "+1", count: 100_000)),
                             ("index", "[1]" + String(repeating: "[0]", count: 100_000)),
                             ("transpose", "[1]" + String(repeating: ".T", count: 100_000))] {
            let file = try write("\(name).attn", text + "\n")
            let r = try attn([file])
            assertFails(r, containing: "\(name).attn:1:", "nested too deeply")
        }
    }

    func testDeepNestingOnTheCommandLine() throws {
        let r = try attn("-e", String(repeating: "(", count: 100_000))
        assertFails(r, containing: "nested too deeply")
    }

    func testInfiniteRecursionIsAnError() throws {
        let r = try attn("-e", "let f(x) = f(x); f(1)")
        assertFails(r, containing: "recursion")
        let mutual = try write("mutual.attn", "let f(x) = g(x) + 1\nlet g(x) = f(x)\nf(0)\n")
        assertFails(try attn([mutual]), containing: "recursion")
        let deepBody = "let f(x) = " + String(repeating: "0+(", count: 95) + "f(x)" + String(repeating: ")", count: 95) + "\nf(1)\n"
        assertFails(try attn([try write("deep.attn", deepBody)]), containing: "recursion")
    }

    // MARK: - Colour

    func testColorAlways() throws {
        let r = try attn("--color", "always", "-e", "nope")
        assertFails(r, containing: "\u{1B}[", "unknown name 'nope'")
    }

    func testNoColorWhenAskedNot() throws {
        let never = try attn("--color", "never", "-e", "nope")
        assertFails(never)
        XCTAssertFalse(never.stderr.contains("\u{1B}"))
        let r = try attn(["--color", "auto", "-e", "nope"], environment: ["NO_COLOR": "1"])
        assertFails(r)
        XCTAssertFalse(r.stderr.contains("\u{1B}"))
    }

    /// Runs attn with stderr on a pseudo-terminal and returns what it wrote there.
    private func stderrOnTerminal(_ arguments: [String], environment: [String: String]) throws -> String {
        var master: Int32 = -1, slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { throw XCTSkip("no pseudo-terminal available") }
        let process = Process()
        process.executableURL = try XCTUnwrap(CLITestCase.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env["TERM"] = "xterm"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let slaveHandle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        process.standardError = slaveHandle
        try process.run()
        process.waitUntilExit()
        try slaveHandle.close()
        // Everything the child wrote is buffered on the master side now.
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        while true {
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { break }
            output.append(contentsOf: buffer[0..<n])
        }
        close(master)
        return String(decoding: output, as: UTF8.self)
    }

    func testAutoColorOnATerminalAndNoColor() throws {
        let colored = try stderrOnTerminal(["--color", "auto", "-e", "nope"], environment: [:])
        XCTAssertTrue(colored.contains("unknown name 'nope'"), colored)
        XCTAssertTrue(colored.contains("\u{1B}["), "auto colours a terminal: \(colored.debugDescription)")
        let plain = try stderrOnTerminal(["--color", "auto", "-e", "nope"], environment: ["NO_COLOR": "1"])
        XCTAssertTrue(plain.contains("unknown name 'nope'"), plain)
        XCTAssertFalse(plain.contains("\u{1B}"), "NO_COLOR turns colour off: \(plain.debugDescription)")
    }
}
