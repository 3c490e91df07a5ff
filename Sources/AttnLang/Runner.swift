import AttnCore

// The runner: the one place that runs source text.
//
// Every way of running text — `attn -e` and `attn run`, the shell's entries,
// `:load`, `:type` and `:shape`, `attn run --transcript`, the document checker
// and pasted transcripts — goes through `Session.run`. A language plugs in
// as a `Dialect`: it splits source into `Step`s (statements with their
// ranges and text) and runs one step at a time, returning an `Outcome` (what
// it printed, its value, how the value is displayed, or its diagnostic). The
// dialect never prints and never decides when to stop; `Session.run` does:
//
// - statements run in order; a statement that does not parse is an outcome
//   with a diagnostic like any other failure;
// - with `stopAtFirstError` the first failure ends the run (a script, a shell
//   entry, a transcript input); without it the others still run (a script on
//   a pipe, a document);
// - a stop request (`Interrupt`: Ctrl-C, a document's time limit) ends the
//   run either way, with an `.interrupted` outcome for the statement it
//   stopped; the statements after it are not run.
//
// attn's own language is `AttnDialect`. The Python dialect (numpy/PyTorch
// code in documents) is a second `Dialect` over the same core: it splits
// Python source into statements, runs them against its own object model, and
// returns outcomes whose `display` is what Python, numpy and PyTorch print.
// Everything above the runner (claims, the checker, transcripts, the shell)
// works on steps and outcomes, so it serves both languages unchanged.

/// One statement of a program, as a dialect split it out of its source.
public struct Step: Sendable {
    /// What kind of statement it is, in terms every dialect shares.
    public enum Kind: Sendable, Equatable {
        /// A bare expression; its value is displayed unless `silent` (attn's
        /// trailing `;`, Python's assignment-free call to a function that
        /// returns None...).
        case expression(silent: Bool)
        /// Binds names (`let x = e`, `x = e`, `a, b = ...`).
        case binding(names: [String])
        /// Defines a function or class.
        case definition(name: String)
        /// Did not parse; `parseError` says why.
        case invalid
    }

    public let source: SourceFile
    /// Where it is in `source` (a failed parse: where the error is).
    public let range: SourceRange
    public let kind: Kind
    /// Why it did not parse (with `kind == .invalid`).
    public let parseError: Diagnostic?
    /// The dialect's parsed form, read only by the dialect that made it.
    public let parsed: (any Sendable)?

    public init(source: SourceFile, range: SourceRange, kind: Kind, parseError: Diagnostic? = nil, parsed: (any Sendable)? = nil) {
        self.source = source
        self.range = range
        self.kind = kind
        self.parseError = parseError
        self.parsed = parsed
    }

    /// The statement as written; for a statement that did not parse, its
    /// whole first line.
    public var text: String {
        kind == .invalid ? source.lineText(containing: range.start) : source.text(of: range)
    }

    /// The 1-based line of the statement's last character (claims written
    /// after a statement attach to this line).
    public var lastLine: Int {
        source.location(of: kind == .invalid ? range.start : max(range.start, range.end - 1)).line
    }

    /// The 1-based line it starts on.
    public var firstLine: Int { source.location(of: range.start).line }
}

/// What running one step produced.
public struct Outcome: Sendable {
    public let step: Step
    /// Lines written by `print` (without their line breaks), in order.
    public var printed: [String] = []
    /// Whether the last of `printed` was left unfinished (Python's
    /// `print(x, end="")`): it has no line break after it, and what the next
    /// step prints continues it. A front end that writes the lines writes
    /// this one without its newline.
    public var endsInPartialLine = false
    /// The value of an expression statement (nil for bindings and definitions,
    /// and after a failure).
    public var value: Value?
    /// The value as displayed (nil when nothing is shown: a silent
    /// statement, a binding, a value that is nothing, a value shown as a
    /// figure).
    public var display: String?
    /// The pictures the step drew (a heatmap value shown, Python's
    /// `plt.show()`), shown after its printed lines and before its display.
    public var figures: [Figure] = []
    /// Why it failed; nil when it succeeded. It always carries the source
    /// its range points into (`diagnosticSource`).
    public var diagnostic: Diagnostic?
    /// The last value (`_`) before the step ran; what a replay of the step
    /// must see (see `AttnDialect.replay`).
    public var lastBefore: Value?
    /// Set by a dialect when something the step printed or displayed derives
    /// from an unseeded random generator, so no run can reproduce it: why,
    /// naming the draw (`np.random.rand(3) without np.random.seed`). The
    /// document checker skips the claims on such output as `not reproducible`.
    /// attn's own generators are always seeded, so `AttnDialect` never sets it.
    public var notReproducible: String?
    /// Remarks on what the dialect accepted but did not do (a plot kind it
    /// does not draw), each said once a session. Shown apart from the
    /// output (the shell and `attn run` on stderr, a page beside the
    /// output); never part of what a claim sees.
    public var notes: [String] = []

    public init(step: Step) {
        self.step = step
    }

