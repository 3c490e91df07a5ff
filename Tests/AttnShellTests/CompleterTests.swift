import AttnLang
import Foundation
import XCTest
@testable import AttnShell

/// Tab completion without a terminal: what `Completer` offers for a line
/// and cursor, and which part of the line (in Unicode scalars) it replaces.
final class CompleterTests: XCTestCase {
    private func completer(_ setup: String = "") throws -> Completer {
        let session = Session()
        if !setup.isEmpty { _ = try session.evaluate(setup) }
        return Completer(session: session)
    }

    /// Completes at the end of `line`.
    private func complete(_ line: String, context: [String] = [], in completer: Completer) -> Completion {
        completer.complete(line: line, cursor: line.unicodeScalars.count, context: context)
    }

    private func scalars(_ s: String) -> Int { s.unicodeScalars.count }

    // MARK: - Names

    func testBuiltinNames() throws {
        let c = try completer()
        let softm = complete("softm", in: c)
        XCTAssertEqual(softm.candidates, ["softmax"])
        XCTAssertEqual(softm.replacing, 0..<5)

        let att = complete("let y = att", in: c)
        XCTAssertTrue(att.candidates.contains("attend"), "\(att.candidates)")
        XCTAssertTrue(att.candidates.allSatisfy { $0.hasPrefix("att") }, "\(att.candidates)")
        XCTAssertEqual(att.replacing, 8..<11)

        // Every builtin completes from its first two letters.
        for builtin in Builtins.all {
            let prefix = String(builtin.name.prefix(2))
            XCTAssertTrue(complete(prefix, in: c).candidates.contains(builtin.name), builtin.name)
        }
    }

    /// Keywords and constants come from the lists the language publishes.
    func testKeywordsAndConstants() throws {
        let c = try completer()
        for name in Keyword.allCases.map(\.rawValue) + Constant.all.map(\.name) {
            XCTAssertTrue(complete(name, in: c).candidates.contains(name), name)
        }
        XCTAssertTrue(complete("th", in: c).candidates.contains("then"))
        XCTAssertTrue(complete("na", in: c).candidates.contains("nan"))
    }

    func testVariablesComeBeforeBuiltins() throws {
        let c = try completer("let softness = 1; let attention_map = [1]; let f(x) = x")
        let soft = complete("soft", in: c)
        XCTAssertEqual(soft.candidates.first, "softness")
        XCTAssertTrue(soft.candidates.contains("softmax"))
        XCTAssertEqual(complete("attention_m", in: c).candidates, ["attention_map"])
        XCTAssertEqual(complete("1 + f", in: c).candidates.first, "f")
        XCTAssertFalse(complete("_", in: c).candidates.contains("_"), "_ is not offered")
    }

    func testCompletionInTheMiddleOfTheLine() throws {
        let c = try completer()
        let line = "softm + 1"
        let result = c.complete(line: line, cursor: 5)
        XCTAssertEqual(result.candidates, ["softmax"])
        XCTAssertEqual(result.replacing, 0..<5)
    }

    func testNothingWithoutAPrefixOutsideACall() throws {
        let c = try completer()
        XCTAssertEqual(complete("", in: c).candidates, [])
        XCTAssertEqual(complete("1 + ", in: c).candidates, [])
    }

    // MARK: - Named arguments

    func testNamedArgumentOfAttend() throws {
        let c = try completer("let Q = [[1, 0]]; let K = Q; let V = Q")
        let line = "attend(Q, K, V, he"
        let result = complete(line, in: c)
        XCTAssertEqual(result.candidates, ["heads:"])
        XCTAssertEqual(result.replacing, 16..<18)
        XCTAssertEqual(String(String.UnicodeScalarView(Array(line.unicodeScalars)[result.replacing])), "he")
    }

    func testReplacementRangeCountsUnicodeScalars() throws {
        let c = try completer()
        // "é" written as e + combining acute (2 scalars, 1 Character) and a
        // thumbs-up with a skin tone (2 scalars, 1 Character, 4 UTF-16 units).
        let lead = "print(\"e\u{301}👍🏽\"); "
        let line = lead + "attend(Q, K, V, he"
        let result = complete(line, in: c)
        XCTAssertEqual(result.candidates, ["heads:"])
        let start = scalars(lead) + 16
        XCTAssertEqual(result.replacing, start..<(start + 2))
        XCTAssertNotEqual(result.replacing.lowerBound, lead.count + 16, "Characters are not scalars here")
        XCTAssertEqual(String(String.UnicodeScalarView(Array(line.unicodeScalars)[result.replacing])), "he")
    }

