import AttnCore
import AttnDocs
import AttnLang
import Foundation

/// A shell command that starts with `:`.
struct MetaCommand: Sendable {
    let name: String
    /// How its argument reads in help (`[name]`, `EXPR`, `FILE`).
    let argument: String
    let summary: String
    /// Loses work when run by mistake (`:reset`, `:save` over a file): it
    /// must be typed in full, never reached through a prefix.
    var destructive = false
    let run: @Sendable (Shell, Invocation) -> Void
}

/// What followed the command's name.
struct Invocation: Sendable {
    /// The rest of the line, trimmed.
    var argument: String
    /// Written with a `!` (`:save! FILE`): replace without asking.
    var forced = false
}

extension Shell {
    static let metaCommands: [MetaCommand] = [
        MetaCommand(name: "help", argument: "[name]", summary: "this list; with a name, a builtin's signature, formula and example") { shell, call in
            shell.metaHelp(call.argument)
        },
        MetaCommand(name: "vars", argument: "", summary: "the variables: name, dtype and shape, and a short preview") { shell, _ in shell.metaVars() },
        MetaCommand(name: "type", argument: "EXPR", summary: "what kind of value EXPR is, with its dtype and shape") { shell, call in
            shell.withValue(of: call.argument, command: "type") { value in
                switch value {
                case .tensor(let t): return "\(t.dtype.rawValue) " + (t.isScalar ? "number" : "tensor of shape \(Tensor.describe(shape: t.shape))")
                case .string: return "string"
                case .strings(let list): return "list of \(list.count) strings"
                case .heatmap(let h): return "heatmap of shape \(Tensor.describe(shape: h.values.shape))"
                case .function(let f): return "function \(f.signature)"
                case .builtin(let b): return "builtin \(b.signature)"
                case .doc: return "documentation text"
                case .nothing: return "nothing"
                }
            }
        },
        MetaCommand(name: "shape", argument: "EXPR", summary: "the shape of EXPR") { shell, call in
            shell.withValue(of: call.argument, command: "shape") { value in
                guard case .tensor(let t) = value else { return "\(value.kindDescription) has no shape" }
                return Tensor.describe(shape: t.shape)
            }
        },
        MetaCommand(name: "load", argument: "FILE", summary: "run a script into this session") { shell, call in shell.metaLoad(call.argument) },
        MetaCommand(name: "save", argument: "FILE", summary: "write this session's inputs, with their outputs as # => claims, as a checkable .attn file (:save! FILE replaces a file)",
                    destructive: true) { shell, call in
            shell.metaSave(call.argument, force: call.forced)
        },
        MetaCommand(name: "reset", argument: "", summary: "forget every variable and function", destructive: true) { shell, _ in
            shell.metaReset()
        },
        MetaCommand(name: "precision", argument: "N|full", summary: "significant digits of printed numbers (default 6)") { shell, call in
            shell.metaPrecision(call.argument)
        },
        MetaCommand(name: "time", argument: "EXPR", summary: "evaluate EXPR once and show its wall time") { shell, call in shell.metaTime(call.argument) },
        MetaCommand(name: "history", argument: "[N]", summary: "the last N entries of the history (default 20)") { shell, call in
            shell.metaHistory(call.argument)
        },
        MetaCommand(name: "python", argument: "", summary: "type Python (numpy) from now on, in this session; :attn switches back") { shell, _ in
            shell.switchLanguage(to: .python)
        },
        MetaCommand(name: "attn", argument: "", summary: "type attn from now on (the default)") { shell, _ in shell.switchLanguage(to: .attn) },
        MetaCommand(name: "quit", argument: "", summary: "leave the shell (Ctrl-D does too)") { shell, _ in shell.requestQuit() },
    ]

    static var metaCommandNames: [String] { metaCommands.map { ":" + $0.name } }

