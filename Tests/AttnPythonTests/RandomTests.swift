import AttnCore
import AttnLang
import Foundation
import XCTest
@testable import AttnPython

/// np.random beyond what the golden corpus (Golden/random.py) can show:
/// the unseeded streams (numpy's differ at every run; attn's are numpy's
/// streams for the fixed entropy 1635021934, which the corpus records from
/// numpy), one global state per session, what attn does not draw, limits
/// and stop requests.
final class RandomTests: XCTestCase {
    override func tearDown() {
        Interrupt.clear()
        super.tearDown()
    }

    /// What python3 + numpy printed for a snippet of Golden/random.py.
    func numpyPrinted(_ snippet: String) throws -> String {
        let url = try GoldenCorpusTests.golden().appendingPathComponent("expected.json")
        let expected = try JSONDecoder().decode(GoldenCorpusTests.Expected.self, from: Data(contentsOf: url))
        let record = try XCTUnwrap(expected.snippets.first { $0.file == "random.py" && $0.name == snippet }, snippet)
        return record.stdout
    }

    func testUnseededGlobalStateIsNumpysStreamForTheFixedEntropy() throws {
        // numpy: RandomState(MT19937(1635021934)).rand() then .rand(3) on a second one.
        let lines = try numpyPrinted("RandomState on MT19937 seeds through SeedSequence").split(separator: "\n")
        let expected = String(try XCTUnwrap(lines.last)) + "\n"
        XCTAssertEqual(PythonTest.run("import numpy as np\nprint(np.random.rand(3))\n").stdout, expected)
        XCTAssertEqual(PythonTest.run("import numpy as np\nnp.random.seed(5)\nnp.random.seed()\nprint(np.random.rand(3))\n").stdout, expected)
        XCTAssertEqual(PythonTest.run("import numpy as np\nnp.random.seed(5)\nnp.random.seed(None)\nprint(np.random.random_sample(3))\n").stdout, expected)
        XCTAssertEqual(PythonTest.run("import numpy as np\nprint(np.random.RandomState().rand(3))\n").stdout, expected)
        XCTAssertEqual(PythonTest.run("import numpy as np\nprint(np.random.RandomState(np.random.MT19937()).rand(3))\n").stdout, expected)
    }

    func testUnseededDefaultRngIsNumpysDefaultRngOfTheFixedEntropy() throws {
        let expected = try numpyPrinted("unseeded default_rng is numpy's default_rng(1635021934) in attn, so use a seed here")
        XCTAssertEqual(PythonTest.run("import numpy as np\nprint(np.random.default_rng().random(2))\n").stdout, expected)
        XCTAssertEqual(PythonTest.run("import numpy as np\nprint(np.random.default_rng(None).random(2))\n").stdout, expected)
        XCTAssertEqual(PythonTest.run("import numpy as np\nprint(np.random.Generator(np.random.PCG64()).random(2))\n").stdout, expected)
    }

    func testEachSessionHasItsOwnGlobalState() throws {
        let first = PythonDialect.session()
        _ = first.run(SourceFile(name: "a", text: "import numpy as np\nnp.random.seed(0)\nnp.random.rand(10)\n"))
        let second = PythonTest.run("import numpy as np\nprint(np.random.rand(3))\n")
        let lines = try numpyPrinted("RandomState on MT19937 seeds through SeedSequence").split(separator: "\n")
        XCTAssertEqual(second.stdout, String(try XCTUnwrap(lines.last)) + "\n", "the other session's seed does not reach this one")
        // The state carries across the steps of one session.
        let next = first.run(SourceFile(name: "b", text: "print(np.random.rand())\n"))
        XCTAssertNil(next.outcomes.first?.diagnostic)
        let seeded = PythonTest.run("import numpy as np\nnp.random.seed(0)\nnp.random.rand(10)\nprint(np.random.rand())\n")
        XCTAssertEqual(next.outcomes.first?.printed, [String(seeded.stdout.dropLast())])
        // The classes are the session's: changing one does not reach another session.
        _ = first.run(SourceFile(name: "c", text: "np.random.RandomState.extra = 1\n"))
        XCTAssertEqual(PythonTest.run("import numpy as np\nprint(hasattr(np.random.RandomState, 'extra'))\n").stdout, "False\n")
    }

