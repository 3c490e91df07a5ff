import ArgumentParser
import AttnCore
import AttnDocs
import AttnLang
import AttnShell
import Foundation

/// `attn run FILE...`, `attn -e EXPR`, and `attn` itself.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run .attn scripts, or evaluate expressions with -e.")

    @OptionGroup var options: EvaluationOptions

    @Option(name: [.customShort("e"), .long], help: ArgumentHelp("Evaluate these statements and print their values.", valueName: "code"))
    var eval: [String] = []

    @Argument(help: ArgumentHelp("Script files to run, in order, in one session.", valueName: "file"))
    var files: [String] = []

    @Flag(name: .long, help: "Print the session as a transcript (attn> inputs, then their output) that attn check accepts.")
    var transcript = false

    @Flag(name: .long, help: .hidden)
    var builtinsMarkdown = false

    func run() throws {
        if builtinsMarkdown {
            print(Builtins.markdown, terminator: "")
            return
        }
        let session = options.makeSession()
        let color = options.useColor(fd: STDERR_FILENO)
        var sources: [SourceFile] = []
        for (n, code) in eval.enumerated() {
            sources.append(SourceFile(name: eval.count == 1 ? "<command line>" : "<command line \(n + 1)>", text: code))
        }
        for path in files {
            do {
                let text = try SafeFile.readText(path, limit: DocumentLoader.maxDocumentBytes).text
                sources.append(SourceFile(name: path, text: text))
            } catch {
                printError("attn: cannot read \(error.message)")
                throw ExitCode(1)
            }
        }
        if sources.isEmpty {
            // No script given: the shell on a terminal, else a script on stdin.
            if isatty(STDIN_FILENO) != 0 {
                try startShell(session: session)
                return
            }
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let text = String(decoding: data, as: UTF8.self)
            let ok = session.run(SourceFile(name: "<stdin>", text: text), continueOnError: true) { emit($0, color: color) }
            if !ok {
                printError("attn: some statements failed (see above); the others ran")
                throw ExitCode(1)
            }
            return
        }
        if transcript {
            var ok = true
            for source in sources {
                let (text, succeeded) = Transcript.render(source, in: session)
                print(text, terminator: "")
                ok = ok && succeeded
            }
            if !ok { throw ExitCode(1) }
            return
        }
        for source in sources {
            guard session.run(source, emit: { emit($0, color: color) }) else { throw ExitCode(1) }
        }
    }

    func startShell(session: Session) throws {
        let code = ShellLoop.run(session: session, color: options.useColor(fd: STDOUT_FILENO))
        if code != 0 { throw ExitCode(code) }
    }
}

/// Shows one event: values and printed lines on stdout, errors on stderr.
func emit(_ event: Event, color: Bool) {
    switch event {
    case .value(_, let text, _): print(text)
    case .printed(let line): print(line)
    case .error(let diagnostic, let source):
        printError(Renderer.render(diagnostic, in: source, color: color))
    }
}
