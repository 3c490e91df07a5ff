import AttnCore
import AttnDocs
import AttnLang
import Foundation

/// The shell's state and behaviour, apart from the terminal: it takes
/// complete entries (one or more lines), runs them in a session, and writes
/// results through `out` and errors through `err`. The interactive loop
/// (`ShellLoop`) feeds it lines from the line editor; tests feed it strings.
public final class Shell {
    public let session: Session
    /// Colour in errors, marks and heatmaps.
    public var color: Bool
    /// Where values and messages go (with their line breaks).
    public var out: (String) -> Void
    public var err: (String) -> Void
    /// Each accepted statement with the value it showed (nil for bindings)
    /// and the precision it showed it at, for `:save`, which writes it as a claim.
    /// Each accepted statement with the claim `:save` writes for its value:
    /// written when the statement ran, at the precision the user saw, so
    /// that no value is kept alive for `:save` (a value too large to claim
    /// in full keeps only a note of its shape).
    private(set) var saved: [(statement: String, claim: SavedClaim?)] = []

    /// The most elements a claim written by `:save` holds (about 100 KB of
    /// text); a larger value is saved as a note of its shape.
    static let maxClaimedElements = 10_000

    enum SavedClaim {
        /// The value written out in full, as a claim.
        case value(String)
        /// A value of more elements than a claim holds.
        case tooLarge(shape: [Int])
    }
    /// Every entry accepted this session, for `:history` without a history file.
    public private(set) var entries: [String] = []
    /// Set by `:quit`.
    public private(set) var wantsQuit = false
    /// Counts entries, to name each in error messages (`<input 3>`).
    private var entryNumber = 0
    /// The precision the shell started with (`--precision`), which `:reset` restores.
    private let initialPrecision: Precision
    /// Reads the editor's history for `:history`; set by the loop.
    public var historyProvider: (() -> [String])?
    /// Asks the user a yes/no question before a destructive command
    /// (`:reset`, `:save` over a file); nil when no one can answer (not a
    /// terminal), and then the command does not ask.
    public var confirm: ((_ question: String) -> Bool)?
    /// Set on a terminal, which echoes `^C` where the cursor is: the
    /// `interrupted` line then starts on a line of its own.
    public var terminalEchoesControlKeys = false

    public init(session: Session = Session(), color: Bool = false,
                out: @escaping (String) -> Void = { Swift.print($0, terminator: "") },
                err: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.session = session
        self.initialPrecision = session.interpreter.precision
        self.color = color
        self.out = out
        self.err = err
    }

    public static let version = "0.1.0"
    public static let banner = "attn \(version) — attention in a shell. :help for help, :quit or Ctrl-D to leave."

    /// Whether `text` stops in the middle of a statement, so the shell
    /// should ask for another line (a meta-command never continues).
    public func needsContinuation(_ text: String) -> Bool {
        if text.trimmingCharacters(in: .whitespaces).hasPrefix(":") { return false }
        return session(for: text).dialect.needsMoreInput(text)
    }

    // MARK: - Languages

    /// What entries are typed in: attn (the default), or Python after `:python`.
    public private(set) var language: SourceLanguage = .attn
    /// The Python session, over the attn session's interpreter (so each
    /// language sees the other's variables), made when first needed.
    private var pythonSession: Session?

    /// The prompt for a new entry and for its continuation lines.
    public var prompt: String { language == .python ? ">>> " : ShellLoop.prompt }
    public var continuationPrompt: String { language == .python ? "... " : ShellLoop.continuationPrompt }

    func python() -> Session? {
        if let pythonSession { return pythonSession }
        guard let dialect = DialectRegistry.standard.dialect(for: .python, interpreter: session.interpreter) else { return nil }
        let made = Session(dialect: dialect, interpreter: session.interpreter)
        pythonSession = made
        return made
    }

    /// The session an entry runs in: Python's in Python mode; in attn mode,
    /// Python's too for an entry that is not attn syntax but is Python
    /// (`import numpy as np`, `np.exp(q)`, a pasted `def`), so pasted numpy
    /// code runs as written without switching; attn's otherwise.
    func session(for text: String) -> Session {
        if language == .python, let python = python() { return python }
        let source = SourceFile(name: "<input>", text: text)
        guard session.dialect.steps(in: source).contains(where: { $0.kind == .invalid }),
              !session.dialect.needsMoreInput(text), let python = python() else { return session }
        if python.dialect.needsMoreInput(text) || !python.dialect.steps(in: source).contains(where: { $0.kind == .invalid }) {
            return python
        }
        return session
    }

