import AttnDocs
import XCTest

/// The prompts that open a transcript input, recognised in one place: the
/// shell asks `TranscriptEntry.startsInput` of pasted lines, and it answers
/// with the document scanner's own matcher.
final class PromptTests: XCTestCase {
    func testPromptsThatStartAnInput() {
        for line in ["attn> x", "attn>", ">>> x", ">>>", "julia> x", "In [3]: x", "In [12]:", "    >>> x", "  attn> softmax(x)"] {
            XCTAssertTrue(TranscriptEntry.startsInput(line), line)
        }
    }

    func testLinesThatDoNot() {
        for line in ["attn>x", ">>>x", "x = 1", "...> x", "... x", "In []: x", "In [a]: x", "Out[1]: 2", "# => 1", ""] {
            XCTAssertFalse(TranscriptEntry.startsInput(line), line)
        }
    }

    /// What the scanner reads as a transcript input is what the shell takes for one.
    func testTheScannerAgrees() {
        for (line, isInput) in [(">>> 1 + 1", true), ("In [1]: 1 + 1", true), ("1 + 1", false)] {
            let document = Document(path: "t.txt", bytes: Array((line + "\n2\n").utf8), format: .attn)
            let transcripts = document.cells.filter { if case .transcript = $0 { return true } else { return false } }
            XCTAssertEqual(!transcripts.isEmpty, isInput, line)
            XCTAssertEqual(TranscriptEntry.startsInput(line), isInput, line)
        }
    }
}
