import Foundation
import XCTest

/// Pages from `attn render` opened in a real headless browser (Debian's
/// chromium, which `make browser` installs and `make test` asks for): each
/// loads without a console message (no script error, no blocked request),
/// its screenshot is not blank, and the head views' script ran.
///
/// Skipped, saying why, where no browser can be found (`ATTN_BROWSER` names
/// one explicitly). `ATTN_SCREENSHOTS=DIR` keeps the screenshots there.
final class BrowserTests: CLITestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The browser: `ATTN_BROWSER`, else chromium (or Chrome) on the PATH.
    static let browser: String? = {
        let env = ProcessInfo.processInfo.environment
        if let named = env["ATTN_BROWSER"], !named.isEmpty { return named }
        let paths = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for dir in paths where FileManager.default.isExecutableFile(atPath: "\(dir)/\(name)") { return "\(dir)/\(name)" }
        }
        return nil
    }()

    /// Runs the browser headless on `page` with `arguments`; its stdout and stderr.
    func browse(_ page: URL, _ arguments: [String]) throws -> (stdout: String, stderr: String) {
        let browser = try XCTUnwrap(BrowserTests.browser)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        // --no-sandbox: the test may run as root (CI), where chromium's sandbox refuses to start.
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                             "--user-data-dir=\(scratch.appendingPathComponent("profile").path)",
                             "--enable-logging=stderr", "--v=0"] + arguments + [page.absoluteString]
        let out = scratch.appendingPathComponent("browser-out-\(UUID().uuidString)")
        let err = scratch.appendingPathComponent("browser-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer { try? outHandle.close(); try? errHandle.close() }
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return (String(decoding: try Data(contentsOf: out), as: UTF8.self), String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// The console messages the browser logged (`--enable-logging`): every
    /// script error, `console.*` call and refused request shows here.
    func consoleMessages(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
    }

    /// Renders `document` (a path from the repository's root), screenshots
    /// it at `width` and checks the result.
    @discardableResult
    func check(_ document: String, width: Int, height: Int = 1600, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        try check(BrowserTests.root.appendingPathComponent(document), width: width, height: height, file: file, line: line)
    }

    /// Renders the document at `source`, screenshots it at `width` and
    /// checks the result; with `mayFail`, claims of the document may fail
    /// (someone else's document: attn render then exits 1), but the page
    /// must still be written.
    @discardableResult
    func check(_ source: URL, width: Int, height: Int = 1600, mayFail: Bool = false,
               file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let document = source.lastPathComponent
        let name = source.deletingPathExtension().lastPathComponent
        let page = scratch.appendingPathComponent("\(name).html")
        let rendered = try attn(["render", source.path, "-o", page.path])
        if mayFail {
            XCTAssertTrue([0, 1].contains(rendered.status), "attn render \(document): \(rendered.stderr)", file: file, line: line)
            XCTAssertTrue(FileManager.default.fileExists(atPath: page.path), "attn render \(document) wrote no page", file: file, line: line)
        } else {
            XCTAssertEqual(rendered.status, 0, "attn render \(document): \(rendered.stderr)", file: file, line: line)
        }
        let shot = scratch.appendingPathComponent("\(name)-\(width).png")
        let run = try browse(page, ["--window-size=\(width),\(height)", "--screenshot=\(shot.path)"])
        XCTAssertEqual(consoleMessages(run.stderr), [], "\(document): the page logged to the console", file: file, line: line)
        let image = try PNGImage(data: Array(try Data(contentsOf: shot)))
        XCTAssertEqual(image.width, width, file: file, line: line)
        assertNotBlank(image, document, file: file, line: line)
        if let keep = ProcessInfo.processInfo.environment["ATTN_SCREENSHOTS"], !keep.isEmpty {
            let folder = URL(fileURLWithPath: keep)
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(shot.lastPathComponent))
            try FileManager.default.copyItem(at: shot, to: folder.appendingPathComponent(shot.lastPathComponent))
        }
        return page
    }

    /// Not one colour: some pixels differ from the background, and some are
    /// dark (text), so the page drew something.
    func assertNotBlank(_ image: PNGImage, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        var counts: [[UInt8]: Int] = [:]
        var dark = 0, sampled = 0
        for y in Swift.stride(from: 0, to: image.height, by: 3) {
            for x in Swift.stride(from: 0, to: image.width, by: 3) {
                let color = image.color(x, y)
                counts[color, default: 0] += 1
                if color.allSatisfy({ $0 < 90 }) { dark += 1 }
                sampled += 1
            }
        }
        let background = counts.values.max() ?? 0
        XCTAssertGreaterThan(counts.count, 16, "\(what): the screenshot has \(counts.count) colours", file: file, line: line)
        XCTAssertGreaterThan(sampled - background, sampled / 100, "\(what): the screenshot is almost one colour", file: file, line: line)
        XCTAssertGreaterThan(dark, 0, "\(what): no text on the screenshot", file: file, line: line)
    }

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard BrowserTests.browser != nil else {
            throw XCTSkip("no headless browser found (chromium): `make browser` installs Debian's chromium "
                          + "(`make test` does when apt can); set ATTN_BROWSER to use another")
        }
    }

    // MARK: - Tests

    func testExampleScriptsRenderAndLoadCleanly() throws {
        let examples = try FileManager.default.contentsOfDirectory(atPath: BrowserTests.root.appendingPathComponent("examples").path)
            .filter { $0.hasSuffix(".attn") }.sorted()
        XCTAssertFalse(examples.isEmpty)
        for example in examples { try check("examples/\(example)", width: 1024) }
    }

    /// The Markdown tutorial at a phone's width and a desk's; its head views
    /// come alive (the script ran to its end without an error).
    func testTutorialAtPhoneAndDesktopWidths() throws {
        try check("examples/attention-by-hand.md", width: 390, height: 2400)
        let page = try check("examples/attention-by-hand.md", width: 1280, height: 1600)
        let dom = try browse(page, ["--dump-dom", "--virtual-time-budget=2000"])
        XCTAssertEqual(consoleMessages(dom.stderr), [])
        XCTAssertTrue(dom.stdout.contains("data-headviews=\"2\""), "the head view script ran: \(dom.stdout.suffix(300))")
        XCTAssertEqual(dom.stdout.components(separatedBy: "headview is-live").count - 1, 2)
    }

    /// attn's own example notebook: its numpy claims pass, and its
    /// matplotlib and seaborn cells show their plots as inline heatmaps.
    func testExampleNotebookShowsItsPlots() throws {
        let page = try check("examples/attention-plots.ipynb", width: 1024, height: 2600)
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertEqual(html.components(separatedBy: "<figure class=\"heatmap\">").count - 1, 2, "one picture per plotting cell")
        XCTAssertTrue(html.contains("Self-attention weights (rows: query, columns: key)"), "the title and axis labels set after imshow")
    }

    /// The collected corpus: `../shared/corpus` beside the repository (for a
    /// git worktree, beside the main checkout too), or `ATTN_CORPUS`; nil
    /// when there is none.
    static let corpus: URL? = {
        var candidates: [URL] = []
        if let named = ProcessInfo.processInfo.environment["ATTN_CORPUS"], !named.isEmpty {
            candidates.append(URL(fileURLWithPath: named))
        }
        candidates.append(root.deletingLastPathComponent().appendingPathComponent("shared/corpus"))
        // A worktree's `.git` is a file naming `<main>/.git/worktrees/<name>`.
        if let link = try? String(contentsOf: root.appendingPathComponent(".git"), encoding: .utf8), link.hasPrefix("gitdir: ") {
            let gitdir = URL(fileURLWithPath: link.dropFirst(8).trimmingCharacters(in: .whitespacesAndNewlines))
            let main = gitdir.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(main.deletingLastPathComponent().appendingPathComponent("shared/corpus"))
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    /// Notebooks, the corpus's Markdown page and a docstring tutorial written by others,
    /// from the corpus: their code may need what attn does not run (PyTorch),
    /// whose claims the page shows as skipped; the page must still load
    /// cleanly and show the document.
    func testCorpusNotebookAndTutorialsRenderAndLoadCleanly() throws {
        guard let corpus = BrowserTests.corpus else {
            throw XCTSkip("no corpus at ../shared/corpus beside the repository (set ATTN_CORPUS to its folder)")
        }
        let documents = ["rasbt-ch03.ipynb", "zhubert-02-attention.ipynb", "README.md", "scipy-special-softmax.docstring.txt"]
        for name in documents {
            let source = corpus.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: source.path) else {
                XCTFail("the corpus at \(corpus.path) has no \(name)")
                continue
            }
            let page = try check(source, width: 1024, height: 2400, mayFail: true)
            let html = try String(contentsOf: page, encoding: .utf8)
            if name.hasSuffix(".md") {
                // The corpus's README: prose and a table of the documents.
                XCTAssertTrue(html.contains("<table") && html.contains("<h1"), "\(name): its Markdown is not rendered")
            } else {
                XCTAssertTrue(html.contains("class=\"code-block"), "\(name): no code shown")
            }
            if name.hasSuffix(".ipynb") {
                XCTAssertTrue(html.contains("id=\"cell_"), "\(name): not drawn cell by cell")
                XCTAssertFalse(html.contains("\"cells\": ["), "\(name): the notebook's JSON is shown instead of its cells")
            }
        }
    }

}