    /// Whether a pasted block runs as Python: in Python mode, or when the
    /// block as a whole is not attn syntax but is Python. A block with a
    /// meta-command line runs line by line.
    func isPythonBlock(_ text: String) -> Bool {
        let lines = text.split(separator: "\n")
        if lines.contains(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(":") }) { return false }
        return session(for: text) !== session
    }

    func switchLanguage(to language: SourceLanguage) {
        if language == .python && python() == nil {
            err("this attn has no Python dialect\n")
            return
        }
        self.language = language
        out(language == .python
            ? "Python mode: lines run as Python, with this session's variables (:attn to switch back)\n"
            : "attn: lines run as attn\n")
    }

    /// Runs one complete entry: a meta-command, one of the words people
    /// type to leave or to get help in other shells, or attn statements.
    public func handle(_ entry: String) {
        let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        entries.append(entry)
        if trimmed.hasPrefix(":") {
            runMeta(trimmed)
            return
        }
        switch Shell.habit(trimmed) {
        case .leave(let word)? where session.interpreter.globals.lookup(word) == nil:
            requestQuit()
            return
        case .help(let name)?:
            metaHelp(name)
            return
        default:
            break
        }
        run(entry)
    }

    /// What Python, IPython and Julia users type out of habit.
    enum Habit: Equatable {
        /// `exit`, `quit`, `exit()`, `quit()`, with the word: a variable the
        /// user defined with that name is shown instead (`let quit = 1`).
        case leave(String)
        /// `?name`, `name?`, `help name` (none of them is attn syntax).
        case help(String)
    }

    static func habit(_ entry: String) -> Habit? {
        for word in ["exit", "quit"] where entry == word || entry == word + "()" { return .leave(word) }
        let isName = { (s: Substring) in
            !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !(s.first?.isNumber ?? true)
        }
        if entry.hasPrefix("?") {
            let name = entry.dropFirst().trimmingCharacters(in: .whitespaces)
            if isName(Substring(name)) { return .help(name) }
        }
        if entry.hasSuffix("?") {
            let name = entry.dropLast().trimmingCharacters(in: .whitespaces)
            if isName(Substring(name)) { return .help(name) }
        }
        if entry.hasPrefix("help ") {
            let name = entry.dropFirst(5).trimmingCharacters(in: .whitespaces)
            if isName(Substring(name)) { return .help(name) }
        }
        return nil
    }

    /// Runs attn source through the session's runner, showing printed
    /// lines, values and errors as they come; stops at the first error.
    /// Each statement that succeeded is kept for `:save`.
    @discardableResult
    func run(_ text: String, name: String? = nil) -> RunSummary {
        entryNumber += 1
        let source = SourceFile(name: name ?? "<input \(entryNumber)>", text: text)
        let runner = session(for: text)
        let isAttn = runner === session
        return runner.run(source) { outcome in
            for line in outcome.printed { out(line + "\n") }
            for figure in outcome.figures { out(figure.terminalText(color: color) + "\n") }
            if let display = outcome.display { out(display + "\n") }
            for note in outcome.notes { err("note: " + VisibleText.visible(note) + "\n") }
            if let diagnostic = outcome.diagnostic {
                err(renderError(diagnostic, outcome.diagnosticSource) + "\n")
                return
            }
            // `:save` writes an attn script: Python entries are not in it.
            guard isAttn else { return }
            // The statement's range stops before a trailing `;`; keep it, or
            // the saved file would show a value the session hid.
            var statement = outcome.step.text
            if case .expression(silent: true) = outcome.step.kind, !statement.hasSuffix(";") { statement += ";" }
            var claim: SavedClaim?
            if outcome.display != nil, let value = outcome.value {
                if case .tensor(let t) = value, t.count > Shell.maxClaimedElements {
                    claim = .tooLarge(shape: t.shape)
                } else {
                    claim = .value(ClaimWriter.claim(for: value, precision: session.interpreter.precision,
                                                     lineWidth: session.interpreter.lineWidth))
                }
            }
            saved.append((statement, claim))
        }
    }

    /// An error as the shell shows it: the input line with a caret span.
    func renderError(_ d: Diagnostic, _ source: SourceFile) -> String {
        if d.kind == .interrupted {
            return (terminalEchoesControlKeys ? "\n" : "") + paint(Renderer.renderInterrupted(d, in: source), .red)
        }
        return Renderer.render(d, in: source, color: color, width: session.interpreter.lineWidth)
    }

    enum Paint { case red, green, dim }

    func paint(_ text: String, _ tone: Paint) -> String {
        guard color else { return text }
        let code: String
        switch tone {
        case .red: code = "\u{1B}[31m"
        case .green: code = "\u{1B}[32m"
        case .dim: code = "\u{1B}[2m"
        }
        return code + text + "\u{1B}[0m"
    }


    func requestQuit() { wantsQuit = true }

    func resetSession() {
        pythonSession = nil
        session.interpreter.forgetEverything()
        session.interpreter.precision = initialPrecision
        saved = []
    }
}
