import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Why the native histedit.h API and not libedit's readline emulation:
// the readline layer hides the EditLine handle, so it offers no way to bind
// a multi-byte key sequence (the bracketed-paste marker) to our own function,
// to end el_gets from a key binding with a marker (Ctrl-C), or to give each
// editor its own client data. The native API does all of that, and its
// variadic calls are reached through the fixed-argument wrappers in
// CEditLine/shim.h.
//
// How Ctrl-C works: while a line is being edited, the tty's ISIG flag is
// turned off for libedit's edit mode (`setty -d -isig`), so Ctrl-C arrives
// as the byte 0x03 instead of SIGINT and is bound to `attn-interrupt`.
// No signal handler, flag or EINTR race is involved, and the tty keeps ISIG
// outside the editor, so Ctrl-C during an evaluation still raises SIGINT
// for the caller's handler. The same applies to Ctrl-Z, which is bound to
// `attn-suspend` and stops the process group itself, and to Ctrl-\, bound to
// `attn-quit`, which restores the terminal and exits at once (status 131,
// as after SIGQUIT) without a crash report.

/// What one call of `LineEditor.readLine(prompt:)` produced.
public enum LineEditorResult: Equatable, Sendable {
    /// A line the user accepted with Return, without its line break.
    case line(String)
    /// A bracketed paste that contained line breaks, split into lines (text
    /// typed before and after the cursor included). The shell should treat
    /// it as one block rather than line by line.
    case paste([String])
    /// Ctrl-C: the half-typed line was discarded; prompt again.
    case interrupted
    /// Ctrl-D on an empty line, or end of input.
    case eof
}

/// Why a `LineEditor` could not be created.
public enum LineEditorError: Error, Equatable, Sendable {
    /// A file descriptor could not be duplicated or opened as a stream.
    case stream(String)
    /// libedit refused to initialise.
    case editLineInit
    /// libedit's history could not be created.
    case historyInit
}

/// An interactive line editor over libedit: emacs keys, history with
/// Up/Down and Ctrl-R, tab completion through `completer`, Ctrl-C to discard
/// a line and bracketed paste.
///
/// Not thread-safe: one thread (the REPL's) owns an editor.
public final class LineEditor {
    /// Settings that tests and unusual callers change; the defaults suit the shell.
    public struct Options: Sendable {
        /// Let libedit catch SIGWINCH, SIGCONT, SIGTERM and friends while
        /// editing (resize, redraw after `fg`, restore the tty before dying).
        /// Turn off when several editors or threads share the process, such
        /// as in tests, because libedit keeps the catching editor in a global.
        public var handleSignals = true
        /// Terminal type for libedit's termcap look-up; nil uses `$TERM`.
        public var terminalType: String? = nil
        /// Read the user's `~/.editrc` (or `$EDITRC`) before adding attn's bindings.
        public var readEditrc = true
        /// How many entries the in-memory history holds.
        public var historySize = 10_000
        /// Ask the terminal to mark pastes (`ESC [?2004h`) while a line is read.
        public var bracketedPaste = true
        /// Seconds without a byte after which an unterminated paste is taken
        /// as finished, so a lost end marker cannot hang the editor.
        public var pasteTimeout: Double = 3

        public init() {}
    }

    /// Called on Tab with the whole line and the cursor offset (in Unicode
    /// scalars); returns the candidates and the part of the line they replace.
    public var completer: ((_ line: String, _ cursor: Int) -> Completion)?

    /// True when both ends are terminals, so editing (rather than plain line
    /// reading) is in effect.
    public let isInteractive: Bool

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let inputFD: Int32
    private let outputFD: Int32
    private let inputFile: UnsafeMutablePointer<FILE>
    private let outputFile: UnsafeMutablePointer<FILE>
    private let errorFile: UnsafeMutablePointer<FILE>
    private let options: Options
    private let usesBracketedPaste: Bool

    /// The prompt libedit prints, as a NUL-terminated wide string it can
    /// read back from `promptCallback`.
    private var promptBuffer: UnsafeMutablePointer<wchar_t>

    /// Set by a key binding to end `el_wgets` and say why: libedit itself
    /// only reports "a line" or "no line", so the reason travels here.
    fileprivate enum Ending {
        case interrupt
        case paste([String])
    }
    /// Ending requested in the first phase of a binding; the second phase
    /// (the pushed `finishKey`) completes it.
    fileprivate var pendingEnding: Ending?
    /// Ending that ended the current `el_wgets`.
    fileprivate var ending: Ending?
    /// Terminal settings from before the line was read, restored while the
    /// process is suspended with Ctrl-Z.
    fileprivate var savedTermios = termios()

