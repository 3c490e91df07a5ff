import AttnDocs
import XCTest

/// `# prints: TEXT`: a claim about what a statement's `print` calls wrote.
final class PrintsClaimTests: XCTestCase {
    func testTheClaimSite() {
        let text = "print(\"sum:\", 1 + 2)\n# prints: sum: 3\nprint(\"a\")  # prints: a\n"
        let claims = Docs.claims(text)
        XCTAssertEqual(claims.map(\.form), [.printed, .printed])
        XCTAssertEqual(claims.map(\.text), ["sum: 3", "a"])
        XCTAssertEqual(claims.map(\.line), [2, 3])
        XCTAssertEqual(claims.map { Docs.slice(text, $0.span) }, ["sum: 3", "a"])
        guard case .code(let cell)? = Docs.document(text).cells.first else { return XCTFail("no code cell") }
        let annotations = cell.annotations
        XCTAssertEqual(annotations.map(\.targetLine), [1, 3])
    }

    func testSingleLineHoldsAndFails() {
        let report = Docs.check("""
            print("sum:", 1 + 2)
            # prints: sum: 3
            print("sum:", 2 + 2)
            # prints: sum: 5

            """)
        XCTAssertEqual(report.results.map(\.passed), [true, false])
        let failure = report.failures.first?.report ?? ""
        XCTAssertTrue(failure.hasPrefix("test.attn:4: claim failed"), failure)
        XCTAssertTrue(failure.contains("printed:   sum: 4"), failure)
    }

    func testMultiLineContinuesLikeAValueClaim() {
        let text = """
            print("first")
            print("second")
            let f() = print("one\\ntwo")
            f()
            # prints: one
            #         two
            f()
            # prints: one
            #         three

            """
        let claims = Docs.claims(text)
        XCTAssertEqual(claims.map(\.text), ["one\ntwo", "one\nthree"])
        XCTAssertEqual(claims.first?.continuationPrefix, "#         ")
        XCTAssertEqual(Docs.check(text).results.map(\.passed), [true, false])
    }

    func testComparedAsTextNotAsTheValue() {
        // The value a statement shows is not what it printed.
        let report = Docs.check("sum([1, 2])  # prints: 3\n")
        XCTAssertEqual(report.results.map(\.passed), [false])
        let failure = report.failures.first?.report ?? ""
        XCTAssertTrue(failure.contains("(nothing printed)"), failure)
        // Trailing blanks do not count; the numbers after a shared label are
        // compared as values, as in a transcript's output.
        XCTAssertEqual(Docs.check("print(\"x  \")  # prints: x\n").results.map(\.passed), [true])
        XCTAssertEqual(Docs.check("print(\"w:\", [0.5, 0.5])  # prints: w: [0.5 0.5]\n").results.map(\.passed), [true])
        XCTAssertEqual(Docs.check("print(\"w:\", [0.5, 0.5])  # prints: w: [0.5 0.6]\n").results.map(\.passed), [false])
    }

    func testTheClaimIsAboutTheLastStatementOnItsLine() {
        let text = "print(\"a\"); print(\"b\")  # prints: b\nprint(\"c\")\n1 + 1  # => 2\n"
        XCTAssertEqual(Docs.check(text).results.map(\.passed), [true, true])
        XCTAssertEqual(Docs.check("print(\"a\"); print(\"b\")  # prints: a\n").results.map(\.passed), [false])
    }

    func testAFailingStatementFailsTheClaim() {
        let report = Docs.check("print(nosuch)  # prints: 1\n")
        XCTAssertEqual(report.results.map(\.passed), [false])
        XCTAssertTrue(report.failures.first?.report.contains("unknown name") ?? false)
    }

    func testMarkerMustOpenTheComment() {
        XCTAssertTrue(Docs.claims("# each `# prints:` line is a claim\n1 + 1\nprint(\"# prints: no\")\n").isEmpty)
    }

    func testBuiltinsPageExampleIsChecked() {
        let page = Docs.root.appendingPathComponent("docs/builtins.md").path
        let report = Checker().check(path: page)
        let printed = report.results.filter { $0.form == .printed }
        XCTAssertGreaterThanOrEqual(printed.count, 1, "print's example claims what it prints")
        XCTAssertTrue(printed.allSatisfy(\.passed), printed.map(\.report).joined(separator: "\n"))
    }
}
