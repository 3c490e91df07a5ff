import AttnDocs
import AttnLang
import Foundation

/// What `scripts/document_claims.py` recorded of the test documents
/// (Fixtures/documents/expected.json): each statement python3 ran and what
/// it printed, displayed or raised, and each verdict attn must give.
struct Recorded: Decodable {
    let documents: [RecordedDocument]

    static let fixtures = Docs.fixtures.appendingPathComponent("documents")

    static func load() throws -> Recorded {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("expected.json"))
        return try JSONDecoder().decode(Recorded.self, from: data)
    }
}

struct RecordedDocument: Decodable {
    let file: String
    /// The libraries its code imports (`numpy`, `torch`); empty for attn.
    let needs: [String]
    let statements: [RecordedStatement]
    let verdicts: [RecordedVerdict]
    /// The document as `attn fix` must leave it once its code runs.
    let fixed: String?

    var isPython: Bool { !needs.isEmpty }

    func bytes() throws -> [UInt8] {
        Array(try Data(contentsOf: Recorded.fixtures.appendingPathComponent(file)))
    }

    func fixedBytes() throws -> [UInt8]? {
        try fixed.map { Array(try Data(contentsOf: Recorded.fixtures.appendingPathComponent($0))) }
    }
}

struct RecordedStatement: Decodable {
    /// The statement's lines, as `ast` delimits them.
    let source: String
    let stdout: String
    /// `repr` of an expression's value, or what `display()` showed.
    let display: String?
    /// `ExceptionName: message`.
    let error: String?
    /// Its output draws from an unseeded generator.
    let unseeded: Bool
    /// What attn's dialect would say it does not provide.
    let unsupported: String?
}

struct RecordedVerdict: Decodable {
    let location: String
    let verdict: String
    let kind: String
    /// A phrase the diagnosis must contain.
    let diagnosis: String?
}

/// A stand-in for the Python dialect that replays python3's recorded
/// outputs: it splits Python source into top-level statements as `ast`
/// does, and answers each with what python3 printed, displayed or raised
/// for that statement. It holds the checker to python3's real output before
/// the dialect itself lands, through the same registry, sessions and judge.
final class ReplayDialect: Dialect {
    private let statements: [RecordedStatement]
    private var next = 0
    /// Set when the checker runs the document again with other entropy for
    /// unseeded streams: an unseeded statement then prints other digits, as
    /// a real second draw would.
    private let redraws: Bool

    init(_ statements: [RecordedStatement], redraws: Bool = false) {
        self.statements = statements
        self.redraws = redraws
    }

    /// A registry whose Python is this replay of `document`.
    static func registry(for document: RecordedDocument) -> DialectRegistry {
        var registry = DialectRegistry.standard
        registry.register(.python) { interpreter in
            ReplayDialect(document.statements, redraws: interpreter.unseededEntropy != Interpreter().unseededEntropy)
        }
        return registry
    }

    func steps(in source: SourceFile) -> [Step] {
        let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var offsets: [Int] = []
        var offset = 0
        for line in lines {
            offsets.append(offset)
            offset += line.utf8.count + 1
        }
        var starts: [Int] = []
        var depth = 0, inTriple = false, joined = false
        for (n, line) in lines.enumerated() {
            let startsStatement = depth == 0 && !inTriple && !joined
                && line.first.map { !$0.isWhitespace && $0 != "#" } ?? false
                && !["else", "elif", "except", "finally"].contains { line.hasPrefix($0) }
            if startsStatement { starts.append(n) }
            (depth, inTriple) = Self.scan(line, depth: depth, inTriple: inTriple)
            joined = line.hasSuffix("\\")
        }
        return starts.enumerated().map { k, first in
            var last = (k + 1 < starts.count ? starts[k + 1] : lines.count) - 1
            while last > first, lines[last].trimmingCharacters(in: .whitespaces).isEmpty
                || lines[last].trimmingCharacters(in: .whitespaces).hasPrefix("#") { last -= 1 }
            let range = SourceRange(offsets[first], offsets[last] + lines[last].utf8.count)
            return Step(source: source, range: range, kind: .expression(silent: false))
        }
    }

    /// Bracket depth and whether a triple-quoted string is open after `line`.
    private static func scan(_ line: String, depth: Int, inTriple: Bool) -> (Int, Bool) {
        var depth = depth, inTriple = inTriple
        let chars = Array(line)
        var i = 0
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if inTriple {
                if c == "\"", i + 2 < chars.count, chars[i + 1] == "\"", chars[i + 2] == "\"" {
                    inTriple = false
                    i += 3
                    continue
                }
            } else if let q = quote {
                if c == "\\" { i += 1 } else if c == q { quote = nil }
            } else if c == "#" {
                break
            } else if c == "\"", i + 2 < chars.count, chars[i + 1] == "\"", chars[i + 2] == "\"" {
                inTriple = true
                i += 3
                continue
            } else if c == "\"" || c == "'" {
                quote = c
            } else if "([{".contains(c) {
                depth += 1
            } else if ")]}".contains(c) {
                depth -= 1
            }
            i += 1
        }
        return (depth, inTriple)
    }

    func run(_ step: Step, remember: Bool) -> Outcome {
        var outcome = Outcome(step: step)
        let text = step.text
        guard let found = statements[next...].firstIndex(where: { $0.source == text }) else {
            var missing = Diagnostic("replay: python3 never ran `\(text)`", at: step.range)
            missing.source = step.source
            outcome.diagnostic = missing
            return outcome
        }
        next = found + 1
        let recorded = statements[found]
        var printed = recorded.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if printed.last == "" { printed.removeLast() }
        outcome.printed = printed
        outcome.display = recorded.display
        if recorded.unseeded {
            outcome.notReproducible = "replayed: a draw from an unseeded generator"
            if redraws {
                let other = { (c: Character) -> Character in
                    c.wholeNumberValue.map { Character(String(($0 + 1) % 10)) } ?? c
                }
                outcome.printed = outcome.printed.map { String($0.map(other)) }
                outcome.display = outcome.display.map { String($0.map(other)) }
            }
        }
        if let unsupported = recorded.unsupported {
            var diagnostic = Diagnostic(unsupported, at: step.range, kind: .unsupported)
            diagnostic.source = step.source
            outcome.diagnostic = diagnostic
        } else if let error = recorded.error {
            var diagnostic = Diagnostic(error, at: step.range)
            diagnostic.source = step.source
            outcome.diagnostic = diagnostic
        }
        return outcome
    }

    func needsMoreInput(_ text: String) -> Bool { false }
}