    func runMeta(_ line: String) {
        let body = line.dropFirst()
        var name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        // `:save! FILE` replaces an existing file without asking.
        let forced = name.hasSuffix("!")
        if forced { name.removeLast() }
        if name.isEmpty {
            err("a meta-command needs a name: try :help\n")
            return
        }
        // Prefixes work too (:h, :q), as in ghci: a prefix that several
        // commands share means the first of them in the table, so :h is
        // :help (not :history) and :s is :shape. A destructive command is
        // never reached through a prefix: :r does not wipe the session.
        let exact = Shell.metaCommands.first { $0.name == name }
        let command = exact ?? Shell.metaCommands.first { !$0.destructive && $0.name.hasPrefix(name) }
        guard let command else {
            if let full = Shell.metaCommands.first(where: { $0.destructive && $0.name.hasPrefix(name) }) {
                err(":\(name) is not a command; type :\(full.name) in full (it cannot be undone)\n")
                return
            }
            let near = Suggest.didYouMean(name, in: Shell.metaCommands.map(\.name)) { ":\($0)" }
            err("unknown command :\(name)" + (near.map { "; " + $0 } ?? "") + " (:help lists them)\n")
            return
        }
        command.run(self, Invocation(argument: argument, forced: forced))
    }

    func metaHelp(_ arg: String) {
        let name = arg.trimmingCharacters(in: CharacterSet(charactersIn: " :\"()"))
        if name.isEmpty {
            var text = "Type attn expressions; a bare expression shows its value, a trailing ; hides it.\n"
            text += "Paste a transcript (attn>, >>>, julia>, In [1]: prompts) to check its outputs.\n\nCommands:\n"
            for c in Shell.metaCommands {
                let head = ":\(c.name)" + (c.argument.isEmpty ? "" : " \(c.argument)")
                text += "  " + head.padding(toLength: 18, withPad: " ", startingAt: 0) + c.summary + "\n"
            }
            text += "\n:help NAME shows a builtin, :help :NAME a command; help() lists every builtin.\n"
            out(text)
            return
        }
        let command = Shell.metaCommands.first { $0.name == name }
        // load, save, shape, help and precision are builtins and commands
        // both: the bare name is the builtin, :name the command.
        let wantsCommand = arg.trimmingCharacters(in: .whitespaces).hasPrefix(":")
        if let c = command, wantsCommand || Builtins.table[name] == nil {
            out(":\(c.name) \(c.argument)\n  \(c.summary)\n")
        } else if let b = Builtins.table[name] {
            out(b.help + "\n")
        } else {
            let near = Suggest.didYouMean(name, in: Builtins.all.map(\.name) + Shell.metaCommands.map(\.name))
            err("no builtin or command named '\(name)'" + (near.map { "; " + $0 } ?? "") + "\n")
        }
    }

    func metaVars() {
        let env = session.interpreter.globals
        let names = env.order.filter { $0 != "_" }
        guard !names.isEmpty else {
            out("no variables yet\n")
            return
        }
        // Columns: the name, the kind (a tensor's dtype and shape), and a
        // preview that fills the rest of the line (never wrapping it); long
        // names and shapes push their own line's preview along rather than
        // being cut.
        let nameWidth = min(16, names.map(\.count).max() ?? 1)
        let lineWidth = session.interpreter.lineWidth
        func padded(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
        }
        for name in names {
            guard let value = env.lookup(name) else { continue }
            let kind: String
            switch value {
            case .tensor(let t): kind = "\(t.dtype.rawValue) " + (t.isScalar ? "number" : Tensor.describe(shape: t.shape))
            case .string: kind = "string"
            case .strings: kind = "strings"
            case .heatmap(let h): kind = "heatmap " + Tensor.describe(shape: h.values.shape)
            case .function: kind = "function"
            case .builtin: kind = "builtin"
            case .doc: kind = "text"
            case .nothing: kind = "nothing"
            }
            let head = padded(name, nameWidth) + "  " + padded(kind, 16) + "  "
            let room = max(12, lineWidth - head.count)
            var preview: String
            switch value {
            case .tensor(let t):
                // Formats only the leading elements that fit, whatever the tensor's size.
                preview = Printer.preview(t, precision: session.interpreter.precision, maxCharacters: room)
            case .string(let s): preview = Printer.quote(s)
            case .strings(let list): preview = Printer.format(.strings(Array(list.prefix(room))), precision: .standard)
            case .heatmap(let h): preview = h.title.isEmpty ? "" : Printer.quote(VisibleText.oneLine(DisplayWidth.truncate(h.title, to: room)))
            case .function(let f): preview = "\(f.signature)"
            case .builtin(let b): preview = "\(b.signature)"
            case .doc, .nothing: preview = ""
            }
            if preview.count > room { preview = String(preview.prefix(room - 3)) + "..." }
            out(head + preview + "\n")
        }
    }

