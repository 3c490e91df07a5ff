import AttnCore
import AttnLang
import Foundation

/// Runs a document's cells in one session and judges every claim.
///
/// A claim about an expression's value is compared with `ClaimComparison`
/// (shape, then each number to the precision written); an `error:` claim
/// holds when the statement fails with a message containing its text
/// (case-insensitively); anything else is compared as text with trailing
/// blanks ignored (see `OutputComparison`). A statement that fails with no
/// claim expecting it, code that does not parse, and a claim that follows
/// no statement are failures too; checking always goes on with the rest.
///
/// A document is untrusted code. `check(path:)` and `check(_:)` run it in a
/// new session confined to its folder (`FileAccess.confined`) and stop it
/// after `limits.timeout` seconds; the memory budget (`MemoryBudget`) bounds
/// what it allocates. A document that hits a limit gets a verdict saying so,
/// and its session is freed before the next document runs.
public struct Checker: Sendable {
    /// Whether failing value claims are re-run under the usual slips.
    public var diagnose: Bool
    /// What a checked document may do.
    public var limits: Limits

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

    public init(diagnose: Bool = true, limits: Limits = Limits()) {
        self.diagnose = diagnose
        self.limits = limits
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

    /// Checks every claim of `document`, in order, in one new session
    /// confined to the document's folder, within the time limit.
    /// `onOutcome` sees every step's outcome as it runs (what `attn render`
    /// shows beside the code).
    public func check(_ document: Document, onOutcome: ((Outcome) -> Void)? = nil) -> FileReport {
        // A time limit that stopped the previous document must not stop this
        // one; a Ctrl-C stops them all, so it stays.
        if Interrupt.reason == .timeout { Interrupt.clear() }
        let session = Session()
        let folder = (document.path as NSString).deletingLastPathComponent
        session.interpreter.fileAccess = .confined(
            to: folder.isEmpty ? "." : folder, allowRead: limits.allowRead, allowWrite: limits.allowWrite,
            dryRun: limits.dryRun)
        let watchdog = limits.timeout.map { Watchdog(seconds: $0) }
        defer { watchdog?.cancel() }
        return check(document, in: session, onOutcome: onOutcome)
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

    /// Checks `document` in an existing session (the shell's, so a pasted
    /// transcript sees and keeps the session's variables). `onEntry` is
    /// called after each transcript input has run and been judged.
    public func check(_ document: Document, in session: Session, onEntry: ((EntryOutcome) -> Void)? = nil,
                      onOutcome: ((Outcome) -> Void)? = nil) -> FileReport {
        var run = DocumentRun(checker: self, session: session, path: document.path)
        run.onEntry = onEntry
        run.onOutcome = onOutcome
        let languages = LanguageChoice(document, dialect: session.dialect)
        for cell in document.cells {
            if run.stopped { break }
            switch cell {
            case .script(let source, let annotations): run.script(source, annotations)
            case .transcript(let entry) where languages.isForeign(entry):
                run.skip(entry, .notAttnSyntax, details: [languages.reason(for: entry)])
            case .transcript(let entry): run.transcript(entry)
            case .listing: break
            }
        }
        return FileReport(path: document.path, results: run.results, claimCount: document.claims.count)
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
}

/// The state of checking one document.
private struct DocumentRun {
    let checker: Checker
    let session: Session
    let path: String
    var results: [CheckResult] = []
    var onEntry: ((Checker.EntryOutcome) -> Void)?
    /// Sees every step's outcome, scripts' and transcripts' alike.
    var onOutcome: ((Outcome) -> Void)?
    /// Set when a stop request (Ctrl-C, the time limit) ended the run.
    private(set) var stopped = false

    init(checker: Checker, session: Session, path: String) {
        self.checker = checker
        self.session = session
        self.path = path
    }

    // MARK: - Cells

    /// Runs statements in order; each annotation is judged against the last
    /// statement ending on its target line.
    mutating func script(_ source: SourceFile, _ annotations: [Annotation]) {
        let steps = session.dialect.steps(in: source)
        var lastStepOnLine: [Int: Int] = [:]
        for (n, step) in steps.enumerated() { lastStepOnLine[step.lastLine] = n }
        var attached = Set<Int>()
        // Claims by the line they belong to, so pairing is linear in the document.
        let claimsByLine = Dictionary(grouping: annotations, by: \.targetLine)

        // Statements run through the runner, going on after failures (a
        // document reports every failure); each outcome is judged against
        // the claims on its last line as soon as it is known.
        var index = 0
        session.run(steps, stopAtFirstError: false) { outcome in
            onOutcome?(outcome)
            let n = index
            index += 1
            let line = outcome.step.lastLine
            if outcome.interrupted { return }
            let claims = lastStepOnLine[line] == n ? claimsByLine[line] ?? [] : []
            if !claims.isEmpty { attached.insert(line) }
            let shown = Shown([outcome])
            if claims.isEmpty {
                if let error = shown.error {
                    var result = unexpected(error, line: line, statement: outcome.step.text)
                    if outcome.step.kind == .invalid { result.kind = .parseError }
                    results.append(result)
                }
                return
            }
            for claim in claims {
                judge(claim.site, shown, statement: outcome.step.text, replay: outcome)
            }
        }
        if stopIfRequested(line: steps.dropFirst(max(0, index - 1)).first?.lastLine ?? source.firstLine) { return }
        for annotation in annotations where !attached.contains(annotation.targetLine) {
            results.append(CheckResult(
                kind: .orphan, path: path, line: annotation.site.line, statement: "", claim: annotation.site.text, passed: false,
                details: ["a `# =>` or `# prints:` claim belongs on the statement's last line or on the lines right after it"]))
        }
    }

    /// Runs one transcript input and judges its output.
    mutating func transcript(_ entry: TranscriptEntry) {
        let source = entry.input
        if stopIfRequested(line: source.firstLine) { return }
        let steps = session.dialect.steps(in: source)
        // An input that does not parse runs nothing (a transcript input is
        // one entry, as the shell would take it).
        let unparsed = steps.first { $0.kind == .invalid }
        let outcomes: [Outcome]
        if let unparsed {
            var failed = Outcome(step: unparsed)
            failed.diagnostic = unparsed.parseError
            outcomes = [failed]
        } else {
            outcomes = session.run(steps).outcomes
        }
        outcomes.forEach { onOutcome?($0) }
        if stopIfRequested(line: source.firstLine) { return }
        let shown = Shown(outcomes)
        let before = results.count
        defer {
            if let onEntry {
                var lines = shown.lines
                if let error = shown.error { lines.append("error: \(error.diagnostic.message)") }
                onEntry(Checker.EntryOutcome(entry: entry, shown: lines, results: Array(results[before...])))
            }
        }
        guard let output = entry.output else {
            if let error = shown.error {
                var result = unexpected(error, line: source.firstLine, statement: source.text)
                result.kind = unparsed != nil ? .parseError : .statementError
                results.append(result)
            }
            return
        }
        judge(output, shown, statement: source.text, replay: outcomes.count == 1 ? outcomes.first : nil)
    }

    /// Records a skipped verdict for the claim of an entry that is not run.
    /// An entry that claims nothing leaves no verdict: nothing was skipped.
    mutating func skip(_ entry: TranscriptEntry, _ reason: SkipReason, details: [String]) {
        guard let output = entry.output else { return }
        var result = CheckResult(kind: .claim, path: path, line: output.line, statement: entry.input.text,
                                 claim: output.text, verdict: .skipped(reason), details: details)
        result.form = output.form
        results.append(result)
    }

    // MARK: - Judging

    /// `replay`: the statement's outcome when its value came from one
    /// statement, which diagnosis may re-run under the usual slips.
    mutating func judge(_ site: ClaimSite, _ outcome: Shown, statement: String, replay: Outcome?) {
        var result = CheckResult(kind: .claim, path: path, line: site.line, statement: statement, claim: site.text, passed: false)
        result.form = site.form
        defer { results.append(result) }
        if site.form == .printed {
            judgePrinted(site, outcome, into: &result)
            return
        }

        let claim: Claim, style: ClaimStyle
        do throws(ClaimParseError) {
            (claim, style) = try Self.parseClaim(site.text)
        } catch {
            // Text that is not a readable value (print's summarized `[0, ..., 9]`)
            // still holds when the statement wrote exactly it.
            if outcome.error == nil, OutputComparison.holds(claimed: site.text, actual: outcome.lines.joined(separator: "\n")) {
                result.passed = true
                return
            }
            result.details = ["the claim does not parse: \(error.message)"]
            return
        }

        if case .error(let expected) = claim {
            guard let error = outcome.error else {
                result.details = ["expected an error containing '\(expected)', but it succeeded" +
                                  (outcome.lines.isEmpty ? "" : " with:\n" + outcome.lines.joined(separator: "\n"))]
                return
            }
            if expected.isEmpty || error.diagnostic.message.lowercased().contains(expected.lowercased()) {
                result.passed = true
            } else {
                result.details = ["the error does not mention '\(expected)':",
                                  Renderer.render(error.diagnostic, in: error.source, color: false)]
            }
            return
        }
        if let error = outcome.error {
            result.details = ["the statement failed:", Renderer.render(error.diagnostic, in: error.source, color: false)]
            return
        }
        if case .value = claim, outcome.values.count == 1, !outcome.printed, case .tensor(let actual) = outcome.values[0] {
            judgeValue(claim, style, actual, site: site, replay: replay, into: &result)
            return
        }
        let actualText = outcome.lines.joined(separator: "\n")
        if OutputComparison.holds(claimed: site.text, actual: actualText) {
            result.passed = true
        } else {
            result.details = [CheckResult.field("actual:", actualText.isEmpty ? "(no output)" : actualText)]
        }
    }

    /// A `# prints:` claim: the text `print` wrote, compared as a transcript's
    /// output is (`OutputComparison`), whatever the statement's value.
    func judgePrinted(_ site: ClaimSite, _ outcome: Shown, into result: inout CheckResult) {
        if let error = outcome.error {
            result.details = ["the statement failed:", Renderer.render(error.diagnostic, in: error.source, color: false)]
            return
        }
        let printed = outcome.printedLines.joined(separator: "\n")
        if OutputComparison.holds(claimed: site.text, actual: printed) {
            result.passed = true
            return
        }
        if outcome.printedLines.isEmpty {
            let shown = outcome.lines.joined(separator: "\n")
            result.details = [CheckResult.field("actual:", "(nothing printed)")]
            if !shown.isEmpty { result.details.append(CheckResult.field("it showed:", shown) + "  (claim a value with `# =>`)") }
        } else {
            result.details = [CheckResult.field("printed:", printed)]
        }
    }

    func judgeValue(_ claim: Claim, _ style: ClaimStyle, _ actual: Tensor, site: ClaimSite,
                    replay: Outcome?, into result: inout CheckResult) {
        let verdict = ClaimComparison.compare(claim, actual: actual)
        if verdict.holds {
            result.passed = true
            return
        }
        let rewritten = ClaimWriter.rewrite(actual, like: claim, style: style)
        let full = Printer.format(.tensor(actual), precision: .full)
        result.details = [
            CheckResult.field("actual:", rewritten) + (rewritten == full ? "" : "  (as attn fix writes it)"),
        ]
        if rewritten != full { result.details.append(CheckResult.field("in full:", full)) }
        result.details.append(verdict.description)
        // Offer the rewrite only when it would hold, so fixing is idempotent.
        if let again = try? ClaimParser.parse(rewritten), ClaimComparison.compare(again, actual: actual).holds {
            result.replacement = Replacement(span: site.span, text: site.layout(rewritten))
        }
        if checker.diagnose {
            result.diagnoses = Diagnosis.explain(claim: claim, actual: actual, outcome: replay, in: session)
                .map { "claim matches if \($0)" }
        }
    }

    /// A claim as a value (with its style), an error, or text.
    static func parseClaim(_ text: String) throws(ClaimParseError) -> (Claim, ClaimStyle) {
        do {
            return try ClaimParser.parseStyled(text)
        } catch {
            return (try ClaimParser.parseOrText(text), .attn)
        }
    }

    // MARK: - Stopping

    /// When a stop was requested, records where checking stopped and why,
    /// and returns true: the caller runs nothing more.
    mutating func stopIfRequested(line: Int) -> Bool {
        if stopped { return true }
        guard Interrupt.isRequested else { return false }
        stopped = true
        let why = Interrupt.reason == .timeout
            ? "the document ran longer than its time limit (\(checker.limits.timeoutDescription)); the rest was not run"
            : "interrupted; the rest of the document was not run"
        results.append(failure(.stopped, line: line, statement: "", details: [why]))
        return true
    }

    // MARK: - Failures

    func failure(_ kind: CheckResult.Kind, line: Int, statement: String, details: [String]) -> CheckResult {
        CheckResult(kind: kind, path: path, line: line, statement: statement, claim: nil, passed: false, details: details)
    }

    func unexpected(_ error: (diagnostic: Diagnostic, source: SourceFile), line: Int, statement: String) -> CheckResult {
        failure(.statementError, line: line, statement: statement,
                details: [Renderer.render(error.diagnostic, in: error.source, color: false)])
    }
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
