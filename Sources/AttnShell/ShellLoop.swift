import AttnCore
import AttnLang
import Foundation

/// The interactive loop on a terminal: the line editor, persistent
/// history, continuation lines, Ctrl-C, pasted blocks and transcripts.
public enum ShellLoop {
    public static let prompt = "attn> "
    public static let continuationPrompt = "...> "

    /// Runs the shell until :quit or Ctrl-D; returns the exit code. Values
    /// and error lines fit in `width` columns, or, when it is nil, in the
    /// terminal's width, read again before each entry since terminals resize.
    public static func run(session: Session, color: Bool, width: Int? = nil) -> Int32 {
        let editor: LineEditor
        do {
            // Values go to standard output; when that is a file or a pipe
            // (`attn > log.txt`), the prompt and the edited line go to the
            // terminal on standard error instead, as Python does.
            let drawOn = isatty(STDOUT_FILENO) == 0 && isatty(STDERR_FILENO) != 0 ? STDERR_FILENO : STDOUT_FILENO
            editor = try LineEditor(programName: "attn", outputFD: drawOn)
        } catch {
            FileHandle.standardError.write(Data("attn: cannot start the line editor: \(error)\n".utf8))
            return 1
        }
        let shell = Shell(session: session, color: color)
        shell.out = { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if editor.isInteractive {
            shell.terminalEchoesControlKeys = true
            shell.confirm = { question in
                guard case .line(let answer) = editor.readLine(prompt: question + " [y/N] ") else { return false }
                return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
            }
        }
        // Completion and history.
        let completer = Completer(session: session)
        var buffer: [String] = []
        // The completer sees the lines already typed for this entry, so a
        // call opened on an earlier line still offers its named arguments.
        editor.completer = { line, cursor in completer.complete(line: line, cursor: cursor, context: buffer) }
        var store: HistoryStore?
        var warned = Set<String>()
        func warn(_ text: String?) {
            guard let text, !warned.contains(text) else { return }
            warned.insert(text)
            shell.err("attn: \(text)\n")
        }
        if let path = HistoryStore.resolvePath() {
            let s = HistoryStore(path: path)
            let (entries, warning) = s.load()
            warn(warning)
            editor.loadHistory(entries)
            store = s
        }
        var sessionHistory: [String] = []
        shell.historyProvider = {
            (store?.load().entries ?? []).isEmpty ? sessionHistory : (store?.load().entries ?? [])
        }
        func remember(_ entry: String) {
            editor.addToHistory(entry)
            sessionHistory.append(entry)
            if let store { warn(store.append(entry)) }
        }

        // Ctrl-C during an evaluation: ask the kernels to stop. (While a line
        // is being edited the editor turns Ctrl-C into a key instead.)
        signal(SIGINT) { _ in Interrupt.request() }

        shell.out(Shell.banner + "\n")
        while !shell.wantsQuit {
            let result = editor.readLine(prompt: buffer.isEmpty ? shell.prompt : shell.continuationPrompt)
            session.interpreter.lineWidth = width ?? Terminal.lineWidth(fd: STDOUT_FILENO)
            switch result {
            case .eof:
                if buffer.isEmpty {
                    shell.out("\n")
                    return 0
                }
                buffer = []
            case .interrupted:
                buffer = []
            case .line(let text):
                var lines = [text]
                var endOfInput = false
                // Several lines that arrived at once are a paste without
                // bracketed-paste support: gather them into one block. A
                // Ctrl-D that arrived with them still ends the session once
                // the block has run.
                gather: while buffer.isEmpty && editor.hasPendingInput {
                    switch editor.readLine(prompt: "") {
                    case .line(let more): lines.append(more)
                    case .paste(let more): lines += more
                    case .eof: endOfInput = true; break gather
                    case .interrupted: lines = []; break gather
                    }
                }
                handleBlock(lines, shell: shell, buffer: &buffer, remember: remember)
                if endOfInput {
                    shell.out("\n")
                    return 0
                }
            case .paste(let lines):
                handleBlock(lines, shell: shell, buffer: &buffer, remember: remember)
            }
        }
        return 0
    }

    /// Lines typed or pasted: a transcript (a prompt on any line) is checked;
    /// anything else runs line by line as if typed (meta-commands included),
    /// with an unfinished last statement kept in `buffer` for continuation.
    ///
    /// The block is one piece of work: a Ctrl-C while one of its entries runs
    /// stops the entries after it too.
    static func handleBlock(_ lines: [String], shell: Shell, buffer: inout [String], remember: (String) -> Void) {
        Interrupt.clear()
        let all = buffer + lines
        buffer = []
        if TranscriptPaste.looksLikeTranscript(all) {
            remember(all.joined(separator: "\n"))
            TranscriptPaste.check(all, shell: shell)
            return
        }
        // Pasted Python (a numpy program: not attn syntax as a whole, but
        // Python) runs as one Python entry, so its `print(x)` lines print as
        // Python does even where a line alone would read as attn.
        let text = all.joined(separator: "\n")
        if all.count > 1, shell.isPythonBlock(text) {
            if shell.needsContinuation(text) {
                buffer = all
                return
            }
            remember(text)
            shell.handle(text)
            return
        }
        for line in all {
            if shell.wantsQuit || Interrupt.isRequested { return }
            buffer.append(line)
            let entry = buffer.joined(separator: "\n")
            if shell.needsContinuation(entry) { continue }
            buffer = []
            if entry.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            remember(entry)
            shell.handle(entry)
        }
    }
}
