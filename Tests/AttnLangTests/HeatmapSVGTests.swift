import AttnCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import AttnLang

/// SVG heatmaps read back with an XML parser: the file is well-formed, and
/// every cell's colour is the viridis colour of the value its tooltip gives.
final class HeatmapSVGTests: XCTestCase {
    /// What the parser found: each cell's class, fill and tooltip, every
    /// text, and every attribute value.
    struct Read {
        var cells: [(kind: String, fill: String, tooltip: String)] = []
        var texts: [String] = []
        var attributes: [String] = []
        var bars: [String] = []
    }

    final class Collector: NSObject, XMLParserDelegate {
        var read = Read()
        var stack: [String] = []
        var pending: (kind: String, fill: String)?
        var text = ""

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            stack.append(name)
            read.attributes += attributes.values
            text = ""
            if name == "rect", let kind = attributes["class"] {
                if kind.hasPrefix("cell") { pending = (kind, attributes["fill"] ?? "") }
                if kind == "bar" { read.bars.append(attributes["fill"] ?? "") }
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            stack.removeLast()
            if name == "title", stack.last == "rect", let cell = pending {
                read.cells.append((cell.kind, cell.fill, text))
                pending = nil
            } else if name == "text" || name == "title" {
                read.texts.append(text)
            }
            text = ""
        }
    }