    /// A key sequence no terminal sends, bound to `attn-finish`. Bindings
    /// that must redraw first and then end the line push it with `el_wpush`
    /// so libedit runs the second step right after the redraw.
    fileprivate static let finishKey = "\u{1B}[9911~"

    /// Creates an editor reading `inputFD` and drawing on `outputFD`; the
    /// descriptors are duplicated, so the caller keeps ownership of them.
    /// `programName` selects the `~/.editrc` lines that apply (`attn:bind ...`).
    /// When input is not a terminal, libedit reads plain lines without a
    /// prompt or editing, which suits piped input.
    public init(programName: String = "attn",
                inputFD: Int32 = STDIN_FILENO,
                outputFD: Int32 = STDOUT_FILENO,
                errorFD: Int32 = STDERR_FILENO,
                options: Options = Options()) throws(LineEditorError) {
        LineEditor.ensureUTF8CharacterType()
        self.inputFD = inputFD
        self.outputFD = outputFD
        self.options = options
        self.isInteractive = isatty(inputFD) == 1 && isatty(outputFD) == 1

        let input = try LineEditor.openStream(inputFD, mode: "r")
        let output: UnsafeMutablePointer<FILE>
        let error: UnsafeMutablePointer<FILE>
        do {
            output = try LineEditor.openStream(outputFD, mode: "w")
        } catch {
            fclose(input)
            throw error
        }
        do {
            error = try LineEditor.openStream(errorFD, mode: "w")
        } catch let failure {
            fclose(input)
            fclose(output)
            throw failure
        }
        guard let editLine = el_init_fd(programName, input, output, error, inputFD, outputFD, errorFD) else {
            fclose(input)
            fclose(output)
            fclose(error)
            throw .editLineInit
        }
        guard let history = history_init() else {
            el_end(editLine)
            fclose(input)
            fclose(output)
            fclose(error)
            throw .historyInit
        }
        self.inputFile = input
        self.outputFile = output
        self.errorFile = error
        self.editLine = editLine
        self.history = history
        self.promptBuffer = LineEditor.makeWideString("")

        let term = options.terminalType ?? LineEditor.environmentValue("TERM") ?? ""
        self.usesBracketedPaste = options.bracketedPaste && isInteractive && term != "dumb" && !term.isEmpty

        configure()
    }

    deinit {
        // Bracketed paste is already off: readLine switches it off before
        // returning, so there is nothing to undo on the terminal here.
        el_end(editLine)
        history_end(history)
        fclose(inputFile)
        fclose(outputFile)
        fclose(errorFile)
        promptBuffer.deallocate()
    }

    /// Reads one line (or paste) with editing. Invisible parts of `prompt`
    /// (colour sequences) must be enclosed in a pair of U+0001 characters so
    /// libedit does not count them as columns. The terminal is in edit mode
    /// only during this call; bracketed paste is switched on for the call
    /// and off again before it returns, so program output and a crash
    /// never leave the terminal in paste mode.
    public func readLine(prompt: String) -> LineEditorResult {
        setPrompt(prompt)
        pendingEnding = nil
        ending = nil
        if isInteractive {
            _ = tcgetattr(inputFD, &savedTermios)
            // Edit mode before anything is drawn: el_wgets switches the tty
            // only when it first reads, after the prompt, so keys typed as
            // the prompt appeared were echoed by the cooked tty (and shown
            // twice) and a Ctrl-D or Ctrl-C there was taken by the line
            // discipline and lost. el_wgets returns the tty to cooked mode.
            _ = attn_el_prep_term(editLine, 1)
            if usesBracketedPaste { emit("\u{1B}[?2004h") }
        }
        defer {
            if isInteractive && usesBracketedPaste { emit("\u{1B}[?2004l") }
        }

        var count: Int32 = 0
        let text = el_wgets(editLine, &count)
        let readErrno = errno

        switch ending {
        case .interrupt?:
            emit("\n")
            return .interrupted
        case .paste(let lines)?:
            // The first line is on screen as the edited line; show the rest
            // so the screen matches what the shell is about to run.
            for line in lines.dropFirst() { emit(line + "\n") }
            return .paste(lines)
        case nil:
            break
        }
        guard let text, count > 0 else {
            // A signal that interrupted the read (count -1, EINTR) discards
            // the line like Ctrl-C does; anything else is end of input.
            if count < 0 && readErrno == EINTR {
                if isInteractive { emit("\n") }
                return .interrupted
            }
            if isInteractive { emit("\n") }
            return .eof
        }
        var line = LineEditor.string(fromWide: text, count: Int(count))
        while let last = line.unicodeScalars.last, last == "\n" || last == "\r" {
            line.unicodeScalars.removeLast()
        }
        return .line(line)
    }

