import XCTest
@testable import AttnShell

final class LineEditorLogicTests: XCTestCase {
    // MARK: - Common prefix

    func testCommonPrefix() {
        XCTAssertEqual(LineEditing.commonPrefix(["softmax", "softplus", "soft"]), "soft")
        XCTAssertEqual(LineEditing.commonPrefix(["abc"]), "abc")
        XCTAssertEqual(LineEditing.commonPrefix([]), "")
        XCTAssertEqual(LineEditing.commonPrefix(["abc", "xyz"]), "")
    }

    func testCommonPrefixNeverSplitsAGrapheme() {
        // "e" + combining acute and "e" + combining circumflex share the
        // scalar "e" but no whole character.
        XCTAssertEqual(LineEditing.commonPrefix(["e\u{301}a", "e\u{302}b"]), "")
    }

    // MARK: - Completion plans

    func testOneCandidateReplacesTheWord() {
        let plan = LineEditing.plan(line: "x = sof", cursor: 7,
                                    completion: Completion(candidates: ["softmax("], replacing: 4..<7))
        XCTAssertEqual(plan, CompletionPlan(edit: LineEdit(range: 4..<7, text: "softmax("), listing: nil, beep: false))
    }

    func testSeveralCandidatesInsertTheCommonPrefixAndList() {
        let plan = LineEditing.plan(line: "so", cursor: 2,
                                    completion: Completion(candidates: ["softmax", "softplus"], replacing: 0..<2))
        XCTAssertEqual(plan.edit, LineEdit(range: 0..<2, text: "soft"))
        XCTAssertEqual(plan.listing, ["softmax", "softplus"])
    }

    func testSeveralCandidatesWithNothingToAddOnlyList() {
        let plan = LineEditing.plan(line: "soft", cursor: 4,
                                    completion: Completion(candidates: ["softmax", "softplus"], replacing: 0..<4))
        XCTAssertNil(plan.edit)
        XCTAssertEqual(plan.listing, ["softmax", "softplus"])
    }

    func testAFuzzyCompleterNeverDeletesTypedText() {
        // Candidates that do not start with the typed text (case-insensitive
        // matching) must not replace it with a shorter common prefix.
        let plan = LineEditing.plan(line: "SOFT", cursor: 4,
                                    completion: Completion(candidates: ["softmax", "softplus"], replacing: 0..<4))
        XCTAssertNil(plan.edit)
        XCTAssertEqual(plan.listing, ["softmax", "softplus"])
    }

    func testDuplicateCandidatesCountOnce() {
        let plan = LineEditing.plan(line: "me", cursor: 2,
                                    completion: Completion(candidates: ["mean", "mean"], replacing: 0..<2))
        XCTAssertEqual(plan.edit, LineEdit(range: 0..<2, text: "mean"))
        XCTAssertNil(plan.listing)
    }

    func testNoCandidatesOrABadRangeBeep() {
        XCTAssertTrue(LineEditing.plan(line: "zz", cursor: 2, completion: .none(at: 2)).beep)
        let bad = LineEditing.plan(line: "ab", cursor: 2, completion: Completion(candidates: ["abc"], replacing: 1..<9))
        XCTAssertEqual(bad, CompletionPlan(edit: nil, listing: nil, beep: true))
    }

    func testCompletionOffsetsCountUnicodeScalars() {
        // "é" precomposed is one scalar; the word starts at scalar 3.
        let plan = LineEditing.plan(line: "é = me", cursor: 6,
                                    completion: Completion(candidates: ["mean"], replacing: 4..<6))
        XCTAssertEqual(plan.edit, LineEdit(range: 4..<6, text: "mean"))
    }

    // MARK: - Listing

    func testColumnsFillTopToBottom() {
        let rows = LineEditing.formatColumns(["a", "b", "c", "d", "e"], width: 9)
        // Column width 3 ("a" + 2 spaces), 9 + 2 gap → 3 columns, 2 rows.
        XCTAssertEqual(rows, ["a  c  e", "b  d"])
    }

    func testNarrowTerminalGivesOneColumn() {
        XCTAssertEqual(LineEditing.formatColumns(["alpha", "beta"], width: 3), ["alpha", "beta"])
    }

