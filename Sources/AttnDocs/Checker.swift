import AttnCore
import AttnLang
import Foundation

/// Runs a document's cells and judges every claim.
///
/// Each cell runs in the session of its language (`DialectRegistry`: attn's
/// own, and Python once its dialect is registered), one session per language
/// per document, in document order; a cell in a language with no dialect is
/// not run and its claims are `unsupported`. A claim about an expression's
/// value is compared with `ClaimComparison` (shape, then each number to the
/// precision written); an `error:` claim holds when the statement fails with
/// a message containing its text (case-insensitively); a block's printed
/// output is compared print by print (`OutputComparison.compareChunk`);
/// anything else as text with trailing blanks ignored. A statement that
/// fails with no claim expecting it, and code that does not parse, are
/// errors; a claim that follows no statement is a failure; checking always
/// goes on with the rest. See `Verdict` for every verdict.
///
/// A document is untrusted code. `check(path:)` and `check(_:)` run it in
/// new sessions confined to its folder (`FileAccess.confined`) and stop it
/// after `limits.timeout` seconds; the memory budget (`MemoryBudget`) bounds
/// what it allocates. A document that hits a limit gets a verdict saying so,
/// and its sessions are freed before the next document runs.
public struct Checker: Sendable {
    /// Whether failing value claims are re-run under the usual slips.
    public var diagnose: Bool
    /// What a checked document may do.
    public var limits: Limits
    /// The dialect that runs each language; a language without one is `unsupported`.
    public var dialects: DialectRegistry

    /// The sandbox and time limit for documents checked in new sessions.
    public struct Limits: Sendable {
        /// Seconds one document may run (nil: no limit).
        public var timeout: Double?
        /// More folders a document may read (`--allow-read`).
        public var allowRead: [String]
        /// Folders a document's saves are written to on disk (`--allow-write`).
        public var allowWrite: [String]
        /// Write nothing to disk whatever the other settings (`attn fix --dry-run`).
        public var dryRun: Bool

        public init(timeout: Double? = 60, allowRead: [String] = [], allowWrite: [String] = [], dryRun: Bool = false) {
            self.timeout = timeout
            self.allowRead = allowRead
            self.allowWrite = allowWrite
            self.dryRun = dryRun
        }

        /// "60 s", for verdicts.
        var timeoutDescription: String {
            guard let timeout else { return "none" }
            return "\(Printer.number(timeout, .digits(6))) s, --timeout"
        }
    }

    public init(diagnose: Bool = true, limits: Limits = Limits(), dialects: DialectRegistry = .standard) {
        self.diagnose = diagnose
        self.limits = limits
        self.dialects = dialects
    }

    /// Reads and checks the file at `path`; an unreadable file is one failure.
    public func check(path: String) -> FileReport {
        switch DocumentLoader.load(path) {
        case .success(let document):
            return check(document)
        case .failure(let error):
            return FileReport(path: path, results: [CheckResult(
                kind: .unreadable, path: path, line: 0, statement: "", claim: nil, passed: false,
                details: [error.reason])])
        }
    }

    /// Checks every claim of `document`, in order, in new sessions confined
    /// to the document's folder, within the time limit. `onOutcome` sees
    /// every step's outcome as it runs (what `attn render` shows beside the code).
    public func check(_ document: Document, onOutcome: ((Outcome) -> Void)? = nil) -> FileReport {
        // A time limit that stopped the previous document must not stop this
        // one; a Ctrl-C stops them all, so it stays.
        if Interrupt.reason == .timeout { Interrupt.clear() }
        let watchdog = limits.timeout.map { Watchdog(seconds: $0) }
        defer { watchdog?.cancel() }
        let report = check(document, in: newSession(for: document), onOutcome: onOutcome)
        guard let draw = report.unseededDraw, !Interrupt.isRequested else { return report }
        // The document drew random numbers without a seed. Which outputs
        // depend on them is told by running it again with other entropy: a
        // claim whose verdict or actual output changes is not reproducible
        // (no run can repeat it); one that comes out the same either way
        // (a shape, a sum of probabilities, a wrong claim about seeded
        // numbers) keeps its verdict.
        let again = newSession(for: document)
        again.interpreter.unseededEntropy = again.interpreter.unseededEntropy ^ 0x5EED_5EED
        let second = check(document, in: again)
        if Interrupt.isRequested { return report }
        return Checker.markingUnreproducible(report, comparedWith: second, draw: draw)
    }