    /// Adds an entry to the in-memory history (Up/Down, Ctrl-R). A repeat
    /// of the newest entry is not added twice.
    public func addToHistory(_ entry: String) {
        guard !entry.isEmpty else { return }
        _ = attn_history_enter(history, entry)
    }

    /// Replaces the in-memory history with `entries`, oldest first.
    public func loadHistory(_ entries: [String]) {
        _ = attn_history_clear(history)
        for entry in entries.suffix(options.historySize) where !entry.isEmpty {
            _ = attn_history_enter(history, entry)
        }
    }

    /// The number of entries in the in-memory history.
    public var historyCount: Int { Int(max(0, attn_history_count(history))) }

    /// True when input is already waiting to be read, for example the next
    /// lines of a paste from a terminal without bracketed paste. The caller
    /// can then keep reading to gather the whole block before running it.
    /// libedit reads the descriptor a byte at a time and keeps no buffer of
    /// its own, so polling the descriptor sees everything not yet consumed.
    public var hasPendingInput: Bool { LineEditor.isReadable(inputFD, timeoutMilliseconds: 0) }

    // MARK: - Setup

    private func configure() {
        _ = attn_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        if let type = options.terminalType { _ = attn_el_set_terminal(editLine, type) }
        _ = attn_el_set_editor(editLine, "emacs")
        _ = attn_el_set_signal(editLine, options.handleSignals ? 1 : 0)
        _ = attn_el_set_prompt(editLine, promptCallback, 1)

        _ = attn_history_setsize(history, Int32(clamping: max(1, options.historySize)))
        _ = attn_history_setunique(history, 1)
        _ = attn_el_set_history(editLine, history)

        if options.readEditrc { _ = el_source(editLine, nil) }

        // attn's own bindings come after ~/.editrc so the ones the shell
        // depends on (Ctrl-C, paste, completion) cannot be lost to it.
        _ = attn_el_settty(editLine, "-d", "-isig")
        _ = attn_el_addfn(editLine, "attn-interrupt", "Discard the line (Ctrl-C)", interruptKey)
        _ = attn_el_addfn(editLine, "attn-suspend", "Suspend attn (Ctrl-Z)", suspendKey)
        _ = attn_el_addfn(editLine, "attn-quit", "Quit attn at once (Ctrl-\\)", quitKey)
        _ = attn_el_addfn(editLine, "attn-complete", "Complete the word at the cursor", completeKey)
        _ = attn_el_addfn(editLine, "attn-paste", "Receive a bracketed paste", pasteKey)
        _ = attn_el_addfn(editLine, "attn-finish", "Internal: end the line after a redraw", finishBinding)
        _ = attn_el_bind(editLine, "^C", "attn-interrupt")
        _ = attn_el_bind(editLine, "^Z", "attn-suspend")
        _ = attn_el_bind(editLine, "^\\", "attn-quit")
        _ = attn_el_bind(editLine, "^I", "attn-complete")
        _ = attn_el_bind(editLine, "^R", "em-inc-search-prev")
        _ = attn_el_bind(editLine, LineEditing.pasteStart, "attn-paste")
        _ = attn_el_bind(editLine, LineEditor.finishKey, "attn-finish")
    }

    private func setPrompt(_ prompt: String) {
        let fresh = LineEditor.makeWideString(prompt)
        promptBuffer.deallocate()
        promptBuffer = fresh
    }

    fileprivate var currentPrompt: UnsafeMutablePointer<wchar_t> { promptBuffer }

    // MARK: - Key bindings (called from libedit through the C callbacks below)

    fileprivate func handleInterrupt() -> UInt8 {
        // Phase one moves the cursor to the end of the line so "^C" lands
        // after the text even when the line wraps; CC_CURSOR makes libedit
        // move the terminal cursor there. The pushed finish key then ends
        // el_wgets in phase two.
        if let info = el_wline(editLine) {
            _ = el_cursor(editLine, Int32(clamping: info.pointee.lastchar - info.pointee.cursor))
        }
        pendingEnding = .interrupt
        pushFinishKey()
        return UInt8(CC_CURSOR)
    }

    fileprivate func handleFinish() -> UInt8 {
        guard let pending = pendingEnding else { return UInt8(CC_ERROR) }
        pendingEnding = nil
        ending = pending
        switch pending {
        case .interrupt:
            emit("^C")
            return UInt8(CC_EOF)
        case .paste:
            emit("\n")
            return UInt8(CC_NEWLINE)
        }
    }

