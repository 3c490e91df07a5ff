import AttnCore
import XCTest
@testable import AttnLang

/// What a stop request, a finished session and the file policy do to the
/// language layer.
final class SessionSafetyTests: XCTestCase {
    override func tearDown() {
        Interrupt.clear()
        super.tearDown()
    }

    /// Runs `text` in `session`, collecting values and errors.
    private func run(_ session: Session, _ text: String) -> (values: [String], errors: [Diagnostic]) {
        var values: [String] = [], errors: [Diagnostic] = []
        session.run(SourceFile(name: "t.attn", text: text), stopAtFirstError: false) { outcome in
            values += outcome.printed + (outcome.display.map { [$0] } ?? [])
            if let d = outcome.diagnostic { errors.append(d) }
        }
        return (values, errors)
    }

    func testAnInterruptedStatementChangesNothing() throws {
        let session = Session()
        _ = run(session, "let x = 1\n42")
        Interrupt.request()
        let stopped = run(session, "let x = 2\n7\nlet y = 3")
        XCTAssertEqual(stopped.values, [])
        XCTAssertEqual(stopped.errors.map(\.kind), [.interrupted], "a stop ends even a run that goes on after errors")
        Interrupt.clear()
        XCTAssertEqual(run(session, "x\n_\ny").values, ["1", "1"])
        XCTAssertEqual(run(session, "_").values, ["1"], "_ is the last value shown")
    }

    func testAStopRequestedDuringAStatementDiscardsItsValue() throws {
        let session = Session()
        _ = run(session, "let x = 1\n42")
        // A builtin that requests the stop while it computes, as Ctrl-C would.
        session.interpreter.callHook = { builtin, _ in
            if builtin.name == "sum" { Interrupt.request() }
        }
        let stopped = run(session, "let x = sum([5, 6])")
        XCTAssertEqual(stopped.errors.first?.kind, .interrupted)
        session.interpreter.callHook = nil
        Interrupt.clear()
        XCTAssertEqual(run(session, "x\n_").values, ["1", "1"])
    }

    func testRecursionStopsOnRequest() throws {
        let session = Session()
        _ = run(session, "let f(n) = if n < 1 then 1 else f(n - 1) + f(n - 1)")
        let deadline = DispatchTime.now() + 0.2
        DispatchQueue.global().asyncAfter(deadline: deadline) { Interrupt.request() }
        let started = Date()
        let stopped = run(session, "f(60)")
        XCTAssertEqual(stopped.errors.first?.kind, .interrupted)
        XCTAssertLessThan(Date().timeIntervalSince(started), 5)
    }

    func testASessionThatDefinesAFunctionIsFreed() {
        weak var gone: Session?
        weak var globals: Environment?
        do {
            let session = Session()
            _ = run(session, "let f(x) = x + 1\nlet g(x) = f(x) * 2\ng(1)")
            gone = session
            globals = session.interpreter.globals
        }
        XCTAssertNil(gone, "no reference cycle keeps the session alive")
        XCTAssertNil(globals)
    }

    func testAnsIsTheLastValueUntilDefined() {
        let session = Session()
        XCTAssertEqual(run(session, "ans").errors.first?.notes, ["ans is the last value shown, and nothing has been shown yet"])
        XCTAssertEqual(run(session, "3\nans * 2").values, ["3", "6"])
        XCTAssertEqual(run(session, "let ans = 10\n5\nans").values, ["5", "10"])
    }

    func testLoneCarriageReturnsEndLines() {
        XCTAssertEqual(run(Session(), "let a = 2\rlet b = a + 1\rb").values, ["3"])
        let source = SourceFile(name: "s", text: "1\r2")
        XCTAssertEqual(source.location(of: 2).line, 2)
    }

    // MARK: - Files

    func testTheConfinedPolicyKeepsSavesInMemoryAndRefusesOtherFolders() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attn-confined-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = Session()
        session.interpreter.fileAccess = .confined(to: folder.path)
        let result = run(session, "save(eye(2), \"sub/../m.npy\")\nload(\"m.npy\")\nsave(eye(2), \"/tmp/x.npy\")\nload(\"/etc/hostname\")")
        XCTAssertEqual(result.values, ["[[1, 0],\n [0, 1]]"])
        XCTAssertEqual(result.errors.count, 2)
        XCTAssertTrue(result.errors.allSatisfy { $0.message.contains("outside the document's folder") }, "\(result.errors.map(\.message))")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "nothing reached the disk")
    }
}