    func testEveryNamedArgumentIsOfferedInACall() throws {
        let c = try completer()
        let result = complete("attend(Q, K, V, ", in: c)
        let named = ["heads:", "kv_heads:", "scale:", "mask:", "bias:", "causal:", "window:", "alibi:", "Wq:", "Wk:", "Wv:", "Wo:"]
        for name in named {
            XCTAssertTrue(result.candidates.contains(name), "\(name) in \(result.candidates)")
        }
        XCTAssertEqual(Array(result.candidates.prefix(named.count)), named, "named arguments come first")
        XCTAssertEqual(result.replacing, 16..<16)
        XCTAssertEqual(complete("attend(Q, K, V, W", in: c).candidates, ["Wq:", "Wk:", "Wv:", "Wo:"])
        XCTAssertEqual(complete("softmax([1, 2], ax", in: c).candidates, ["axis:"])
    }

    func testNamedArgumentsAlreadyGivenAreNotOfferedAgain() throws {
        let c = try completer()
        XCTAssertEqual(complete("attend(Q, K, V, heads: 2, causal: true, W", in: c).candidates, ["Wq:", "Wk:", "Wv:", "Wo:"])
        let afterTwo = complete("attend(Q, K, V, heads: 2, causal: true, ", in: c).candidates
        XCTAssertFalse(afterTwo.contains("heads:"), "\(afterTwo)")
        XCTAssertFalse(afterTwo.contains("causal:"), "\(afterTwo)")
        XCTAssertTrue(afterTwo.contains("mask:"), "\(afterTwo)")
        XCTAssertFalse(complete("attend(Q, K, V, Wq: W, Wk: W, W", in: c).candidates.contains("Wq:"))

        // A value that holds calls, lists or commas of its own does not hide
        // the names given before or after it.
        let nested = complete("attend(Q, K, V, mask: ones([3, 3]), ma", in: c).candidates
        XCTAssertFalse(nested.contains("mask:"), "\(nested)")
        let nestedAfter = complete("attend(Q, K, V, mask: [[1, 0], [1, 1]], causal: transpose(M)[0, 0], ", in: c).candidates
        XCTAssertFalse(nestedAfter.contains("mask:"), "\(nestedAfter)")
        XCTAssertFalse(nestedAfter.contains("causal:"), "\(nestedAfter)")
        XCTAssertTrue(nestedAfter.contains("heads:"), "\(nestedAfter)")
        let inString = complete("attend(Q, K, V, mask: load(\"a,(b: c.npy\"), ", in: c).candidates
        XCTAssertFalse(inString.contains("mask:"), "\(inString)")
        XCTAssertTrue(inString.contains("heads:"), "brackets in a string do not open a call: \(inString)")
    }

    func testInnerCallIsTheOneCompleted() throws {
        let c = try completer()
        // Inside softmax(...) nested in attend(...): softmax's arguments.
        XCTAssertEqual(complete("attend(Q, K, softmax(V, ax", in: c).candidates, ["axis:"])
        // After softmax(...) closed: attend's again.
        XCTAssertEqual(complete("attend(Q, K, softmax(V, axis: 0), he", in: c).candidates, ["heads:"])
        // A name given to the inner call does not count for the outer one.
        XCTAssertEqual(complete("attend(softmax(Q, axis: 0), K, V, ca", in: c).candidates, ["causal:"])
    }

    func testContextFromEarlierLinesOfAnUnfinishedEntry() throws {
        let c = try completer()
        let result = complete("  he", context: ["attend(Q, K,", "  V, causal: true,"], in: c)
        XCTAssertEqual(result.candidates, ["heads:"])
        XCTAssertEqual(result.replacing, 2..<4, "the range is in the current line")
        let given = complete("  ca", context: ["attend(Q, K, V,", "  causal: true,"], in: c)
        XCTAssertFalse(given.candidates.contains("causal:"), "\(given.candidates)")
        // A call closed on an earlier line is not the context any more.
        XCTAssertFalse(complete("he", context: ["attend(Q, K, V) +"], in: c).candidates.contains("heads:"))
    }

