import AttnCore
import AttnLang

/// The Python dialect as a `Dialect` of the runner.
///
/// - Steps: a module's top-level statements, one step each (a compound
///   statement, `def`, `class`, `for`, `if`..., is one step with its whole
///   body). A statement that does not parse is an `.invalid` step, and
///   parsing resumes at the next line that starts at indentation 0.
///   (CPython compiles the whole file first and runs nothing when any line
///   is a syntax error; here the statements before it run.)
/// - Running a step fills the outcome: what it printed, split into lines
///   (`endsInPartialLine` when it ended inside a line, after
///   `print(x, end="")`); for a bare expression, its value and the repr the
///   Python REPL and IPython display (None, inert matplotlib objects and an
///   expression silenced by a trailing `;` show nothing), which becomes `_`.
/// - A script run prints only what the program prints, as `python3 prog.py`
///   does: the CLI does not show displayed values (the shell and documents
///   do).
/// - Errors are diagnostics at the offending construct, worded as CPython's
///   last traceback line (`NameError: name 'x' is not defined`).
public final class PythonDialect: Dialect {
    let interpreter: PyInterpreter
    /// attn's own interpreter, whose global names this dialect shares
    /// (PythonDialect+SharedNames.swift).
    let attn: Interpreter?
    /// What the names shared with attn were when this dialect last wrote them.
    var exported: [String: ExportedName] = [:]
    /// The attn value written for each shared name, to see when attn rebinds it.
    var written: [String: Value] = [:]

    /// A dialect with its own namespace, sharing numeric names with `attn`
    /// when given (the session's interpreter).
    public init(sharing attn: Interpreter? = nil) {
        interpreter = PyInterpreter()
        self.attn = attn
        if let attn {
            interpreter.foreignLookup = { [weak self] name in self?.imported(name, from: attn) }
            interpreter.unseededEntropy = attn.unseededEntropy
            interpreter.fileAccess = attn.fileAccess
        }
    }

    deinit {
        interpreter.releaseObjects()
    }

    /// A session running Python, its names shared with attn's interpreter.
    public static func session(interpreter: Interpreter = Interpreter()) -> Session {
        Session(dialect: PythonDialect(sharing: interpreter), interpreter: interpreter)
    }

    public func steps(in source: SourceFile) -> [Step] {
        PyParser.parseModule(source).map { result in
            switch result {
            case .success(let statement):
                return Step(source: source, range: statement.range, kind: kind(of: statement, in: source), parsed: statement)
            case .failure(let diagnostic):
                var d = diagnostic
                if d.source == nil { d.source = source }
                return Step(source: source, range: d.range, kind: .invalid, parseError: d)
            }
        }
    }

    private func kind(of statement: PyStmt, in source: SourceFile) -> Step.Kind {
        switch statement {
        case .expression(_, let range):
            return .expression(silent: source.text(of: range).hasSuffix(";"))
        case .function(let code, _, _):
            return .definition(name: code.name)
        case .class(let code, _, _):
            return .definition(name: code.name)
        case .assign, .augmented, .annotated, .return, .if, .while, .for, .break, .continue, .pass, .assert,
             .delete, .with, .import, .importFrom, .global, .nonlocal, .raise, .try:
            var scope = NameScope()
            scope.collect(statement)
            return .binding(names: scope.bound.sorted())
        }
    }

    /// Decided by the parser: an input that ends inside a bracket, a string,
    /// after a backslash or a block opener is incomplete; so is a compound
    /// statement until a blank line ends it (as at Python's prompt).
    public func needsMoreInput(_ text: String) -> Bool {
        let results = PyParser.parseModule(SourceFile(name: "<input>", text: text))
        for case .failure(let d) in results where d.kind == .incompleteInput { return true }
        guard case .success(let first)? = results.first, results.count == 1 else { return false }
        switch first {
        case .if, .while, .for, .function, .class, .with, .try:
            let lastLine = text.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
            return !lastLine.allSatisfy(\.isWhitespace)
        case .expression, .assign, .augmented, .annotated, .return, .break, .continue, .pass, .assert, .delete,
             .import, .importFrom, .global, .nonlocal, .raise:
            return false
        }
    }

