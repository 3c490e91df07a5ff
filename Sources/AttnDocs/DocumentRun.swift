import AttnCore
import AttnLang

/// The state of checking one document: a session per language, created
/// when its first cell runs (`DialectRegistry`), all over the document's one
/// interpreter; the verdicts so far; and what the document's code has done
/// that later verdicts depend on (a stop request, an unsupported construct).
struct DocumentRun {
    let checker: Checker
    let document: Document
    var path: String { document.path }
    /// The document's interpreter: its sandbox and print settings, shared by every dialect.
    let interpreter: Interpreter
    /// Undeclared transcripts: attn or Python, decided once for the document.
    let languages: LanguageChoice
    private var sessions: [SourceLanguage: Session] = [:]
    var results: [CheckResult] = []
    var onEntry: ((Checker.EntryOutcome) -> Void)?
    /// Sees every step's outcome, code cells' and transcripts' alike.
    var onOutcome: ((Outcome) -> Void)?
    /// The first random draw of the document from a stream made without a
    /// seed, described (`Checker` then runs the document again to tell which
    /// claims depend on it).
    private(set) var unseededDraw: String?
    /// Set when a stop request (Ctrl-C, the time limit) ended the run.
    private(set) var stopped = false
    /// The latest construct each language's session could not run: every
    /// later failure in that session may follow from it (a name it would have
    /// defined), so it is reported as unsupported too, never as the document's error.
    private var unsupportedSince: [SourceLanguage: String] = [:]

    init(checker: Checker, document: Document, session: Session, others: [SourceLanguage: Session] = [:]) {
        self.checker = checker
        self.document = document
        interpreter = session.interpreter
        sessions = others
        sessions[.attn] = session
        languages = LanguageChoice(document, dialect: session.dialect)
    }

    /// The session of `language`, when one was made.
    func existingSession(_ language: SourceLanguage) -> Session? {
        sessions[language]
    }

    /// The session that runs `language`, or nil when no dialect does.
    mutating func session(for language: SourceLanguage) -> Session? {
        if let session = sessions[language] { return session }
        guard let dialect = checker.dialects.dialect(for: language, interpreter: interpreter) else { return nil }
        let session = Session(dialect: dialect, interpreter: interpreter)
        sessions[language] = session
        return session
    }

    /// Passes an outcome on, and remembers the first unseeded draw.
    mutating func noteOutcome(_ outcome: Outcome) {
        onOutcome?(outcome)
        if unseededDraw == nil { unseededDraw = outcome.notReproducible }
    }

    // MARK: - Cells

    /// Runs a code cell's statements in order in its language's session and
    /// judges its comment claims as each statement ends, then its output
    /// claims against everything the cell showed. attn goes on after a
    /// failing statement (a document reports every failure); other languages
    /// stop the cell there, as Python and Jupyter do, except after a
    /// statement attn cannot run (unsupported), which Python would have
    /// run: the rest of the cell runs, and what depends on it is reported
    /// unsupported too.
    mutating func code(_ cell: CodeCell) {
        guard let session = session(for: cell.language) else {
            skipAll(cell, .unsupported(DialectRegistry.missing(cell.language)))
            return
        }
        // Claims by the line they belong to, so pairing is linear in the document.
        let claimsByLine = Dictionary(grouping: cell.annotations, by: \.targetLine)
        var steps = session.dialect.steps(in: cell.source)
        // A notebook cell displays only the value of its last statement, as
        // IPython does; a bare expression before it shows nothing (unless a
        // `# =>` claim on its line asks for its value).
        if cell.place != nil, cell.language != .attn {
            for n in steps.indices.dropLast() where steps[n].kind == .expression(silent: false) && claimsByLine[steps[n].lastLine] == nil {
                let step = steps[n]
                steps[n] = Step(source: step.source, range: step.range, kind: .expression(silent: true),
                                parseError: step.parseError, parsed: step.parsed)
            }
        }
        var lastStepOnLine: [Int: Int] = [:]
        for (n, step) in steps.enumerated() { lastStepOnLine[step.lastLine] = n }
        var attached = Set<Int>()
        let expectsError = cell.outputs.contains { $0.form == .error }
        let skip = cell.unsupported.map(SkipReason.unsupported)

        var index = 0
        var outcomes: [Outcome] = []
        session.run(steps, stopAtFirstError: cell.language != .attn, stopAtUnsupported: false) { outcome in
            noteOutcome(outcome)
            let n = index
            index += 1
            if outcome.interrupted { return }
            outcomes.append(outcome)
            let line = outcome.step.lastLine
            let claims = lastStepOnLine[line] == n ? claimsByLine[line] ?? [] : []
            if !claims.isEmpty { attached.insert(line) }
            let shown = Shown([outcome])
            if claims.isEmpty {
                if let error = shown.error, !expectsError {
                    if let reason = unsupported(error.diagnostic, in: cell.language) {
                        noteUnsupported(reason, line: line, language: cell.language, place: cell.place)
                    } else {
                        var result = unexpected(error, line: line, statement: outcome.step.text)
                        if outcome.step.kind == .invalid { result.kind = .parseError }
                        place(&result, in: cell, sourceLine: line)
                        results.append(result)
                    }
                }
                return
            }
            for claim in claims {
                if let skip {
                    results.append(skipped(claim.site, statement: outcome.step.text, reason: skip))
                    continue
                }
                judge(claim.site, shown, statement: outcome.step.text, replay: outcome, language: cell.language)
            }
        }
        if stopIfRequested(line: steps.dropFirst(max(0, index - 1)).first?.lastLine ?? cell.source.firstLine) { return }
        // What the cell drew and did not show yet (a notebook's plots) is
        // shown when the cell ends, as Jupyter does: an outcome of the last
        // statement that ran, with the figures only (they claim nothing).
        let drawn = session.dialect.endCell()
        if !drawn.isEmpty, let last = outcomes.last {
            var shown = Outcome(step: last.step)
            shown.figures = drawn
            noteOutcome(shown)
        }
        // Claims on statements that never ran, because an earlier one failed.
        let failure = outcomes.last { !$0.succeeded }
        for annotation in cell.annotations where !attached.contains(annotation.targetLine) {
            if let failure, annotation.targetLine > failure.step.lastLine, let diagnostic = failure.diagnostic {
                var result = CheckResult(kind: .claim, path: path, line: annotation.site.line, statement: "",
                                         claim: annotation.site.text, verdict: .error,
                                         details: ["not run: the statement on line \(failure.step.firstLine) failed before it"])
                result.form = annotation.site.form
                if let reason = unsupported(diagnostic, in: cell.language) ?? skip.map({ "\($0)" }) {
                    result.verdict = .skipped(.unsupported(reason))
                    result.details = []
                }
                results.append(result)
                continue
            }
            results.append(CheckResult(
                kind: .orphan, path: path, line: annotation.site.line, statement: "", claim: annotation.site.text, passed: false,
                details: ["a `# =>` or `# prints:` claim belongs on the statement's last line or on the lines right after it"]))
        }
        judgeOutputs(cell, outcomes, skip: skip)
    }

