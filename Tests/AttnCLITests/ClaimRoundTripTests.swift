import Foundation
import XCTest

/// What attn writes as claims, attn checks, through the real binary:
/// transcripts of the examples and of random programs pass `attn check`
/// unchanged, and `attn fix` leaves documents in every dialect passing.
final class ClaimRoundTripTests: CLITestCase {
    // MARK: - attn run --transcript, then attn check

    func testTranscriptsOfTheExamplesPassCheck() throws {
        let examples = CLITestCase.packageRoot.appendingPathComponent("examples")
        let scripts = try FileManager.default.contentsOfDirectory(atPath: examples.path)
            .filter { $0.hasSuffix(".attn") }.sorted()
        XCTAssertGreaterThanOrEqual(scripts.count, 3)
        // The examples run in a copy of their folder, whose files they may read.
        let folder = scratch.appendingPathComponent("examples")
        try FileManager.default.copyItem(at: examples, to: folder)
        for script in scripts {
            let run = try attn(["run", "--transcript", script], directory: folder)
            XCTAssertEqual(run.status, 0, "\(script): \(run.stderr)")
            let transcript = folder.appendingPathComponent("transcript-" + script)
            try Data(run.stdout.utf8).write(to: transcript)
            let check = try attn(["check", transcript.path], directory: folder)
            XCTAssertEqual(check.status, 0, "\(script):\n\(check.stdout)\(check.stderr)")
            XCTAssertTrue(check.stdout.hasSuffix(" 0 failed\n"), check.stdout)
            XCTAssertFalse(check.stdout.hasPrefix("0 passed"), "\(script): nothing was checked")
        }
    }

    func testTranscriptsOfTheIssuesCasesPassCheck() throws {
        // attn printed 123456.7 as 123457 and zeros([0, 3]) as a form its
        // own claim reader took for a vector; a summarized value is written
        // in full, since a claim with `...` cannot be checked.
        let script = try write("cases.attn", """
            zeros([0, 3])
            zeros([2, 0, 4])
            123456.7
            0.9999999
            [1e-300, 1.5e300, -0, 1 / 0, 0 / 0]
            rand([40, 30], seed: 1)
            print(rand([40, 30], seed: 2))
            precision(2);
            [123.4, 0.996, 99.96]
            """)
        let run = try attn("run", "--transcript", script)
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("attn> 123456.7\n123456.7\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("attn> 0.9999999\n1.00000\n"), run.stdout)
        // At two digits: 1.2e2; 0.996 rounds to 1, so it gets a decimal, 1.0; 99.96 is 1e2.
        XCTAssertTrue(run.stdout.contains("attn> [123.4, 0.996, 99.96]\n[1.2e2,   1.0,   1e2]\n"), run.stdout)
        let transcript = try write("cases-transcript.attn", run.stdout)
        let check = try attn("check", transcript)
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.hasSuffix("8 passed, 0 failed\n"), check.stdout)
    }

    func testTranscriptsOfRandomProgramsPassCheck() throws {
        var generator = ProgramGenerator(seed: 0xA77E_0009)
        var statements = 0
        for n in 0..<40 {
            let program = generator.program()
            statements += program.split(separator: "\n").count
            let script = try write("program-\(n).attn", program)
            let run = try attn("run", "--transcript", script)
            XCTAssertEqual(run.status, 0, "program \(n) failed to run:\n\(program)\n\(run.stderr)")
            let transcript = try write("transcript-\(n).attn", run.stdout)
            let check = try attn("check", transcript)
            XCTAssertEqual(check.status, 0, "program \(n):\n\(program)\n--- transcript:\n\(run.stdout)\n--- check:\n\(check.stdout)")
            XCTAssertTrue(check.stdout.hasSuffix(" 0 failed\n"), check.stdout)
        }
        XCTAssertGreaterThan(statements, 300)
    }

    // MARK: - attn fix, then attn check

    func testFixedScriptsPassCheckAndShowSixDigits() throws {
        let path = try write("claims.attn", """
            let x = [1, 2, 3]
            softmax([1, 3])  # => [0.5, 0.5]
            softmax(x)  # => [0.3, 0.3, 0.3]
            x * 123456.7  # => [1, 2, 3]
            sum(x) / 7  # => 0
            zeros([0, 3])  # => [1, 2]
            eye(2) / 3
            # => [[0.4, 0],
            #     [0, 0.4]]
            1 / 3  # => 3.0e-01
            [1e-300, 1e300] * 3  # => [1, 2]
            [0.11920292, 0.5] * 2  # => [0.10000000, 0.1]
            """)
        try assertFixThenCheck(path, expecting: [
            "softmax([1, 3])  # => [0.119203, 0.880797]",
            "softmax(x)  # => [0.0900306, 0.244728, 0.665241]",
            "x * 123456.7  # => [123456.7, 246913.4, 370370.1]",
            "sum(x) / 7  # => 0.857143",
            "zeros([0, 3])  # => zeros([0, 3])",
            "# => [[0.333333, 0],\n#     [0, 0.333333]]",
            "1 / 3  # => 3.33333e-01",
            "[1e-300, 1e300] * 3  # => [3.00000e-300, 3.00000e300]",
            "[0.11920292, 0.5] * 2  # => [0.23840584, 1]",
        ])
    }

