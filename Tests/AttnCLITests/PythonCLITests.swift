import Foundation
import XCTest

/// The real binary running Python: `attn run FILE.py`, `attn --python -e
/// CODE`, a program on standard input; what python3 prints, and its errors.
final class PythonCLITests: CLITestCase {
    func testRunningTheSeedArticlesProgramPrintsWhatPythonPrints() throws {
        let program = """
            import numpy as np

            def attention_weights(q, k):
                similarity = np.dot(q, k)
                attention_weights = np.exp(similarity)
                attention_weights /= np.sum(attention_weights)
                return attention_weights

            def weighted_sum(x, weights):
                return np.dot(x, weights)

            x = np.array([1, 2, 3, 4, 5])
            q = np.array([0.5, 0.5])
            k = np.array([1, 1])
            weights = attention_weights(q, k)
            y = weighted_sum(x, weights)
            print("注意力权重：", weights)
            print("加权求和结果：", y)

            """
        let path = try write("prog.py", program)
        let r = try attn("run", path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "注意力权重： 1.0\n加权求和结果： [1. 2. 3. 4. 5.]\n")
        XCTAssertEqual(r.stderr, "")
        XCTAssertEqual(try attn(path).stdout, r.stdout, "attn FILE.py runs it too")
    }

    /// A script draws its plots at `plt.show()`, as attn's heatmap draws
    /// the same matrix; a plot kind attn does not draw is noted once on stderr.
    func testPlotsDrawAtShowAndOtherKindsAreNotedOnce() throws {
        let path = try write("plots.py", """
            import matplotlib.pyplot as plt
            plt.plot([1, 2])
            plt.plot([2, 1])
            plt.imshow([[1.0, 0.0], [0.25, 0.75]])
            plt.xticks([0, 1], ["the", "cat"])
            plt.yticks([0, 1], ["the", "cat"])
            print("before show")
            plt.show()

            """)
        let r = try attn("run", "--color", "never", path)
        XCTAssertEqual(r.status, 0, r.stderr)
        let drawn = try attn("--color", "never", "-e", "heatmap([[1, 0], [0.25, 0.75]], rows: \"the cat\", cols: \"the cat\")")
        XCTAssertTrue(drawn.stdout.contains("the"), drawn.stdout + drawn.stderr)
        XCTAssertEqual(r.stdout, "before show\n" + drawn.stdout)
        XCTAssertEqual(r.stderr.components(separatedBy: "plt.plot is not drawn").count - 1, 1, r.stderr)
    }

    func testBareExpressionsShowNothingAsInAScript() throws {
        let r = try attn("--python", "-e", "1 + 2\nprint('shown')\n[1, 2]")
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout, "shown\n")
    }

    func testStandardInputAndPartialLines() throws {
        let r = try attn("--python", input: "for i in range(3):\n    print(i, end=' ')\nprint()\nprint('tail', end='')\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "0 1 2 \ntail")
    }

    func testAnExceptionStopsTheProgramWithItsPlace() throws {
        let path = try write("bad.py", "print('before')\nvalues = [1, 2]\nprint(values[2])\nprint('after')\n")
        let r = try attn("run", path)
        assertFails(r, containing: "bad.py:3:7: error: IndexError: list index out of range")
        XCTAssertEqual(r.stdout, "before\n")
        XCTAssertTrue(r.stderr.contains("3 | print(values[2])"), r.stderr)
        let piped = try attn("--python", input: "x = 1\nprint(y)\nprint('not run')\n")
        assertFails(piped, containing: "NameError: name 'y' is not defined")
        XCTAssertEqual(piped.stdout, "", "a piped program stops at its first exception, as python3's")
    }

    func testUnsupportedConstructsAndImportsAreNamed() throws {
        assertFails(try attn("--python", "-e", "def g():\n    yield 1"), containing: "generator functions (yield) are not supported yet")
        assertFails(try attn("--python", "-e", "import subprocess"), containing: "attn cannot import 'subprocess'")
    }

    func testPythonAndAttnScriptsDoNotMix() throws {
        let py = try write("a.py", "print(1)\n")
        let at = try write("b.attn", "1\n")
        assertFails(try attn("run", py, at), status: 2, containing: "cannot run .py files and attn scripts in one session")
    }
}
