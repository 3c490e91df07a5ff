import AttnDocs
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// JUnit output, the seed article's claims, and the examples folder.
final class ReportTests: XCTestCase {
    // MARK: - JUnit

    func testJUnitShape() throws {
        let passing = Docs.check("1 + 1  # => 2\n", path: "a.attn")
        let failing = Docs.check("1 + 1  # => 3\nprint(\"<&>\")  # => \"quoted\" & <tagged>\n", path: "dir/b & c.attn")
        let xml = JUnitReport.xml([passing, failing])
        let document = try XMLDocument(xmlString: xml, options: [])
        guard let root = document.rootElement() else { return XCTFail("no root element") }
        XCTAssertEqual(root.name, "testsuites")
        XCTAssertEqual(root.attribute(forName: "tests")?.stringValue, "3")
        XCTAssertEqual(root.attribute(forName: "failures")?.stringValue, "2")
        let suites = root.elements(forName: "testsuite")
        XCTAssertEqual(suites.map { $0.attribute(forName: "name")?.stringValue }, ["a.attn", "dir/b & c.attn"])
        XCTAssertEqual(suites.map { $0.attribute(forName: "tests")?.stringValue }, ["1", "2"])
        XCTAssertEqual(suites.map { $0.attribute(forName: "failures")?.stringValue }, ["0", "2"])
        let cases = suites[1].elements(forName: "testcase")
        XCTAssertEqual(cases.count, 2)
        XCTAssertEqual(cases[0].attribute(forName: "name")?.stringValue, "line 1: 1 + 1")
        XCTAssertEqual(cases[0].attribute(forName: "classname")?.stringValue, "dir/b & c.attn")
        let failure = cases[0].elements(forName: "failure").first
        XCTAssertEqual(failure?.attribute(forName: "message")?.stringValue, "dir/b & c.attn:1: claim failed")
        XCTAssertTrue(failure?.stringValue?.contains("claim:     3") ?? false)
        XCTAssertTrue(cases[1].elements(forName: "failure").first?.stringValue?.contains("\"quoted\" & <tagged>") ?? false)
        XCTAssertTrue(suites[0].elements(forName: "testcase").first?.elements(forName: "failure").isEmpty ?? false)
    }

    // MARK: - The seed article

    func testSeedClaimsFindEachRealErrorAndNoFalseAlarm() {
        let report = Checker().check(path: Docs.fixtures.appendingPathComponent("seed-claims.md").path)
        let failed = report.failures.map { $0.claim ?? "" }
        // dot = 0.5, softmax of one score = 0.5, the weighted sum 1.5, and the
        // program's printed weights [0.5 0.5] and result 1.5.
        XCTAssertEqual(report.failures.map(\.statement), [
            "dot(Q, K)", "softmax(dot(Q, K))", "weighted_sum(X, softmax(dot(Q, K)))",
            "print(\"注意力权重：\", w)", "print(\"加权求和结果：\", y)",
        ], "\(failed)")
        XCTAssertEqual(report.passed, 6)
        XCTAssertTrue(report.results.allSatisfy { $0.kind == .claim })
        // The seed's slip is named where it applies, and nowhere else.
        XCTAssertEqual(report.failures.map(\.diagnoses), [
            ["claim matches if the dot product takes only the first elements (a[0]·b[0], the seed article's slip)"],
            [], [], [], [],
        ])
    }

    // MARK: - Examples

    func testExamplesPassInProcess() {
        let files = DocumentLoader.expand([Docs.root.appendingPathComponent("examples").path])
        XCTAssertTrue(files.contains { $0.hasSuffix("attention-by-hand.md") }, "\(files)")
        for file in files {
            let report = Checker().check(path: file)
            XCTAssertEqual(report.failed, 0, report.failures.map(\.report).joined(separator: "\n"))
            XCTAssertGreaterThan(report.passed, 0, file)
        }
    }

    func testCheckExamplesThroughTheBinary() throws {
        guard let binary = Docs.binary() else { throw XCTSkip("attn binary not built (set ATTN_BIN)") }
        let (status, output) = try Docs.run(binary, ["check", "examples/"], in: Docs.root)
        XCTAssertEqual(status, 0, output)
        let last = output.split(separator: "\n").last.map(String.init) ?? ""
        XCTAssertNotNil(last.range(of: #"^[0-9]+ passed, 0 failed$"#, options: .regularExpression), last)
    }

    func testCheckSeedThroughTheBinaryFailsWithJUnit() throws {
        guard let binary = Docs.binary() else { throw XCTSkip("attn binary not built (set ATTN_BIN)") }
        let junit = try Docs.temporaryFolder().appendingPathComponent("report.xml")
        let seed = Docs.fixtures.appendingPathComponent("seed-claims.md").path
        let (status, output) = try Docs.run(binary, ["check", "--junit", junit.path, seed])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(output.hasSuffix("6 passed, 5 failed\n"), output)
        XCTAssertTrue(output.contains("claim matches if the dot product takes only the first elements"), output)
        let xml = try String(contentsOf: junit, encoding: .utf8)
        XCTAssertTrue(xml.contains("<testsuites name=\"attn check\" tests=\"11\" failures=\"5\""), xml)
    }
}
