import Foundation
import XCTest

/// `attn check` through the real binary: what it finds in Markdown, text and
/// docstrings, `# prints:`, skipped code, and a run that checks nothing.
final class CheckCommandTests: CLITestCase {
    /// A folder in the scratch folder, for the documents of one test.
    private func folder(_ name: String) throws -> URL {
        let url = scratch.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func write(_ folder: URL, _ name: String, _ text: String) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    private func lastLine(_ r: Result) -> String {
        r.stdout.split(separator: "\n").last.map(String.init) ?? ""
    }

    // MARK: - No claims

    func testAFolderWithNoClaimsFailsAndSaysSo() throws {
        let dir = try folder("notes")
        try write(dir, "a.txt", "Shopping list: eggs, milk.\n")
        try write(dir, "b.md", "# Title\n\n```bash\nls -l\n```\n")
        try write(dir, "c.attn", "let x = softmax([1, 2])\n")
        let r = try attn("check", dir.path)
        XCTAssertTrue(r.exited)
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertEqual(r.stdout, "no claims found in 3 files\n")

        let accepted = try attn("check", "--allow-empty", dir.path)
        XCTAssertEqual(accepted.status, 0, accepted.stdout)
        XCTAssertEqual(lastLine(accepted), "no claims found in 3 files")
    }

    func testVerboseListsEachFileWithoutClaims() throws {
        let dir = try folder("mixed")
        try write(dir, "claims.attn", "1 + 1  # => 2\n")
        try write(dir, "empty.txt", "nothing to check here\n")
        try write(dir, "prose.md", "Only prose.\n")
        let r = try attn("check", "-v", dir.path)
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertEqual(r.lines.filter { $0.hasPrefix("none  ") }, [
            "none  \(dir.path)/empty.txt: no claims",
            "none  \(dir.path)/prose.md: no claims",
        ])
        XCTAssertEqual(lastLine(r), "1 passed, 0 failed")
        // Without -v they are not listed, and a run with claims succeeds.
        let quiet = try attn("check", dir.path)
        XCTAssertEqual(quiet.stdout, "1 passed, 0 failed\n")
        XCTAssertEqual(quiet.status, 0)
    }

    // MARK: - Transcripts outside attn fences

    func testTranscriptsInPlainTextTildeAndIndentedBlocks() throws {
        let page = try write("page.md", """
            # Softmax

            ```
            >>> softmax([0, 0])
            [0.5, 0.5]
            ```

            ```text
            >>> exp(0)
            1
            ```

            ```console
            >>> 2 * 3
            7
            ```

            ~~~
            attn> sum([1, 2, 3])
            6
            ~~~

            Indented:

                >>> max([1, 5, 2])
                5

            """)
        let r = try attn("check", page)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("page.md:15: claim failed"), r.stdout)
        XCTAssertEqual(lastLine(r), "4 passed, 1 failed")
    }

    func testDocstringStyleTextFile() throws {
        let doc = try write("softmax.docstring.txt", """
            Softmax of two equal scores.

            Examples::

                >>> softmax([1, 1])
                [0.5, 0.5]
                >>> let m = [[1, 2],
                ...          [3, 4]]
                >>> m.T
                [[1, 3],
                 [2, 4]]

            """)
        let r = try attn("check", "-v", doc)
        XCTAssertEqual(r.status, 0, r.stdout)
        XCTAssertEqual(r.lines.filter { $0.hasPrefix("ok    ") }.count, 2, r.stdout)
        XCTAssertEqual(lastLine(r), "2 passed, 0 failed")
    }

