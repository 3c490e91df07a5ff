import AttnCore
import AttnLang
import Foundation
import XCTest
@testable import AttnPython

/// The Python dialect on the runner: steps, outcomes, displays and `_`, the
/// shell's continuation, partial lines, names shared with attn, and the
/// limits a document runs under.
final class DialectTests: XCTestCase {
    override func tearDown() {
        Interrupt.clear()
        super.tearDown()
    }

    /// The seed article's program (section 5.2, ../shared/seed/), as written,
    /// and what python3 + numpy 2.4.6 print for it (not the article's claims).
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

        # 初始化输入序列、查询层和键值对层
        x = np.array([1, 2, 3, 4, 5])
        q = np.array([0.5, 0.5])
        k = np.array([1, 1])

        # 计算注意力权重
        weights = attention_weights(q, k)

        # 计算加权求和结果
        y = weighted_sum(x, weights)

        print("输入序列：", x)
        print("查询层：", q)
        print("键值对层：", k)
        print("注意力权重：", weights)
        print("加权求和结果：", y)

        """

    static let seedOutput = """
        输入序列： [1 2 3 4 5]
        查询层： [0.5 0.5]
        键值对层： [1 1]
        注意力权重： 1.0
        加权求和结果： [1. 2. 3. 4. 5.]

