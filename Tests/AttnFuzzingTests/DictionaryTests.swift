import AttnLang
import Foundation
import XCTest

/// The attn fuzz target's dictionary (Fuzz/Dictionaries/attn.dict) names
/// every builtin and every named parameter of the builtins table, so that
/// libFuzzer can splice in calls to all of them.
final class DictionaryTests: XCTestCase {
    private static let dictionary = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Dictionaries/attn.dict")

    /// The dictionary's tokens: the quoted part of each `name="token"` line.
    private func tokens() throws -> Set<String> {
        let text = try String(contentsOf: Self.dictionary, encoding: .utf8)
        var out: Set<String> = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let open = line.firstIndex(of: "\""), let close = line.lastIndex(of: "\""), open < close else { continue }
            out.insert(String(line[line.index(after: open)..<close]).replacingOccurrences(of: "\\\"", with: "\""))
        }
        return out
    }

    func testEveryBuiltinAndNamedParameterIsInTheDictionary() throws {
        let have = try tokens()
        var missing: [String] = []
        for builtin in Builtins.all {
            if !have.contains(builtin.name) && !have.contains(builtin.name + "(") { missing.append(builtin.name) }
            for p in builtin.parameters where p.kind == .named && !have.contains(p.name + ":") {
                missing.append(p.name + ":")
            }
        }
        XCTAssertEqual(Array(Set(missing)).sorted(), [], "add these to Fuzz/Dictionaries/attn.dict")
    }
}