    func testAMarkdownArticleSavedAsText() throws {
        let dir = try folder("article")
        try write(dir, "article.txt", """
            ## 5.4 Results

            ```attn
            let w = softmax(dot([0.5, 0.5], [1, 1]))
            ```

            ```
            >>> w
            0.5
            ```

            """)
        // Found by the folder walk too: .txt files are documents.
        let r = try attn("check", dir.path)
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stdout.contains("article.txt:9: claim failed"), r.stdout)
        XCTAssertEqual(lastLine(r), "0 passed, 1 failed")
    }

    // MARK: - # prints:

    func testPrintsClaims() throws {
        let script = try write("prints.attn", """
            print("sum:", 1 + 2)
            # prints: sum: 3
            let show(x) = print("x =", x, "\\ndone")
            show(2)
            # prints: x = 2
            #         done
            show(3)
            # prints: x = 3
            #         finished

            """)
        let r = try attn("check", script)
        XCTAssertEqual(r.status, 1, r.stdout)
        XCTAssertTrue(r.stdout.contains("prints.attn:8: claim failed"), r.stdout)
        // print puts a blank between its arguments; trailing blanks do not count.
        XCTAssertTrue(r.stdout.contains("printed:   x = 3 \n             done"), r.stdout)
        XCTAssertEqual(lastLine(r), "2 passed, 1 failed")
        let verbose = try attn("check", "-v", script)
        XCTAssertTrue(verbose.stdout.contains("ok    \(script):2: print(\"sum:\", 1 + 2)  # prints: sum: 3"), verbose.stdout)
    }

    // MARK: - Skipped code

    func testCodeAttnCannotRunIsSkippedAndCountedApart() throws {
        // A notebook in a language attn has no dialect for: its claims are
        // unsupported, never failed, and a run of nothing else checked nothing.
        let dir = try folder("julia")
        try write(dir, "julia.ipynb", """
            {
             "cells": [
              {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["exp(0)"],
               "outputs": [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                            "data": {"text/plain": ["1.0"]}}]}
             ],
             "metadata": {"kernelspec": {"name": "julia-1.10", "language": "julia", "display_name": "Julia"}},
             "nbformat": 4, "nbformat_minor": 5
            }

            """)
        let only = try attn("check", dir.path)
        XCTAssertEqual(only.status, 1, "nothing was checked: \(only.stdout)")
        XCTAssertEqual(only.stdout, """
            skipped 1 claim: unsupported: julia code (attn runs attn and Python code) (attn check -v lists them)
            0 passed, 0 failed, 1 skipped; no claim was checked

            """)
        XCTAssertEqual(try attn("check", "--allow-empty", dir.path).status, 0)

        try write(dir, "attn.attn", "exp(0)  # => 1\n")
        let both = try attn("check", "-v", dir.path)
        XCTAssertEqual(both.status, 0, both.stdout)
        XCTAssertTrue(both.stdout.contains("skip  \(dir.path)/julia.ipynb: cell 1 (In [1]): unsupported: julia code (attn runs attn and Python code): 1.0"), both.stdout)
        XCTAssertEqual(lastLine(both), "1 passed, 0 failed, 1 skipped")
    }

    // MARK: - Notebooks, folders and the JSON report

    /// An attn notebook: one cell printing a softmax, its stored output wrong in one digit.
    private let attnNotebook = #"""
        {
         "cells": [
          {
           "cell_type": "code",
           "execution_count": 1,
           "metadata": {},
           "outputs": [
            {
             "name": "stdout",
             "output_type": "stream",
             "text": [
              "weights: [0.0900306, 0.244728, 0.665241]\n",
              "twice: 7\n"
             ]
            }
           ],
           "source": [
            "let w = softmax([1, 2, 3])\n",
            "print(\"weights:\", w)\n",
            "print(\"twice:\", 2 * 3)"
           ]
          }
         ],
         "metadata": {"kernelspec": {"display_name": "attn", "language": "attn", "name": "attn"}},
         "nbformat": 4,
         "nbformat_minor": 5
        }

        """#

    func testFoldersAreWalkedForEveryFormatSkippingHiddenOnes() throws {
        let dir = try folder("formats")
        try write(dir, "a.attn", "1 + 1  # => 2\n")
        try write(dir, "b.md", "```attn\n2 + 2  # => 4\n```\n")
        try write(dir, "c.ipynb", attnNotebook)
        try write(dir, "d.rst", "Example::\n\n    attn> 3 * 3\n    9\n")
        try write(dir, "e.py", "def f():\n    \"\"\"\n    >>> 1\n    1\n    \"\"\"\n")
        try write(dir, "f.txt", "attn> 5 - 1\n4\n")
        let hidden = dir.appendingPathComponent(".ipynb_checkpoints")
        try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        try write(hidden, "c-checkpoint.ipynb", attnNotebook)
        let r = try attn("check", "-v", dir.path)
        for name in ["a.attn:1", "b.md:2", "c.ipynb: cell 1 (In [1]), output line 1", "d.rst:4", "f.txt:2"] {
            XCTAssertTrue(r.stdout.contains("\(dir.path)/\(name)"), "\(name): \(r.stdout)")
        }
        XCTAssertTrue(r.stdout.contains("e.py:4: unsupported: Python code needs the Python dialect")
                      || r.stdout.contains("ok    \(dir.path)/e.py:4"), r.stdout)
        XCTAssertFalse(r.stdout.contains("checkpoint"), r.stdout)
        XCTAssertTrue(r.stdout.contains("c.ipynb: cell 1 (In [1]), output line 2: claim failed"), r.stdout)
    }

    func testTheJSONReport() throws {
        let dir = try folder("json")
        try write(dir, "nb.ipynb", attnNotebook)
        let report = scratch.appendingPathComponent("report.json").path
        let r = try attn("check", "--json", report, dir.path)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(lastLine(r), "1 passed, 1 failed")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any]
        let results = object?["results"] as? [[String: Any]] ?? []
        XCTAssertEqual(results.map { $0["verdict"] as? String }, ["passed", "failed"])
        XCTAssertEqual(results.map { $0["cell"] as? Int }, [1, 1])
        XCTAssertEqual(results.map { $0["cell_line"] as? Int }, [1, 2])
        XCTAssertEqual(results.last?["claimed"] as? String, "twice: 7")
        XCTAssertEqual(results.last?["actual"] as? String, "twice: 6")
        // `--json -` writes the JSON alone to standard output.
        let piped = try attn("check", "--json", "-", dir.path)
        XCTAssertTrue(piped.stdout.hasPrefix("{\n  \"version\": 1,"), piped.stdout)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(piped.stdout.utf8)))
    }

    func testFixRewritesANotebooksWrongOutputLineAndNothingElse() throws {
        let dir = try folder("fixnb")
        try write(dir, "nb.ipynb", attnNotebook)
        let path = dir.appendingPathComponent("nb.ipynb").path
        let dry = try attn("fix", "--dry-run", path)
        XCTAssertEqual(dry.stdout.split(separator: "\n").filter { $0.hasPrefix("-") || $0.hasPrefix("+") }, [
            "--- a\(path)", "+++ b\(path)", "-      \"twice: 7\\n\"", "+      \"twice: 6\\n\"",
        ], dry.stdout)
        let fixed = try attn("fix", path)
        XCTAssertEqual(fixed.status, 0, fixed.stdout)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), attnNotebook.replacingOccurrences(of: "twice: 7", with: "twice: 6"))
        XCTAssertEqual(try attn("check", path).status, 0)
    }

    func testANotebookThatIsNotJSONIsReportedAndNeverWritten() throws {
        let dir = try folder("badnb")
        let broken = String(attnNotebook.dropLast(4))
        try write(dir, "nb.ipynb", broken)
        let path = dir.appendingPathComponent("nb.ipynb").path
        let r = try attn("check", path)
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("not a notebook: invalid JSON at line"), r.stdout)
        _ = try attn("fix", path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), broken)
    }
}