    fileprivate func handleSuspend() -> UInt8 {
        // With ISIG off the tty no longer stops us on Ctrl-Z, so do what it
        // would: restore the user's terminal settings, stop the process
        // group, and on `fg` put edit mode back and redraw.
        var editMode = termios()
        let haveEditMode = tcgetattr(inputFD, &editMode) == 0
        if usesBracketedPaste { emit("\u{1B}[?2004l") }
        emit("^Z")  // what the tty would have echoed; the parent shell adds the line break
        _ = tcsetattr(inputFD, TCSADRAIN, &savedTermios)
        _ = kill(0, SIGTSTP)
        if haveEditMode { _ = tcsetattr(inputFD, TCSADRAIN, &editMode) }
        if usesBracketedPaste { emit("\u{1B}[?2004h") }
        return UInt8(CC_REDISPLAY)
    }

    fileprivate func handleQuit() -> UInt8 {
        // What SIGQUIT does outside the editor, minus the core dump: the
        // terminal is put back first, since nothing runs after _exit.
        if usesBracketedPaste { emit("\u{1B}[?2004l") }
        emit("\n")
        _ = tcsetattr(inputFD, TCSADRAIN, &savedTermios)
        _exit(131)
    }

    fileprivate func handleComplete() -> UInt8 {
        guard let completer else { return UInt8(CC_ERROR) }
        let (line, cursor) = currentLine()
        let plan = LineEditing.plan(line: line, cursor: cursor, completion: completer(line, cursor))
        if let edit = plan.edit {
            guard replace(edit, cursor: cursor) else { return UInt8(CC_ERROR) }
        }
        if let listing = plan.listing {
            let rows = LineEditing.formatColumns(listing, width: terminalWidth())
            emit("\n" + rows.joined(separator: "\n") + "\n")
            return UInt8(CC_REDISPLAY)
        }
        return UInt8(plan.beep ? CC_REFRESH_BEEP : CC_REFRESH)
    }

    fileprivate func handlePaste() -> UInt8 {
        let bytes = readPasteBody()
        let pasted = LineEditing.normalizePaste(bytes)
        let (line, cursor) = currentLine()
        let scalars = Array(line.unicodeScalars)
        let before = String(String.UnicodeScalarView(scalars[..<cursor]))
        let after = String(String.UnicodeScalarView(scalars[cursor...]))
        switch LineEditing.pasteOutcome(before: before, pasted: pasted, after: after) {
        case .insert(let text):
            if !text.isEmpty { _ = LineEditor.withWideString(text) { el_winsertstr(editLine, $0) } }
            return UInt8(CC_REFRESH)
        case .block(let lines):
            // Show the first line of the block as the edited line (cursor at
            // its end); the finish key then ends the read, and readLine
            // prints the remaining lines.
            _ = replace(LineEdit(range: 0..<scalars.count, text: lines.first ?? ""), cursor: cursor)
            pendingEnding = .paste(lines)
            pushFinishKey()
            return UInt8(CC_REFRESH)
        }
    }

    // MARK: - Helpers

