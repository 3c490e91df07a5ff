import AttnCore
import AttnLang

// Judging one claim about one statement (or one transcript input): the same
// judge for every language and every document format.
extension DocumentRun {
    /// `replay`: the statement's outcome when its value came from one
    /// statement, which diagnosis may re-run under the usual slips.
    mutating func judge(_ site: ClaimSite, _ outcome: Shown, statement: String, replay: Outcome?, language: SourceLanguage) {
        var result = CheckResult(kind: .claim, path: path, line: site.line, statement: statement, claim: site.text, passed: false)
        result.form = site.form
        result.cell = site.cell
        defer { results.append(result) }
        if site.form == .printed {
            judgePrinted(site, outcome, language: language, into: &result)
            return
        }
        let text = site.comparedText
        if let exception = Self.doctestException(text) {
            judgeFailure(expecting: exception, mismatch: "it fails, but not with \(exception)", outcome,
                         language: language, into: &result) { Self.errorMatches(exception, $0) }
            return
        }
        let claim: Claim, style: ClaimStyle
        do throws(ClaimParseError) {
            (claim, style) = try Self.parseClaim(text)
        } catch {
            // Text that is not a readable value still holds when the
            // statement wrote exactly it.
            if outcome.error == nil, OutputComparison.holds(claimed: text, actual: outcome.lines.joined(separator: "\n"), ellipsis: site.ellipsis) {
                result.passed = true
                return
            }
            if failed(outcome, language: language, into: &result) { return }
            result.details = ["the claim does not parse: \(error.message)"]
            return
        }

        if case .error(let expected) = claim {
            judgeFailure(expecting: "an error containing '\(expected)'", mismatch: "the error does not mention '\(expected)'",
                         outcome, language: language, into: &result) { message in
                expected.isEmpty || message.lowercased().contains(expected.lowercased())
            }
            return
        }
        if failed(outcome, language: language, into: &result) { return }
        if outcome.values.count == 1, !outcome.printed, case .tensor(let actual) = outcome.values[0] {
            switch claim {
            case .value, .summarized:
                let display = outcome.outcomes.last { $0.display != nil }?.display
                judgeValue(claim, style, actual, site: site, replay: replay, language: language,
                           display: language == .attn ? nil : display, into: &result)
                return
            case .error, .text:
                break
            }
        }
        let actualText = outcome.lines.joined(separator: "\n")
        result.actual = actualText
        if OutputComparison.holds(claimed: text, actual: actualText, ellipsis: site.ellipsis) {
            result.passed = true
            return
        }
        result.details = [CheckResult.field("actual:", actualText.isEmpty ? "(no output)" : actualText)]
        if checker.diagnose {
            result.diagnoses = Self.digitDiagnoses(OutputComparison.ReadChunk(text), OutputComparison.ReadChunk(actualText))
        }
        // What another dialect showed is the claim's own form (what Python,
        // numpy and PyTorch print): a failing value claim is rewritten with it.
        if language != .attn, !actualText.isEmpty, OutputComparison.ReadChunk(text).hasValue {
            result.replacement = Replacement(span: site.span, text: site.layout(actualText))
        }
    }

