import AttnCore
import AttnLang
import XCTest
@testable import AttnPython

/// matplotlib and seaborn in the Python dialect: the calls that show a
/// matrix build attn's heatmap, drawn at `plt.show()` (or when a document's
/// cell ends), and drawn exactly as attn's own `heatmap(...)` draws the same
/// matrix, labels and title.
final class PlotTests: XCTestCase {
    static let weights = "[[1.0, 0.0], [0.25, 0.75]]"

    /// The figures every statement of `program` drew, in order.
    func figures(_ program: String) -> (figures: [Figure], run: PythonRun) {
        let run = PythonTest.run(program)
        XCTAssertNil(run.error, "\(program): \(run.error?.message ?? "")")
        return (run.outcomes.flatMap(\.figures), run)
    }

    /// What attn's `heatmap(...)` call `call` draws without colour.
    func attnDrawing(_ call: String, width: Int = 80) throws -> String {
        let session = Session()
        guard case .heatmap(let map)? = try session.evaluate(call) else {
            XCTFail("\(call) is not a heatmap")
            return ""
        }
        return map.terminalText(width: width, color: false)
    }

    func values(_ map: Heatmap) -> [Double] {
        (0..<map.values.storage.count).map { map.values.storage.double(at: $0) }
    }

    func testImshowWithTicksAndTitleDrawsAtShowAsAttnsHeatmap() throws {
        let (drawn, run) = figures("""
        import numpy as np
        import matplotlib.pyplot as plt
        W = np.array(\(Self.weights))
        plt.imshow(W, cmap="viridis")
        plt.colorbar()
        plt.title("weights")
        plt.xticks(range(2), ["the", "cat"], rotation=90)
        plt.yticks([0, 1], ["the", "cat"])
        plt.show()
        """)
        XCTAssertEqual(drawn.count, 1)
        XCTAssertEqual(run.outcomes.last?.figures.count, 1, "drawn by the plt.show() statement")
        XCTAssertEqual(run.outcomes.dropLast().flatMap(\.figures).count, 0, "nothing is drawn before plt.show()")
        let map = try XCTUnwrap(drawn.first).heatmap
        XCTAssertEqual(map.title, "weights")
        XCTAssertEqual(map.rowLabels, ["the", "cat"])
        XCTAssertEqual(map.columnLabels, ["the", "cat"])
        XCTAssertEqual(values(map), [1, 0, 0.25, 0.75])
        XCTAssertEqual(drawn.first?.text,
                       try attnDrawing("heatmap(\(Self.weights), rows: \"the cat\", cols: \"the cat\", title: \"weights\")"))
    }

    func testSubplotsAxesMethodsAndImportForms() throws {
        let (drawn, run) = figures("""
        import numpy as np
        from matplotlib import pyplot as plt
        fig, ax = plt.subplots(figsize=(4, 4))
        ax.imshow(np.array(\(Self.weights)))
        ax.set_title("head 0")
        ax.set_xticks(range(2))
        ax.set_xticklabels(["k0", "k1"])
        ax.set_yticks([0, 1], labels=["q0", "q1"])
        ax.set_xlabel("key")
        ax.set_ylabel("query")
        print(ax)
        plt.show()
        """)
        XCTAssertEqual(run.stdout, "<Axes: title={'center': 'head 0'}>\n")
        let map = try XCTUnwrap(drawn.first).heatmap
        XCTAssertEqual(map.title, "head 0 (rows: query, columns: key)")
        XCTAssertEqual(map.rowLabels, ["q0", "q1"])
        XCTAssertEqual(map.columnLabels, ["k0", "k1"])
    }

    func testSeabornHeatmapWithLabelsAndAnnotations() throws {
        let (drawn, _) = figures("""
        import seaborn as sns
        import matplotlib.pyplot as plt
        sns.heatmap(\(Self.weights), xticklabels=["the", "cat"], yticklabels=["a", "dog"], annot=True, cmap="Blues")
        plt.show()
        """)
        let figure = try XCTUnwrap(drawn.first)
        XCTAssertEqual(figure.heatmap.rowLabels, ["a", "dog"])
        XCTAssertEqual(figure.heatmap.columnLabels, ["the", "cat"])
        XCTAssertTrue(figure.heatmap.showValues)
        XCTAssertEqual(figure.text, try attnDrawing("heatmap(\(Self.weights), rows: \"a dog\", cols: \"the cat\", values: true)"))
    }

