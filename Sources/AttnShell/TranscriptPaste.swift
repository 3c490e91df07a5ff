import AttnLang

/// Pasted transcripts: inputs behind prompts, claimed outputs after them.
enum TranscriptPaste {
    static let prompts = ["attn> ", ">>> ", "julia> "]

    static func looksLikeTranscript(_ lines: [String]) -> Bool {
        lines.contains { line in
            let t = line.drop { $0 == " " }
            return prompts.contains { t.hasPrefix($0) || t == $0.trimmingCharacters(in: .whitespaces) } || isIPythonPrompt(String(t))
        }
    }

    static func isIPythonPrompt(_ line: String) -> Bool {
        guard line.hasPrefix("In [") else { return false }
        return line.contains("]:")
    }

    static func check(_ lines: [String], shell: Shell) {
        shell.err("transcript checking arrives with attn check\n")
    }
}
