import AttnCore

extension Builtins {
    /// The parameters `heatmap` and `save_svg` share after their first ones.
    static let heatmapOptions: [Parameter] = [
        Parameter("rows", .named, default: .omitted),
        Parameter("cols", .named, default: .omitted),
        Parameter("title", .named, default: .string("")),
        Parameter("values", .named, default: .bool(false)),
    ]

    static let plots: [Builtin] = [
        Builtin("heatmap", [Parameter("x")] + heatmapOptions, category: .plots,
                summary: "A heatmap of a matrix, or of each head of a [heads, Lq, Lk] tensor, drawn where it is shown.",
                result: .heatmap,
                details: """
                rows: and cols: label the rows (queries) and columns (keys): a list of strings, ["the", "cat"], or one
                string whose words are the labels, "the cat"; without them rows and columns are numbered from 0. title:
                goes above it; values: true writes each number in its cell when the numbers fit. A vector is one row; a
                [heads, Lq, Lk] tensor is one panel per head, side by side when they fit, and higher ranks one panel
                per matrix. One colour scale spans every panel, from the smallest to the largest finite value.
                In a terminal that takes colour each cell is painted in 24-bit colour (viridis; with no row labels,
                two rows share a line in half blocks); otherwise (--color never, NO_COLOR, a log, a claim) each cell
                is a shade, ' ░▒▓█' from the bottom of the scale to the top. A masked cell, -inf or, when no value is
                negative, exactly 0, is '·', never a shade; nan is '?'. Wider than the line, the middle columns are
                left out at a '…' column; more than 32 rows, the middle rows at a '⋮' line; more than 16 panels, the
                middle panels. The first line (after the title) is the scale: its min and max, and what '·' and '?' mean.
                Labels are cut to fit their cells.
                A heatmap is a value: let h = heatmap(W) draws nothing, h draws it, save_svg(h, "w.svg") writes it.
                """,
                example: """
                heatmap([[1, 0], [0.25, 0.75]], rows: "the cat", cols: ["the", "cat"])
                # => scale 0 [ ░▒▓█] 1   · masked
                #        the cat
                #    the ████  ·
                #    cat ░░░░▓▓▓▓
                """) { args, _ throws(Diagnostic) in
            .heatmap(try heatmap(args))
        },
        Builtin("save_svg", [Parameter("x"), Parameter("path")] + heatmapOptions, category: .plots,
                summary: "Writes a heatmap of x (a matrix, heads, or a heatmap) as a standalone SVG file, atomically.",
                result: .nothing,
                details: """
                The picture heatmap draws, in viridis: cells with tooltips giving their row, column and value, the labels
                (cut to 16 characters; column labels turned when they are wider than a cell), the title, a colour bar with
                ticks at round numbers, masked cells light grey with a stroke and nan mid grey; at most 64 rows and 64
                columns per panel and 16 panels, the middle ones left out past that. The file is valid XML with every
                label escaped and refers to nothing outside it (no fonts, images or scripts). x may be a heatmap value,
                whose labels and title the arguments given replace. The path must end in .svg; it is written as save
                writes (a temporary name, then renamed; links followed, permissions kept). In attn check a document's
                SVG files are not written unless --allow-write names the folder.
                """,
                example: "save_svg(weights([[1, 0]], [[1, 0], [0, 1]]), \"w.svg\", cols: \"a b\")") { args, interpreter throws(Diagnostic) in
            let map = try heatmap(args)
            let path = try args.string("path")
            guard path.lowercased().hasSuffix(".svg") else {
                throw args.error("save_svg writes .svg files; use a path ending in .svg", at: "path")
            }
            let text = map.svg()
            try args.core { () throws(CoreError) in
                switch try interpreter.fileAccess.destination(for: path) {
                // A checked document's pictures stay in memory, as its saves do;
                // nothing reads an SVG back, so nothing is kept.
                case .scratch: break
                case .file(let full):
                    do throws(FileError) { try SafeFile.write(Array(text.utf8), to: full) } catch { throw CoreError(error) }
                }
            }
            return .nothing
        },
    ]

    /// The heatmap a call describes: of `x`, a tensor or a heatmap (whose
    /// labels, title and values setting the call's arguments replace when
    /// given).
    static func heatmap(_ args: Arguments) throws(Diagnostic) -> Heatmap {
        let rows = try args.labels("rows"), cols = try args.labels("cols")
        let title = try args.string("title"), values = try args.bool("values")
        // A heatmap passed as x keeps what the call does not replace.
        var base: Heatmap?
        let x: Tensor
        if case .heatmap(let h)? = args.value("x") {
            base = h
            x = h.values
        } else {
            x = try args.tensor("x")
        }
        func kept<T>(_ name: String, _ given: T, _ old: (Heatmap) -> T) -> T {
            guard let base, !args.has(name) else { return given }
            return old(base)
        }
        do throws(HeatmapError) {
            return try Heatmap(x, rowLabels: kept("rows", rows, \.rowLabels), columnLabels: kept("cols", cols, \.columnLabels),
                               title: kept("title", title, \.title), showValues: kept("values", values, \.showValues))
        } catch {
            switch error {
            case .interrupted: throw args.diagnostic(for: .interrupted)
            case .values(let message): throw args.error("\(args.builtin.name): \(message)", at: "x")
            case .rowLabels(let message): throw args.error("\(args.builtin.name): rows: \(message)", at: "rows")
            case .columnLabels(let message): throw args.error("\(args.builtin.name): cols: \(message)", at: "cols")
            }
        }
    }
}
