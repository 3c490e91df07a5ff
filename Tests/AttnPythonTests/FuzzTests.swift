import AttnCore
import AttnLang
import Foundation
import XCTest
@testable import AttnPython

/// A document is untrusted code: mangled programs (the golden corpus with
/// characters deleted, repeated and replaced at random, deterministically)
/// must give outcomes, never a crash; each run is stopped after a moment
/// (a mangled loop may not end). PY_FUZZ_ROUNDS and PY_FUZZ_SEED run more
/// of them (40 rounds of three seeds, about 25,000 programs, passed).
final class FuzzTests: XCTestCase {
    override func tearDown() {
        Interrupt.clear()
        super.tearDown()
    }

    /// A small deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(max(1, n)))
        }
    }

    static let alphabet = Array("()[]{}:,.=+-*/%@<>!~&|^'\"#\\\n\t 0123456789abcxyzifordefclassreturnlambdaNone.np_")

    func testMangledProgramsGiveOutcomesNotCrashes() throws {
        let dir = try GoldenCorpusTests.golden()
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".py") }.sorted()
        var programs: [String] = []
        for file in files {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            programs += GoldenCorpusTests.snippets(text).map(\.text)
        }
        var random = Generator(state: UInt64(ProcessInfo.processInfo.environment["PY_FUZZ_SEED"].flatMap(Int.init) ?? 2026))
        var runs = 0
        for program in programs {
            for _ in 0..<(ProcessInfo.processInfo.environment["PY_FUZZ_ROUNDS"].flatMap(Int.init) ?? 3) {
                var chars = Array(program)
                for _ in 0..<(1 + random.next(4)) where !chars.isEmpty {
                    let i = random.next(chars.count)
                    switch random.next(3) {
                    case 0: chars.remove(at: i)
                    case 1: chars.insert(chars[i], at: i)
                    default: chars[i] = Self.alphabet[random.next(Self.alphabet.count)]
                    }
                }
                let watchdog = DispatchWorkItem { Interrupt.request(.timeout) }
                DispatchQueue.global().asyncAfter(deadline: .now() + 0.1, execute: watchdog)
                let run = PythonTest.run(String(chars))
                watchdog.cancel()
                Interrupt.clear()
                runs += 1
                if let error = run.error {
                    XCTAssertFalse(error.message.isEmpty)
                    XCTAssertLessThanOrEqual(error.range.end, (error.source ?? run.outcomes.last?.step.source).map { $0.text.utf8.count } ?? Int.max)
                }
            }
        }
        XCTAssertGreaterThan(runs, 500)
    }
}