    /// The exception a doctest example expects (`Traceback (most recent
    /// call last):`, then anything, then `ZeroDivisionError: division by
    /// zero`): its last line; nil for any other claim.
    static func doctestException(_ text: String) -> String? {
        guard text.hasPrefix("Traceback (most recent call last)") else { return nil }
        return text.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Whether an error message is the exception `expected` names
    /// (`NameError: name 'x' is not defined`): it mentions the exception's
    /// name or its message.
    static func errorMatches(_ expected: String, _ message: String) -> Bool {
        let name = expected.prefix { $0 != ":" }.trimmingCharacters(in: .whitespaces)
        let value = expected.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
        let message = message.lowercased()
        return (!name.isEmpty && message.contains(name.lowercased())) || (!value.isEmpty && message.contains(value.lowercased()))
    }

    /// A claim that the statement fails: `expecting` says with what, for
    /// the report; `matches` whether an error message is that failure.
    mutating func judgeFailure(expecting: String, mismatch: String, _ outcome: Shown, language: SourceLanguage,
                               into result: inout CheckResult, matches: (String) -> Bool) {
        guard let error = outcome.error else {
            result.details = ["expected \(expecting), but it succeeded" +
                              (outcome.lines.isEmpty ? "" : " with:\n" + outcome.lines.joined(separator: "\n"))]
            return
        }
        if let reason = unsupported(error.diagnostic, in: language) {
            result.verdict = .skipped(.unsupported(reason))
            return
        }
        result.actual = error.diagnostic.message
        if matches(error.diagnostic.message) {
            result.passed = true
        } else {
            result.details = [mismatch + ":", Renderer.render(error.diagnostic, in: error.source, color: false)]
        }
    }

    /// When the statement failed: records the error (or the unsupported
    /// construct behind it) on `result` and returns true.
    mutating func failed(_ outcome: Shown, language: SourceLanguage, into result: inout CheckResult) -> Bool {
        guard let error = outcome.error else { return false }
        if let reason = unsupported(error.diagnostic, in: language) {
            noteUnsupported(reason, line: result.line, language: language, place: result.cell)
            result.verdict = .skipped(.unsupported(reason))
            return true
        }
        result.verdict = .error
        result.details = ["the statement failed:", Renderer.render(error.diagnostic, in: error.source, color: false)]
        return true
    }

    /// A `# prints:` claim: the text `print` wrote, compared as a transcript's
    /// output is (`OutputComparison`), whatever the statement's value.
    mutating func judgePrinted(_ site: ClaimSite, _ outcome: Shown, language: SourceLanguage, into result: inout CheckResult) {
        if failed(outcome, language: language, into: &result) { return }
        let printed = outcome.printedLines.joined(separator: "\n")
        result.actual = printed
        if OutputComparison.holds(claimed: site.comparedText, actual: printed, ellipsis: site.ellipsis) {
            result.passed = true
            return
        }
        if outcome.printedLines.isEmpty {
            let shown = outcome.lines.joined(separator: "\n")
            result.details = [CheckResult.field("actual:", "(nothing printed)")]
            if !shown.isEmpty { result.details.append(CheckResult.field("it showed:", shown) + "  (claim a value with `# =>`)") }
        } else {
            result.details = [CheckResult.field("printed:", printed)]
            if checker.diagnose {
                result.diagnoses = Self.digitDiagnoses(OutputComparison.ReadChunk(site.comparedText), OutputComparison.ReadChunk(printed))
            }
            // A printed value is rewritten with what was printed (Python's own form).
            if language != .attn, OutputComparison.ReadChunk(site.text).hasValue {
                result.replacement = Replacement(span: site.span, text: site.layout(printed))
            }
        }
    }

    /// A value claim against the tensor the statement showed. `display`:
    /// the dialect's own text of it, which a rewrite of a claim in another
    /// language than attn takes as it is (it is the claim's form: what
    /// Python, numpy and PyTorch print); attn claims are rewritten by
    /// `ClaimWriter` in their style.
    func judgeValue(_ claim: Claim, _ style: ClaimStyle, _ actual: Tensor, site: ClaimSite,
                    replay: Outcome?, language: SourceLanguage, display: String?, into result: inout CheckResult) {
        let verdict = ClaimComparison.compare(claim, actual: actual)
        if verdict.holds {
            result.passed = true
            return
        }
        let full = Printer.format(.tensor(actual), precision: .full)
        let rewritten: String
        if let display {
            rewritten = display
        } else if case .value = claim {
            rewritten = ClaimWriter.rewrite(actual, like: claim, style: style)
        } else {
            rewritten = full
        }
        result.actual = rewritten
        result.details = [
            CheckResult.field("actual:", rewritten) + (rewritten == full || display != nil ? "" : "  (as attn fix writes it)"),
        ]
        if rewritten != full { result.details.append(CheckResult.field("in full:", full)) }
        result.details.append(verdict.description)
        // Offer the rewrite only when it would hold, so fixing is idempotent.
        if case .value = claim, let again = try? ClaimParser.parse(rewritten), ClaimComparison.compare(again, actual: actual).holds {
            result.replacement = Replacement(span: site.span, text: site.layout(rewritten))
        }
        if checker.diagnose, let session = existingSession(language) {
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
}