        """

    func testTheSeedArticlesProgramPrintsWhatNumpyPrints() {
        let run = PythonTest.run(Self.seedProgram, name: "prog.py")
        XCTAssertNil(run.error)
        XCTAssertEqual(run.stdout, Self.seedOutput)
    }

    func testStepsAndTheirKinds() {
        let dialect = PythonDialect()
        let steps = dialect.steps(in: SourceFile(name: "s.py", text: "import numpy as np\nx, y = 1, 2\ndef f():\n    return 1\n\nclass C:\n    pass\nf()\nf();\nfor i in range(2):\n    z = i\nx = = 1\n"))
        XCTAssertEqual(steps.map(\.kind), [.binding(names: ["np"]), .binding(names: ["x", "y"]), .definition(name: "f"),
                                          .definition(name: "C"), .expression(silent: false), .expression(silent: true),
                                          .binding(names: ["i", "z"]), .invalid])
        XCTAssertEqual(steps[2].text, "def f():\n    return 1")
        XCTAssertEqual(steps[2].lastLine, 4)
        XCTAssertEqual(steps[7].parseError?.message, "SyntaxError: invalid syntax")
    }

    func testBareExpressionsDisplayTheirReprAndSetUnderscore() {
        let session = PythonDialect.session()
        let outcomes = session.run(SourceFile(name: "r", text: "x = 3\nx\nx * 10;\n_\nNone\nprint('p')\n'text'\n[1.5, None]\nimport numpy as np\nnp.array([0.5, 1.0])\nnp.float64(2) / 4\n_ + 1\n"),
                                   stopAtFirstError: false).outcomes
        XCTAssertEqual(outcomes.map(\.display), [nil, "3", nil, "3", nil, nil, "'text'", "[1.5, None]", nil,
                                                 "array([0.5, 1. ])", "np.float64(0.5)", "np.float64(1.5)"])
        XCTAssertEqual(outcomes[5].printed, ["p"])
        XCTAssertEqual(outcomes[9].value?.tensor, Tensor(vector: [0.5, 1.0]))
        XCTAssertTrue(outcomes.allSatisfy(\.succeeded))
    }

    func testPrintWithoutNewlineLeavesAPartialLine() {
        let session = PythonDialect.session()
        let outcomes = session.run(SourceFile(name: "p", text: "print('a', end='')\nprint('b')\nprint('c\\nd', end='')\nprint('x', 'y', sep=', ', end='!\\n')\n")).outcomes
        XCTAssertEqual(outcomes.map(\.printed), [["a"], ["b"], ["c", "d"], ["x, y!"]])
        XCTAssertEqual(outcomes.map(\.endsInPartialLine), [true, false, true, false])
        XCTAssertEqual(PythonTest.run("print(1, end='')\nprint(2, end='')\n").stdout, "12")
    }

    func testTheShellAsksForMoreInputInsideBlocksBracketsAndStrings() {
        let dialect = PythonDialect()
        for text in ["for i in range(3):", "for i in range(3):\n    print(i)", "x = [1,", "s = '''abc", "def f(x):\n    return x", "y = 1 + \\", "if x:\n    pass\nelse:"] {
            XCTAssertTrue(dialect.needsMoreInput(text), text)
        }
        for text in ["x = 1", "print(3)", "for i in range(3):\n    print(i)\n", "x = ]", "import numpy as np"] {
            XCTAssertFalse(dialect.needsMoreInput(text), text)
        }
    }

    func testAnErrorInAFunctionFromAnEarlierStepPointsIntoItsSource() {
        let session = PythonDialect.session()
        session.run(SourceFile(name: "first.py", text: "def f(d):\n    return d['k']\n"))
        let outcome = session.run(SourceFile(name: "second.py", text: "f({})\n")).outcomes[0]
        XCTAssertEqual(outcome.diagnostic?.message, "KeyError: 'k'")
        XCTAssertEqual(outcome.diagnosticSource.name, "first.py")
        XCTAssertEqual(outcome.diagnosticSource.location(of: outcome.diagnostic?.range.start ?? 0).line, 2)
    }

    func testNamesAreSharedWithAttnsLanguage() throws {
        let interpreter = Interpreter()
        let python = Session(dialect: PythonDialect(sharing: interpreter), interpreter: interpreter)
        let attn = Session(dialect: AttnDialect(interpreter), interpreter: interpreter)
        python.run(SourceFile(name: "p", text: "import numpy as np\nw = np.array([1.0, 2.0, 3.0])\nn = 2\n"))
        XCTAssertEqual(try attn.evaluate("w * n")?.tensor, Tensor(vector: [2, 4, 6]))
        attn.run(SourceFile(name: "a", text: "let v = [0.5, 0.25]"))
        XCTAssertEqual(PythonRunIn(python, "print(v * 2, v.dtype)"), "[1.  0.5] float64\n")
        python.run(SourceFile(name: "p", text: "w[0] = 10\n"))
        XCTAssertEqual(try attn.evaluate("w")?.tensor, Tensor(vector: [10, 2, 3]), "an array written in place is written again")
        python.run(SourceFile(name: "p", text: "del n\n"))
        XCTAssertEqual(python.run(SourceFile(name: "p", text: "n\n")).outcomes.first?.diagnostic?.message, "NameError: name 'n' is not defined")
    }

    func testRecursionIsLimitedAsInCPython() {
        let run = PythonTest.run("def down(n):\n    return down(n + 1)\ndown(0)\n")
        XCTAssertEqual(run.error?.message, "RecursionError: maximum recursion depth exceeded")
        XCTAssertEqual(run.errorLine, 2)
        XCTAssertEqual(PythonTest.run("def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)\nprint(fact(20))\n").stdout, "2432902008176640000\n")
    }

    func testSizesAreCheckedBeforeAllocating() {
        XCTAssertTrue(PythonTest.run("xs = [0] * 10**12\n").error?.message.hasPrefix("MemoryError: a list of 1000000000000 items") ?? false)
        XCTAssertTrue(PythonTest.run("s = 'ab' * 10**12\n").error?.message.hasPrefix("MemoryError") ?? false)
        XCTAssertTrue(PythonTest.run("xs = list(range(10**12))\n").error?.message.hasPrefix("MemoryError") ?? false)
        XCTAssertTrue(PythonTest.run("import numpy as np\nz = np.zeros((100000, 100000))\n").error?.message.hasPrefix("MemoryError") ?? false)
    }

    func testNumpyResultsAreCheckedBeforeTheyAreBuilt() {
        let programs = [
            "np.tile(np.ones(1000), (1000, 1000))",
            "np.repeat(np.ones(1000), 10**9)",
            "np.repeat(np.ones((3, 0)), 10**12, axis=0)",
            "np.outer(np.ones(10**5), np.ones(10**5))",
            "np.einsum('i,j->ij', np.ones(10**5), np.ones(10**5))",
            "np.einsum('i,j,k->ijk', np.ones(3000), np.ones(3000), np.ones(3000))",
            "np.broadcast_to(np.ones(1), (10**6, 10**6))",
            "np.triu(np.ones(10**6))",
            "np.ones(10**5)[:, None] + np.ones(10**5)",
        ]
        for program in programs {
            let run = PythonTest.run("import numpy as np\nx = \(program)\n")
            XCTAssertTrue(run.error?.message.hasPrefix("MemoryError") ?? false, "\(program): \(run.error?.message ?? "no error")")
            XCTAssertEqual(run.errorLine, 2, program)
        }
    }

    func testScipyProvidesSpecialOnly() {
        XCTAssertEqual(PythonTest.run("import scipy\nprint(scipy.special.logsumexp([0.0, 0.0]))\n").stdout, "0.6931471805599453\n")
        // A name scipy has and attn does not is attn's gap, said as such; a name
        // scipy does not have either is Python's ImportError.
        let missing = PythonTest.run("from scipy.special import gammaln\n")
        XCTAssertEqual(missing.error?.kind, .unsupported)
        XCTAssertTrue(missing.error?.message.contains("does not provide scipy.special.gammaln") ?? false, missing.error?.message ?? "")
        let wrong = PythonTest.run("from scipy.special import softmaxx\n")
        XCTAssertEqual(wrong.errorType, "ImportError")
        XCTAssertTrue(wrong.error?.message.contains("cannot import name 'softmaxx' from 'scipy.special'") ?? false, wrong.error?.message ?? "")
        XCTAssertEqual(PythonTest.run("import numpy as np\nnp.ma\n").error?.kind, .unsupported)
        XCTAssertEqual(PythonTest.run("import numpy as np\nnp.mask\n").errorType, "AttributeError")
        XCTAssertEqual(PythonTest.run("import numpy as np\nnp.zeros(2).partition\n").error?.kind, .unsupported)
        XCTAssertEqual(PythonTest.run("import numpy as np\nnp.zeros(2).mask\n").errorType, "AttributeError")
    }

    func testIntsAre64BitWithAnOverflowErrorThatSaysSo() {
        XCTAssertEqual(PythonTest.run("print(2 ** 63)\n").error?.message,
                       "OverflowError: 2 ** 63 does not fit in 64 bits (attn's Python ints are 64-bit; CPython's grow)")
        XCTAssertEqual(PythonTest.run("print(2 ** 62 + (2 ** 62 - 1))\n").stdout, "9223372036854775807\n")
    }

    func testAStopRequestStopsALoopAndChangesNothingAfter() {
        let session = PythonDialect.session()
        Interrupt.request()
        let stopped = session.run(SourceFile(name: "i", text: "x = 1\n"))
        XCTAssertTrue(stopped.interrupted)
        Interrupt.clear()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { Interrupt.request() }
        let loop = session.run(SourceFile(name: "loop", text: "n = 0\nwhile True:\n    n += 1\nprint('never')\n"), stopAtFirstError: false)
        XCTAssertTrue(loop.interrupted)
        XCTAssertEqual(loop.outcomes.count, 2, "the statements after the stopped one do not run")
        XCTAssertEqual(loop.outcomes.last?.diagnostic?.kind, .interrupted)
    }

    func testImportsOfModulesAttnDoesNotProvideAreRefusedWhereWritten() {
        for module in ["os", "sys", "subprocess", "pickle", "requests", "scipy.linalg", "scipy.stats", "tiktoken"] {
            let run = PythonTest.run("import numpy as np\nimport \(module)\n")
            XCTAssertEqual(run.errorLine, 2, module)
            XCTAssertTrue(run.error?.message.hasPrefix("attn cannot import '\(module)'") ?? false, run.error?.message ?? "")
        }
        XCTAssertTrue(PythonTest.run("from os import path\n").error?.message.hasPrefix("attn cannot import 'os'") ?? false)
        XCTAssertEqual(PythonTest.run("f = open('x.txt')\n").error?.message,
                       "open() is not available: attn's Python dialect has no file, terminal or process access")
        let binomial = PythonTest.run("import numpy as np\nnp.random.seed(0)\nx = np.random.binomial(10, 0.5)\n")
        XCTAssertEqual(binomial.errorLine, 3)
        XCTAssertTrue(binomial.error?.message.hasPrefix("np.random.binomial is not available: attn's numpy.random draws") ?? false,
                      binomial.error?.message ?? "")
    }

    func testMatplotlibCallsDoNothing() {
        let run = PythonTest.run("import matplotlib.pyplot as plt\nfig, ax = plt.subplots(1, 2, figsize=(8, 3))\nax[0].plot([1, 2])\nplt.xlabel('x')\nplt.show()\nprint('drawn nothing')\n")
        XCTAssertNil(run.error)
        XCTAssertEqual(run.stdout, "drawn nothing\n")
        XCTAssertNil(run.outcomes[2].display, "an inert object displays nothing")
    }
}

/// What `text` prints when run in `session`.
private func PythonRunIn(_ session: Session, _ text: String) -> String {
    session.run(SourceFile(name: "x", text: text)).outcomes.flatMap(\.printed).map { $0 + "\n" }.joined()
}

/// np.save and np.load: numpy's .npy files under attn's file rules.
final class NumpyFilesTests: XCTestCase {
    private func run(_ text: String, in folder: URL, dryRun: Bool) -> PythonRun {
        Session.withLargeStack {
            let interpreter = Interpreter()
            interpreter.fileAccess = .confined(to: folder.path, allowRead: [], allowWrite: dryRun ? [] : [folder.path], dryRun: dryRun)
            let session = PythonDialect.session(interpreter: interpreter)
            var result = PythonRun()
            for outcome in session.run(SourceFile(name: "files.py", text: text)).outcomes {
                result.stdout += outcome.printed.map { $0 + "\n" }.joined()
                if result.error == nil, let d = outcome.diagnostic { result.error = d }
            }
            return result
        }
    }

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attn-npfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testSaveAppendsNpyAndLoadReadsItBack() throws {
        let dir = try folder()
        // What numpy prints for the same program (np.save adds ".npy"; np.load
        // gives a 0-d array back as an array).
        let program = """
            import numpy as np
            np.save("w", np.array([[0.5, 0.25], [1.0, 2.0]], dtype=np.float32))
            w = np.load("w.npy")
            print(repr(w))
            np.save("s.npy", np.float64(3.5))
            print(repr(np.load("s.npy")))
            """
        let written = run(program, in: dir, dryRun: false)
        XCTAssertNil(written.error, written.error?.message ?? "")
        XCTAssertEqual(written.stdout, "array([[0.5 , 0.25],\n       [1.  , 2.  ]], dtype=float32)\narray(3.5)\n")
        // The file is numpy's: 128-byte header for a v1.0 .npy, then 4 float32s.
        let bytes = try Data(contentsOf: dir.appendingPathComponent("w.npy"))
        XCTAssertEqual(Array(bytes.prefix(6)), [0x93] + Array("NUMPY".utf8))
        XCTAssertEqual(bytes.count, 128 + 4 * 4)
    }

    func testInADocumentSavesStayInMemoryAndOutsideIsRefused() throws {
        let dir = try folder()
        let scratch = run("import numpy as np\nnp.save('t.npy', np.arange(3))\nprint(np.load('t.npy'))\n", in: dir, dryRun: true)
        XCTAssertNil(scratch.error, scratch.error?.message ?? "")
        XCTAssertEqual(scratch.stdout, "[0 1 2]\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("t.npy").path))
        let outside = run("import numpy as np\nnp.load('/etc/hostname')\n", in: dir, dryRun: true)
        XCTAssertTrue(outside.error?.message.contains("outside") ?? false, outside.error?.message ?? "no error")
        let archive = run("import numpy as np\nnp.load('a.npz')\n", in: dir, dryRun: true)
        XCTAssertEqual(archive.error?.kind, .unsupported)
    }
}
