import AttnCore
import AttnLang
import XCTest
@testable import AttnPython

/// Reference cycles a program makes are freed when its dialect ends
/// (PyHeap.swift): every object the heap tracked, and the interpreter
/// itself, are gone once the session is.
final class PyHeapTests: XCTestCase {
    private final class WeakBox {
        weak var object: AnyObject?
        init(_ object: AnyObject) { self.object = object }
    }

    /// Runs `program` in a session, then drops the session; returns how
    /// many of the objects the heap tracked (and the interpreter) survived,
    /// and how many were tracked.
    private func survivors(_ program: String) -> (alive: [String], tracked: Int) {
        Session.withLargeStack {
            var boxes: [WeakBox] = []
            var interpreterBox: WeakBox?
            do {
                let dialect = PythonDialect()
                let session = Session(dialect: dialect, interpreter: Interpreter())
                let summary = session.run(SourceFile(name: "cycles.py", text: program))
                for outcome in summary.outcomes {
                    if let d = outcome.diagnostic { XCTFail("\(d.message) in \(program)") }
                }
                boxes = dialect.interpreter.heap.liveObjects.map(WeakBox.init)
                interpreterBox = WeakBox(dialect.interpreter)
            }
            let alive = boxes.compactMap(\.object).map { String(describing: type(of: $0)) }
                + (interpreterBox?.object == nil ? [] : ["PyInterpreter"])
            return (alive, boxes.count)
        }
    }

    private func assertFreed(_ program: String, file: StaticString = #filePath, line: UInt = #line) {
        let (alive, tracked) = survivors(program)
        XCTAssertGreaterThan(tracked, 0, "nothing was tracked", file: file, line: line)
        XCTAssertEqual(alive, [], "still alive after the session ended: \(alive)", file: file, line: line)
    }

    func testAMethodReferringToItsClass() {
        // The fuzzer's input (Fuzz/Regressions/python/leak-56a9...): the
        // function's defining class holds the function in its dict.
        assertFreed("class S:\n def _():s\n")
        assertFreed("class A:\n    def f(self):\n        return A\nclass B(A):\n    def g(self):\n        return super().f()\nb = B()\nb.g()\n")
    }

    func testContainersHoldingThemselves() {
        assertFreed("a = []\na.append(a)\nd = {}\nd['d'] = d\nclass O: pass\no = O()\no.me = o\ns = set()\no.s = s\ns.add(o)\n")
    }

    func testAClosureInTheFrameThatHoldsIt() {
        assertFreed("def outer():\n    def inner():\n        return inner\n    return inner\nf = outer()\n")
    }

    func testGarbageCyclesMadeInACall() {
        // Unreachable when the program ends: nothing but the heap finds them.
        assertFreed("def f():\n    a = [1]\n    a.append(a)\n    def g():\n        return g\nfor i in range(5):\n    f()\n")
    }

    func testAnIteratorHeldByWhatItIterates() {
        assertFreed("class C:\n    def __iter__(self):\n        return self\n    def __next__(self):\n        raise StopIteration\nc = C()\nit = iter(c)\nc.it = it\nxs = [1, 2]\nj = iter(xs)\nxs.append(j)\n")
    }

    func testLibraryObjectsInCycles() {
        assertFreed("""
        import numpy as np
        import torch
        import torch.nn as nn
        import matplotlib.pyplot as plt
        rng = np.random.default_rng(0)
        rng.me = rng
        class M(nn.Module):
            def __init__(self):
                super().__init__()
                self.lin = nn.Linear(2, 2)
                self.keep = [self]
        m = M()
        fig, ax = plt.subplots()
        ax.imshow(np.eye(2))
        ax.fig = fig
        torch.Tensor.extra = [torch.Tensor]
        """)
    }
}
