import AttnDocs
import Foundation
import XCTest

/// Notebooks as untrusted JSON: what is read, what is refused, how a fix is
/// written back.
final class NotebookTests: XCTestCase {
    /// A notebook of `cells` (JSON texts) in `language`, laid out as nbformat writes it.
    private func notebook(_ cells: [String], language: String? = "attn") -> String {
        let metadata = language.map { "{\"kernelspec\": {\"display_name\": \"x\", \"language\": \"\($0)\", \"name\": \"x\"}}" } ?? "{}"
        return "{\n \"cells\": [\n  " + cells.joined(separator: ",\n  ") + "\n ],\n \"metadata\": \(metadata),\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n"
    }

    private func code(_ source: String, count: Int? = 1, outputs: [String] = []) -> String {
        "{\"cell_type\": \"code\", \"execution_count\": \(count.map(String.init) ?? "null"), \"metadata\": {}, "
            + "\"outputs\": [\(outputs.joined(separator: ", "))], \"source\": \(json(source))}"
    }

    private func stdout(_ lines: [String]) -> String {
        "{\"name\": \"stdout\", \"output_type\": \"stream\", \"text\": [\n" + lines.map { "    " + json($0) }.joined(separator: ",\n") + "\n   ]}"
    }

    private func json(_ s: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [s], options: [.fragmentsAllowed]), as: UTF8.self)
            .dropFirst().dropLast().description
    }

    private func read(_ text: String) -> Document {
        Document(path: "nb.ipynb", bytes: Array(text.utf8))
    }

    // MARK: - Reading

    func testTheNotebooksLanguageDecidesHowCellsRun() {
        func language(_ metadata: String) -> SourceLanguage? {
            let text = "{\"cells\": [\(code("1"))], \"metadata\": \(metadata), \"nbformat\": 4, \"nbformat_minor\": 5}"
            guard case .code(let cell)? = read(text).cells.first else { return nil }
            return cell.language
        }
        XCTAssertEqual(language("{\"kernelspec\": {\"language\": \"python\", \"name\": \"python3\"}}"), .python)
        XCTAssertEqual(language("{\"language_info\": {\"name\": \"python\"}}"), .python)
        XCTAssertEqual(language("{\"kernelspec\": {\"name\": \"python3\"}}"), .python)
        XCTAssertEqual(language("{}"), .python, "Jupyter's default")
        XCTAssertEqual(language("{\"kernelspec\": {\"language\": \"attn\"}}"), .attn)
        XCTAssertEqual(language("{\"kernelspec\": {\"language\": \"Julia\"}}"), .other("julia"))
    }

    func testAPythonCellDisplaysOnlyItsLastExpression() {
        // As IPython: `1 + 1` and `3 * 3` show nothing, `2 + 2` is the cell's value.
        let text = notebook([code("1 + 1\n3 * 3\n2 + 2", outputs: [
            "{\"data\": {\"text/plain\": [\"4\"]}, \"execution_count\": 1, \"metadata\": {}, \"output_type\": \"execute_result\"}",
        ])], language: "python")
        var shown: [String?] = []
        let report = Checker().check(read(text)) { shown.append($0.display) }
        XCTAssertEqual(shown, [nil, nil, "4"])
        XCTAssertEqual(report.results.map(\.verdict), [.passed])
    }

    func testOutputsThatClaimAndOutputsThatDoNot() {
        let figure = "{\"data\": {\"image/png\": \"iVBO\", \"text/plain\": [\"<Figure size 640x480 with 1 Axes>\"]}, \"metadata\": {}, \"output_type\": \"display_data\"}"
        let shown = "{\"data\": {\"text/plain\": [\"(2, 3)\"]}, \"metadata\": {}, \"output_type\": \"display_data\"}"
        let result = "{\"data\": {\"text/plain\": [\"[0.5, 0.5]\"], \"text/html\": [\"<b>x</b>\"]}, \"execution_count\": 1, \"metadata\": {}, \"output_type\": \"execute_result\"}"
        let stderr = "{\"name\": \"stderr\", \"output_type\": \"stream\", \"text\": [\"warning\\n\"]}"
        let error = "{\"ename\": \"NameError\", \"evalue\": \"name 'x' is not defined\", \"output_type\": \"error\", \"traceback\": []}"
        let text = notebook([
            "{\"cell_type\": \"markdown\", \"metadata\": {}, \"source\": [\">>> 1 + 1\\n\", \"3\\n\"]}",
            code("softmax([0, 0])", outputs: [figure, shown, result, stderr, error, stdout(["a\n"])]),
            code("1", count: nil),
        ])
        let document = read(text)
        XCTAssertNil(document.problem)
        XCTAssertEqual(document.claims.map(\.form), [.result, .result, .error, .stream])
        XCTAssertEqual(document.claims.map(\.text), ["(2, 3)", "[0.5, 0.5]", "NameError: name 'x' is not defined", "a\n"])
        XCTAssertEqual(document.claims.map(\.cell), Array(repeating: CellPlace(index: 2, executionCount: 1), count: 4))
        XCTAssertEqual(document.cells.count, 2, "Markdown cells are prose; code cells run even when never run before")
    }

    func testIPythonMagicsAndShellEscapes() throws {
        let text = notebook([
            code("%matplotlib inline\nprint(1)", outputs: [stdout(["1\n"])]),
            code("!pip install tiktoken\nprint(2)", count: 2, outputs: [stdout(["2\n"])]),
        ], language: "python")
        let cells = read(text).cells.compactMap { cell -> CodeCell? in
            if case .code(let c) = cell { return c }
            return nil
        }
        XCTAssertEqual(cells.map(\.source.text), ["\nprint(1)", "\nprint(2)"], "magic lines are blanked, line numbers kept")
        XCTAssertNil(cells[0].unsupported)
        XCTAssertEqual(cells[1].unsupported, "the cell runs a shell command (`!pip install tiktoken`)")
    }

    func testWhatIsNotANotebookIsReportedNeverChecked() {
        let cases: [(String, String)] = [
            ("", "invalid JSON"),
            ("{\"cells\": [1, 2,]}", "invalid JSON"),
            ("{\"cells\": [\"unclosed]}", "invalid JSON"),
            ("[1, 2]", "not an object"),
            ("{\"nbformat\": 3, \"worksheets\": []}", "nbformat 3"),
            ("{\"nbformat\": 4}", "no \"cells\""),
            ("{\"cells\": [{\"source\": \"x\"}]}", "cell_type"),
            ("{\"cells\": [{\"cell_type\": \"code\", \"source\": 5}]}", "source"),
            ("{\"cells\": [{\"cell_type\": \"code\", \"source\": \"1\", \"outputs\": [{\"output_type\": \"stream\", \"name\": \"stdout\"}]}]}", "no text"),
            ("{\"a\": 01}", "invalid JSON"),
            ("{\"a\": \"\\x\"}", "invalid JSON"),
            ("{\"a\": \"\\ud800\"}", "no \"cells\""),
            (String(repeating: "[", count: 100_000), "nested too deeply"),
        ]
        for (text, problem) in cases {
            let document = read(text)
            XCTAssertTrue(document.problem?.contains(problem) ?? false, "\(text.prefix(60)): \(document.problem ?? "read")")
            XCTAssertTrue(document.cells.isEmpty)
            let report = Checker().check(document)
            XCTAssertEqual(report.results.map(\.kind), [.unreadable])
            XCTAssertTrue(report.results[0].fails)
        }
    }

    func testRandomDamageToANotebookNeverCrashes() {
        let text = Array(notebook([code("softmax([1, 2])", outputs: [stdout(["[0.268941, 0.731059]\n"])])]).utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            var bytes = text
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let i = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[i] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: i)
                default: bytes.insert(bytes[i], at: i)
                }
                if bytes.isEmpty { break }
            }
            let document = Document(path: "nb.ipynb", bytes: bytes)
            // Either it reads as a notebook or it says why not; checking it never traps.
            XCTAssertTrue(document.problem != nil || !document.cells.isEmpty || document.claims.isEmpty)
        }
    }

    // MARK: - Checking and fixing

    func testAnAttnNotebookIsCheckedAndFixedInPlace() throws {
        let text = notebook([
            code("print(softmax([0, 0]))\nprint(\"w:\", softmax([0, 1]))", outputs: [stdout(["[0.5, 0.5]\n", "w: [0.5, 0.5]\n"])]),
            code("sum([1, 2])", count: 2, outputs: [
                "{\"data\": {\"text/plain\": \"4\"}, \"execution_count\": 2, \"metadata\": {}, \"output_type\": \"execute_result\"}",
            ]),
        ])
        let document = read(text)
        let report = Checker().check(document)
        XCTAssertEqual(report.results.map(\.verdict), [.passed, .failed, .failed])
        XCTAssertEqual(report.results.map(\.location), ["nb.ipynb: cell 1 (In [1]), output line 1",
                                                       "nb.ipynb: cell 1 (In [1]), output line 2", "nb.ipynb: cell 2 (In [2])"])
        let replacements = report.failures.compactMap(\.replacement)
        guard case .success(let fixed) = Fixer.fixed(document, replacements) else { return XCTFail("not fixed") }
        let after = String(decoding: fixed, as: UTF8.self)
        // Only the wrong line of the stream changed, and the one-string result stayed one string.
        XCTAssertTrue(after.contains("    \"[0.5, 0.5]\\n\",\n    \"w: [0.268941, 0.731059]\\n\"\n   ]"), after)
        XCTAssertTrue(after.contains("\"text/plain\": \"3\""), after)
        let diff = Fixer.diff(path: "nb.ipynb", original: document.bytes, replacements: replacements)
        XCTAssertEqual(diff.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }.count, 2, diff)
        XCTAssertEqual(Checker().check(Document(path: "nb.ipynb", bytes: fixed)).failed, 0)
    }

    func testAPythonNotebookIsLeftAloneWithoutItsDialect() {
        let text = notebook([code("print(1 + 1)", outputs: [stdout(["3\n"])])], language: "python")
        let report = Checker(dialects: Docs.withoutPython).check(read(text))
        XCTAssertEqual(report.results.map(\.verdict), [Docs.pythonUnsupported])
        XCTAssertTrue(report.failures.isEmpty)
        XCTAssertTrue(report.results.allSatisfy { $0.replacement == nil })
    }

    func testAnErrorOutputClaimsTheCellFails() {
        // As an attn kernel would store attn's error.
        let error = "{\"ename\": \"error\", \"evalue\": \"unknown name 'nosuch'\", \"output_type\": \"error\", \"traceback\": []}"
        let wrong = "{\"ename\": \"ZeroDivisionError\", \"evalue\": \"division by zero\", \"output_type\": \"error\", \"traceback\": []}"
        let text = notebook([
            code("nosuch + 1", outputs: [error]),
            code("1 + 1", count: 2, outputs: [error]),
            code("nosuch", count: 3, outputs: [wrong]),
        ])
        let report = Checker().check(read(text))
        XCTAssertEqual(report.results.map(\.verdict), [.passed, .failed, .failed])
        XCTAssertTrue(report.results[1].report.contains("ran without an error"), report.results[1].report)
        XCTAssertTrue(report.results[2].report.contains("not with ZeroDivisionError"), report.results[2].report)
    }

    func testAFixThatWouldBreakTheNotebookIsRefused() {
        let text = notebook([code("1", outputs: [stdout(["2\n"])])])
        let document = read(text)
        guard let site = document.claims.first else { return XCTFail("no claim") }
        let broken = Replacement(span: site.span, text: "[\"unclosed")
        guard case .failure(let refusal) = Fixer.fixed(document, [broken]) else { return XCTFail("a broken notebook was written") }
        XCTAssertTrue(refusal.message.contains("would not read back"), refusal.message)
    }

    func testStoredTextIsWrittenAsNbformatWritesIt() {
        // Escapes as Python's json: quotes, backslashes, control characters; UTF-8 kept.
        let text = notebook([code("1", outputs: [stdout(["é \"q\" \\ \t\u{1B}\n"])])])
        let document = read(text)
        guard let site = document.claims.first else { return XCTFail("no claim") }
        XCTAssertEqual(site.text, "é \"q\" \\ \t\u{1B}\n")
        XCTAssertEqual(site.layout("é \"q\" \\ \t\u{1B}\nnew \u{7}\n"),
                       "[\n    \"é \\\"q\\\" \\\\ \\t\\u001b\\n\",\n    \"new \\u0007\\n\"\n   ]")
    }
}
