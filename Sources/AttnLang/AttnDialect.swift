import AttnCore

/// attn's own language as a `Dialect`: the parser splits source into steps,
/// the interpreter runs them, the printer displays their values.
public final class AttnDialect: Dialect {
    public let interpreter: Interpreter

    public init(_ interpreter: Interpreter) {
        self.interpreter = interpreter
    }

    public func steps(in source: SourceFile) -> [Step] {
        Parser.parseRecovering(source).map { item in
            switch item {
            case .success(let node):
                let kind: Step.Kind
                switch node.statement {
                case .expression(_, let silent): kind = .expression(silent: silent)
                case .binding(let name, _, _): kind = .binding(names: [name])
                case .function(let name, _, _, _): kind = .definition(name: name)
                }
                return Step(source: source, range: node.range, kind: kind, parsed: node)
            case .failure(let diagnostic):
                return Step(source: diagnostic.source ?? source, range: diagnostic.range, kind: .invalid, parseError: diagnostic)
            }
        }
    }

    /// Decided by the parser's own "unexpected end of input" diagnostic, not
    /// by counting brackets.
    public func needsMoreInput(_ text: String) -> Bool {
        Parser.parseRecovering(SourceFile(name: "<input>", text: text)).contains { item in
            if case .failure(let d) = item { return d.kind == .incompleteInput }
            return false
        }
    }

    public func run(_ step: Step, remember: Bool) -> Outcome {
        var outcome = Outcome(step: step)
        guard let node = step.parsed as? StatementNode else {
            var failure = step.parseError ?? Diagnostic("this statement does not parse", at: step.range)
            if failure.source == nil { failure.source = step.source }
            outcome.diagnostic = failure
            return outcome
        }
        outcome.lastBefore = interpreter.lastValue
        let previous = interpreter.output
        var printed: [String] = []
        interpreter.output = { printed.append($0) }
        defer { interpreter.output = previous }
        do throws(Diagnostic) {
            // A stop requested before this statement began stops it too; the
            // request is cleared only when new work starts (`Interrupt`).
            try Diagnostic.checkInterrupt(at: node.range)
            let value = try interpreter.execute(node, source: step.source)
            var display: String?
            var figures: [Figure] = []
            if let value, case .expression(_, let silent) = node.statement, !silent, !value.isNothing {
                // A heatmap is shown as a figure, which the edge draws.
                if case .heatmap(let map) = value {
                    figures = [Figure(map, width: interpreter.lineWidth)]
                } else {
                    display = Printer.format(value, precision: interpreter.precision, lineWidth: interpreter.lineWidth)
                }
            }
            // Printing stops early on Ctrl-C: then neither the partial text is
            // shown nor `_` changed (an interrupted statement changes nothing).
            try Diagnostic.checkInterrupt(at: node.range)
            if remember, let value, !value.isNothing { interpreter.remember(value) }
            outcome.value = value
            outcome.display = display
            outcome.figures = figures
            interpreter.definitionSucceeded(node.statement)
        } catch {
            var failure = error
            if failure.source == nil { failure.source = step.source }
            outcome.diagnostic = failure
            if failure.kind != .interrupted { interpreter.definitionFailed(node.statement, at: step) }
        }
        outcome.printed = printed
        return outcome
    }

    /// The value `step`'s expression has when re-run as `rewrite` changes it
    /// and `hook` changes its builtin calls, for explaining a wrong claim
    /// (`Diagnosis`): with `_` as it was before the step (`lastBefore`),
    /// without output, and leaving the session exactly as it was. nil when
    /// the step is not an expression, `rewrite` and `hook` changed nothing,
    /// or the re-run fails.
    public func replay(_ step: Step, lastBefore: Value?, rewrite: (Expr) -> Expr?,
                       hook: @escaping (Builtin, inout Arguments) throws(Diagnostic) -> Bool) -> Value? {
        guard let node = step.parsed as? StatementNode, case .expression(let expression, _) = node.statement else { return nil }
        let changed = rewrite(expression)
        return interpreter.replay(changed ?? expression, lastValue: lastBefore, rewritten: changed != nil, hook: hook)
    }
}
