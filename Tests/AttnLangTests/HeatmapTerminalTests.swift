import AttnCore
import Foundation
import XCTest
@testable import AttnLang

/// Heatmaps drawn in the terminal, on fixed inputs, against committed text:
/// Golden/heatmaps/NAME.txt, with and without colour. In the colour files
/// ESC is written `\e`, so they read and diff as text. Run with
/// ATTN_UPDATE_GOLDEN=1 to rewrite them after a deliberate change (and read
/// the diff).
final class HeatmapTerminalTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/heatmaps")

    /// The drawing of the last value of `source` at `width`, in colour or not.
    func drawing(_ source: String, width: Int = 60, color: Bool) throws -> String {
        let session = Session()
        session.interpreter.lineWidth = width
        guard case .heatmap(let map)? = try session.evaluate(source) else {
            XCTFail("\(source) is not a heatmap")
            return ""
        }
        return map.terminalText(width: width, color: color)
    }

    /// Compares both drawings of `source` with NAME.txt and NAME.color.txt.
    func check(_ name: String, _ source: String, width: Int = 60, file: StaticString = #filePath, line: UInt = #line) throws {
        for color in [false, true] {
            let text = try drawing(source, width: width, color: color).replacingOccurrences(of: "\u{1B}", with: "\\e")
            for drawn in text.split(separator: "\n") where !color {
                XCTAssertLessThanOrEqual(DisplayWidth.of(drawn), width, "\(name): a line is wider than \(width)", file: file, line: line)
            }
            let url = Self.folder.appendingPathComponent(name + (color ? ".color.txt" : ".txt"))
            if ProcessInfo.processInfo.environment["ATTN_UPDATE_GOLDEN"] == "1" {
                try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: url, encoding: .utf8)
            XCTAssertEqual(text + "\n", expected, "\(name)\(color ? " in colour" : ""): the drawing changed; "
                           + "if on purpose, rerun with ATTN_UPDATE_GOLDEN=1 and read the diff", file: file, line: line)
        }
    }

    func testLabelsAndMaskedCells() throws {
        // A causal mask: the zeros above the diagonal are masked, not small.
        try check("causal", """
            let X = [[1, 0], [0, 1], [1, 1], [0.5, 0.5]]
            heatmap(weights(X, X, causal: true), rows: "the cat sat down", cols: ["the", "cat", "sat", "down"], title: "causal self-attention")
            """)
    }

    func testValuesInCells() throws {
        try check("values", """
            let X = [[1, 0], [0, 1], [1, 1]]
            heatmap(weights(X, X, causal: true), rows: "the cat sat", cols: "the cat sat", values: true)
            """)
    }

    func testWideMatricesLeaveOutTheirMiddleColumns() throws {
        // 3 × 100 in 40 columns: the first and last columns, a … between.
        try check("elided-columns", "heatmap(exp(-(reshape(range(300), [3, 100]) - 150)^2 / 2000))", width: 40)
    }

    func testTallMatricesLeaveOutTheirMiddleRows() throws {
        try check("elided-rows", "heatmap(reshape(range(280), [70, 4]), cols: \"w x y z\")", width: 40)
    }

    func testHeadsSideBySideWhenTheyFit() throws {
        try check("heads-across", """
            heatmap(softmax(reshape(range(24), [2, 3, 4]) * [[1], [-1], [0.5]] / 4), rows: "a b c", cols: "w x y z")
            """)
    }

    func testHeadsStackedWhenTheyDoNot() throws {
        try check("heads-stacked", "heatmap(softmax(reshape(range(24), [2, 3, 4]) * [[1], [-1], [0.5]] / 4), rows: \"a b c\", cols: \"w x y z\")", width: 24)
    }

    func testUnlabelledRowsShareLinesInColour() throws {
        // In colour two rows share a line (half blocks); without, one each.
        try check("half-blocks", "heatmap(tanh(reshape(range(40), [5, 8]) / 10 - 2))")
    }

    func testNanAndInfinity() throws {
        try check("nan-inf", "heatmap([[-inf, 0, 1], [nan, 2, inf]], title: \"scores\")")
    }

    func testHostileAndWideLabelsAreMadeSafeAndCut() throws {
        let map = try Heatmap(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]), rowLabels: ["\u{1B}[31mred", "注意力机制"],
                              columnLabels: ["a\nb", "ok"], title: "\u{1B}]0;x\u{07}\u{202E}title")
        for color in [false, true] {
            let drawn = map.terminalText(width: 24, color: color)
            XCTAssertFalse(drawn.replacingOccurrences(of: "\u{1B}[", with: "").contains("\u{1B}"), "no escape from a label reaches the terminal")
            XCTAssertFalse(drawn.contains("\u{07}") || drawn.contains("\u{202E}"))
            XCTAssertTrue(drawn.contains("␛[31mred"), drawn)
            XCTAssertTrue(drawn.contains("a␊"), drawn)
            XCTAssertTrue(drawn.contains("注意力…"), "wide labels are cut by columns: \(drawn)")
        }
    }

    /// A masked weight is never a shade, however small the others are.
    func testMaskedDiffersFromSmall() throws {
        let drawn = try drawing("heatmap([[0, 0.0001, 1]], cols: \"masked small big\")", color: false)
        let row = try XCTUnwrap(drawn.split(separator: "\n").last)
        XCTAssertEqual(String(row), "0    ·          ███████", drawn)
    }

    func testDrawingIsBoundedForHugeMatrices() throws {
        // 4 million cells: one pass for the scale, a drawing of fixed size.
        let values = try Tensor(repeating: 0.5, shape: [2000, 2000])
        let map = try Heatmap(values)
        let text = map.terminalText(width: 80, color: true)
        XCTAssertLessThanOrEqual(text.split(separator: "\n").count, Heatmap.maxTerminalLines + 3)
        XCTAssertLessThan(text.utf8.count, 80 * 40 * 40)
    }

    func testErrorsNameTheArgument() throws {
        func error(_ source: String) -> String {
            do {
                _ = try Session().evaluate(source)
                return "no error"
            } catch {
                return error.message
            }
        }
        XCTAssertEqual(error("heatmap(3)"), "heatmap: a heatmap draws a vector, a matrix or heads of matrices, not a single number")
        XCTAssertEqual(error("heatmap(eye(2), rows: \"a b c\")"), "heatmap: rows: 3 labels for 2 rows")
        XCTAssertEqual(error("heatmap(eye(2), cols: [\"a\"])"), "heatmap: cols: 1 label for 2 columns")
        XCTAssertEqual(error("heatmap(reshape(range(0), [0, 2]))"), "heatmap: nothing to draw: a tensor of shape [0, 2] has no elements")
        XCTAssertTrue(error("heatmap(eye(2), rows: 1)").hasPrefix("argument 'rows' takes labels"))
    }

    /// A heatmap is a value: bound, it draws nothing; shown, it is a figure
    /// whose text is the drawing without colour at the session's width.
    func testShownAsAFigure() throws {
        let session = Session()
        session.interpreter.lineWidth = 50
        var outcomes: [Outcome] = []
        session.run(SourceFile(name: "t", text: "let h = heatmap(eye(2), title: \"I\")\nh\nheatmap(h, title: \"J\");\nprint(h)")) {
            outcomes.append($0)
        }
        XCTAssertEqual(outcomes.map(\.figures.count), [0, 1, 0, 0])
        XCTAssertNil(outcomes[1].display)
        let map = try XCTUnwrap(outcomes[1].figures.first?.heatmap)
        XCTAssertEqual(outcomes[1].figures.first?.text, map.terminalText(width: 50, color: false))
        XCTAssertEqual(outcomes[1].shownLines.first, "I")
        XCTAssertEqual(outcomes[3].printed.first, "I", "print writes the drawing too")
    }
}