    func testFixedTranscriptsKeepTheirDialect() throws {
        let path = try write("dialects.md", """
            # Claims pasted from numpy, PyTorch and Python

            ```attn
            >>> softmax([1, 2, 3])
            [0.3 0.3 0.3]
            >>> softmax([[1, 2], [3, 5]])
            array([[0.2, 0.8],
                   [0.1, 0.9]])
            >>> f32(softmax([1, 1]) * 3)
            array([1.2, 1.2], dtype=float32)
            >>> softmax([1, 1]) * 3
            array([1.2, 1.2], dtype=float32)
            >>> f32(softmax([1, 1]))
            array([0.2, 0.2])
            >>> range(0, 24) + 0.5
            array([ 0.4,  1.4,  2.4,  3.4,  4.4,  5.4,  6.4,  7.4,  8.4,  9.4, 10.4,
                   11.4, 12.4, 13.4, 14.4, 15.4, 16.4, 17.4, 18.4, 19.4, 20.4, 21.4,
                   22.4, 23.4])
            >>> f32(softmax([0, 1]))
            tensor([0.5000, 0.5000])
            >>> softmax([0, 1])
            tensor([0.5000, 0.5000])
            >>> sigmoid([[0, 1], [2, 3]])
            tensor([[0.5000, 0.7000],
                    [0.8808, 0.9526]], dtype=torch.float64)
            >>> [0.5, 0.25] * 2
            (1.0, 0.4)
            >>> zeros([0, 3])
            array([], shape=(0, 2), dtype=float64)
            ```
            """)
        try assertFixThenCheck(path, expecting: [
            "[0.0900306 0.244728 0.665241]",
            "array([[0.268941, 0.731059],\n       [0.119203, 0.880797]])",
            "array([1.50000, 1.50000], dtype=float32)",
            "array([1.50000, 1.50000])\n",
            "array([0.500000, 0.500000], dtype=float32)",
            "array([0.500000,  1.50000,  2.50000,  3.50000,  4.50000,  5.50000,\n        6.50000,",
            "tensor([0.268941, 0.731059])\n",
            "tensor([0.268941, 0.731059], dtype=torch.float64)",
            "tensor([[0.500000, 0.731059],\n        [0.880797, 0.952574]], dtype=torch.float64)",
            "(1, 0.500000)",
            "array([], shape=(0, 3), dtype=float64)",
        ])
    }

    /// Runs `attn fix` on `path`, checks the fixed file with `attn check`,
    /// and looks for each expected piece of text in it.
    private func assertFixThenCheck(_ path: String, expecting pieces: [String],
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        let fix = try attn("fix", path)
        XCTAssertEqual(fix.status, 0, fix.stdout + fix.stderr, file: file, line: line)
        let fixed = try String(contentsOfFile: path, encoding: .utf8)
        for piece in pieces {
            XCTAssertTrue(fixed.contains(piece), "the fixed file lacks \(piece.debugDescription):\n\(fixed)", file: file, line: line)
        }
        let check = try attn("check", path)
        XCTAssertEqual(check.status, 0, "after fix:\n\(fixed)\n\(check.stdout)", file: file, line: line)
        XCTAssertTrue(check.stdout.hasSuffix(" 0 failed\n"), check.stdout, file: file, line: line)
        let again = try attn("fix", path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), fixed, "a second fix changes nothing: \(again.stdout)",
                       file: file, line: line)
    }
}

extension CLITestCase {
    /// The folder holding Package.swift.
    static let packageRoot: URL = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()
}

/// Writes random attn programs that run without error: bindings of
/// literals (integers, decimals, e-notation, numbers just off an integer,
/// `-0`, subnormals), constructors (`zeros` with empty axes, `rand` big
/// enough to be summarized), elementwise maths that overflows to inf and
/// makes nan, reductions, transposes, products, softmax and attention,
/// `print`, silenced statements, and a random print precision.
private struct ProgramGenerator {
    private var state: UInt64
    /// The tensors bound so far and their shapes.
    private var tensors: [(name: String, shape: [Int])] = []
    private var counter = 0

