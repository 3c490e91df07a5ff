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

    // MARK: - Result dtypes

    /// Every builtin's help states what it returns, and every call its
    /// example makes returns just that: each call is caught as the example
    /// runs and made once more, and its value held to the table's word.
    func testEveryBuiltinReturnsWhatItsEntrySays() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attn-results-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for b in Builtins.all {
            XCTAssertTrue(b.help.contains("\n  Returns \(b.result)."), b.name)
            let session = Session()
            session.interpreter.fileAccess = .confined(to: folder.path)
            var calls: [Arguments] = []
            session.interpreter.callHook = { builtin, args in
                if builtin.name == b.name { calls.append(args) }
            }
            session.run(SourceFile(name: b.name, text: b.example)) { outcome in
                if let d = outcome.diagnostic { XCTFail("\(b.name)'s example fails: \(d.message)") }
            }
            XCTAssertFalse(calls.isEmpty, "\(b.name)'s example does not call it")
            session.interpreter.callHook = nil
            for args in calls {
                let value = try b.implementation(args, session.interpreter)
                XCTAssertTrue(b.result.admits(value, given: args), "\(b.name) says it returns \(b.result), but gave \(value.kindDescription)"
                              + (value.tensor.map { " of dtype \($0.dtype)" } ?? ""))
                // The same call with its tensors in other dtypes keeps the
                // promise too (calls those dtypes make invalid are skipped).
                for dtype in [DType.float32, .int32, .int64, .bool] {
                    var varied = args
                    func convert(_ bound: inout Arguments.Bound) {
                        if case .tensor(let t) = bound.value, let c = try? t.converted(to: dtype) { bound.value = .tensor(c) }
                    }
                    for key in Array(varied.values.keys) { convert(&varied.values[key]!) }
                    for n in varied.rest.indices { convert(&varied.rest[n]) }
                    guard let other = try? b.implementation(varied, session.interpreter) else { continue }
                    XCTAssertTrue(b.result.admits(other, given: varied),
                                  "\(b.name) on \(dtype) says it returns \(b.result), but gave \(other.tensor.map { "\($0.dtype)" } ?? other.kindDescription)")
                }
            }
        }
        // The promise can fail: float64's is not kept by a float32 value.
        let exp = try XCTUnwrap(Builtins.table["exp"])
        let args = Arguments(builtin: exp, values: ["x": .init(value: .tensor(Tensor(1)), range: SourceRange(0, 1))], rest: [],
                             callRange: SourceRange(0, 1))
        XCTAssertFalse(Builtin.Result.tensor(.float64).admits(.tensor(Tensor(unchecked: [], storage: .float32([1]))), given: args))
        XCTAssertFalse(Builtin.Result.rule(.floatOf("x")).admits(.tensor(Tensor(unchecked: [], storage: .float32([1]))), given: args))
    }

    func testTheCastsAreNumpysAstype() throws {
        func run(_ text: String) -> String {
            var shown: [String] = []
            Session().run(SourceFile(name: "t", text: text)) { outcome in
                shown += outcome.display.map { [$0] } ?? []
                if let d = outcome.diagnostic { shown.append("error: " + d.message) }
            }
            return shown.joined(separator: "\n")
        }
        XCTAssertEqual(run("f32(0.1)"), "f32(0.1)")
        XCTAssertEqual(run("dtype(f32(0.1))"), "\"float32\"")
        XCTAssertEqual(run("dtype(1); dtype(true); dtype([1, 2])"), "\"float64\"\n\"float64\"\n\"float64\"")
        XCTAssertEqual(run("i32(f32([2.5, -2.5]))"), "i32([ 2, -2])")
        XCTAssertEqual(run("i64(i32(2^31 - 1) )"), "i64(2147483647)")
        XCTAssertEqual(run("i32(i64(2^32 + 5))"), "i32(5)")
        XCTAssertEqual(run("bool(f32([0, 1e-45, nan]))"), "bool([false,  true,  true])")
        XCTAssertEqual(run("f64(bool([1, 0]))"), "[1, 0]")
        XCTAssertEqual(run("dtype(f64(i64(3)))"), "\"float64\"")
        XCTAssertEqual(run("f32(\"x\")"), "error: argument 'x' must be a number or tensor, not a string")
        XCTAssertEqual(run("dtype()"), "error: missing argument 'x' in call to dtype")
        // Each cast's name is the one the printer writes around its dtype.
        for dtype in DType.allCases {
            XCTAssertEqual(Builtins.table[dtype.castName]?.result, .tensor(dtype))
            XCTAssertEqual(DType(castName: dtype.castName), dtype)
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
