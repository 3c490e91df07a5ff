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
///   back through the claim parser as a claim that it satisfies.
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
        let (first, second) = Session.withLargeStack { (once(text, python: python), once(text, python: python)) }
        var problems = first.problems
        if !first.interrupted && !second.interrupted && first.lines != second.lines {
            let i = zip(first.lines, second.lines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(first.lines.count, second.lines.count)
            let (a, b) = (first.lines.dropFirst(i).first ?? "(nothing)", second.lines.dropFirst(i).first ?? "(nothing)")
            problems.append("the same program showed different output in a second run: line \(i + 1) was \(a.debugDescription), then \(b.debugDescription)")
        }
        return problems
    }

    /// `line` with object addresses (`<torch._C.Generator object at
    /// 0x9a96ae3b...>`) blanked: like CPython's, they differ from run to run.
    static func withoutAddresses(_ line: String) -> String {
        guard line.contains(" at 0x") else { return line }
        return line.replacing(#/\ at 0x[0-9a-fA-F]+/#, with: " at 0x…")
    }

    private static func once(_ text: String, python: Bool) -> Run {
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
            return run
        }
    }
}