    /// Runs one transcript input in its language's session and judges its output.
    mutating func transcript(_ entry: TranscriptEntry) {
        let source = entry.input
        if stopIfRequested(line: source.firstLine) { return }
        let language = languages.language(of: entry)
        guard let session = session(for: language) else {
            if let output = entry.output {
                var result = skipped(output, statement: source.text, reason: .unsupported(DialectRegistry.missing(language)))
                if let why = languages.reason(for: entry) { result.details = [why] }
                results.append(result)
            }
            return
        }
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
        outcomes.forEach { noteOutcome($0) }
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
                if let reason = unsupported(error.diagnostic, in: language) {
                    noteUnsupported(reason, line: source.firstLine, language: language, place: nil)
                    return
                }
                var result = unexpected(error, line: source.firstLine, statement: source.text)
                result.kind = unparsed != nil ? .parseError : .statementError
                results.append(result)
            }
            return
        }
        judge(output, shown, statement: source.text, replay: outcomes.count == 1 ? outcomes.first : nil, language: language)
    }

    // MARK: - Unsupported code

    /// Why a failure is attn's gap rather than the document's error: the
    /// dialect said so (`Diagnostic.Kind.unsupported`), or an earlier
    /// statement of the same session was unsupported. Nil for a real error.
    func unsupported(_ diagnostic: Diagnostic, in language: SourceLanguage) -> String? {
        if diagnostic.kind == .unsupported { return diagnostic.message }
        if let latest = unsupportedSince[language] { return "after an unsupported statement (\(latest)): \(diagnostic.message)" }
        return nil
    }

    /// Remembers the latest unsupported statement of a session, which a
    /// later failure most likely follows from (a notebook that cannot
    /// `import tiktoken` names that, not its version line three cells up);
    /// a failure that only follows from one is not itself remembered.
    mutating func noteUnsupported(_ reason: String, line: Int, language: SourceLanguage, place: CellPlace?) {
        guard !reason.hasPrefix("after an unsupported statement") else { return }
        let where_ = place.map { $0.description + ", line \(line)" } ?? "line \(line)"
        unsupportedSince[language] = "\(where_): \(reason)"
    }

    /// Every claim of a cell that is not run, skipped for `reason`; a
    /// block's output claims one skip per printed piece (`OutputComparison.chunks`).
    mutating func skipAll(_ cell: CodeCell, _ reason: SkipReason) {
        var all: [(site: ClaimSite, outputLine: Int?)] = cell.annotations.map { ($0.site, nil) }
        for site in cell.outputs {
            if site.form == .outputBlock || site.form == .stream {
                all += chunkSites(site).map { ($0.site, $0.outputLine) }
            } else {
                all.append((site, nil))
            }
        }
        for (site, outputLine) in all.sorted(by: { ($0.site.span.lowerBound, $0.site.line) < ($1.site.span.lowerBound, $1.site.line) }) {
            var result = skipped(site, statement: "", reason: reason)
            if site.cell != nil { result.cellLine = outputLine }
            results.append(result)
        }
    }

    // MARK: - Results

    func skipped(_ site: ClaimSite, statement: String, reason: SkipReason) -> CheckResult {
        var result = CheckResult(kind: .claim, path: path, line: site.line, statement: statement,
                                 claim: site.text, verdict: .skipped(reason))
        result.form = site.form
        result.cell = site.cell
        return result
    }

    /// Puts a result about a statement of a notebook cell in its cell.
    func place(_ result: inout CheckResult, in cell: CodeCell, sourceLine: Int) {
        guard let place = cell.place else { return }
        result.cell = place
        result.cellLine = sourceLine
    }

    func failure(_ kind: CheckResult.Kind, line: Int, statement: String, details: [String]) -> CheckResult {
        CheckResult(kind: kind, path: path, line: line, statement: statement, claim: nil, passed: false, details: details)
    }

    /// A statement that failed where no claim expected it: an error of the document's code.
    func unexpected(_ error: (diagnostic: Diagnostic, source: SourceFile), line: Int, statement: String) -> CheckResult {
        CheckResult(kind: .statementError, path: path, line: line, statement: statement, claim: nil, verdict: .error,
                    details: [Renderer.render(error.diagnostic, in: error.source, color: false)])
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
}
