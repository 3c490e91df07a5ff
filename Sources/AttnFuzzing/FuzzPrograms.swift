import AttnCore
import AttnDocs
import AttnLang
import AttnPython

/// Programs in attn's language and in the Python dialect: lexed, parsed and
/// run with `FuzzLimits`, twice, each time in a new session.
///
/// Properties checked on what ran:
/// - the same program shows the same output twice (unless a time limit
///   stopped either run, which makes the cut-off point arbitrary);
/// - every diagnostic's range lies inside its source;
/// - (attn) every tensor a statement shows, printed at full precision, reads
///   back through the claim parser as a claim that it satisfies;
/// - on every small float tensor the program left in a global (Python's
///   arrays are shared into attn's globals): softmax over each axis sums to
///   1 along it, and self-attention with options picked by the tensor's
///   shape equals the textbook formula (`FuzzProperties`);
/// - nothing was written to the sandbox or read from outside it
///   (`FuzzLimits.checkSandbox`).
public enum FuzzPrograms {
    /// attn's language.
    public static func attn(_ bytes: [UInt8]) -> [String] {
        program(text(bytes), python: false)
    }

    /// The Python dialect (numpy, scipy.special, math, torch).
    public static func python(_ bytes: [UInt8]) -> [String] {
        program(text(bytes), python: true)
    }

    private struct Run: Sendable {
        var lines: [String] = []
        var problems: [String] = []
        var interrupted = false
    }

    private static func program(_ text: String, python: Bool) -> [String] {
        // Both runs on one large-stack thread: a thread per run costs more
        // than a small program does.
        let (first, second) = Session.withLargeStack {
            (once(text, python: python, checkGlobals: true), once(text, python: python, checkGlobals: false))
        }
        var problems = first.problems
        if let problem = FuzzLimits.checkSandbox(text: text, shown: first.lines + second.lines) { problems.append(problem) }
        if !first.interrupted && !second.interrupted && first.lines != second.lines {
            let i = zip(first.lines, second.lines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(first.lines.count, second.lines.count)
            let (a, b) = (first.lines.dropFirst(i).first ?? "(nothing)", second.lines.dropFirst(i).first ?? "(nothing)")
            problems.append("the same program showed different output in a second run: line \(i + 1) was \(a.debugDescription), then \(b.debugDescription)")
        }
        return problems
    }

    /// The properties of the tensors left in the globals (at most 8 of them).
    private static func propertiesOfGlobals(_ interpreter: Interpreter) -> [String] {
        var problems: [String] = []
        let tensors = interpreter.globals.allNames.compactMap { interpreter.globals.lookup($0)?.tensor }
            .filter { $0.dtype.isFloatingPoint && $0.count <= 256 }
        for (n, t) in tensors.prefix(8).enumerated() {
            if Interrupt.isRequested { break }
            for axis in 0..<t.rank {
                if let s = try? t.softmax(axis: axis),
                   let problem = FuzzTensors.softmaxSumsToOne(input: t, output: s, axis: axis) { problems.append(problem) }
            }
            let options = FuzzProperties.options(n + t.count, width: t.shape.last ?? 0)
            if let problem = FuzzProperties.attendMatchesTextbook(t, options: options) { problems.append(problem) }
        }
        return problems
    }

    /// `line` with object addresses (`<torch._C.Generator object at
    /// 0x9a96ae3b...>`) blanked: like CPython's, they differ from run to run.
    static func withoutAddresses(_ line: String) -> String {
        guard line.contains(" at 0x") else { return line }
        return line.replacing(#/\ at 0x[0-9a-fA-F]+/#, with: " at 0x…")
    }

    private static func once(_ text: String, python: Bool, checkGlobals: Bool) -> Run {
        FuzzLimits.withTimeLimit {
            let interpreter = Interpreter()
            interpreter.fileAccess = .confined(to: FuzzLimits.sandbox, dryRun: true)
            let session = python
                ? Session(dialect: PythonDialect(sharing: interpreter), interpreter: interpreter)
                : Session(dialect: AttnDialect(interpreter), interpreter: interpreter)
            let source = SourceFile(name: "fuzz", text: text)
            var run = Run()
            session.run(source, stopAtFirstError: false) { outcome in
                run.lines += outcome.shownLines.map(withoutAddresses)
                if let d = outcome.diagnostic {
                    run.interrupted = run.interrupted || outcome.interrupted
                    let limit = outcome.diagnosticSource.text.utf8.count
                    if d.range.start < 0 || d.range.end > limit || d.range.start > d.range.end {
                        run.problems.append("diagnostic range \(d.range) outside a source of \(limit) bytes: \(d.message)")
                    }
                    run.lines.append("error: " + d.message)
                    _ = Renderer.render(d, in: outcome.diagnosticSource, color: false)
                }
                if !python, outcome.display != nil, let value = outcome.value, !Interrupt.isRequested,
                   let problem = FuzzTensors.readsBack(value) {
                    run.problems.append(problem)
                }
            }
            run.interrupted = run.interrupted || Interrupt.isRequested
            if checkGlobals && !run.interrupted { run.problems += propertiesOfGlobals(interpreter) }
            return run
        }
    }
}