    func testLongListingsAreCut() {
        let rows = LineEditing.formatColumns((0..<10).map { "x\($0)" }, width: 80, maxItems: 4)
        XCTAssertEqual(rows.last, "… and 6 more")
        XCTAssertEqual(rows.first, "x0  x1  x2  x3")
    }

    // MARK: - Bracketed paste

    func testPasteCollectorFindsTheEndMarkerAcrossReads() {
        var collector = PasteCollector()
        var leftover: [UInt8] = []
        for chunk in ["a = 1\r", "b\u{1B}[2", "01", "~"] {
            XCTAssertFalse(collector.isComplete)
            leftover += collector.consume(Array(chunk.utf8))
        }
        XCTAssertTrue(collector.isComplete)
        XCTAssertEqual(collector.content, Array("a = 1\rb".utf8))
        XCTAssertEqual(leftover, [])
        XCTAssertEqual(collector.maxReadSize, 0)
    }

    func testPasteCollectorKeepsEscapesThatAreNotTheMarker() {
        var collector = PasteCollector()
        _ = collector.consume(Array("x\u{1B}[20m\u{1B}\u{1B}[201~".utf8))
        XCTAssertTrue(collector.isComplete)
        XCTAssertEqual(collector.content, Array("x\u{1B}[20m\u{1B}".utf8))
    }

    func testPasteCollectorNeverAsksToReadPastTheMarker() {
        var collector = PasteCollector()
        XCTAssertEqual(collector.maxReadSize, 6)
        _ = collector.consume(Array("ab\u{1B}[2".utf8))
        XCTAssertEqual(collector.maxReadSize, 3)
        let leftover = collector.consume(Array("01~typed".utf8))
        XCTAssertEqual(leftover, Array("typed".utf8))
    }

    func testIncompletePasteKeepsHeldBackBytes() {
        var collector = PasteCollector()
        _ = collector.consume(Array("abc\u{1B}[20".utf8))
        collector.finishIncomplete()
        XCTAssertTrue(collector.isComplete)
        XCTAssertEqual(collector.content, Array("abc\u{1B}[20".utf8))
    }

    func testPasteNormalisation() {
        XCTAssertEqual(LineEditing.normalizePaste(Array("a\r\nb\rc\nd".utf8)), "a\nb\nc\nd")
        XCTAssertEqual(LineEditing.normalizePaste([0x61, 0xFF, 0x62]), "a\u{FFFD}b")
    }

    func testSingleLinePasteIsInserted() {
        XCTAssertEqual(LineEditing.pasteOutcome(before: "x = ", pasted: "1 + 2", after: ""), .insert("1 + 2"))
    }

    func testMultiLinePasteBecomesABlockWithTheTypedText() {
        XCTAssertEqual(LineEditing.pasteOutcome(before: "x = ", pasted: "1\ny = 2", after: " # end"),
                       .block(["x = 1", "y = 2 # end"]))
    }

    func testTrailingLineBreakOfAPasteAddsNoEmptyLine() {
        XCTAssertEqual(LineEditing.pasteOutcome(before: "", pasted: "a\nb\n", after: ""), .block(["a", "b"]))
        XCTAssertEqual(LineEditing.pasteOutcome(before: "", pasted: "a\n", after: ""), .block(["a"]))
        XCTAssertEqual(LineEditing.pasteOutcome(before: "", pasted: "a\n\n", after: ""), .block(["a", ""]))
    }

    // MARK: - Wide strings

    func testWideStringRoundTrip() {
        let text = "héllo ✓ 𝔸"
        let wide = LineEditor.makeWideString(text)
        defer { wide.deallocate() }
        XCTAssertEqual(LineEditor.string(fromWide: wide, count: text.unicodeScalars.count), text)
    }

    // MARK: - Test driver helpers

    func testStripANSI() {
        XCTAssertEqual(PTY.stripANSI("\u{1B}[1;32mok\u{1B}[0m\r\nnext\u{07}"), "ok\nnext")
        XCTAssertEqual(PTY.stripANSI("\u{1B}]0;title\u{07}a\u{1B}(Bb\u{1B}=c"), "abc")
        XCTAssertEqual(PTY.stripANSI("\u{1B}[?2004hx\u{1B}[?2004l"), "x")
    }
}