    /// A session for `document`: confined to its folder, with these limits.
    private func newSession(for document: Document) -> Session {
        let session = Session()
        let folder = (document.path as NSString).deletingLastPathComponent
        session.interpreter.fileAccess = .confined(
            to: folder.isEmpty ? "." : folder, allowRead: limits.allowRead, allowWrite: limits.allowWrite,
            dryRun: limits.dryRun)
        return session
    }

    /// `first` with every claim whose verdict or details differ in `second`
    /// (the same document run with other unseeded entropy) skipped as not
    /// reproducible. Runs whose results do not pair up (the randomness
    /// changed which claims were reached) mark every differing claim from
    /// the first that does not pair.
    static func markingUnreproducible(_ first: FileReport, comparedWith second: FileReport, draw: String) -> FileReport {
        var out = first
        let why = "it depends on random numbers drawn without a seed (\(draw))"
        for (i, result) in first.results.enumerated() where result.kind == .claim {
            guard result.skipReason == nil else { continue }
            let same = i < second.results.count && second.results[i].line == result.line
                && second.results[i].claim == result.claim && second.results[i].verdict == result.verdict
                && second.results[i].details == result.details
            if !same {
                out.results[i].verdict = .skipped(.notReproducible(why))
                out.results[i].replacement = nil
                out.results[i].diagnoses = []
            }
        }
        return out
    }

    /// What one transcript input showed when it ran, and the verdicts on it
    /// (its claim, or an error nothing expected); for the shell, which shows
    /// each pasted input's real output beside its mark.
    public struct EntryOutcome {
        public var entry: TranscriptEntry
        /// The lines the input showed: values, `print` output, `error: ...`.
        public var shown: [String]
        public var results: [CheckResult]
    }

    /// Checks `document` with `session` as its attn session (the shell's, so
    /// a pasted transcript sees and keeps the session's variables); other
    /// languages get `others`' sessions, or new ones over the same
    /// interpreter (the shell passes its Python session, so a paste keeps
    /// what it defines). `onEntry` is called
    /// after each transcript input has run and been judged.
    public func check(_ document: Document, in session: Session, others: [SourceLanguage: Session] = [:],
                      onEntry: ((EntryOutcome) -> Void)? = nil,
                      onOutcome: ((Outcome) -> Void)? = nil) -> FileReport {
        if let problem = document.problem {
            return FileReport(path: document.path, results: [CheckResult(
                kind: .unreadable, path: document.path, line: 1, statement: "", claim: nil, passed: false,
                details: [problem])])
        }
        var run = DocumentRun(checker: self, document: document, session: session, others: others)
        run.onEntry = onEntry
        run.onOutcome = onOutcome
        for cell in document.cells {
            if run.stopped { break }
            switch cell {
            case .code(let code): run.code(code)
            case .transcript(let entry): run.transcript(entry)
            }
        }
        var report = FileReport(path: document.path, results: run.results, claimCount: document.claims.count)
        report.unseededDraw = run.unseededDraw
        return report
    }
}

/// What one statement, or one transcript input (one or more statements),
/// showed when it ran: its runner outcomes, summed up for judging.
struct Shown {
    let outcomes: [Outcome]

    init(_ outcomes: [Outcome]) { self.outcomes = outcomes }

    /// The values displayed, in order.
    var values: [Value] { outcomes.compactMap { $0.display == nil ? nil : $0.value } }
    /// Every line shown, printed lines and displayed values, in order.
    var lines: [String] { outcomes.flatMap(\.shownLines) }
    /// The lines `print` wrote, in order.
    var printedLines: [String] { outcomes.flatMap(\.printed) }
    /// Whether `print` wrote anything.
    var printed: Bool { outcomes.contains { !$0.printed.isEmpty } }
    /// The first failure, with the source its range points into.
    var error: (diagnostic: Diagnostic, source: SourceFile)? {
        outcomes.first { !$0.succeeded }.flatMap { o in o.diagnostic.map { ($0, o.diagnosticSource) } }
    }
    /// Why some of it cannot be reproduced (unseeded randomness), if so.
    var notReproducible: String? { outcomes.lazy.compactMap(\.notReproducible).first }
}

/// Requests a stop (`Interrupt.request(.timeout)`) when a document runs past
/// its time limit, unless cancelled first.
final class Watchdog {
    private let item: DispatchWorkItem

    init(seconds: Double) {
        let item = DispatchWorkItem { Interrupt.request(.timeout) }
        self.item = item
        DispatchQueue.global().asyncAfter(deadline: .now() + max(0, seconds), execute: item)
    }

    /// Called when the document is done. A firing that races with it can
    /// only set the timeout reason, which the next document clears.
    func cancel() { item.cancel() }
}