    /// Evaluates `arg` without defining `_` or printing, then shows `describe(value)`.
    func withValue(of arg: String, command: String, _ describe: (Value) -> String) {
        guard !arg.isEmpty else {
            err(":\(command) needs an expression, e.g. :\(command) softmax([1, 2])\n")
            return
        }
        let source = SourceFile(name: "<:\(command)>", text: arg)
        let steps = session.dialect.steps(in: source)
        if steps.count > 1 || steps.contains(where: { if case .binding = $0.kind { return true } else if case .definition = $0.kind { return true }; return false }) {
            return err(":\(command) takes one expression\n")
        }
        // Through the runner, as any entry, but leaving `_` as it was; what
        // the expression prints is shown (`:type print("hi")` prints hi).
        session.run(steps, remember: false) { outcome in
            for line in outcome.printed { out(line + "\n") }
            if let diagnostic = outcome.diagnostic {
                err(renderError(diagnostic, outcome.diagnosticSource) + "\n")
            } else if let value = outcome.value {
                out(describe(value) + "\n")
            }
        }
    }

    func metaLoad(_ arg: String) {
        let path = Shell.unquote(arg)
        guard !path.isEmpty else { return err(":load needs a file name\n") }
        let text: String
        do {
            text = try SafeFile.readText(path, limit: DocumentLoader.maxDocumentBytes).text
        } catch {
            return err("cannot read \(error.message)\n")
        }
        // Through the shell's own path, so :save afterwards replays the script too.
        if run(text, name: path).ok { out("loaded \(path)\n") }
    }

    func metaReset() {
        let count = session.interpreter.globals.order.filter { $0 != "_" }.count
        if count > 0, let confirm, !confirm("forget everything defined in this session (\(count) name\(count == 1 ? "" : "s"))?") {
            return out("nothing reset\n")
        }
        resetSession()
        out("session reset\n")
    }

    func metaSave(_ arg: String, force: Bool) {
        let path = Shell.unquote(arg)
        guard !path.isEmpty else { return err(":save needs a file name\n") }
        if !force, FileManager.default.fileExists(atPath: SafeFile.expandingHome(path)) {
            guard let confirm else {
                return err("'\(path)' exists; :save! \(path) replaces it\n")
            }
            guard confirm("replace '\(path)'?") else { return out("not saved\n") }
        }
        var text = "# Saved from an attn shell session; `attn check \(path)` re-checks every value.\n"
        for (statement, claim) in saved {
            text += statement + "\n"
            switch claim {
            case .value(let written)?: text += ClaimWriter.annotation(written) + "\n"
            case .tooLarge(let shape)?: text += "# (a tensor of shape \(Tensor.describe(shape: shape)): too many elements to claim)\n"
            case nil: break
            }
        }
        do {
            try SafeFile.write(Array(text.utf8), to: path)
            out("saved \(saved.count) statement\(saved.count == 1 ? "" : "s") to \(path)\n")
        } catch {
            err("cannot write \(error.message)\n")
        }
    }

    func metaPrecision(_ arg: String) {
        if arg.isEmpty {
            switch session.interpreter.precision {
            case .full: out("precision: full\n")
            case .digits(let n): out("precision: \(n) significant digits\n")
            }
        } else if let setting = Precision(arg) {
            session.interpreter.precision = setting
        } else {
            err(":precision takes \(Precision.expected)\n")
        }
    }

    func metaTime(_ arg: String) {
        guard !arg.isEmpty else { return err(":time needs an expression\n") }
        let start = DispatchTime.now().uptimeNanoseconds
        run(arg)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let text = seconds < 1e-3 ? String(format: "%.1f µs", seconds * 1e6)
            : seconds < 1 ? String(format: "%.2f ms", seconds * 1e3) : String(format: "%.3f s", seconds)
        out(paint("time: \(text)", .dim) + "\n")
    }

    func metaHistory(_ arg: String) {
        let n = arg.isEmpty ? 20 : (Int(arg) ?? -1)
        guard n >= 0 else { return err(":history takes a count, e.g. :history 10\n") }
        let all = historyProvider?() ?? entries
        let shown = all.suffix(n)
        let first = all.count - shown.count + 1
        for (k, entry) in shown.enumerated() {
            let lines = entry.split(separator: "\n", omittingEmptySubsequences: false)
            out(String(format: "%5d  ", first + k) + lines.joined(separator: "\n       ") + "\n")
        }
    }

    /// A path typed after a meta-command, surrounding quotes removed (the
    /// file functions expand `~`).
    static func unquote(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") { t = String(t.dropFirst().dropLast()) }
        return t
    }
}
