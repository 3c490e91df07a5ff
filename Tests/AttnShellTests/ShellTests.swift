import AttnCore
import AttnDocs
import AttnLang
import Foundation
import XCTest
@testable import AttnShell

/// `Shell` without a terminal: continuation decisions, and entries run with
/// their output and errors captured.
final class ShellTests: XCTestCase {
    /// A shell whose `out` and `err` are collected; `take()` returns and
    /// clears what each received since the last call.
    private final class Harness {
        let shell: Shell

        init(color: Bool = false) {
            let box = Box()
            shell = Shell(session: Session(), color: color,
                          out: { box.out += $0 },
                          err: { box.err += $0 })
            self.box = box
        }

        private let box: Box
        private final class Box {
            var out = ""
            var err = ""
        }

        /// Runs `entry` and returns what it wrote to `out` and to `err`.
        @discardableResult
        func run(_ entry: String) -> Output {
            box.out = ""
            box.err = ""
            shell.handle(entry)
            return Output(out: box.out, err: box.err)
        }

        /// Runs `lines` as the interactive loop runs a typed line or a
        /// paste: one block, one piece of work.
        @discardableResult
        func runBlock(_ lines: [String]) -> Output {
            box.out = ""
            box.err = ""
            var buffer: [String] = []
            ShellLoop.handleBlock(lines, shell: shell, buffer: &buffer, remember: { _ in })
            return Output(out: box.out, err: box.err)
        }
    }

    private struct Output: Equatable {
        var out: String
        var err: String
        var pair: (String, String) { (out, err) }
    }

    private func io(_ out: String, _ err: String = "") -> Output { Output(out: out, err: err) }

    // MARK: - Python

    /// The seed article's numpy program (section 5.2), as the article prints it.
    static let seedProgram = """
        import numpy as np

        # 定义注意力权重计算函数
        def attention_weights(q, k):
            similarity = np.dot(q, k)
            attention_weights = np.exp(similarity)
            attention_weights /= np.sum(attention_weights)
            return attention_weights

        # 定义加权求和函数
        def weighted_sum(x, weights):
            return np.dot(x, weights)

        x = np.array([1, 2, 3, 4, 5])
        q = np.array([0.5, 0.5])
        k = np.array([1, 1])
        weights = attention_weights(q, k)
        y = weighted_sum(x, weights)

        print("输入序列：", x)
        print("查询层：", q)
        print("键值对层：", k)
        print("注意力权重：", weights)
        print("加权求和结果：", y)
        """

