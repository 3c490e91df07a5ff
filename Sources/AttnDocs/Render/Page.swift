import AttnLang
import Foundation

// A checked document laid out for `attn render`.
//
// The renderer is given what the checker produced — every step's outcome
// (printed lines, figures, value, error) and every verdict — and places each
// beside the code it came from by document line. That is all it needs from
// a format, so a format only says how its text splits into blocks: prose
// (Markdown) and code (`Page.Block`). An `.attn` script is one code block; a
// Markdown page is Markdown whose code blocks are drawn with their outcomes;
// plain text (a docstring) is one block whose transcripts run; a `.py`
// file is one block, its statements' outcomes placed by line. A notebook is
// its cells in order: a Markdown cell is prose, a code cell a code block
// that names its cell (`CodeBlock.cell`), and shows the outcomes of the
// steps that ran as that cell (`NotebookReader.sourceName`) and the
// verdicts the checker gave that cell — a statement's error under the
// statement, the verdicts on the cell's stored outputs after its last line,
// as Jupyter shows outputs under the cell.
//
// Placing, inside one code block (`pieces(of:)`): the block is cut after a
// step that showed something (output, a figure, an error) or was judged,
// past the claim lines written under it, so each piece is a statement (with
// the statements before it that showed nothing), its claims, and what it
// showed. Verdicts and outcomes outside every code block (a file that could
// not be read, a run stopped before the end) go to the end of the page.

public struct Page {
    /// A part of the page, in document order.
    public enum Block {
        /// Prose, with code blocks inside it.
        case markdown([MarkdownBlock])
        /// Code on its own (a script, a notebook's code cell).
        case code(CodeBlock)
    }

    public let path: String
    public let title: String
    public let blocks: [Block]
    /// Every outcome of the run, in order.
    public let outcomes: [Outcome]
    /// Every verdict, in document order.
    public let report: FileReport
    /// The last line of each claim, by its first line.
    let claimEnds: [Int: Int]
    /// Whether outcomes and verdicts are placed by notebook cell rather than by line.
    let isNotebook: Bool
    /// Each notebook code cell's index by the name of the source it ran as.
    let cellNames: [String: Int]
    /// Each notebook code cell's place (its `In [k]`), by its index.
    let cellPlaces: [Int: CellPlace]

    /// The notebook cell an outcome ran in.
    func cell(of outcome: Outcome) -> Int? { cellNames[outcome.step.source.name] }

    /// The page of `document`, checked with `report` while `outcomes` ran.
    public init(document: Document, outcomes: [Outcome], report: FileReport) {
        var bytes = document.bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        let name = (document.path as NSString).lastPathComponent
        switch document.format {
        case .attn:
            blocks = [.code(CodeBlock(info: ["attn"], lines: lines, firstLine: 1))]
            title = name
        case .markdown:
            let parsed = Markdown.parse(text)
            blocks = [.markdown(parsed)]
            title = parsed.lazy.compactMap { block -> String? in
                if case .heading(1, let heading) = block { return heading }
                return nil
            }.first ?? name
        case .notebook:
            guard let layout = NotebookReader.layout(document.bytes) else {
                // Not a notebook: the checker's verdict says why; the text is shown as it is.
                blocks = [.code(CodeBlock(info: [], lines: lines, firstLine: 1))]
                title = name
                break
            }
            let language = layout.language == .attn ? "attn" : layout.language == .python ? "python" : ""
            blocks = layout.cells.map { cell in
                let cellLines = cell.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                switch cell.kind {
                case "markdown": return .markdown(Markdown.parse(cell.text))
                case "code": return .code(CodeBlock(info: language.isEmpty ? [] : [language], lines: cellLines, firstLine: 1, cell: cell.index))
                default: return .code(CodeBlock(info: [], lines: cellLines, firstLine: 1))
                }
            }
            title = blocks.lazy.compactMap { block -> String? in
                guard case .markdown(let parsed) = block else { return nil }
                return parsed.lazy.compactMap { block -> String? in
                    if case .heading(1, let heading) = block { return heading }
                    return nil
                }.first
            }.first ?? name
        case .text:
            blocks = [.code(CodeBlock(info: [], lines: lines, firstLine: 1))]
            title = name
        case .python:
            blocks = [.code(CodeBlock(info: ["python"], lines: lines, firstLine: 1))]
            title = name
        }
        path = document.path
        isNotebook = document.format == .notebook
        var names: [String: Int] = [:]
        var places: [Int: CellPlace] = [:]
        for case .code(let cell) in document.cells {
            if let place = cell.place {
                names[cell.source.name] = place.index
                places[place.index] = place
            }
        }
        cellNames = names
        cellPlaces = places
        self.outcomes = outcomes
        self.report = report
        var ends: [Int: Int] = [:]
        for claim in document.claims {
            ends[claim.line] = claim.line + claim.text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        }
        claimEnds = ends
    }