    // MARK: - Meta-commands

    func testMetaCommandsAfterAColon() throws {
        let c = try completer()
        let all = complete(":", in: c)
        XCTAssertEqual(Set(all.candidates), Set(Shell.metaCommands.map { ":" + $0.name }))
        XCTAssertEqual(all.replacing, 0..<1)
        XCTAssertEqual(complete(":he", in: c).candidates, [":help"])
        XCTAssertEqual(Set(complete(":h", in: c).candidates), [":help", ":history"])
        let indented = complete("  :pre", in: c)
        XCTAssertEqual(indented.candidates, [":precision"])
        XCTAssertEqual(indented.replacing, 2..<6)
        XCTAssertEqual(complete(":zz", in: c).candidates, [])
    }

    // MARK: - File names

    func testFileNamesInAStringLiteralAndAfterLoad() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let fm = FileManager.default
        try "".write(toFile: dir.file("Tests.attn"), atomically: true, encoding: .utf8)
        try "".write(toFile: dir.file("Other.npy"), atomically: true, encoding: .utf8)
        try "".write(toFile: dir.file(".Test-hidden"), atomically: true, encoding: .utf8)
        try fm.createDirectory(atPath: dir.file("Testdata"), withIntermediateDirectories: false)
        try "".write(toFile: dir.file("Testdata/x.csv"), atomically: true, encoding: .utf8)

        let previous = fm.currentDirectoryPath
        XCTAssertTrue(fm.changeCurrentDirectoryPath(dir.path))
        defer { _ = fm.changeCurrentDirectoryPath(previous) }

        let c = try completer()
        let inString = complete("load(\"Tes", in: c)
        XCTAssertEqual(inString.candidates, ["Testdata/", "Tests.attn"])
        XCTAssertEqual(inString.replacing, 6..<9)

        let inDirectory = complete("let x = load(\"Testdata/", in: c)
        XCTAssertEqual(inDirectory.candidates, ["Testdata/x.csv"])
        XCTAssertEqual(inDirectory.replacing, 14..<23)

        XCTAssertEqual(complete("load(\"", in: c).candidates, ["Other.npy", "Testdata/", "Tests.attn"], "hidden files only on request")
        XCTAssertEqual(complete("load(\".T", in: c).candidates, [".Test-hidden"])

        let afterLoad = complete(":load Tes", in: c)
        XCTAssertEqual(afterLoad.candidates, ["Testdata/", "Tests.attn"])
        XCTAssertEqual(afterLoad.replacing, 6..<9)
        XCTAssertEqual(complete(":save Oth", in: c).candidates, ["Other.npy"])
        XCTAssertEqual(complete(":load ", in: c).candidates, ["Other.npy", "Testdata/", "Tests.attn"])

        // An absolute path works from anywhere.
        let absolute = complete("load(\"\(dir.path)/Tests.", in: c)
        XCTAssertEqual(absolute.candidates, ["\(dir.path)/Tests.attn"])

        // A closed string is not completed as a file name.
        XCTAssertFalse(complete("load(\"Tests.attn\") + Tes", in: c).candidates.contains("Tests.attn"))
        XCTAssertEqual(complete("load(\"Nothing", in: c).candidates, [])
    }

    // MARK: - Nothing

    func testNothingForNumbers() throws {
        let c = try completer("let e2 = 1; let x1 = 2")
        for line in ["1", "12", "softmax([1, 2", "x + 3", "1e", "2.5e1", "x1 + 3"] {
            XCTAssertEqual(complete(line, in: c).candidates, [], line)
        }
        XCTAssertEqual(complete("x", in: c).candidates.first, "x1", "digits inside a name are fine")
    }

    func testCursorOutOfRangeIsClamped() throws {
        let c = try completer()
        XCTAssertEqual(c.complete(line: "softm", cursor: 99).candidates, ["softmax"])
        XCTAssertEqual(c.complete(line: "softm", cursor: -3).candidates, [])
    }
}
