import ArgumentParser
import AttnCore
import AttnDocs
import AttnLang
import AttnPython
import AttnShell
import Foundation

/// `attn run FILE...`, `attn -e EXPR`, and `attn` itself.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run .attn scripts, or evaluate expressions with -e.")

    @OptionGroup var options: EvaluationOptions

    @Option(name: [.customShort("e"), .long], help: ArgumentHelp("Evaluate these statements and print their values.", valueName: "code"))
    var eval: [String] = []

    @Flag(name: [.customShort("i"), .long], help: "After the scripts and -e code, stay in the interactive shell with their variables.")
    var interactive = false

    @Argument(help: ArgumentHelp("Script files to run, in order, in one session ('-' reads standard input).", valueName: "file"))
    var files: [String] = []

    @Flag(name: .long, help: "Print the session as a transcript (attn> inputs, then their output) that attn check accepts.")
    var transcript = false

    @Flag(name: .long, help: "Read the code as Python with numpy (as files ending in .py are): prints what python3 would.")
    var python = false

    @Flag(name: .long, help: .hidden)
    var builtinsMarkdown = false

    func run() throws {
        if builtinsMarkdown {
            print(Builtins.markdown, terminator: "")
            return
        }
        let pythonFiles = files.filter { $0.hasSuffix(".py") }
        if !python && !pythonFiles.isEmpty && pythonFiles.count != files.count {
            throw ValidationError("cannot run .py files and attn scripts in one session yet; run them separately")
        }
        let isPython = python || (!files.isEmpty && pythonFiles.count == files.count)
        if isPython && (interactive || transcript || (files.isEmpty && eval.isEmpty && isatty(STDIN_FILENO) != 0)) {
            throw ValidationError("Python runs from files, -e CODE or a program on standard input; the shell's Python mode is not there yet")
        }
        let session = options.makeSession(python: isPython)
        let color = options.useColor(fd: STDERR_FILENO)
        var sources: [SourceFile] = []
        for (n, code) in eval.enumerated() {
            sources.append(SourceFile(name: eval.count == 1 ? "<command line>" : "<command line \(n + 1)>", text: code))
        }
        for path in files { sources.append(try Run.readScript(path, isFirstArgument: path == files.first && eval.isEmpty)) }
        if sources.isEmpty && !interactive {
            // No script given: the shell on a terminal, else a script on stdin.
            if isatty(STDIN_FILENO) != 0 {
                try startShell(session: session)
                return
            }
            sources.append(Run.standardInput())
            // A Python program stops at its first exception, as python3 does.
            return try runAll(sources, session: session, color: color, continueOnError: !isPython)
        }
        if transcript {
            var ok = true
            for source in sources {
                let (text, succeeded) = Transcript.render(source, in: session)
                print(text, terminator: "")
                ok = ok && succeeded
                if Interrupt.isRequested { throw ExitCode(ExitStatus.interrupted) }
            }
            if !ok { throw ExitCode(ExitStatus.failure) }
            return
        }
        if interactive {
            // As python -i: the shell starts even when a script failed, so
            // the variables it did define can be examined.
            do { try runAll(sources, session: session, color: color, continueOnError: false) } catch let exit as ExitCode {
                if exit.rawValue == ExitStatus.interrupted { throw exit }
            }
            guard isatty(STDIN_FILENO) != 0 else {
                return try runAll([Run.standardInput()], session: session, color: color, continueOnError: true)
            }
            return try startShell(session: session)
        }
        try runAll(sources, session: session, color: color, continueOnError: false)
    }

    /// Runs the sources in order in `session`; exit status 1 on an error,
    /// 130 when stopped with Ctrl-C.
    func runAll(_ sources: [SourceFile], session: Session, color: Bool, continueOnError: Bool) throws {
        var ok = true
        let errorWidth = options.lineWidth(fd: STDERR_FILENO)
        // python3 prints only what a program prints; attn shows each value too.
        let showValues = !(session.dialect is PythonDialect)
        // Heatmaps go to standard output: colour when that takes it.
        let drawInColor = options.useColor(fd: STDOUT_FILENO)
        for source in sources {
            ok = session.run(source, stopAtFirstError: !continueOnError) {
                show($0, color: color, width: errorWidth, drawInColor: drawInColor, values: showValues)
            }.ok && ok
            if Interrupt.isRequested { throw ExitCode(ExitStatus.interrupted) }
            if !ok && !continueOnError { throw ExitCode(ExitStatus.failure) }
        }
        if !ok {
            printError("attn: some statements failed (see above); the others ran")
            throw ExitCode(ExitStatus.failure)
        }
    }

    func startShell(session: Session) throws {
        let code = ShellLoop.run(session: session, color: options.useColor(fd: STDOUT_FILENO), width: options.width)
        if code != 0 { throw ExitCode(code) }
    }

    /// All of standard input as one script.
    static func standardInput() -> SourceFile {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return SourceFile(name: "<stdin>", text: String(decoding: data, as: UTF8.self))
    }

    /// A script named on the command line ('-' is standard input). When the
    /// first argument names no file and looks like a misspelt subcommand
    /// (`attn chek`), the error suggests the command.
    static func readScript(_ path: String, isFirstArgument: Bool) throws -> SourceFile {
        if path == "-" { return standardInput() }
        do {
            return SourceFile(name: path, text: try SafeFile.readText(path, limit: DocumentLoader.maxDocumentBytes).text)
        } catch {
            var message = "attn: cannot read \(error.message)"
            if isFirstArgument, error.problem == .notFound, !path.contains("/"), !path.contains("."),
               let near = Suggest.didYouMean(path, in: Attn.configuration.subcommands.map { $0._commandName }, spell: { "'attn \($0)'" }) {
                message = "attn: '\(path)' is neither a file nor a command; \(near)"
            }
            printError(message)
            throw ExitCode(ExitStatus.failure)
        }
    }
}

/// Shows one statement's outcome: printed lines (the last without its line
/// break when the program left it unfinished), figures (in colour when
/// `drawInColor`) and, with `values`, its value on stdout; notes (a plot not
/// drawn) and its error on
/// stderr with the source line fitted to `width` columns (a stop request as
/// one line: `attn: interrupted at FILE:LINE`).
func show(_ outcome: Outcome, color: Bool, width: Int, drawInColor: Bool, values: Bool = true) {
    for (n, line) in outcome.printed.enumerated() {
        print(line, terminator: outcome.endsInPartialLine && n == outcome.printed.count - 1 ? "" : "\n")
    }
    for figure in outcome.figures { print(figure.terminalText(color: drawInColor)) }
    if values, let display = outcome.display { print(display) }
    for note in outcome.notes { printError("attn: note: " + VisibleText.visible(note)) }
    guard let diagnostic = outcome.diagnostic else { return }
    if diagnostic.kind == .interrupted {
        printError("attn: " + Renderer.renderInterrupted(diagnostic, in: outcome.diagnosticSource))
    } else {
        printError(Renderer.render(diagnostic, in: outcome.diagnosticSource, color: color, width: width))
    }
}