    func testPastedNumpyProgramPrintsWhatPython3Prints() {
        let h = Harness()
        // python3 + numpy 2.4 print exactly this for the program (the golden
        // corpus records the same output from python3 for this program).
        let python3 = "输入序列： [1 2 3 4 5]\n查询层： [0.5 0.5]\n键值对层： [1 1]\n注意力权重： 1.0\n加权求和结果： [1. 2. 3. 4. 5.]\n"
        XCTAssertEqual(h.runBlock(Self.seedProgram.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)),
                       io(python3))
        // The names it bound are attn's too.
        XCTAssertEqual(h.run("sum(y)").out, "15\n")
    }

    func testPythonModeAndSingleLinesOfPython() {
        let h = Harness()
        h.run("let q = [0.5, 0.5]")
        // A line that is not attn syntax but is Python runs as Python, with attn's names.
        XCTAssertEqual(h.run("import numpy as np"), io(""))
        XCTAssertEqual(h.run("np.exp(q) / np.exp(q).sum()").out, "array([0.5, 0.5])\n")
        XCTAssertEqual(h.shell.prompt, "attn> ")
        XCTAssertTrue(h.run(":python").out.hasPrefix("Python mode"))
        XCTAssertEqual(h.shell.prompt, ">>> ")
        // In Python mode, `print(x)` prints as Python does, and a compound
        // statement continues until a blank line, as at Python's prompt.
        XCTAssertEqual(h.run("print(q)").out, "[0.5 0.5]\n")
        XCTAssertTrue(h.shell.needsContinuation("def f(x):\n    return x + 1"))
        XCTAssertFalse(h.shell.needsContinuation("def f(x):\n    return x + 1\n"))
        h.run("def f(x):\n    return x + 1\n")
        XCTAssertEqual(h.run("f(2)").out, "3\n")
        XCTAssertEqual(h.run("g(2)").err.contains("NameError: name 'g' is not defined"), true)
        h.run("w = np.ones(2)")
        h.run(":attn")
        XCTAssertEqual(h.shell.prompt, "attn> ")
        XCTAssertEqual(h.run("print(q)").out, "[0.5, 0.5]\n")
        // attn rebinding a name Python wrote: Python sees the new value.
        XCTAssertEqual(h.run("w").out, "[1, 1]\n")
        h.run("let w = [5, 6]")
        XCTAssertEqual(h.run("np.sum(w)").out, "np.float64(11.0)\n")
        // :reset forgets the Python names too.
        h.shell.resetSession()
        XCTAssertTrue(h.run("np.zeros(1)").err.contains("NameError"))
    }

    // MARK: - needsContinuation

    func testUnclosedBracketsContinue() {
        XCTAssertTrue(Shell().needsContinuation("softmax("))
        XCTAssertTrue(Shell().needsContinuation("softmax([1, 2"))
        XCTAssertTrue(Shell().needsContinuation("let K = [[1, 1],"))
        XCTAssertTrue(Shell().needsContinuation("attend(Q, K,\n  V"))
        XCTAssertTrue(Shell().needsContinuation("[[1, 2],\n [3, 4]"))
    }

    func testTrailingOperatorCommaAndBackslashContinue() {
        for op in ["+", "-", "*", "/", "@", "^", "==", "!=", "<", "<=", ">", ">="] {
            XCTAssertTrue(Shell().needsContinuation("1 \(op)"), "trailing \(op)")
        }
        XCTAssertTrue(Shell().needsContinuation("let total = 1 +"))
        XCTAssertTrue(Shell().needsContinuation("[1, 2,"))
        XCTAssertTrue(Shell().needsContinuation("attend(Q, K,"))
        XCTAssertTrue(Shell().needsContinuation("let x = 1 \\"))
        XCTAssertTrue(Shell().needsContinuation("let x = 1 +\n  2 \\"))
    }

    func testCompleteStatementsDoNotContinue() {
        XCTAssertFalse(Shell().needsContinuation("1 + 2"))
        XCTAssertFalse(Shell().needsContinuation("softmax([1, 2])"))
        XCTAssertFalse(Shell().needsContinuation("let K = [[1, 1],\n         [1, -1]]"))
        XCTAssertFalse(Shell().needsContinuation("let total = 1 +\n  2"))
        XCTAssertFalse(Shell().needsContinuation("let x = 1 \\\n  + 2"))
        XCTAssertFalse(Shell().needsContinuation("x;"))
        XCTAssertFalse(Shell().needsContinuation(""))
        XCTAssertFalse(Shell().needsContinuation("# only a comment"))
        // An error is reported, not continued: more lines cannot fix it.
        XCTAssertFalse(Shell().needsContinuation("softmax([1, 2]))"))
        XCTAssertFalse(Shell().needsContinuation("1 + * 2"))
    }

    func testMetaCommandsNeverContinue() {
        XCTAssertFalse(Shell().needsContinuation(":type softmax("))
        XCTAssertFalse(Shell().needsContinuation(":shape [1, 2,"))
        XCTAssertFalse(Shell().needsContinuation(":time 1 +"))
        XCTAssertFalse(Shell().needsContinuation("  :load file \\"))
    }

    // MARK: - Values, _, ; and errors

    func testBareExpressionPrintsItsValue() {
        let h = Harness()
        XCTAssertEqual(h.run("softmax([1, 2])").out, "[0.268941, 0.731059]\n")
        XCTAssertEqual(h.run("1 + 1").out, "2\n")
        XCTAssertEqual(h.run("[[1, 2], [3, 4]]").out, "[[1, 2],\n [3, 4]]\n")
        XCTAssertEqual(h.run("1; 2"), io("1\n2\n", ""))
        XCTAssertEqual(h.run("let x = 5"), io("", ""), "a binding shows nothing")
        XCTAssertEqual(h.run("x * 2").out, "10\n")
        XCTAssertEqual(h.run("print(\"hello\")"), io("hello\n", ""))
    }

    func testUnderscoreHoldsTheLastValue() {
        let h = Harness()
        h.run("softmax([1, 2])")
        XCTAssertEqual(h.run("_ * 2").out, "[0.537883,  1.46212]\n")
        XCTAssertEqual(h.run("_[0]").out, "0.537883\n")
        XCTAssertEqual(h.run(":vars").out, "no variables yet\n", "_ is not listed as a variable")
    }

    func testTrailingSemicolonIsSilent() {
        let h = Harness()
        XCTAssertEqual(h.run("1 + 1;"), io("", ""))
        XCTAssertEqual(h.run("softmax([1, 2]);"), io("", ""))
        XCTAssertEqual(h.run("let y = 3;"), io("", ""))
        XCTAssertEqual(h.run("y").out, "3\n")
    }

    func testErrorsAreRenderedWithACaret() {
        let h = Harness()
        let (out, err) = h.run("foo(1)").pair
        XCTAssertEqual(out, "")
        XCTAssertTrue(err.contains("error: unknown name 'foo'"), err)
        XCTAssertTrue(err.contains("1 | foo(1)\n"), err)
        XCTAssertTrue(err.contains("  | ^~~"), err)
        XCTAssertFalse(err.contains("\u{1B}"), "no colour when color is off: \(err.debugDescription)")

        let line = "softmax([1, 2]) + [1, 2, 3]"
        let broadcast = h.run(line).err
        XCTAssertTrue(broadcast.contains("could not be broadcast"), broadcast)
        XCTAssertTrue(broadcast.contains("1 | \(line)\n  | ^" + String(repeating: "~", count: line.count - 1)), broadcast)

        // A parse error points at the offending token on its own line.
        let parse = h.run("let a = 1\n1 + * 2").err
        XCTAssertTrue(parse.contains("2 | 1 + * 2\n"), parse)
        XCTAssertTrue(parse.contains("  |     ^"), parse)
    }

    func testErrorsStopTheEntryButKeepEarlierStatements() {
        let h = Harness()
        let (out, err) = h.run("let a = 1; a + 1; nope; 99").pair
        XCTAssertEqual(out, "2\n")
        XCTAssertTrue(err.contains("unknown name 'nope'"), err)
        XCTAssertEqual(h.run("a").out, "1\n")
    }

    func testColouredErrors() {
        let h = Harness(color: true)
        let err = h.run("foo(1)").err
        XCTAssertTrue(err.contains("\u{1B}[1;31m"), err.debugDescription)
        XCTAssertTrue(PTY.stripANSI(err).contains("1 | foo(1)\n"), err.debugDescription)
    }

    func testEntriesAreRemembered() {
        let h = Harness()
        h.run("1 + 1")
        h.run("   ")
        h.run(":vars")
        XCTAssertEqual(h.shell.entries, ["1 + 1", ":vars"])
    }

    // MARK: - Meta-commands

    func testHelpListsEveryCommand() {
        let h = Harness()
        let (out, err) = h.run(":help").pair
        XCTAssertEqual(err, "")
        for name in ["help", "vars", "type", "shape", "load", "save", "reset", "precision", "time", "history", "python", "attn", "quit"] {
            XCTAssertTrue(out.contains("  :\(name)"), ":\(name) missing from\n\(out)")
        }
        XCTAssertEqual(Shell.metaCommands.count, 13)
    }

    func testHelpForABuiltinAndACommand() throws {
        let h = Harness()
        let softmax = try XCTUnwrap(Builtins.table["softmax"])
        let (out, err) = h.run(":help softmax").pair
        XCTAssertEqual(err, "")
        XCTAssertEqual(out, softmax.help + "\n")
        XCTAssertTrue(out.hasPrefix("softmax("), out)
        XCTAssertEqual(h.run(":help \"softmax\"").out, out, "quotes are tolerated")
        XCTAssertEqual(h.run(":help softmax()").out, out, "parentheses are tolerated")

        XCTAssertTrue(h.run(":help time").out.hasPrefix(":time EXPR\n"))
        XCTAssertTrue(h.run(":help :time").out.hasPrefix(":time EXPR\n"))
        // Some commands share a name with a builtin (load, save, shape,
        // help, precision): the bare name is the builtin, :name the command.
        for name in ["load", "save", "shape", "help", "precision"] {
            let builtin = try XCTUnwrap(Builtins.table[name], name)
            XCTAssertEqual(h.run(":help \(name)").out, builtin.help + "\n", name)
            let command = h.run(":help :\(name)").out
            XCTAssertTrue(command.hasPrefix(":\(name) "), "\(name): \(command)")
        }

        let unknown = h.run(":help softmx")
        XCTAssertEqual(unknown.out, "")
        XCTAssertTrue(unknown.err.contains("did you mean 'softmax'?"), unknown.err)
    }

    func testVars() {
        let h = Harness()
        XCTAssertEqual(h.run(":vars").out, "no variables yet\n")
        h.run("let Q = [[1, 2], [3, 4]]")
        h.run("let s = 2.5")
        h.run("let name = \"hi\"")
        h.run("let f(x) = x + 1")
        let lines = h.run(":vars").out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 4, lines.joined(separator: "\n"))
        func line(_ name: String) -> String { lines.first { $0.hasPrefix(name + " ") } ?? "" }
        XCTAssertTrue(line("Q").contains("float64 [2, 2]"), line("Q"))
        XCTAssertTrue(line("Q").contains("[[1, 2], [3, 4]]"), line("Q"))
        XCTAssertTrue(line("s").contains("float64 number"), line("s"))
        XCTAssertTrue(line("s").contains("2.5"), line("s"))
        XCTAssertTrue(line("name").contains("string"), line("name"))
        XCTAssertTrue(line("name").contains("\"hi\""), line("name"))
        XCTAssertTrue(line("f").contains("function"), line("f"))
        XCTAssertTrue(line("f").contains("f(x)"), line("f"))

        h.run("let big = randn([100, 100], seed: 1)")
        let big = h.run(":vars").out.split(separator: "\n").first { $0.hasPrefix("big ") } ?? ""
        XCTAssertTrue(big.contains("[100, 100]"), String(big))
        XCTAssertTrue(big.hasSuffix("..."), "a long preview is cut short: \(big)")
        XCTAssertFalse(big.contains("\n"))

        // Other dtypes: the dtype beside the shape, the elements as that dtype writes them.
        h.run("let w = f32([0.1, 0.2])")
        h.run("let n = i64(2^62)")
        h.run("let m = bool([1, 0])")
        let typed = h.run(":vars").out.split(separator: "\n").map(String.init)
        func typedLine(_ name: String) -> String { typed.first { $0.hasPrefix(name + " ") } ?? "" }
        XCTAssertTrue(typedLine("w").contains("float32 [2]") && typedLine("w").hasSuffix("[0.1, 0.2]"), typedLine("w"))
        XCTAssertTrue(typedLine("n").contains("int64 number") && typedLine("n").hasSuffix("4611686018427387904"), typedLine("n"))
        XCTAssertTrue(typedLine("m").contains("bool [2]") && typedLine("m").hasSuffix("[true, false]"), typedLine("m"))
    }

    func testTypeAndShape() {
        let h = Harness()
        h.run("let Q = [[1, 2, 3], [4, 5, 6]]")
        h.run("let f(x) = x")
        XCTAssertEqual(h.run(":type Q"), io("float64 tensor of shape [2, 3]\n", ""))
        XCTAssertEqual(h.run(":type 3").out, "float64 number\n")
        XCTAssertEqual(h.run(":type f32([1])").out, "float32 tensor of shape [1]\n")
        XCTAssertEqual(h.run(":type i32(7)").out, "int32 number\n")
        XCTAssertEqual(h.run(":type bool(zeros([0, 2]))").out, "bool tensor of shape [0, 2]\n")
        XCTAssertEqual(h.run(":type \"a\"").out, "string\n")
        XCTAssertEqual(h.run(":type f").out, "function f(x)\n")
        XCTAssertTrue(h.run(":type softmax").out.hasPrefix("builtin softmax("))
        XCTAssertEqual(h.run(":shape Q"), io("[2, 3]\n", ""))
        XCTAssertEqual(h.run(":shape Q @ transpose(Q)").out, "[2, 2]\n")
        XCTAssertEqual(h.run(":shape 3").out, "[]\n")
        XCTAssertEqual(h.run(":shape \"a\"").out, "a string has no shape\n")

        // Neither shows the value nor changes _.
        h.run("42")
        h.run(":type [1, 2]")
        XCTAssertEqual(h.run("_").out, "42\n")

        XCTAssertTrue(h.run(":type").err.contains("needs an expression"))
        XCTAssertTrue(h.run(":shape 1; 2").err.contains("one expression"))
        let bad = h.run(":shape nope").err
        XCTAssertTrue(bad.contains("unknown name 'nope'") && bad.contains("^~~~"), bad)
    }

    /// A stop request stops the rest of the block it arrived in, and only
    /// that block: the next typed line (or :type, :shape) runs normally.
    func testAnInterruptStopsItsBlockAndNotTheNext() {
        let h = Harness()
        h.run("let X = randn([300, 16], seed: 1)")
        Interrupt.request()  // what the SIGINT handler leaves behind after a stopped evaluation
        XCTAssertEqual(h.runBlock([":shape attend(X, X, X)"]), io("[300, 16]\n", ""))
        Interrupt.request()
        XCTAssertEqual(h.runBlock([":type attend(X, X, X)"]), io("float64 tensor of shape [300, 16]\n", ""))

        // Within one block, a request pending after the first entry stops the rest.
        h.run("let y = 1")
        Interrupt.clear()
        h.runBlock(["let y = 2"])
        XCTAssertEqual(h.run("y").out, "2\n")
        Interrupt.request()
        let stopped = h.run("let y = 3")
        XCTAssertEqual(stopped.err, "interrupted\n", "a statement that starts after a stop request does not run")
        Interrupt.clear()
        XCTAssertEqual(h.run("y").out, "2\n", "the interrupted let did not bind")
        Interrupt.clear()
    }

    func testLoadRunsAScriptIntoTheSession() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("script.attn")
        try "let a = 2\nlet g(x) = x * a\n# a comment\ng(3)\n".write(toFile: path, atomically: true, encoding: .utf8)
        let h = Harness()
        XCTAssertEqual(h.run(":load \(path)"), io("6\nloaded \(path)\n", ""))
        XCTAssertEqual(h.run("g(a)").out, "4\n")
        XCTAssertEqual(h.run(":load \"\(path)\"").out, "6\nloaded \(path)\n", "a quoted path works too")

        XCTAssertTrue(h.run(":load").err.contains("needs a file name"))
        let missing = h.run(":load \(dir.file("missing.attn"))")
        XCTAssertTrue(missing.err.contains("cannot read"), missing.err)

        // A failing script reports the error at its own line and is not "loaded".
        let bad = dir.file("bad.attn")
        try "let b = 1\nnope + 1\nlet c = 2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let result = h.run(":load \(bad)")
        XCTAssertEqual(result.out, "")
        XCTAssertTrue(result.err.contains("\(bad):2:1: error: unknown name 'nope'"), result.err)
        XCTAssertEqual(h.run("b").out, "1\n")
    }

    func testLoadRefusesAFIFOAtOnceAndSaysWhy() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let fifo = dir.file("pipe.attn")
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        // Should :load block, opening the writing end lets it go and the test fails on time.
        let watchdog = DispatchWorkItem {
            let fd = open(fifo, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + 5, execute: watchdog)
        defer { watchdog.cancel() }
        let start = Date()
        let result = Harness().run(":load \(fifo)")
        XCTAssertLessThan(Date().timeIntervalSince(start), 2, ":load waited on the FIFO")
        XCTAssertEqual(result.err, "cannot read '\(fifo)': is a FIFO, not a regular file\n")
        let missing = Harness().run(":load \(dir.file("none.attn"))")
        XCTAssertEqual(missing.err, "cannot read '\(dir.file("none.attn"))': no such file\n")
    }

    func testSaveWritesTheTargetOfASymlink() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let real = dir.file("real.attn")
        try "old\n".write(toFile: real, atomically: false, encoding: .utf8)
        let link = dir.file("link.attn")
        XCTAssertEqual(symlink("real.attn", link), 0)
        let h = Harness()
        h.run("1 + 1")
        XCTAssertEqual(h.run(":save! \(link)").err, "")
        var info = stat()
        XCTAssertEqual(lstat(link, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK, ":save replaced the link with a regular file")
        XCTAssertTrue(try String(contentsOfFile: real, encoding: .utf8).contains("1 + 1\n# => 2\n"))
        XCTAssertTrue(h.run(":save! /dev/null").err.contains("is a device, not a regular file"))
    }

    func testSaveWritesACheckableFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("session.attn")
        let h = Harness()
        h.run("let Q = [[1, 0], [0, 1]]")
        h.run("softmax([1, 2])")
        h.run("Q * 2")
        h.run("nope")  // a failed entry is not saved
        h.run("let s = 3; s + 1")
        h.run("s;")
        h.run(":vars")  // nor are meta-commands
        let (out, err) = h.run(":save \(path)").pair
        XCTAssertEqual(err, "")
        XCTAssertEqual(out, "saved 6 statements to \(path)\n")

        let text = try String(contentsOfFile: path, encoding: .utf8)
        // Split the file into statements and the claims that follow them.
        var statements: [String] = []
        var claims: [String: String] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("# => ") {
                let statement = try XCTUnwrap(statements.last, "a claim before any statement")
                XCTAssertNil(claims[statement])
                current = statement
                claims[statement] = String(line.dropFirst(5))
            } else if line.hasPrefix("#    "), let statement = current {
                claims[statement]! += "\n" + line.dropFirst(5)
            } else if line.hasPrefix("#") || line.isEmpty {
                current = nil
            } else {
                current = nil
                statements.append(line)
            }
        }
        XCTAssertEqual(statements, ["let Q = [[1, 0], [0, 1]]", "softmax([1, 2])", "Q * 2", "let s = 3", "s + 1", "s;"])
        XCTAssertEqual(claims, ["softmax([1, 2])": "[0.268941, 0.731059]", "Q * 2": "[[2, 0],\n [0, 2]]", "s + 1": "4"])

        // Every claim reads as a value with the executable-docs parser, and
        // the file runs in a fresh session to the same values.
        for claim in claims.values { XCTAssertNoThrow(try ClaimParser.parse(claim), claim) }
        var shown: [String] = []
        let ok = Session().run(SourceFile(name: path, text: text)) { outcome in
            if let display = outcome.display { shown.append(display) }
        }.ok
        XCTAssertTrue(ok)
        XCTAssertEqual(shown, ["[0.268941, 0.731059]", "[[2, 0],\n [0, 2]]", "4"])

        XCTAssertTrue(h.run(":save").err.contains("needs a file name"))
        XCTAssertTrue(h.run(":save \(dir.file("no/such/dir/x.attn"))").err.contains("cannot write"))
    }

    func testSavedClaimsPassCheckWhateverTheValue() throws {
        // Each value here once gave a claim that attn check failed: a
        // non-integer printed like an integer (123457, 1), an empty tensor,
        // and a summarized one, whose `...` cannot be checked.
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("session.attn")
        let h = Harness()
        for entry in ["123456.7", "0.9999999", "zeros([0, 3])", "rand([40, 30], seed: 1)",
                      "[1e-300, -0, 1 / 0, 0 / 0]", ":precision 2", "[123.4, 0.996]"] {
            XCTAssertEqual(h.run(entry).err, "", entry)
        }
        XCTAssertTrue(h.run(":save \(path)").out.hasPrefix("saved 6 statements"))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("123456.7\n# => 123456.7\n"), text)
        // Each claim is at the precision its value was shown at.
        XCTAssertTrue(text.contains("0.9999999\n# => 1.00000\n"), text)
        XCTAssertTrue(text.contains("[123.4, 0.996]\n# => [1.2e2,   1.0]\n"), text)
        XCTAssertFalse(text.contains("..."), "a claim shows every element")
        let report = Checker().check(path: path)
        XCTAssertEqual(report.failed, 0, report.failures.map(\.report).joined(separator: "\n"))
        XCTAssertEqual(report.passed, 6)

        // A value too large to write out is saved as a note of its shape.
        h.run("zeros([200, 200])")
        XCTAssertTrue(h.run(":save! \(path)").out.hasPrefix("saved 7 statements"))
        let again = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(again.contains("zeros([200, 200])\n# (a tensor of shape [200, 200]: too many elements to claim)\n"), again)
        XCTAssertEqual(Checker().check(path: path).failed, 0)
    }

    func testReset() {
        let h = Harness()
        h.run("let a = 1")
        h.run(":precision 2")
        XCTAssertEqual(h.run(":reset"), io("session reset\n", ""))
        XCTAssertTrue(h.run("a").err.contains("unknown name 'a'"))
        XCTAssertEqual(h.run(":vars").out, "no variables yet\n")
        XCTAssertEqual(h.run("1/3").out, "0.333333\n", "precision is back to 6 digits")
        XCTAssertEqual(h.run("softmax([0, 0])").out, "[0.5, 0.5]\n", "builtins survive a reset")
    }

    func testPrecision() {
        let h = Harness()
        XCTAssertEqual(h.run(":precision").out, "precision: 6 significant digits\n")
        XCTAssertEqual(h.run(":precision 3"), io("", ""))
        XCTAssertEqual(h.run("softmax([1, 2])").out, "[0.269, 0.731]\n")
        XCTAssertEqual(h.run(":precision").out, "precision: 3 significant digits\n")
        XCTAssertEqual(h.run(":precision full"), io("", ""))
        XCTAssertEqual(h.run("1/3").out, "0.3333333333333333\n")
        XCTAssertEqual(h.run(":precision").out, "precision: full\n")
        for bad in ["0", "18", "abc", "-1"] {
            let result = h.run(":precision \(bad)")
            XCTAssertTrue(result.err.contains("from 1 to 17"), "\(bad): \(result.err)")
        }
        XCTAssertEqual(h.run(":precision").out, "precision: full\n", "a bad value changes nothing")
    }

    func testTime() {
        let h = Harness()
        let (out, err) = h.run(":time softmax([1, 2])").pair
        XCTAssertEqual(err, "")
        let lines = out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, out)
        XCTAssertEqual(lines.first, "[0.268941, 0.731059]")
        let time = lines.last ?? ""
        XCTAssertTrue(time.hasPrefix("time: "), time)
        XCTAssertTrue(time.hasSuffix(" µs") || time.hasSuffix(" ms") || time.hasSuffix(" s"), time)
        XCTAssertTrue(h.run(":time").err.contains("needs an expression"))
        XCTAssertTrue(h.run(":time nope").err.contains("unknown name 'nope'"))
    }

    func testHistory() {
        let h = Harness()
        h.run("1 + 1")
        h.run("softmax([1,\n 2])")
        h.run("3")
        XCTAssertEqual(h.run(":history").out,
                       "    1  1 + 1\n    2  softmax([1,\n        2])\n    3  3\n    4  :history\n")
        XCTAssertEqual(h.run(":history 2").out, "    4  :history\n    5  :history 2\n")
        XCTAssertEqual(h.run(":history 0").out, "")
        XCTAssertTrue(h.run(":history many").err.contains("takes a count"))

        // With a history file, the loop supplies the editor's history instead.
        h.shell.historyProvider = { ["old", "older"] }
        XCTAssertEqual(h.run(":history 1").out, "    2  older\n")
    }

    func testQuit() {
        let h = Harness()
        XCTAssertFalse(h.shell.wantsQuit)
        XCTAssertEqual(h.run(":quit"), io("", ""))
        XCTAssertTrue(h.shell.wantsQuit)
    }

    func testUniquePrefixesRunTheirCommand() {
        let q = Harness()
        q.run(":q")
        XCTAssertTrue(q.shell.wantsQuit)
        let h = Harness()
        h.run("let Q = [1, 2]")
        XCTAssertEqual(h.run(":sh Q"), io("[2]\n", ""))
        XCTAssertEqual(h.run(":ty Q").out, "float64 tensor of shape [2]\n")
        XCTAssertEqual(h.run(":v").out.prefix(1), "Q")
        XCTAssertEqual(h.run(":prec").out, "precision: 6 significant digits\n")
        // :h is help, as in ghci, although :history starts with h too.
        XCTAssertEqual(h.run(":h").out, h.run(":help").out)
        XCTAssertEqual(h.run(":he softmax").out, h.run(":help softmax").out)
        XCTAssertEqual(h.run(":hi 1").out, "   10  :hi 1\n")
    }

    func testUnknownCommandSuggestsTheClosest() {
        let h = Harness()
        let typo = h.run(":vras")
        XCTAssertEqual(typo.out, "")
        XCTAssertTrue(typo.err.contains("unknown command :vras"), typo.err)
        XCTAssertTrue(typo.err.contains("did you mean :vars?"), typo.err)
        XCTAssertTrue(h.run(":hlep").err.contains("did you mean :help?"))
        XCTAssertTrue(h.run(":shpae Q").err.contains("did you mean :shape?"))
        XCTAssertTrue(h.run(":precison 3").err.contains("did you mean :precision?"))
        let far = h.run(":zzzzzzzzzz").err
        XCTAssertTrue(far.contains("unknown command :zzzzzzzzzz"), far)
        XCTAssertFalse(far.contains("did you mean"), far)
        XCTAssertTrue(far.contains(":help"), far)
        XCTAssertTrue(h.run(":").err.contains("needs a name"))
        XCTAssertFalse(h.shell.wantsQuit)
    }

    // MARK: - Safety and habits

    func testNoPrefixReachesADestructiveCommand() {
        let h = Harness()
        h.run("let Q = [1, 2]")
        let r = h.run(":r")
        XCTAssertTrue(r.err.contains("type :reset in full"), r.err)
        XCTAssertTrue(h.run(":res").err.contains("type :reset in full"))
        XCTAssertTrue(h.run(":sa x.attn").err.contains("type :save in full"))
        XCTAssertEqual(h.run("Q").out, "[1, 2]\n", "the session was not reset")
    }

    func testResetAsksWhenSomeoneCanAnswer() {
        let h = Harness()
        h.run("let Q = [1, 2]")
        var asked: [String] = []
        h.shell.confirm = { question in asked.append(question); return false }
        XCTAssertEqual(h.run(":reset").out, "nothing reset\n")
        XCTAssertEqual(asked, ["forget everything defined in this session (1 name)?"])
        XCTAssertEqual(h.run("Q").out, "[1, 2]\n")
        h.shell.confirm = { _ in true }
        XCTAssertEqual(h.run(":reset").out, "session reset\n")
        XCTAssertTrue(h.run("Q").err.contains("unknown name 'Q'"))
    }

    func testSaveNeverReplacesAFileWithoutBeingTold() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("mine.attn")
        try "precious\n".write(toFile: path, atomically: true, encoding: .utf8)
        let h = Harness()
        h.run("1 + 1")
        XCTAssertTrue(h.run(":save \(path)").err.contains(":save! \(path) replaces it"))
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "precious\n")
        h.shell.confirm = { _ in false }
        XCTAssertEqual(h.run(":save \(path)").out, "not saved\n")
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "precious\n")
        h.shell.confirm = nil
        XCTAssertEqual(h.run(":save! \(path)").out, "saved 1 statement to \(path)\n")
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("1 + 1\n# => 2"))
    }

    func testWordsFromOtherShellsLeaveOrHelp() {
        for word in ["exit", "quit", "exit()", "quit()", "  quit  "] {
            let h = Harness()
            h.run(word)
            XCTAssertTrue(h.shell.wantsQuit, word)
        }
        let h = Harness()
        let help = h.run(":help softmax").out
        XCTAssertFalse(help.isEmpty)
        XCTAssertEqual(h.run("?softmax").out, help)
        XCTAssertEqual(h.run("softmax?").out, help)
        XCTAssertEqual(h.run("help softmax").out, help)
        XCTAssertEqual(h.run("help(\"softmax\")").out, help, "the builtin gives the same text")
        // A variable of that name is just a variable.
        h.run("let quit = 5")
        XCTAssertEqual(h.run("quit").out, "5\n")
        XCTAssertFalse(h.shell.wantsQuit)
    }

    func testVarsFitsTheLineAndNeverCutsANameOrShape() {
        let h = Harness()
        h.shell.session.interpreter.lineWidth = 40
        h.run("let a_rather_long_variable_name = range(1000)")
        h.run("let t = zeros([1, 2, 3, 4, 5, 6])")
        let lines = h.run(":vars").out.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[0].hasPrefix("a_rather_long_variable_name  float64 [1000]"), lines[0])
        XCTAssertTrue(lines[1].contains("[1, 2, 3, 4, 5, 6]"), lines[1])
        XCTAssertTrue(lines[1].hasSuffix(", ..."), "a preview too long for the line is cut after an element: \(lines[1])")
        let short = Harness()
        short.shell.session.interpreter.lineWidth = 40
        short.run("let b = range(1000)")
        let line = short.run(":vars").out
        XCTAssertLessThanOrEqual(line.count, 41, "within the 40 columns: \(line)")
        XCTAssertGreaterThan(line.count, 30, "and uses them: \(line)")
    }

    func testTypeOfAPrintShowsWhatItPrintsAndNothing() {
        let h = Harness()
        XCTAssertEqual(h.run(":type print(\"hi\")"), io("hi\nnothing\n", ""))
        XCTAssertEqual(h.run(":shape print(\"hi\")"), io("hi\nnothing has no shape\n", ""))
    }

    /// A heatmap draws after its statement: in colour when the shell has
    /// colour, in shades without; bound, it draws nothing until shown.
    func testHeatmapsDrawAfterTheStatement() {
        let plain = Harness(color: false)
        let drawn = plain.run("heatmap([[1, 0], [0.5, 0.5]], rows: \"a b\", cols: \"a b\")")
        XCTAssertEqual(drawn.out, "scale 0 [ ░▒▓█] 1   · masked\n  a b\na ██ ·\nb ▒▒▒▒\n")
        XCTAssertEqual(plain.run("let h = heatmap(eye(2))").out, "")
        XCTAssertTrue(plain.run("h").out.hasPrefix("scale 0 [ ░▒▓█] 1"))
        XCTAssertEqual(plain.run(":type h").out, "heatmap of shape [2, 2]\n")
        let colored = Harness(color: true).run("heatmap([[1, 0], [0.5, 0.5]], rows: \"a b\")").out
        XCTAssertTrue(colored.contains("\u{1B}[48;2;253;231;37m"), "the top of viridis paints the 1: \(colored)")
        XCTAssertFalse(colored.contains("█"))
    }
}
