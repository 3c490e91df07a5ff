import AttnCore
import Foundation
import XCTest
@testable import AttnLang

/// The builtins table is the single source of names, parameters, defaults
/// and docs: these tests hold the rest of attn to it. (That each example's
/// claims hold is checked in AttnDocsTests, with attn check's own comparer.)
final class BuiltinsTableTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testNamesAreUnique() {
        var seen = Set<String>()
        for b in Builtins.all {
            XCTAssertTrue(seen.insert(b.name).inserted, "two builtins are named \(b.name)")
        }
        XCTAssertEqual(Builtins.table.count, Builtins.all.count)
    }

    func testParameterNamesAreUniquePerBuiltin() {
        for b in Builtins.all {
            XCTAssertEqual(Set(b.parameters.map(\.name)).count, b.parameters.count, b.name)
        }
    }

    /// docs/builtins.md is generated; if this fails, regenerate it.
    func testDocsBuiltinsMarkdownIsTheTable() throws {
        let url = BuiltinsTableTests.root.appendingPathComponent("docs/builtins.md")
        let committed = try String(contentsOf: url, encoding: .utf8)
        guard committed != Builtins.markdown else { return }
        let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let new = Builtins.markdown.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
        XCTFail("""
            docs/builtins.md differs from the builtins table from line \(first + 1) on; regenerate it with
              swift run attn --builtins-markdown > docs/builtins.md
            committed: \(first < old.count ? String(old[first]) : "<end of file>")
            generated: \(first < new.count ? String(new[first]) : "<end of file>")
            """)
    }

    func testCategoriesAreListedInTableOrder() {
        // Help and the docs group by category; the table lists each group together, in that order.
        let ranks = Builtins.all.map { Builtin.Category.allCases.firstIndex(of: $0.category) ?? -1 }
        XCTAssertEqual(ranks, ranks.sorted())
        for category in Builtin.Category.allCases {
            XCTAssertTrue(Builtins.all.contains { $0.category == category }, "no builtin in \(category.rawValue)")
        }
    }

    // MARK: - Defaults

    func testSignaturesShowTheTypedDefaults() throws {
        func signature(_ name: String) throws -> String { "\(try XCTUnwrap(Builtins.table[name]).signature)" }
        XCTAssertEqual(try signature("softmax"), "softmax(x, axis: -1, temperature: 1)")
        XCTAssertEqual(try signature("sum"), "sum(x, axis: none)")
        XCTAssertEqual(try signature("range"), "range(a, b: none, step: 1)")
        XCTAssertEqual(try signature("concat"), "concat(tensors..., axis: 0)")
        XCTAssertEqual(try signature("causal_mask"), "causal_mask(l, s: l)")
        XCTAssertEqual(try signature("eye"), "eye(n)")
        XCTAssertTrue(try signature("weights").contains("causal: false, window: none, alibi: none, heads: 1, kv_heads: heads"))
    }

    /// A required parameter is required: eye() is an error, not eye(0).
    func testRequiredParametersHaveNoHiddenDefault() {
        for b in Builtins.all where b.parameters.contains(where: \.isRequired) {
            let message = Session().run(SourceFile(name: "t", text: "\(b.name)()")).outcomes.first?.diagnostic?.message
            let first = b.parameters.first(where: \.isRequired)?.name ?? ""
            XCTAssertEqual(message, "missing argument '\(first)' in call to \(b.name)", b.name)
        }
    }

    /// Passing a default explicitly changes nothing: the implementation
    /// reads its defaults from the table, not from a literal of its own.
    /// Each example runs twice, once as written and once with every
    /// parameter it leaves out given the table's value for it.
    func testExplicitDefaultsChangeNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attn-defaults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var filled = 0
        for b in Builtins.all {
            func run(explicit: Bool) -> [String] {
                let session = Session()
                session.interpreter.fileAccess = .confined(to: folder.path)
                if explicit {
                    session.interpreter.callHook = { builtin, args in
                        for p in builtin.parameters where args.values[p.name] == nil {
                            guard let value = p.defaultAsValue else { continue }
                            args.values[p.name] = Arguments.Bound(value: value, range: args.callRange)
                            filled += 1
                        }
                    }
                }
                var out: [String] = []
                session.run(SourceFile(name: b.name, text: b.example)) { outcome in
                    out += outcome.printed.map { "print: " + $0 } + (outcome.display.map { [$0] } ?? [])
                    if let d = outcome.diagnostic { out.append("error: " + d.message) }
                }
                return out
            }
            let written = run(explicit: false)
            XCTAssertFalse(written.contains { $0.hasPrefix("error: ") }, "\(b.name): \(written)")
            XCTAssertEqual(run(explicit: true), written, b.name)
        }
        XCTAssertGreaterThan(filled, 0, "the examples leave defaults out, so the hook filled some")
    }
}
