import ArgumentParser
import AttnCore
import AttnDocs
import AttnLang
import AttnPython
import AttnShell
import Foundation

/// attn's exit statuses, in one place.
enum ExitStatus {
    static let ok: Int32 = 0
    /// An error in the user's program, a failed check, a file that cannot be read.
    static let failure: Int32 = 1
    /// A mistake on the command line.
    static let usage: Int32 = 2
    /// Stopped by Ctrl-C (SIGINT), as a shell reports a process it killed with
    /// it and as Python exits on KeyboardInterrupt.
    static let interrupted: Int32 = 130
    /// Quit with Ctrl-\ (SIGQUIT).
    static let quit: Int32 = 131
}

/// The attn command: parses arguments and maps results to exit codes
/// (see `ExitStatus`).
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
        subcommands: [Run.self, Check.self, Fix.self, Render.self],
        defaultSubcommand: Run.self
    )

    /// Parses, runs on a large stack, and exits with attn's codes.
    static func main() {
        installSignalHandlers()
        let arguments = Attn.attachingEvalValues(Array(CommandLine.arguments.dropFirst()))
        let code = Session.withLargeStack { () -> Int32 in
            do {
                var command = try Attn.parseAsRoot(arguments)
                try command.run()
                return ExitStatus.ok
            } catch let exit as ExitCode {
                return exit.rawValue
            } catch {
                let code = Attn.exitCode(for: error)
                let message = Attn.fullMessage(for: error)
                if code == .success {
                    print(message)
                    return ExitStatus.ok
                }
                FileHandle.standardError.write(Data((message + "\n").utf8))
                return code == .validationFailure ? ExitStatus.usage : code.rawValue
            }
        }
        fflush(nil)
        Foundation.exit(code)
    }

    /// Ctrl-C asks the work under way to stop (`Interrupt`); a second Ctrl-C
    /// before it has stopped ends the process at once. Ctrl-\ quits at once,
    /// without the runtime's crash report (it is a request, not a crash).
    /// The shell replaces the SIGINT handler with its own, which never exits.
    static func installSignalHandlers() {
        signal(SIGINT) { _ in
            if Interrupt.isRequested { _exit(ExitStatus.interrupted) }
            Interrupt.request(.user)
        }
        signal(SIGQUIT) { _ in _exit(ExitStatus.quit) }
    }

    /// `-e -1` as `--eval=-1`: a value that starts with `-` (a negative
    /// number, `-[1, 2] / 4`) would otherwise be read as an option.
    static func attachingEvalValues(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { out += arguments[i...]; break }
            if (a == "-e" || a == "--eval"), i + 1 < arguments.count {
                out.append("--eval=" + arguments[i + 1])
                i += 2
                continue
            }
            out.append(a)
            i += 1
        }
        return out
    }
}

/// The size limits every subcommand that evaluates shares.
struct SizeLimits: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The most elements one tensor may hold.", valueName: "n"))
    var maxElements: Int = 1 << 28

    @Option(name: .long, help: ArgumentHelp(
        "The most memory live tensors may hold together, e.g. 4G or 512M (default: half the machine's memory).",
        valueName: "size"))
    var maxMemory: String?

    func validate() throws {
        guard maxElements >= 1 else { throw ValidationError("--max-elements must be at least 1") }
        if let maxMemory, SizeLimits.bytes(maxMemory) == nil {
            throw ValidationError("--max-memory takes a size such as 4G, 512M or 1000000 (bytes); got '\(maxMemory)'")
        }
    }

    /// Sets the process-wide limits; once, before anything is evaluated.
    func apply() {
        Tensor.maxElements = maxElements
        if let maxMemory, let limit = SizeLimits.bytes(maxMemory) { MemoryBudget.limit = limit }
    }

    /// "4G", "512M", "64K", "1000000": a size in bytes (K, M, G, T are powers
    /// of 1024; a trailing B or iB is allowed). nil when it does not read.
    static func bytes(_ text: String) -> Int? {
        var t = text.trimmingCharacters(in: .whitespaces).uppercased()
        if t.hasSuffix("IB") { t.removeLast(2) } else if t.hasSuffix("B") { t.removeLast() }
        let units: [Character: Double] = ["K": 0x1p10, "M": 0x1p20, "G": 0x1p30, "T": 0x1p40]
        var scale = 1.0
        if let last = t.last, let unit = units[last] {
            scale = unit
            t.removeLast()
        }
        guard let value = Double(t), value.isFinite, value > 0, value * scale < 9.0e18 else { return nil }
        return Int(value * scale)
    }
}

/// Options every subcommand that evaluates shares.
struct EvaluationOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Significant digits of printed numbers, or 'full' for the shortest exact form.", valueName: "n|full"))
    var precision: String?

    @OptionGroup var limits: SizeLimits

    @Option(name: .long, help: ArgumentHelp("Colour in messages and heatmaps: always, never or auto (NO_COLOR, TERM=dumb or not a terminal: none).", valueName: "when"))
    var color: ColorChoice = .auto

    @Option(name: .long, help: ArgumentHelp(
        "Columns that printed values and error lines fit in (default: the terminal's width, or 75 when not a terminal).",
        valueName: "n"))
    var width: Int?

    func validate() throws {
        if let precision, Precision(precision) == nil {
            throw ValidationError("--precision takes \(Precision.expected); got '\(precision)'")
        }
        if let width, width < Printer.minimumLineWidth {
            throw ValidationError("--width must be at least \(Printer.minimumLineWidth) columns; got \(width)")
        }
    }

    var resolvedPrecision: Precision {
        precision.flatMap(Precision.init) ?? .standard
    }

    /// Applies the options to a new session, in attn's language or Python.
    func makeSession(python: Bool = false) -> Session {
        limits.apply()
        let session = python ? PythonDialect.session() : Session()
        session.interpreter.precision = resolvedPrecision
        session.interpreter.lineWidth = lineWidth(fd: STDOUT_FILENO)
        return session
    }

    /// The columns text written to `fd` fits in: `--width`, else the
    /// terminal's width, else 75.
    func lineWidth(fd: Int32) -> Int {
        width ?? Terminal.lineWidth(fd: fd)
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

/// What a checked document may do: `attn check` and `attn fix` share these.
struct SandboxOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Seconds one document may run before it is stopped (default 60; 0 for no limit).", valueName: "seconds"))
    var timeout: Double = 60

    @Option(name: .customLong("allow-read"), help: ArgumentHelp("Let documents read files under this folder too (repeatable).", valueName: "dir"))
    var allowRead: [String] = []

    @Option(name: .customLong("allow-write"), help: ArgumentHelp("Let documents' saves under this folder reach the disk (repeatable).", valueName: "dir"))
    var allowWrite: [String] = []

    @OptionGroup var limits: SizeLimits

    func validate() throws {
        guard timeout.isFinite, timeout >= 0 else { throw ValidationError("--timeout takes a number of seconds ≥ 0, got \(timeout)") }
        for dir in allowRead + allowWrite {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: SafeFile.expandingHome(dir), isDirectory: &isDirectory),
                  isDirectory.boolValue else {
                throw ValidationError("--allow-read and --allow-write take existing folders; '\(dir)' is not one")
            }
        }
    }

    /// The checker's limits; `dryRun` keeps every write off the disk.
    func checkerLimits(dryRun: Bool) -> Checker.Limits {
        limits.apply()
        return Checker.Limits(timeout: timeout == 0 ? nil : timeout, allowRead: allowRead, allowWrite: allowWrite, dryRun: dryRun)
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
