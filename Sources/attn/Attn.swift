import ArgumentParser
import AttnCore
import AttnLang
import Foundation

/// The attn command: parses arguments and maps results to exit codes
/// (0 ok, 1 an error in the user's program or a failed check, 2 usage).
@main
struct Attn: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "attn",
        abstract: "A language and shell for attention mechanisms: type expressions, get the true numbers.",
        discussion: """
        attn                      start the interactive shell (or run a script piped to it)
        attn FILE.attn            run a script (the same as attn run FILE.attn)
        attn -e 'softmax([1, 2])' evaluate expressions and print their values
        """,
        version: version,
        subcommands: [Run.self, Check.self, Fix.self],
        defaultSubcommand: Run.self
    )

    /// Parses, runs on a large stack, and exits with attn's codes.
    static func main() {
        let code = Session.withLargeStack { () -> Int32 in
            do {
                var command = try Attn.parseAsRoot()
                try command.run()
                return 0
            } catch let exit as ExitCode {
                return exit.rawValue
            } catch {
                let code = Attn.exitCode(for: error)
                let message = Attn.fullMessage(for: error)
                if code == .success {
                    print(message)
                    return 0
                }
                FileHandle.standardError.write(Data((message + "\n").utf8))
                return code == .validationFailure ? 2 : code.rawValue
            }
        }
        Foundation.exit(code)
    }
}

/// Options every subcommand that evaluates shares.
struct EvaluationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Significant digits of printed numbers, or 'full' for the shortest exact form.", valueName: "n|full"))
    var precision: String?

    @Option(name: .long, help: ArgumentHelp("The most elements one tensor may hold.", valueName: "n"))
    var maxElements: Int = 1 << 28

    @Option(name: .long, help: ArgumentHelp("Colour in messages: always, never or auto.", valueName: "when"))
    var color: ColorChoice = .auto

    func validate() throws {
        if let precision, precision != "full" {
            guard let n = Int(precision), (1...17).contains(n) else {
                throw ValidationError("--precision takes a number of digits from 1 to 17, or 'full'; got '\(precision)'")
            }
        }
        guard maxElements >= 1 else { throw ValidationError("--max-elements must be at least 1") }
    }

    var resolvedPrecision: Precision {
        guard let precision else { return .digits(6) }
        return precision == "full" ? .full : .digits(Int(precision) ?? 6)
    }

    /// Applies the options to a new session.
    func makeSession() -> Session {
        Tensor.maxElements = maxElements
        let session = Session()
        session.interpreter.precision = resolvedPrecision
        return session
    }

    /// Whether to colour what goes to the given file descriptor.
    func useColor(fd: Int32) -> Bool {
        switch color {
        case .always: return true
        case .never: return false
        case .auto:
            let env = ProcessInfo.processInfo.environment
            if env["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
            if env["TERM"] == "dumb" { return false }
            return isatty(fd) != 0
        }
    }
}

enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case always, never, auto
}

/// Writes text to standard error.
func printError(_ text: String) {
    // Flush pending values first so the error appears after them in a shared log.
    fflush(nil)  // nil flushes every output stream, stdout included
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