    func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> Read {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "not well-formed XML: \(String(describing: parser.parserError))", file: file, line: line)
        return collector.read
    }

    func map(_ source: String) throws -> Heatmap {
        guard case .heatmap(let h)? = try Session().evaluate(source) else { throw XCTSkip("not a heatmap") }
        return h
    }

    /// matplotlib's own viridis at 0, ½ and 1 (`matplotlib.colors.to_hex`),
    /// written here from matplotlib, not from attn's table.
    func testCellColoursAreMatplotlibsViridis() throws {
        let read = try parse(try map("heatmap([[-1, 0, 1]])").svg())
        XCTAssertEqual(read.cells.map(\.fill), ["#440154", "#21918c", "#fde725"])
        XCTAssertEqual(read.cells.map(\.tooltip), ["0 → 0: -1", "0 → 1: 0", "0 → 2: 1"])
    }

    /// Every cell of a random matrix and of heads: its fill is viridis at
    /// the value its tooltip states (to the step a 6-digit tooltip allows),
    /// and colours rise with values.
    func testEveryCellsColourFollowsItsValue() throws {
        for source in ["heatmap(randn([9, 11], seed: 4))", "heatmap(softmax(randn([3, 5, 6], seed: 5)), rows: \"a b c d e\")"] {
            let h = try map(source)
            let read = try parse(h.svg())
            XCTAssertEqual(read.cells.count, h.values.count, source)
            let index = Dictionary(Viridis.table.enumerated().map { (RGB($0.element).hex, $0.offset) }, uniquingKeysWith: { a, _ in a })
            var seen: [(value: Double, index: Int)] = []
            for cell in read.cells {
                let written = try XCTUnwrap(cell.tooltip.split(separator: " ").last.flatMap { Double($0) }, cell.tooltip)
                let t = (written - h.scale.min) / (h.scale.max - h.scale.min)
                let expected = min(255, Int(t * 256))
                let actual = try XCTUnwrap(index[cell.fill], "\(cell.fill) is not a viridis colour")
                XCTAssertLessThanOrEqual(abs(actual - expected), 1, "\(cell.tooltip): \(cell.fill)")
                seen.append((written, actual))
            }
            let sorted = seen.sorted { $0.value < $1.value }
            XCTAssertEqual(sorted.map(\.index), sorted.map(\.index).sorted(), "colours rise with values")
            XCTAssertEqual(read.bars.count, SVGDrawing.barSteps)
            XCTAssertEqual(read.bars.first, "#fde725", "the bar's top is the top of the scale")
        }
    }

    func testMaskedAndMissingCellsAreApart() throws {
        let read = try parse(try map("heatmap([[0, 0.25, 1], [nan, 0.5, -inf]])").svg())
        XCTAssertEqual(read.cells.map(\.kind), ["cell masked", "cell", "cell", "cell missing", "cell", "cell masked"])
        XCTAssertTrue(read.texts.contains("masked") && read.texts.contains("nan"), "the legend names both")
    }

    func testMaskedCellsWriteNoNumber() throws {
        let svg = try map("heatmap([[1, 0], [0.25, 0.75]], values: true)").svg()
        XCTAssertEqual(try parse(svg).cells.map(\.kind), ["cell", "cell masked", "cell", "cell"])
        // The numbers written in cells (the colour bar's ticks are other texts).
        let numbers = svg.split(separator: "\n").filter { $0.hasPrefix("<text") && $0.contains("pointer-events=\"none\"") }
            .compactMap { $0.split(separator: ">").dropFirst().first?.split(separator: "<").first.map(String.init) }
        XCTAssertEqual(numbers, ["1", "0.25", "0.75"], "a masked cell is drawn as masked, as '·' in the terminal, not as 0")
    }

    func testLabelsTitleAndTooltipsAreEscaped() throws {
        let h = try Heatmap(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]),
                            rowLabels: ["<script>alert(1)</script>", "a & b"], columnLabels: ["\"q\"", "\u{1B}[31m\u{0}x\u{FFFF}"],
                            title: "]]> <!-- & \u{202E}")
        let svg = h.svg()
        XCTAssertFalse(svg.contains("<script"))
        let read = try parse(svg)
        XCTAssertTrue(read.texts.contains("<script>alert(1…"), "cut to 16 columns, read back as text: \(read.texts)")
        XCTAssertTrue(read.texts.contains("a & b"))
        XCTAssertTrue(read.texts.contains("␛[31m␀x�"), "controls shown, not passed: \(read.texts)")
        XCTAssertTrue(read.texts.contains("]]> <!-- & �"))
        XCTAssertTrue(read.cells.contains { $0.tooltip.hasPrefix("a & b → \"q\"") })
    }

    func testNothingOutsideTheFileIsReferred() throws {
        let svg = try map("heatmap(softmax(randn([2, 4, 4], seed: 1)), rows: \"a b c d\", cols: \"a b c d\", title: \"t\", values: true)").svg()
        let read = try parse(svg)
        for value in read.attributes where value != "http://www.w3.org/2000/svg" {
            XCTAssertFalse(value.contains("url(") || value.contains("://") || value.contains("#") && !value.hasPrefix("#"), value)
        }
        for word in ["href", "<image", "<script", "@import", "<style", "<foreignObject", " id="] {
            XCTAssertFalse(svg.contains(word), word)
        }
    }

    func testLargeMatricesAreElidedNotDrawnCellByCell() throws {
        let h = try Heatmap(try Tensor(repeating: 0.5, shape: [3, 1000, 1000]))
        let svg = h.svg()
        let read = try parse(svg)
        XCTAssertEqual(read.cells.count, 3 * (Heatmap.maxSVGCells - 1) * (Heatmap.maxSVGCells - 1))
        XCTAssertTrue(read.texts.contains("…") && read.texts.contains("⋮"))
        XCTAssertLessThan(svg.utf8.count, 3_000_000)
    }

    func testTicksAreRoundNumbers() {
        XCTAssertEqual(SVGDrawing.ticks(0, 1), [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        XCTAssertEqual(SVGDrawing.ticks(-3.2, 4.1), [-2, 0, 2, 4])
        XCTAssertEqual(SVGDrawing.ticks(5, 5), [5])
        XCTAssertEqual(SVGDrawing.ticks(-1e300, 1e300), [-1e300, -5e299, 0, 5e299, 1e300])
        XCTAssertEqual(SVGDrawing.ticks(-1.7e308, 1.7e308), [-1.7e308], "a span that overflows gets one tick")
    }

    // MARK: - save_svg

    func testSaveSVGWritesAFileThroughTheSafeWriter() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attn-svg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.svg").path
        let session = Session()
        _ = try session.evaluate("let h = heatmap(eye(2), rows: \"a b\", title: \"I\")\nsave_svg(h, \"\(path)\", cols: \"x y\")")
        let read = try parse(try String(contentsOfFile: path, encoding: .utf8))
        XCTAssertTrue(read.texts.contains("I") && read.texts.contains("a") && read.texts.contains("y"), "the heatmap's labels and the call's")

        XCTAssertThrowsError(try session.evaluate("save_svg(eye(2), \"\(folder.path)/w.npy\")")) { error in
            XCTAssertEqual((error as? Diagnostic)?.message, "save_svg writes .svg files; use a path ending in .svg")
        }

        // A checked document's pictures go nowhere; outside its folder, nothing may be written.
        let confined = Session()
        confined.interpreter.fileAccess = .confined(to: folder.path)
        _ = try confined.evaluate("save_svg(eye(2), \"kept.svg\")")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("kept.svg").path))
        XCTAssertThrowsError(try confined.evaluate("save_svg(eye(2), \"/tmp/attn-outside-\(UUID().uuidString).svg\")")) { error in
            XCTAssertTrue((error as? Diagnostic)?.message.contains("outside the document's folder") ?? false, "\(error)")
        }
    }
}
