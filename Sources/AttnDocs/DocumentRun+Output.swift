import AttnCore
import AttnLang

// Claims about what a whole cell showed: the Markdown output block after a
// code block, and a notebook cell's stored outputs.
//
// - Printed output (an output block, a notebook's `stdout`) is what the cell
//   wrote: in attn everything it showed (printed lines and displayed
//   values, as `attn run` shows them), in Python what it printed, as a
//   script does (a Markdown block that printed nothing shows the value of
//   its last statement, as a notebook would). A display that a notebook
//   stores apart (an `execute_result`) is not part of it. The claim is read
//   print by print (`OutputComparison.chunks`): each chunk is a claim with
//   its own verdict, paired with the chunk printed in its place.
// - A notebook's `execute_result` (or text-only `display_data`) claims a
//   displayed value: the last ones the cell displayed, in order, judged as
//   a `# =>` claim is.
// - A notebook's `error` output claims that the cell fails with that
//   exception: it holds when the cell fails with a message naming it.
extension DocumentRun {
    mutating func judgeOutputs(_ cell: CodeCell, _ outcomes: [Outcome], skip: SkipReason?) {
        guard !cell.outputs.isEmpty else { return }
        let language = cell.language
        let resultSites = cell.outputs.filter { $0.form == .result }
        let displayed = outcomes.indices.filter { outcomes[$0].display != nil }
        let claimedDisplays = Array(displayed.suffix(resultSites.count))
        let failure = outcomes.first { !$0.succeeded }
        let failureSkip = failure?.diagnostic.flatMap { unsupported($0, in: language) }.map(SkipReason.unsupported)

        // What the cell wrote, line by line, with the outcome that wrote it.
        var written: [(text: String, outcome: Int)] = []
        for (n, outcome) in outcomes.enumerated() {
            written += outcome.printed.map { ($0, n) }
            if language == .attn, let display = outcome.display, !claimedDisplays.contains(n) {
                written += display.split(separator: "\n", omittingEmptySubsequences: false).map { (String($0), n) }
            }
        }
        if language != .attn, written.isEmpty, resultSites.isEmpty, let last = outcomes.indices.last, let display = outcomes[last].display {
            written = display.split(separator: "\n", omittingEmptySubsequences: false).map { (String($0), last) }
        }

        // Several stdout outputs (split by a plot between them) share the
        // printed lines in order, as many lines each as each claims.
        let streams = cell.outputs.filter { $0.form == .stream || $0.form == .outputBlock }
        var rest = written[...]
        for (n, site) in streams.enumerated() {
            let count = n == streams.count - 1 ? rest.count : min(rest.count, Self.lines(site.text).count)
            let mine = Array(rest.prefix(count))
            rest = rest.dropFirst(count)
            judgeBlock(site, mine, outcomes: outcomes, skip: skip ?? failureSkip, cellFailed: failure != nil)
        }
        for (n, site) in resultSites.enumerated() {
            if let reason = skip ?? failureSkip {
                results.append(skipped(site, statement: "", reason: reason))
                continue
            }
            guard n < claimedDisplays.count else {
                var result = CheckResult(kind: .claim, path: path, line: site.line, statement: "", claim: site.text,
                                         verdict: failure == nil ? .failed : .error,
                                         details: [failure == nil ? "the cell displayed no value" : "the cell failed before displaying a value"])
                result.form = site.form
                result.cell = site.cell
                results.append(result)
                continue
            }
            var outcome = outcomes[claimedDisplays[n]]
            outcome.printed = []
            judge(site, Shown([outcome]), statement: outcome.step.text, replay: outcome, language: language)
        }
        for site in cell.outputs where site.form == .error {
            judgeErrorOutput(site, failure, skip: skip, language: language)
        }
    }

    /// An `error` output: the cell must fail, with the exception it names.
    mutating func judgeErrorOutput(_ site: ClaimSite, _ failure: Outcome?, skip: SkipReason?, language: SourceLanguage) {
        var result = CheckResult(kind: .claim, path: path, line: site.line, statement: "", claim: site.text, passed: false)
        result.form = site.form
        result.cell = site.cell
        defer { results.append(result) }
        if let skip {
            result.verdict = .skipped(skip)
            return
        }
        guard let failure, let diagnostic = failure.diagnostic else {
            result.details = ["the notebook says the cell fails with \(site.text), but it ran without an error"]
            return
        }
        if let reason = unsupported(diagnostic, in: language) {
            result.verdict = .skipped(.unsupported(reason))
            return
        }
        result.actual = diagnostic.message
        if Self.errorMatches(site.text, diagnostic.message) {
            result.passed = true
        } else {
            result.details = ["the cell fails, but not with \(site.text):",
                              Renderer.render(diagnostic, in: failure.diagnosticSource, color: false)]
        }
    }