    func testWhatAttnDoesNotDrawSaysSoWhereItIsCalled() {
        let cases: [(String, String)] = [
            ("np.random.get_state()", "get_state is not supported"),
            ("np.random.set_state(('MT19937', [], 0, 0, 0.0))", "set_state is not supported"),
            ("np.random.binomial(10, 0.5)", "np.random.binomial is not available"),
            ("np.random.RandomState(0).poisson(3)", "RandomState.poisson is not available"),
            ("np.random.default_rng(0).exponential()", "Generator.exponential is not available"),
            ("np.random.default_rng(0).random(3, dtype=np.float32)", "random(dtype=np.float32) is not supported yet"),
            ("np.random.default_rng(0).standard_normal(out=np.zeros(2))", "standard_normal(out=...) is not supported"),
            ("np.random.Generator(np.random.MT19937(0))", "a Generator on MT19937 is not supported"),
            ("np.random.default_rng(np.random.RandomState(0))", "a Generator on MT19937 is not supported"),
            ("np.random.RandomState(np.random.PCG64(0))", "a RandomState on PCG64 is not supported"),
            ("np.random.randint([1, 2], 5)", "bounds with several values"),
            ("np.random.SeedSequence(0)", "np.random.SeedSequence is not available"),
        ]
        for (call, message) in cases {
            let run = PythonTest.run("import numpy as np\nx = 1\ny = \(call)\n")
            XCTAssertEqual(run.errorLine, 3, call)
            XCTAssertNil(run.errorType, "\(call): not a Python exception but attn's own refusal")
            XCTAssertTrue(run.error?.message.hasPrefix(message) ?? false, "\(call): \(run.error?.message ?? "no error")")
        }
    }

    func testSizesAreCheckedBeforeAnythingIsAllocated() {
        for call in ["np.random.rand(10**6, 10**6)", "np.random.randn(2**40)", "np.random.random((10**7, 10**7))",
                     "np.random.randint(5, size=10**12)", "np.random.default_rng(0).integers(5, size=(10**6, 10**6))",
                     "np.random.default_rng(0).standard_normal(10**12)", "np.random.choice(5, 10**12)",
                     "np.random.normal([0.0, 1.0], 1, size=(10**12, 2))", "np.random.permutation(10**12)"] {
            let run = PythonTest.run("import numpy as np\nx = \(call)\n")
            XCTAssertEqual(run.errorType, "MemoryError", call)
            XCTAssertEqual(run.errorLine, 2, call)
        }
    }

    func testALongDrawStopsOnRequest() {
        let session = PythonDialect.session()
        _ = session.run(SourceFile(name: "import", text: "import numpy as np\n"))
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { Interrupt.request() }
        let draw = session.run(SourceFile(name: "draw", text: "x = np.random.randn(8000000)\n"))
        XCTAssertTrue(draw.interrupted)
        XCTAssertEqual(draw.outcomes.first?.diagnostic?.kind, .interrupted)
        Interrupt.clear()
        // Had the draw run to its end, `x` would be bound.
        let after = session.run(SourceFile(name: "after", text: "print(x)\n"))
        XCTAssertEqual(after.outcomes.first?.diagnostic?.message, "NameError: name 'x' is not defined")
    }

    func testShuffleChangesTheObjectEveryNameSees() {
        let run = PythonTest.run("""
            import numpy as np
            rng = np.random.default_rng(0)
            xs = list(range(5))
            alias = xs
            rng.shuffle(xs)
            print(alias is xs, sorted(alias) == [0, 1, 2, 3, 4], alias != [0, 1, 2, 3, 4])
            a = np.arange(5)
            b = a
            np.random.shuffle(a)
            print(b is a, sorted(b.tolist()) == [0, 1, 2, 3, 4])

            """)
        XCTAssertNil(run.error)
        XCTAssertEqual(run.stdout, "True True True\nTrue True\n")
    }

    func testObjectsPrintAsNumpysWithAnAddress() {
        let run = PythonTest.run("""
            import numpy as np
            print(repr(np.random.RandomState(0)).startswith('RandomState(MT19937) at 0x'))
            print(str(np.random.default_rng(0)).startswith('Generator(PCG64) at 0x'))
            print(type(np.random.default_rng(0).bit_generator))

            """)
        XCTAssertNil(run.error)
        XCTAssertEqual(run.stdout, "True\nTrue\n<class 'numpy.random._pcg64.PCG64'>\n")
    }
}
