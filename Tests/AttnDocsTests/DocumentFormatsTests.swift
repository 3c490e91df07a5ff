import AttnDocs
import AttnLang
import Foundation
import XCTest

/// The documents of Fixtures/documents/, one per format and claim form,
/// written by `scripts/document_claims.py` from python3's own output, with
/// the verdict python3 gives every claim.
///
/// Python's verdicts are asserted three ways:
/// - without a Python dialect, every claim of Python code is `unsupported`
///   (never failed, never passed by accident);
/// - with `ReplayDialect`, which answers each statement with python3's
///   recorded output, every verdict is python3's: this holds the formats,
///   the claim forms, the judge and the fixes to python3 today;
/// - with the real Python dialect, once it is registered in
///   `DialectRegistry.standard` (`Docs.pythonRuns`), every verdict must be
///   python3's again (PyTorch documents may still be `unsupported`).
final class DocumentFormatsTests: XCTestCase {
    private var recorded: Recorded!

    override func setUpWithError() throws {
        recorded = try Recorded.load()
    }

    private func document(_ d: RecordedDocument) throws -> Document {
        Document(path: d.file, bytes: try d.bytes())
    }

    /// `location verdict kind`, one per result, sorted.
    private func summary(_ report: FileReport) -> [String] {
        report.results.map { "\($0.location) \($0.verdict.name) \($0.kindName)" }.sorted()
    }

    private func summary(_ verdicts: [RecordedVerdict]) -> [String] {
        verdicts.map { "\($0.location) \($0.verdict) \($0.kind)" }.sorted()
    }

    func testEveryFormatIsRecorded() {
        let files = Set(recorded.documents.map(\.file))
        for name in ["output-blocks.md", "comment-claims.md", "doctest.txt", "session.rst", "attention_helpers.py",
                     "notebook.ipynb", "attn.ipynb"] {
            XCTAssertTrue(files.contains(name), name)
        }
        XCTAssertEqual(Document.format(forPath: "a.ipynb", bytes: []), .notebook)
        XCTAssertEqual(Document.format(forPath: "a.py", bytes: []), .python)
        XCTAssertEqual(Document.format(forPath: "a.rst", bytes: []), .text)
    }

    // MARK: - Without Python

    func testWithoutPythonEveryPythonClaimIsUnsupported() throws {
        let checker = Checker(dialects: Docs.withoutPython)
        for d in recorded.documents where d.isPython {
            let report = checker.check(try document(d))
            let claims = d.verdicts.filter { $0.kind != "statement" }
            XCTAssertEqual(report.results.count, claims.count, "\(d.file): \(summary(report))")
            for result in report.results {
                XCTAssertEqual(result.verdict, Docs.pythonUnsupported, "\(d.file): \(result.report)")
            }
            // Where each claim is does not depend on running it.
            XCTAssertEqual(Set(report.results.map(\.location)), Set(claims.map(\.location)), d.file)
            // And attn fix leaves the document alone.
            XCTAssertTrue(report.results.allSatisfy { $0.replacement == nil }, d.file)
        }
    }

    // MARK: - With python3's output

    func testVerdictsAreWhatPython3Gives() throws {
        for d in recorded.documents where d.isPython {
            let report = Checker(dialects: ReplayDialect.registry(for: d)).check(try document(d))
            XCTAssertEqual(summary(report), summary(d.verdicts),
                           "\(d.file):\n" + report.results.filter(\.fails).map(\.report).joined(separator: "\n"))
            assertDiagnoses(report, d)
        }
    }

    private func assertDiagnoses(_ report: FileReport, _ d: RecordedDocument) {
        for expected in d.verdicts {
            guard let phrase = expected.diagnosis else { continue }
            let result = report.results.first { $0.location == expected.location }
            XCTAssertTrue(result?.diagnoses.contains { $0.contains(phrase) } ?? false,
                          "\(expected.location): no diagnosis '\(phrase)' in \(result?.diagnoses ?? [])")
        }
    }

    func testFixRewritesOnlyTheWrongValueClaims() throws {
        for d in recorded.documents where d.isPython {
            let doc = try document(d)
            let report = Checker(diagnose: false, dialects: ReplayDialect.registry(for: d)).check(doc)
            let replacements = report.failures.compactMap(\.replacement)
            guard let expected = try d.fixedBytes() else {
                XCTAssertTrue(replacements.isEmpty, d.file)
                continue
            }
            guard case .success(let fixed) = Fixer.fixed(doc, replacements) else { return XCTFail("\(d.file): not fixed") }
            XCTAssertEqual(String(decoding: fixed, as: UTF8.self), String(decoding: expected, as: UTF8.self), d.file)
            // Fixing again changes nothing: every value claim now holds.
            let again = Checker(diagnose: false, dialects: ReplayDialect.registry(for: d))
                .check(Document(path: d.file, bytes: fixed))
            XCTAssertTrue(again.failures.compactMap(\.replacement).isEmpty, d.file)
        }
    }

    // MARK: - With the Python dialect

    func testVerdictsWithThePythonDialect() throws {
        try XCTSkipUnless(Docs.pythonRuns, "the Python dialect is not registered in DialectRegistry.standard yet")
        for d in recorded.documents where d.isPython {
            let report = Checker().check(try document(d))
            if d.needs.contains("torch") {
                // The PyTorch dialect may not be there yet: unsupported, or python3's verdicts.
                let ok = report.results.allSatisfy { if case .skipped(.unsupported) = $0.verdict { return true } else { return false } }
                if ok { continue }
            }
            XCTAssertEqual(summary(report), summary(d.verdicts),
                           "\(d.file):\n" + report.results.filter(\.fails).map(\.report).joined(separator: "\n"))
            assertDiagnoses(report, d)
        }
    }

    // MARK: - attn notebooks

    func testAnAttnNotebookRunsAsAttn() throws {
        guard let d = recorded.documents.first(where: { $0.file == "attn.ipynb" }) else { return XCTFail("no attn.ipynb") }
        let report = Checker().check(try document(d))
        XCTAssertEqual(summary(report), summary(d.verdicts), report.results.filter(\.fails).map(\.report).joined(separator: "\n"))
        assertDiagnoses(report, d)
    }

    func testFixingAnAttnNotebookChangesOnlyTheFailingOutputLines() throws {
        guard let d = recorded.documents.first(where: { $0.file == "attn.ipynb" }) else { return XCTFail("no attn.ipynb") }
        let doc = try document(d)
        let report = Checker(diagnose: false).check(doc)
        let replacements = report.failures.compactMap(\.replacement)
        XCTAssertEqual(replacements.count, report.failures.count, "every failure here is a value claim")
        guard case .success(let fixed) = Fixer.fixed(doc, replacements) else { return XCTFail("not fixed") }
        let before = String(decoding: doc.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let after = String(decoding: fixed, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(before.count, after.count, "a fix keeps the JSON's lines")
        let changed = zip(before, after).filter { $0 != $1 }
        XCTAssertEqual(changed.count, report.failures.count, "one changed line per failing claim: \(changed)")
        // The rewritten notebook holds, and is still the notebook it was.
        let again = Checker().check(Document(path: d.file, bytes: fixed))
        XCTAssertEqual(again.failed, 0, again.failures.map(\.report).joined(separator: "\n"))
        XCTAssertEqual(again.passed, report.passed + report.failed)
        XCTAssertTrue(String(decoding: fixed, as: UTF8.self).hasSuffix("}\n"))
    }
}