/// The PNG reader the browser test reads screenshots with.
final class PNGReaderTests: XCTestCase {
    /// The PNG reader itself, on files made by Python's zlib whose pixels
    /// are known: fixed and dynamic Huffman blocks, stored blocks, and the
    /// sub, up and Paeth filters.
    func testThePNGReaderReadsKnownPixels() throws {
        let fixed = "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAGUlEQVR42mP8z8DACMYs3CJyJ1JFzP8zAAA4sAW5fh3SVgAAAABJRU5ErkJggg=="
        let stored = "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAH0lEQVR4AQEUAOv/Af8AAAH/AAAB/wQLFB7IZRQ3/wA4sAW50Wbk/AAAAABJRU5ErkJggg=="
        for encoded in [fixed, stored] {
            let image = try PNGImage(data: Array(try XCTUnwrap(Data(base64Encoded: encoded))))
            XCTAssertEqual([image.width, image.height, image.channels], [3, 2, 3])
            XCTAssertEqual((0..<2).flatMap { y in (0..<3).map { x in image.color(x, y) } },
                           [[255, 0, 0], [0, 255, 0], [0, 0, 255], [10, 20, 30], [200, 100, 50], [255, 255, 255]])
        }
        let dynamic = "iVBORw0KGgoAAAANSUhEUgAAABAAAAAICAIAAAB/FOjAAAAA9ElEQVR42p2Pz0vDQBSEpzXPrK+xLvoKUZZHoFFCWTHFgCvEX5eCihcpKIgIogcv6t2/WkSkiChEBHsTb8PAfB8DABFig26CnoUT9FMMHIYZQo69AiOPkxLjChcB1zXu2qAZ0AfoE9T6UwbPRtwybBJesrwivJqyd7yV8W7O2wXvez4u+bTiy8A3NT98G+ab9RzoHUSgt4b60lAXQBNQB/QKikHPgCSRdIy0E1m2YkU2UllzspNJlctmIUdeDko5r+QsyH0tt//4oIuR9oy6RGOrXdFhqsFpP9NBruuFjr1elTqq9DDoY61Pvw2Tnw/xNHWq/wJULznJn7KEQAAAAABJRU5ErkJggg=="
        let image = try PNGImage(data: Array(try XCTUnwrap(Data(base64Encoded: dynamic))))
        XCTAssertEqual([image.width, image.height], [16, 8])
        for y in 0..<8 {
            for x in 0..<16 {
                XCTAssertEqual(image.color(x, y), [UInt8(x * 4 & 255), UInt8(y * 5 & 255), UInt8((x * 7 ^ y * 3) & 255)], "(\(x), \(y))")
            }
        }
        XCTAssertThrowsError(try PNGImage(data: Array("not a png".utf8)))
    }
}