    public var succeeded: Bool { diagnostic == nil }
    /// Stopped by a stop request rather than failed.
    public var interrupted: Bool { diagnostic?.kind == .interrupted }
    /// The source the diagnostic's range points into (an error inside a
    /// function defined in an earlier entry points there).
    public var diagnosticSource: SourceFile { diagnostic?.source ?? step.source }

    /// Everything the step showed, as lines: printed lines, the figures
    /// that are text output (`Figure.isText`) without colour, then the
    /// displayed value.
    public var shownLines: [String] {
        let shown = figures.filter(\.isText).map(\.text) + (display.map { [$0] } ?? [])
        return printed + shown.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }
}

/// A picture a step drew: the model, for the edges that draw it their own
/// way (a colour terminal, SVG in a page), and its text without colour at
/// the session's line width, which transcripts, logs and claims see.
public struct Figure: Sendable {
    public let heatmap: Heatmap
    /// The columns it was laid out in.
    public let width: Int
    /// The drawing without colour (`Heatmap.terminalText`).
    public let text: String
    /// Whether the drawing is part of the step's text output, which claims
    /// see: an attn heatmap value shown is; a Python plot is not (matplotlib
    /// draws beside stdout, and a notebook stores it as an image, which
    /// claims nothing).
    public let isText: Bool

    public init(_ heatmap: Heatmap, width: Int, isText: Bool = true) {
        self.heatmap = heatmap
        self.width = width
        self.isText = isText
        text = heatmap.terminalText(width: width, color: false)
    }

    /// The drawing for a terminal, in colour or not.
    public func terminalText(color: Bool) -> String {
        color ? heatmap.terminalText(width: width, color: true) : text
    }
}

/// A language a session runs: attn's own (`AttnDialect`) or another front
/// end over the same core.
public protocol Dialect: AnyObject {
    /// The statements of `source`, in order; ones that do not parse are
    /// `.invalid` steps carrying their diagnostic.
    func steps(in source: SourceFile) -> [Step]

    /// Runs one step. Never prints: `print` output is collected in the
    /// outcome. With `remember` false the step leaves the last value (`_`)
    /// as it was (`:type`, `:shape`). A stop request pending when the step
    /// starts, or made while it runs, makes it an `.interrupted` outcome
    /// that changed nothing.
    func run(_ step: Step, remember: Bool) -> Outcome

    /// Whether `text` stops in the middle of a statement (an open bracket, a
    /// trailing operator), so that a shell should ask for another line.
    func needsMoreInput(_ text: String) -> Bool

    /// The pictures still open when a document's code cell ends, which a
    /// notebook draws there (Jupyter's inline backend): the document
    /// checker asks after each cell and shows them after its last statement.
    /// Drawing them closes them. Dialects that draw nothing this way
    /// return none.
    func endCell() -> [Figure]
}

extension Dialect {
    public func endCell() -> [Figure] { [] }
}

/// How a run ended.
public struct RunSummary: Sendable {
    /// Steps that ran (or failed to parse), in order, up to where it stopped.
    public var outcomes: [Outcome] = []
    public var failed: Int { outcomes.filter { !$0.succeeded }.count }
    public var ok: Bool { failed == 0 }
    /// A stop request ended the run.
    public var interrupted: Bool { outcomes.last?.interrupted ?? false }
}

extension Session {
    /// Runs `source`, statement by statement, calling `onOutcome` as each
    /// completes (see the rules at the top of this file).
    @discardableResult
    public func run(_ source: SourceFile, stopAtFirstError: Bool = true, remember: Bool = true,
                    onOutcome: (Outcome) -> Void = { _ in }) -> RunSummary {
        run(dialect.steps(in: source), stopAtFirstError: stopAtFirstError, remember: remember, onOutcome: onOutcome)
    }

    /// Runs steps already split from their source (the checker splits first,
    /// to pair statements with the claims written after them).
    @discardableResult
    ///
    /// With `stopAtUnsupported` false, a statement that needs what the
    /// dialect does not provide (`Diagnostic.Kind.unsupported`) does not end
    /// the run: a document checker goes on to the statements after it (which
    /// may not depend on it) and reports the claims on what it would have
    /// shown as unsupported.
    public func run(_ steps: [Step], stopAtFirstError: Bool = true, stopAtUnsupported: Bool = true, remember: Bool = true,
                    onOutcome: (Outcome) -> Void = { _ in }) -> RunSummary {
        var summary = RunSummary()
        for step in steps {
            let outcome = dialect.run(step, remember: remember)
            summary.outcomes.append(outcome)
            onOutcome(outcome)
            if outcome.interrupted { break }
            if !outcome.succeeded && stopAtFirstError && (stopAtUnsupported || outcome.diagnostic?.kind != .unsupported) { break }
        }
        return summary
    }

    /// The value of the last expression statement of `text` (nil when it has
    /// none); the first failure is thrown. For tests and embedding.
    public func evaluate(_ text: String, name: String = "<input>") throws(Diagnostic) -> Value? {
        let summary = run(SourceFile(name: name, text: text))
        if let failure = summary.outcomes.first(where: { !$0.succeeded })?.diagnostic { throw failure }
        return summary.outcomes.last(where: { $0.value != nil })?.value
    }
}