    func testSeabornTickLabelForms() throws {
        let (drawn, _) = figures("""
        import numpy as np
        import seaborn as sns
        import matplotlib.pyplot as plt
        sns.heatmap(np.eye(3), xticklabels=np.arange(3) * 2, yticklabels=2)
        plt.show()
        sns.heatmap(np.eye(2), xticklabels=False, yticklabels="auto")
        plt.show()
        """)
        XCTAssertEqual(drawn.map(\.heatmap.columnLabels), [["0", "2", "4"], ["", ""]])
        XCTAssertEqual(drawn.map(\.heatmap.rowLabels), [["0", "", "2"], nil])
        let wrong = PythonTest.run("import seaborn as sns\nsns.heatmap([[1, 2]], xticklabels=['a'])")
        XCTAssertEqual(wrong.errorType, "ValueError")
    }

    func testSeabornMaskDrawsMaskedCells() throws {
        let (drawn, _) = figures("""
        import numpy as np
        import seaborn as sns
        import matplotlib.pyplot as plt
        W = np.array([[0.5, 0.5], [0.25, 0.75]])
        sns.heatmap(W, mask=np.triu(np.ones((2, 2)), k=1) > 0)
        plt.show()
        """)
        let map = try XCTUnwrap(drawn.first).heatmap
        XCTAssertEqual(map.mark(map.value(panel: 0, row: 0, column: 1)), .masked)
        XCTAssertEqual(map.value(panel: 0, row: 1, column: 0), 0.25)
    }

    func testNothingIsDrawnWithoutShowAndEndCellDrawsWhatIsOpen() throws {
        let session = PythonDialect.session()
        let summary = session.run(SourceFile(name: "cell", text: """
        import matplotlib.pyplot as plt
        plt.imshow([[1, 2], [3, 4]])
        plt.title("late title")
        """))
        XCTAssertTrue(summary.outcomes.allSatisfy { $0.figures.isEmpty })
        let drawn = session.dialect.endCell()
        XCTAssertEqual(drawn.map(\.heatmap.title), ["late title"])
        XCTAssertTrue(session.dialect.endCell().isEmpty, "drawing closes the figure")
    }

    func testFiguresAreNotTextOutput() throws {
        let (drawn, run) = figures("""
        import matplotlib.pyplot as plt
        plt.matshow([[1, 2], [3, 4]])
        plt.show()
        """)
        XCTAssertEqual(drawn.count, 1)
        XCTAssertEqual(drawn.first?.isText, false)
        XCTAssertEqual(run.outcomes.flatMap(\.shownLines), [], "a plot is no claim's text")
    }

    func testOtherPlotKindsAreNotedOnce() {
        let run = PythonTest.run("""
        import matplotlib.pyplot as plt
        plt.plot([1, 2, 3])
        plt.plot([3, 2, 1])
        fig, axes = plt.subplots(1, 2)
        axes[0].bar([1], [2])
        plt.show()
        """)
        XCTAssertNil(run.error)
        let notes = run.outcomes.map(\.notes)
        XCTAssertEqual(notes[1].count, 1)
        XCTAssertTrue(notes[1].first?.hasPrefix("plt.plot is not drawn") ?? false, "\(notes[1])")
        XCTAssertEqual(notes[2], [], "said once a session")
        XCTAssertTrue(notes[4].first?.hasPrefix("ax.bar is not drawn") ?? false, "\(notes[4])")
        XCTAssertEqual(run.outcomes.flatMap(\.figures).count, 0, "axes without an image draw nothing")
    }

    func testSubplotGridIndexingAndSuptitle() throws {
        let (drawn, run) = figures("""
        import matplotlib.pyplot as plt
        fig, axes = plt.subplots(2, 2)
        axes[1, 0].imshow([[1, 2]])
        axes[0][1].imshow([[3, 4]])
        for ax in axes.flat:
            ax.set_title("t")
        fig.suptitle("all")
        print(len(axes), axes.shape)
        plt.show()
        """)
        XCTAssertEqual(run.stdout, "2 (2, 2)\n")
        XCTAssertEqual(drawn.map(\.heatmap.title), ["all — t", "all — t"])
        XCTAssertEqual(drawn.map { values($0.heatmap) }, [[3, 4], [1, 2]], "in the order of the axes")
    }

    func testRefusesWhatIsNotAMatrix() {
        let run = PythonTest.run("""
        import matplotlib.pyplot as plt
        plt.imshow([1, 2, 3])
        """)
        XCTAssertEqual(run.errorType, "TypeError")
        XCTAssertEqual(run.errorLine, 2)
    }

    func testTheRestOfMatplotlibIsInert() {
        let run = PythonTest.run("""
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        plt.figure(figsize=(3, 3))
        plt.tight_layout()
        plt.savefig("x.png")
        fig, ax = plt.subplots()
        ax.grid(True)
        ax.spines["top"].set_visible(False)
        import seaborn as sns
        sns.set_theme()
        print("ok")
        """)
        XCTAssertNil(run.error, run.error?.message ?? "")
        XCTAssertEqual(run.stdout, "ok\n")
    }
}
