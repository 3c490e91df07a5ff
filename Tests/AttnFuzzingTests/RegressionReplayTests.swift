import AttnFuzzing
import Foundation
import XCTest

/// Replays every input under Fuzz/Regressions/<target>/ through its fuzz
/// entry point, without sanitizers: each is an input a fuzzer once found to
/// crash attn, hang it or break a property, and each must now end cleanly
/// with every property holding.
final class RegressionReplayTests: XCTestCase {
    private static let regressions = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/Regressions")

    func testEveryRegressionInputEndsCleanly() throws {
        let restore = FuzzLimits.apply()
        defer { restore() }
        let files = FileManager.default
        let folders = (try? files.contentsOfDirectory(atPath: Self.regressions.path)) ?? []
        for folder in folders.sorted() where !folder.hasPrefix(".") {
            guard let entry = FuzzTargets.entry(named: folder) else {
                XCTFail("Fuzz/Regressions/\(folder) names no fuzz target (\(FuzzTargets.all.map(\.name)))")
                continue
            }
            let inputs = (try? files.contentsOfDirectory(atPath: Self.regressions.appendingPathComponent(folder).path)) ?? []
            for input in inputs.sorted() where !input.hasPrefix(".") {
                let url = Self.regressions.appendingPathComponent(folder).appendingPathComponent(input)
                let bytes = try [UInt8](Data(contentsOf: url))
                XCTAssertEqual(entry(bytes), [], "Fuzz/Regressions/\(folder)/\(input)")
            }
        }
    }

    /// Each entry point takes the empty input and a few bytes of every kind.
    func testEntryPointsTakeTrivialInput() {
        let restore = FuzzLimits.apply()
        defer { restore() }
        for (name, entry) in FuzzTargets.all {
            for bytes: [UInt8] in [[], [0], [0xFF, 0xFE, 0x00, 0x0A], Array("[1, 2]\n".utf8)] {
                XCTAssertEqual(entry(bytes), [], "\(name) on \(bytes)")
            }
        }
    }
}
