import AttnCore

extension Builtins {
    static let utilities: [Builtin] = [
        Builtin("print", [], variadic: "values", category: .utilities,
                summary: "Writes the values on one line, separated by spaces; strings without quotes.", result: .nothing,
                details: "Returns nothing visible. Tensors are written as attn literals at the current precision.",
                example: "print(\"sum:\", 1 + 2)\n# prints: sum: 3") { args, interpreter throws(Diagnostic) in
            let text = args.rest.map { bound -> String in
                if case .string(let s) = bound.value { return s }
                return Printer.format(bound.value, precision: interpreter.precision, lineWidth: interpreter.lineWidth)
            }.joined(separator: " ")
            // Printing stops early on Ctrl-C: write nothing, and the statement reports the stop.
            if Interrupt.isRequested { return .nothing }
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) { interpreter.output(String(line)) }
            return .nothing
        },
        Builtin("help", [Parameter("name", default: .omitted)], category: .utilities,
                summary: "The documentation of a builtin (its signature, formula and example); help() lists them all.",
                result: .text,
                example: "help(\"softmax\")") { args, _ throws(Diagnostic) in
            let name: String
            switch args.value("name") {
            case nil: return .doc(Builtins.overview)
            case .string(let s)?: name = s
            case .builtin(let b)?: name = b.name
            default: throw args.error("help takes a builtin's name, like help(\"softmax\") or help(softmax)", at: "name")
            }
            guard let b = Builtins.table[name] else {
                let near = Suggest.didYouMean(name, in: Builtins.all.map(\.name))
                throw args.error("no builtin named '\(name)'", at: "name", notes: near.map { [$0] } ?? [])
            }
            return .doc(b.help)
        },
        Builtin("precision", [Parameter("n")], category: .utilities,
                summary: "Sets how many significant digits numbers print with (default 6); precision(\"full\") prints the shortest exact form.",
                result: .nothing,
                details: "float32 values print with at most 9 significant digits (9 tell any two float32 apart), and at full precision with the shortest text that reads back as the same float32.",
                example: "precision(3); 1/3\n# => 0.333") { args, interpreter throws(Diagnostic) in
            // The number of digits, or the word full: the one reading of the setting.
            let setting: Precision?
            if case .string(let s)? = args.value("n") {
                setting = Precision(s)
            } else {
                setting = Precision(digits: try args.int("n"))
            }
            guard let setting else { throw args.error("precision takes \(Precision.expected)", at: "n") }
            interpreter.precision = setting
            return .nothing
        },
    ]

    /// help() with no name: every builtin by category, one line each.
    static var overview: String {
        var lines: [String] = []
        for category in Builtin.Category.allCases {
            let members = all.filter { $0.category == category }
            guard !members.isEmpty else { continue }
            lines.append("\(category.rawValue):")
            for b in members { lines.append("  \(b.signature)\n      \(b.summary)") }
        }
        return lines.joined(separator: "\n")
    }
}