    init(seed: UInt64) { state = seed }

    mutating func program() -> String {
        tensors = []
        var lines: [String] = []
        if coin(0.6) { lines.append("precision(\(coin(0.15) ? "\"full\"" : String(int(1...17))));") }
        for _ in 0..<int(6...14) {
            lines += statement()
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private mutating func statement() -> [String] {
        let (expression, shape) = tensorExpression()
        switch int(0...9) {
        case 0...4:
            counter += 1
            let name = "t\(counter)"
            tensors.append((name, shape))
            return coin(0.5) ? ["let \(name) = \(expression)", name] : ["let \(name) = \(expression)"]
        case 5: return ["print(\(expression))"]
        case 6: return ["\(expression);"]
        default: return [expression]
        }
    }

    private static let numbers = ["0", "-0", "1", "-3", "7", "0.5", "0.25", "0.1", "123456.7", "0.9999999", "2.0000001",
                                  "1e-300", "1.5e300", "-2.5e-8", "1e-320", "3.14159265358979", "1e16",
                                  "12345678901234.5", "99999.97", "-1234567.5"]

    private mutating func tensorExpression() -> (String, [Int]) {
        if let (name, shape) = tensors.isEmpty || coin(0.35) ? nil : tensors[int(0...(tensors.count - 1))] {
            return derived(name, shape)
        }
        return fresh()
    }

    private mutating func fresh() -> (String, [Int]) {
        switch int(0...7) {
        case 0, 1, 2:
            let rank = int(0...3)
            let shape = (0..<rank).map { _ in int(1...4) }
            return (literal(shape), shape)
        case 3:
            let shape = [int(0...3), int(0...3)].map { coin(0.5) ? 0 : $0 }
            return ("zeros(\(describe(shape)))", shape)
        case 4:
            let shape = coin(0.3) ? [int(30...45), int(25...40)] : [int(1...5), int(1...5)]
            return ("\(coin(0.5) ? "rand" : "randn")(\(describe(shape)), seed: \(int(0...99)))", shape)
        case 5:
            let n = int(1...5)
            return ("eye(\(n)) * \(pick(Self.numbers))", [n, n])
        case 6:
            let n = int(2...9)
            return ("linspace(\(pick(Self.numbers)), \(pick(Self.numbers)), n: \(n))", [n])
        default:
            let n = int(1...1200)
            return ("range(0, \(n)) / \(int(1...9))", [n])
        }
    }

    private mutating func derived(_ x: String, _ shape: [Int]) -> (String, [Int]) {
        let count = shape.reduce(1, *)
        switch int(0...9) {
        case 0: return ("\(pick(["exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu"]))(\(x))", shape)
        case 1: return ("\(x) \(pick(["*", "/", "+", "-"])) \(pick(Self.numbers))", shape)
        case 2: return (pick(["-\(x)", "1 / \(x)", "\(x) ^ 2", "\(x) * 123456.7", "1 - \(x) * 1e-7"]), shape)
        case 3 where !shape.isEmpty: return ("softmax(\(x))", shape)
        case 4 where count > 0: return ("\(pick(["sum", "mean", "max", "min"]))(\(x))", [])
        case 5 where shape.count >= 2:
            var t = shape
            t.swapAt(t.count - 1, t.count - 2)
            return ("transpose(\(x))", t)
        case 6 where shape.count == 2: return ("\(x) @ transpose(\(x))", [shape[0], shape[0]])
        case 7 where shape.count == 2 && count > 0: return ("attend(\(x), \(x), \(x))", shape)
        case 8 where shape.count == 2 && count > 0: return ("weights(\(x), \(x))", [shape[0], shape[0]])
        case 9 where coin(0.6): return ("\(pick(["f32", "i64", "i32", "f64"]))(\(x))", shape)
        default: return ("\(x) * \(pick(Self.numbers))", shape)
        }
    }

    private mutating func literal(_ shape: [Int]) -> String {
        guard let n = shape.first else { return pick(Self.numbers) }
        return "[" + (0..<n).map { _ in literal(Array(shape.dropFirst())) }.joined(separator: ", ") + "]"
    }

    private func describe(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }

    // SplitMix64: a small seeded generator, so failures can be replayed.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    private mutating func coin(_ p: Double) -> Bool { Double(next() >> 11) * 0x1.0p-53 < p }

    private mutating func pick(_ items: [String]) -> String { items[int(0...(items.count - 1))] }
}