    /// Reads the paste up to its end marker straight from the descriptor,
    /// never past it, giving up after `pasteTimeout` seconds of silence or
    /// 64 MiB so a missing marker cannot hang or exhaust the shell.
    private func readPasteBody() -> [UInt8] {
        var collector = PasteCollector()
        let limit = 64 << 20
        var buffer = [UInt8](repeating: 0, count: 8)
        let timeout = Int32(clamping: Int(options.pasteTimeout * 1000))
        while !collector.isComplete && collector.content.count < limit {
            guard LineEditor.isReadable(inputFD, timeoutMilliseconds: timeout) else { break }
            let wanted = collector.maxReadSize
            let got = buffer.withUnsafeMutableBytes { read(inputFD, $0.baseAddress, wanted) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { break }
            _ = collector.consume(buffer[0..<got])
        }
        collector.finishIncomplete()
        return collector.content
    }

    /// The edit buffer and the cursor offset in Unicode scalars.
    private func currentLine() -> (String, Int) {
        guard let info = el_wline(editLine) else { return ("", 0) }
        let buffer = info.pointee.buffer
        let length = info.pointee.lastchar - info.pointee.buffer
        let cursor = info.pointee.cursor - info.pointee.buffer
        guard let buffer, length >= 0 else { return ("", 0) }
        return (LineEditor.string(fromWide: buffer, count: length), max(0, min(cursor, length)))
    }

    /// Replaces the scalars in `edit.range` by `edit.text`, leaving the
    /// cursor after the new text.
    private func replace(_ edit: LineEdit, cursor: Int) -> Bool {
        _ = el_cursor(editLine, Int32(clamping: edit.range.upperBound - cursor))
        let removed = edit.range.count
        if removed > 0 { el_deletestr(editLine, Int32(clamping: removed)) }
        guard !edit.text.isEmpty else { return true }
        return LineEditor.withWideString(edit.text) { el_winsertstr(editLine, $0) } == 0
    }

    private func pushFinishKey() {
        LineEditor.withWideString(LineEditor.finishKey) { el_wpush(editLine, $0) }
    }

    private func terminalWidth() -> Int {
        Terminal.columns(fd: outputFD) ?? 80
    }

    /// Writes through libedit's own output stream so the text stays in
    /// order with what libedit has buffered.
    private func emit(_ text: String) {
        fputs(text, outputFile)
        fflush(outputFile)
    }

    private static func openStream(_ fd: Int32, mode: String) throws(LineEditorError) -> UnsafeMutablePointer<FILE> {
        let copy = dup(fd)
        guard copy >= 0 else { throw .stream("cannot duplicate descriptor \(fd): \(String(cString: strerror(errno)))") }
        guard let file = fdopen(copy, mode) else {
            close(copy)
            throw .stream("cannot open descriptor \(fd) as a stream")
        }
        return file
    }

    static func isReadable(_ fd: Int32, timeoutMilliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&descriptor, 1, timeoutMilliseconds)
            if ready < 0 && errno == EINTR { continue }
            return ready > 0 && (descriptor.revents & Int16(POLLIN | POLLHUP)) != 0
        }
    }

    private static func environmentValue(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// libedit decodes input and measures characters with the C library's
    /// multibyte functions, which only understand UTF-8 under a UTF-8
    /// LC_CTYPE; Swift programs start in the "C" locale. Use the user's
    /// locale when it is UTF-8 and fall back to C.UTF-8 otherwise. Only
    /// LC_CTYPE changes, so number formatting is unaffected.
    private static func ensureUTF8CharacterType() {
        if isUTF8(setlocale(LC_CTYPE, "")) { return }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where isUTF8(setlocale(LC_CTYPE, name)) {
            return
        }
    }

    private static func isUTF8(_ result: UnsafeMutablePointer<CChar>?) -> Bool {
        guard result != nil, let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }

    static func makeWideString(_ text: String) -> UnsafeMutablePointer<wchar_t> {
        let scalars = Array(text.unicodeScalars)
        let buffer = UnsafeMutablePointer<wchar_t>.allocate(capacity: scalars.count + 1)
        for (index, scalar) in scalars.enumerated() { buffer[index] = wchar_t(bitPattern: scalar.value) }
        buffer[scalars.count] = 0
        return buffer
    }

    @discardableResult
    static func withWideString<R>(_ text: String, _ body: (UnsafePointer<wchar_t>) -> R) -> R {
        var wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        return wide.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return body([0]) }
            return body(base)
        }
    }

    static func string(fromWide pointer: UnsafePointer<wchar_t>, count: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for index in 0..<max(0, count) {
            let value = UInt32(bitPattern: pointer[index])
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}

// MARK: - C callbacks

/// The editor that owns `el`, found through libedit's client-data slot, so
/// no global "current editor" is needed.
private func owner(of el: OpaquePointer?) -> LineEditor? {
    guard let el, let raw = attn_el_get_clientdata(el) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(raw).takeUnretainedValue()
}

/// An empty prompt for the impossible case of an editor without owner:
/// libedit dereferences whatever the prompt function returns. It is never
/// written, so sharing it between threads is safe.
nonisolated(unsafe) private let emptyPrompt = LineEditor.makeWideString("")

private func promptCallback(_ el: OpaquePointer?) -> UnsafeMutablePointer<wchar_t>? {
    owner(of: el)?.currentPrompt ?? emptyPrompt
}

private func interruptKey(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    owner(of: el)?.handleInterrupt() ?? UInt8(CC_EOF)
}

private func finishBinding(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    owner(of: el)?.handleFinish() ?? UInt8(CC_ERROR)
}

private func suspendKey(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    owner(of: el)?.handleSuspend() ?? UInt8(CC_ERROR)
}

private func quitKey(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    owner(of: el)?.handleQuit() ?? UInt8(CC_ERROR)
}

private func completeKey(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    owner(of: el)?.handleComplete() ?? UInt8(CC_ERROR)
}

private func pasteKey(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    owner(of: el)?.handlePaste() ?? UInt8(CC_ERROR)
}