    /// Judges a block of printed output, chunk by chunk; `written`: the
    /// lines the code wrote for it, each with the index of its outcome.
    mutating func judgeBlock(_ site: ClaimSite, _ written: [(text: String, outcome: Int)], outcomes: [Outcome],
                             skip: SkipReason?, cellFailed: Bool) {
        let claimed = chunkSites(site)
        if let skip {
            for (chunk, line) in claimed {
                var result = skipped(chunk, statement: "", reason: skip)
                if site.cell != nil { result.cellLine = line }
                results.append(result)
            }
            return
        }
        var actualLines = written.map { trimTrailing($0.text) }
        while actualLines.last?.isEmpty == true { actualLines.removeLast() }
        let actualRanges = OutputComparison.chunks(actualLines)
        let actual = actualRanges.map { OutputComparison.ReadChunk(actualLines[$0].joined(separator: "\n")) }
        let claims = claimed.map { OutputComparison.ReadChunk($0.site.comparedText) }
        let pairs = OutputComparison.align(claims, actual)
        // Printed chunks no claim is paired with go with the claim before them
        // (or the first one), which then fails with them.
        var extra = [Int: [Int]]()
        let paired = Set(pairs.compactMap { $0 })
        for j in actual.indices where !paired.contains(j) {
            let owner = pairs.indices.last { (pairs[$0] ?? Int.max) < j } ?? pairs.indices.first { pairs[$0] != nil }
            if let owner { extra[owner, default: []].append(j) }
        }

        var rewrites: [(claim: Int, text: String)] = []
        var fixable: [Int] = []
        for (i, (chunk, outputLine)) in claimed.enumerated() {
            var result = CheckResult(kind: .claim, path: path, line: chunk.line, statement: "", claim: chunk.text, passed: false)
            result.form = site.form
            result.cell = site.cell
            if site.cell != nil { result.cellLine = outputLine }
            guard let j = pairs[i] else {
                result.verdict = cellFailed ? .error : .failed
                result.details = [cellFailed ? "not printed: the code failed before it" : "nothing printed matches it"]
                if i == 0, pairs.allSatisfy({ $0 == nil }), !actualLines.isEmpty {
                    result.actual = actualLines.joined(separator: "\n")
                    result.details.append(CheckResult.field("printed:", actualLines.joined(separator: "\n")))
                }
                results.append(result)
                continue
            }
            let mine = [j] + (extra[i] ?? [])
            let lines = mine.sorted().flatMap { Array(actualLines[actualRanges[$0]]) }
            let text = lines.joined(separator: "\n")
            result.actual = text
            let comparison = extra[i] == nil ? OutputComparison.compareChunk(claims[i], actual[j], ellipsis: site.ellipsis)
                : OutputComparison.ChunkComparison(holds: false, hasValue: claims[i].hasValue, why: "more was printed than the claim shows")
            if comparison.holds {
                result.passed = true
            } else {
                result.details = [CheckResult.field("printed:", text)]
                if let why = comparison.why { result.details.append(why) }
                if checker.diagnose { result.diagnoses = Self.digitDiagnoses(claims[i], actual[j]) }
                if comparison.hasValue {
                    rewrites.append((i, text))
                    fixable.append(results.count)
                }
            }
            results.append(result)
        }
        guard !rewrites.isEmpty else { return }
        // One rewrite of the whole block: the failing value chunks replaced
        // by what was printed, every other line kept as written.
        var lines = Self.lines(site.text)
        let ranges = OutputComparison.chunks(lines)
        for (i, text) in rewrites.reversed() where i < ranges.count {
            lines.replaceSubrange(ranges[i], with: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
        var newText = lines.joined(separator: "\n")
        if site.text.hasSuffix("\n") { newText += "\n" }
        let replacement = Replacement(span: site.span, text: site.layout(newText))
        for index in fixable { results[index].replacement = replacement }
    }

    /// The lines of a claim's text, trailing blanks and a final line break dropped.
    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { trimTrailing(String($0)) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Each chunk of a block claim as a claim of its own, with its 1-based
    /// line inside the block (its document line is the site's `line`: in a
    /// notebook, the JSON line of its first string).
    func chunkSites(_ site: ClaimSite) -> [(site: ClaimSite, outputLine: Int)] {
        let lines = Self.lines(site.text)
        let onLinesOfTheirOwn = site.stored.map { $0.isArray && $0.opening.contains("\n") } ?? true
        return OutputComparison.chunks(lines).map { range in
            var chunk = site
            chunk.text = lines[range].joined(separator: "\n")
            if site.stored == nil || onLinesOfTheirOwn {
                chunk.line = site.line + range.lowerBound + (site.stored == nil ? 0 : 1)
            }
            return (chunk, range.lowerBound + 1)
        }
    }

    /// The slips of the claim's digits, when both chunks hold one value of the same shape.
    static func digitDiagnoses(_ claimed: OutputComparison.ReadChunk, _ actual: OutputComparison.ReadChunk) -> [String] {
        let claimValues = claimed.pieces.compactMap { piece -> Claim? in
            if case .value(let claim, _) = piece { return claim }
            return nil
        }
        let actualValues = actual.pieces.compactMap { piece -> Claim? in
            if case .value(let claim, _) = piece { return claim }
            return nil
        }
        guard claimValues.count == 1, actualValues.count == 1, let tensor = actualValues[0].writtenTensor else { return [] }
        return Diagnosis.digitSlips(claim: claimValues[0], actual: tensor).map { "claim matches if \($0)" }
    }
}