    /// A run of a code block's lines and what it produced.
    struct Piece {
        /// Document lines, first to last (empty for what no line holds).
        var lines: ClosedRange<Int>?
        var outcomes: [Outcome] = []
        /// Indices into the report's results.
        var results: [Int] = []

        /// Whether there is anything to show under the code.
        var showsSomething: Bool {
            !results.isEmpty || outcomes.contains {
                !$0.printed.isEmpty || !$0.figures.isEmpty || !$0.notes.isEmpty || $0.display != nil || $0.diagnostic != nil
            }
        }
    }

    /// The last document line a verdict's text spans (a claim over several lines).
    func lastLine(of result: CheckResult) -> Int {
        result.claim == nil ? result.line : claimEnds[result.line] ?? result.line
    }

    /// `block` cut into pieces, each with the outcomes and verdicts of its
    /// lines (see the header). Each verdict belongs to the last step that
    /// starts on or before its line (the first step, for one above them all);
    /// steps ending on the same line go together.
    func pieces(of block: CodeBlock) -> [Piece] {
        guard !block.lines.isEmpty else { return [] }
        let range = block.firstLine...(block.firstLine + block.lines.count - 1)
        var mine: [Outcome]
        let results: [Int]
        // Where each verdict goes: its line; in a notebook cell, a verdict on
        // a stored output (whose line is the notebook file's) goes last.
        var line: (Int) -> Int = { report.results[$0].line }
        var end: (Int) -> Int = { self.lastLine(of: report.results[$0]) }
        if let cell = block.cell {
            mine = outcomes.filter { self.cell(of: $0) == cell }
            results = report.results.indices.filter { report.results[$0].cell?.index == cell }
            line = { n in
                let result = report.results[n]
                return result.kind == .claim ? range.upperBound : min(max(result.line, range.lowerBound), range.upperBound)
            }
            end = line
        } else if isNotebook {
            // Code inside a notebook's Markdown cell: shown, never run.
            return [Piece(lines: range)]
        } else {
            mine = outcomes.filter { range.contains($0.step.lastLine) }
            results = report.results.indices.filter { range.contains(report.results[$0].line) }
        }
        // In step order; steps of one line (a cell's figures after its last
        // statement) keep the order they ran in.
        let steps = mine.enumerated().sorted { ($0.element.step.firstLine, $0.offset) < ($1.element.step.firstLine, $1.offset) }
            .map(\.element)
        // Groups of steps that end on one line, with their verdicts.
        var groups: [Piece] = []
        for outcome in steps {
            if let last = groups.last?.outcomes.last, last.step.lastLine == outcome.step.lastLine {
                groups[groups.count - 1].outcomes.append(outcome)
            } else {
                groups.append(Piece(outcomes: [outcome]))
            }
        }
        for result in results {
            let line = line(result)
            let owner = groups.lastIndex { ($0.outcomes.first?.step.firstLine ?? 0) <= line } ?? 0
            if groups.isEmpty { groups.append(Piece()) }
            groups[owner].results.append(result)
        }
        var pieces: [Piece] = []
        var current = Piece()
        var start = range.lowerBound
        for group in groups {
            current.outcomes += group.outcomes
            current.results += group.results
            guard group.showsSomething else { continue }
            var last = group.outcomes.last?.step.lastLine ?? start
            for result in group.results { last = max(last, end(result)) }
            last = min(max(last, start), range.upperBound)
            current.lines = start...last
            pieces.append(current)
            current = Piece()
            start = last + 1
        }
        if start <= range.upperBound {
            current.lines = start...range.upperBound
            pieces.append(current)
        } else if let last = pieces.indices.last {
            pieces[last].outcomes += current.outcomes
        }
        return pieces
    }

    /// The outcomes and verdicts no code block holds.
    func unplaced(codeLines: [ClosedRange<Int>]) -> Piece {
        func placed(_ line: Int) -> Bool { codeLines.contains { $0.contains(line) } }
        var piece = Piece()
        if isNotebook {
            piece.outcomes = outcomes.filter { cell(of: $0) == nil }
            piece.results = report.results.indices.filter { report.results[$0].cell == nil }
            return piece
        }
        piece.outcomes = outcomes.filter { !placed($0.step.lastLine) }
        piece.results = report.results.indices.filter { !placed(report.results[$0].line) }
        return piece
    }

    /// The document lines of every code block, wherever it is.
    var codeLines: [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        func add(_ block: CodeBlock) {
            if !block.lines.isEmpty { ranges.append(block.firstLine...(block.firstLine + block.lines.count - 1)) }
        }
        func walk(_ blocks: [MarkdownBlock]) {
            for block in blocks {
                switch block {
                case .code(let code): add(code)
                case .quote(let inner): walk(inner)
                case .list(_, _, let items): items.forEach(walk)
                case .heading, .paragraph, .table, .rule: break
                }
            }
        }
        for block in blocks {
            switch block {
            case .markdown(let inner): walk(inner)
            case .code(let code): add(code)
            }
        }
        return ranges
    }
}