    public func run(_ step: Step, remember: Bool) -> Outcome {
        // What the step makes is tracked by the interpreter's heap, whose
        // cycles are broken when this dialect ends.
        interpreter.heap.whileCurrent { runTracked(step, remember: remember) }
    }

    private func runTracked(_ step: Step, remember: Bool) -> Outcome {
        var outcome = Outcome(step: step)
        guard let statement = step.parsed as? PyStmt else {
            var failure = step.parseError ?? Diagnostic("SyntaxError: invalid syntax", at: step.range)
            if failure.source == nil { failure.source = step.source }
            outcome.diagnostic = failure
            return outcome
        }
        forgetNamesAttnRebound()
        outcome.lastBefore = interpreter.lastValue.flatMap(PythonDialect.attnValue)
        interpreter.output = ""
        interpreter.unseededDraw = nil
        interpreter.displayed = []
        interpreter.plots.drawn = []
        interpreter.plots.notes = []
        defer {
            interpreter.unseededDraw = nil
            interpreter.displayed = []
            interpreter.plots.drawn = []
            interpreter.plots.notes = []
        }
        do throws(PyError) {
            try interpreter.checkInterrupt(at: step.range)
            let value = try interpreter.run(statement, source: step.source)
            var display: String?
            if let value, case .expression(silent: false) = step.kind, PythonDialect.isShown(value) {
                display = try interpreter.repr(value)
            }
            try interpreter.checkInterrupt(at: step.range)
            if remember, let value, display != nil { interpreter.lastValue = value }
            outcome.value = value.flatMap(PythonDialect.attnValue)
            outcome.display = display
            // `display(x)` calls show their values as IPython does, before
            // the statement's own value.
            if !interpreter.displayed.isEmpty {
                outcome.display = (interpreter.displayed + [display].compactMap { $0 }).joined(separator: "\n")
            }
        } catch {
            outcome.diagnostic = error.diagnostic(in: step.source, default: step.range)
        }
        outcome.notReproducible = interpreter.unseededDraw
        outcome.figures = interpreter.plots.drawn.map { figure($0) }
        outcome.notes = interpreter.plots.notes
        (outcome.printed, outcome.endsInPartialLine) = PythonDialect.lines(interpreter.output)
        interpreter.output = ""
        if outcome.diagnostic?.kind != .interrupted { exportSharedNames() }
        return outcome
    }

    /// The figures still open, drawn and closed: a notebook cell shows them
    /// when it ends (Plots/PlotState.swift). A figure that cannot be drawn
    /// is left out (`plt.show()` would have raised its error).
    public func endCell() -> [Figure] {
        interpreter.heap.whileCurrent(drawOpenFigures)
    }

    private func drawOpenFigures() -> [Figure] {
        do throws(PyError) {
            return try interpreter.plots.drawAll().map { figure($0) }
        } catch {
            return []
        }
    }

    /// A plot as a runner figure: at attn's line width, and not text output
    /// (matplotlib draws beside stdout; claims never see it).
    func figure(_ map: Heatmap) -> Figure {
        Figure(map, width: attn?.lineWidth ?? 80, isText: false)
    }

    /// What the REPL displays: everything but None and inert objects.
    static func isShown(_ value: PyValue) -> Bool {
        switch value {
        case .none, .inert: return false
        default: return true
        }
    }

    /// Printed text as lines, and whether the last one is unfinished.
    static func lines(_ text: String) -> ([String], Bool) {
        guard !text.isEmpty else { return ([], false) }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" {
            parts.removeLast()
            return (parts, false)
        }
        return (parts, true)
    }
}
