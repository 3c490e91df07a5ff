import AttnCore
import XCTest
@testable import AttnLang

/// Random input must never crash the lexer, parser or evaluator: every
/// outcome is a value or a diagnostic with a range inside the source.
final class FuzzTests: XCTestCase {
    /// Pieces the soup is made of: every token kind, every keyword, constant
    /// and builtin (but `save`, which writes files) and the builtins' named
    /// arguments, from the tables the language publishes, and a few troublemakers.
    private static let vocabulary: [String] = [
        "0", "1", "2", "-1", "0.5", ".5", "1.", "1e-9", "1e309", "3abc", "1e",
        "x", "y", "f", "g", "_", "T", "Q", "K", "V",
        "+", "-", "*", "/", "@", "^", "**", "=", "==", "!=", "<", "<=", ">", ">=",
        "(", ")", "[", "]", ",", ":", ";", ".", ".T", "\n", " ", "\\\n", "\\", "#c\n",
        "let f(x) =", "let g(x, y) =", "x =", "f(", "g(",
        "\"s\"", "\"a\\n\"", "\"", "$", "é", "\u{0}", "\u{1B}",
        "[[1, 2], [3, 4]]", "[1, 2, 3]", "[[1, 0], [0, 1], [1, 1]]", "[]", "[[]]",
    ]
        + Keyword.allCases.map(\.rawValue)
        + Constant.all.map(\.name)
        + Builtins.all.map(\.name).filter { $0 != "save" }
        + Array(Set(Builtins.all.flatMap(\.parameters).map { $0.name + ":" })).sorted()

    /// Runs `text` through a session as the CLI does and checks each diagnostic.
    private static func check(_ session: Session, _ text: String) {
        let source = SourceFile(name: "fuzz", text: text)
        let size = source.text.utf8.count
        session.run(source, stopAtFirstError: false) { outcome in
            if let d = outcome.diagnostic {
                let src = outcome.diagnosticSource
                let limit = src.text.utf8.count
                XCTAssertTrue(d.range.start >= 0 && d.range.end <= max(limit, size), "range \(d.range) outside \(text.debugDescription)")
                XCTAssertFalse(d.message.isEmpty)
                // Rendering must not trap either.
                _ = Renderer.render(d, in: src, color: false)
            }
        }
    }

    /// The fuzz cases run on a large stack, as the CLI runs programs, and
    /// with a small tensor limit so that soup like `zeros([2, 1e9])` stays cheap.
    private func fuzz(_ body: @escaping @Sendable () -> Void) {
        let saved = Tensor.maxElements
        Tensor.maxElements = 100_000
        defer { Tensor.maxElements = saved }
        Session.withLargeStack(body)
    }

    func testTokenSoup() {
        fuzz {
            var rng = SeededRandom(seed: 0xA77E)
            let session = Session()
            for n in 0..<3000 {
                let length = 1 + rng.below(24)
                var text = ""
                for _ in 0..<length {
                    text += FuzzTests.vocabulary[rng.below(FuzzTests.vocabulary.count)]
                    if rng.below(3) == 0 { text += " " }
                }
                // A fresh session now and then, so definitions do not pile up forever.
                FuzzTests.check(n % 100 == 0 ? Session() : session, text)
            }
        }
    }

    func testRandomBytes() {
        fuzz {
            var rng = SeededRandom(seed: 0xB17E5)
            let session = Session()
            for _ in 0..<2000 {
                let length = rng.below(48)
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                // As the CLI reads stdin: invalid UTF-8 becomes U+FFFD.
                FuzzTests.check(session, String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    func testRandomPrintableASCII() {
        fuzz {
            var rng = SeededRandom(seed: 31337)
            let alphabet = Array(" \n\t0123456789.eE+-*/@^=!<>()[],:;#\"\\_xyzTf")
            let session = Session()
            for _ in 0..<2000 {
                let length = rng.below(32)
                FuzzTests.check(session, String((0..<length).map { _ in alphabet[rng.below(alphabet.count)] }))
            }
        }
    }

    func testMutatedValidPrograms() {
        let programs = [
            "let q = [0.5, 0.5]\nlet K = [[1, 0], [0, 1]]\nsoftmax(dot(K, q))",
            "let f(x, y) = if x < y then x else y\nf(1, 2) + f(y: 3, x: 4)",
            "X = reshape(range(12), [3, 4])\nX[0:2, 1:]\nX[::-1, -1]\nX.T @ X",
            "attend([[1, 0], [0, 1]], [[1, 1], [0, 1]], [[1, 2], [3, 4]], heads: 2, causal: true)",
            "print(\"sum:\", sum([1, 2, 3], axis: 0)); precision(3); 1/3",
        ]
        fuzz {
            var rng = SeededRandom(seed: 99)
            let session = Session()
            for _ in 0..<2000 {
                var bytes = Array(programs[rng.below(programs.count)].utf8)
                for _ in 0..<(1 + rng.below(4)) {
                    guard !bytes.isEmpty else { break }
                    let i = rng.below(bytes.count)
                    switch rng.below(3) {
                    case 0: bytes.remove(at: i)
                    case 1: bytes.insert(bytes[rng.below(bytes.count)], at: i)
                    default: bytes[i] = UInt8(32 + rng.below(95))
                    }
                }
                FuzzTests.check(session, String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}
