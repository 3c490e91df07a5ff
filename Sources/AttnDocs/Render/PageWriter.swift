import AttnCore
import AttnLang

/// A `Page` as one self-contained HTML file: inline style, inline SVG, an
/// inline script only where a head view needs one, no reference to anything
/// outside the file (a Content-Security-Policy that allows no request makes
/// sure), so the page works opened from disk and can be sent as it is.
///
/// Top to bottom: the file and the summary (counts, and a link to each
/// failure), then the document — prose rendered from Markdown, each code
/// block highlighted and cut into pieces, each piece followed by what it
/// showed when it ran (printed lines, heatmaps as SVG with their head view,
/// its value, its error) and the verdict on each of its claims: ✓, or ✗ with
/// the claim, the actual value, the rest of the checker's report and the
/// slips that would explain it, or the reason it was skipped. Whatever no
/// code block holds comes last.
///
/// Every piece of document text, output and label is escaped (`XMLText`):
/// the document cannot add markup, styles or scripts to the page. The page
/// is also well-formed XML (void elements closed, the script in CDATA), so
/// tests read it back with an XML parser.
public final class PageWriter {
    let page: Page
    /// Whether a head view was written (the page then carries its script).
    private var hasHeadView = false

    public static func html(_ page: Page) -> String {
        PageWriter(page: page).document()
    }

    init(page: Page) {
        self.page = page
    }

    static let policy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

    func document() -> String {
        var body = ""
        // One Markdown writer for the page, so heading ids are unique in it.
        var markdown = MarkdownHTML(code: { [unowned self] in self.codeBlock($0) })
        for block in page.blocks {
            switch block {
            case .markdown(let blocks):
                body += markdown.render(blocks)
            case .code(let code):
                body += codeBlock(code)
            }
        }
        let rest = page.unplaced(codeLines: page.codeLines)
        if rest.showsSomething {
            body += "<section class=\"unplaced\"><h2>Outside the code</h2>\n" + output(rest) + "</section>\n"
        }
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta http-equiv="Content-Security-Policy" content="\(PageWriter.policy)"/>
        <meta name="generator" content="attn render"/>
        <title>\(XMLText.text(page.title))</title>
        <style>
        \(PageStyle.css)
        </style>
        </head>
        <body>

        """
        out += header() + "<main>\n" + body + "</main>\n"
        out += "<footer>Rendered by <code>attn render</code>: every output above is what attn computed when the page was made, "
            + "and every claim was checked against it.</footer>\n"
        // CDATA, a comment to JavaScript, keeps the page well-formed XML too.
        if hasHeadView { out += "<script>//<![CDATA[\n\(HeadView.script)\n//]]>\n</script>\n" }
        return out + "</body>\n</html>\n"
    }

    // MARK: - Summary

    func header() -> String {
        let report = page.report
        var out = "<header class=\"page-head\">\n<p class=\"file\">\(XMLText.text(page.path))</p>\n"
        if !hasOwnTitle { out += "<h1>\(XMLText.text(page.title))</h1>\n" }
        let bad = report.failed + report.errors
        out += "<div class=\"summary\(bad > 0 ? " failed" : "")\" role=\"status\">"
        out += "<span class=\"count pass\">✓ \(report.passed) passed</span>"
        out += "<span class=\"count\(report.failed > 0 ? " fail" : "")\">✗ \(report.failed) failed</span>"
        if report.errors > 0 { out += "<span class=\"count fail\">✗ \(report.errors) \(report.errors == 1 ? "error" : "errors")</span>" }
        if report.skipped > 0 { out += "<span class=\"count skip\">– \(report.skipped) skipped</span>" }
        if report.passed + bad + report.skipped == 0 { out += "<span>no claims</span>" }
        out += "</div>\n"
        let failures = report.results.indices.filter { report.results[$0].failed || report.results[$0].isError }
        if !failures.isEmpty {
            out += "<ol class=\"failures\">\n"
            for n in failures {
                let result = report.results[n]
                out += "<li><a href=\"#\(PageWriter.verdictID(n))\">\(XMLText.text(headline(result)))</a></li>\n"
            }
            out += "</ol>\n"
        }
        return out + "</header>\n"
    }

    /// Whether the document's own first heading is the page's title.
    var hasOwnTitle: Bool {
        guard case .markdown(let blocks)? = page.blocks.first, case .heading(1, let text)? = blocks.first else { return false }
        return text == page.title
    }

    /// `line 12: claim failed`, `cell 3 (In [2]), line 1: statement
    /// failed`: the checker's headline without the path.
    func headline(_ result: CheckResult) -> String {
        let prefix = "\(result.path):"
        let text = result.headline
        guard text.hasPrefix(prefix) else { return text }
        let rest = text.dropFirst(prefix.count)
        return result.cell == nil ? "line " + rest : String(rest.drop { $0 == " " })
    }

    /// Where a verdict's claim is: `line 12`; in a notebook, the cell and
    /// the line of its code or of its stored output (whose `line` is the
    /// notebook file's).
    func place(_ result: CheckResult) -> String {
        guard let cell = result.cell else { return "line \(result.line)" }
        if result.kind == .claim { return cell.description + (result.cellLine.map { ", output line \($0)" } ?? ", output") }
        return cell.description + ", line \(result.line)"
    }

    static func verdictID(_ n: Int) -> String { "verdict_\(n + 1)" }

    // MARK: - Code

    func codeBlock(_ block: CodeBlock) -> String {
        let language = Highlighter.Language(info: block.language)
        let pieces = page.pieces(of: block)
        let id = block.cell.map { " id=\"cell_\($0)\"" } ?? ""
        var out = "<div class=\"code-block\(block.language.isEmpty ? "" : " lang-" + XMLText.attribute(block.language))\"\(id)>\n"
        // A notebook cell's prompt, as Jupyter labels it: `In [3]:`, `In [ ]:` when never run.
        if let cell = block.cell {
            let count = page.cellPlaces[cell]?.executionCount.map(String.init) ?? " "
            out += "<p class=\"cell-label\">In [\(count)]:</p>\n"
        }
        for piece in pieces {
            out += "<div class=\"piece\">\n"
            if let lines = piece.lines {
                let text = lines.map { block.lines[$0 - block.firstLine] }.joined(separator: "\n")
                out += "<pre class=\"code\"><code>"
                for (n, line) in PageWriter.lines(of: Highlighter.html(text, language)).enumerated() {
                    out += "<span class=\"l\" data-n=\"\(lines.lowerBound + n)\">\(line)</span>"
                }
                out += "</code></pre>\n"
            }
            if piece.showsSomething { out += output(piece) }
            out += "</div>\n"
        }
        return out + "</div>\n"
    }

    /// Highlighted HTML split into lines, each a complete fragment: a span
    /// that runs over a line break is closed before it and opened again
    /// after it. (The highlighter never nests spans.)
    static func lines(of html: String) -> [String] {
        var lines: [String] = []
        var line = ""
        var open: String?
        var index = html.startIndex
        while index < html.endIndex {
            let c = html[index]
            if c == "<" {
                let end = html[index...].firstIndex(of: ">") ?? html.index(before: html.endIndex)
                let tag = String(html[index...end])
                if tag.hasPrefix("<span") { open = tag } else if tag == "</span>" { open = nil }
                line += tag
                index = html.index(after: end)
                continue
            }
            if c == "\n" {
                lines.append(open == nil ? line : line + "</span>")
                line = open ?? ""
            } else {
                line.append(c)
            }
            index = html.index(after: index)
        }
        lines.append(line)
        return lines
    }

    // MARK: - Outputs and verdicts

    func output(_ piece: Piece) -> String {
        var out = "<div class=\"output\">\n"
        for outcome in piece.outcomes {
            if !outcome.printed.isEmpty {
                out += "<pre class=\"printed\">\(XMLText.text(outcome.printed.joined(separator: "\n")))</pre>\n"
            }
            for figure in outcome.figures {
                out += "<figure class=\"heatmap\">\n\(figure.heatmap.svg(declaration: false))</figure>\n"
                if HeadView.applies(to: figure.heatmap) {
                    out += HeadView.html(figure.heatmap)
                    hasHeadView = true
                }
            }
            for note in outcome.notes { out += "<p class=\"note\">\(XMLText.text(note))</p>\n" }
            if let display = outcome.display { out += "<pre class=\"value\">\(XMLText.text(display))</pre>\n" }
            // A failure no claim expected is shown in full by its verdict.
            let reported = piece.results.contains {
                let result = page.report.results[$0]
                return (result.kind == .statementError || result.kind == .parseError)
                    && (outcome.step.firstLine...outcome.step.lastLine).contains(result.line)
            }
            if let diagnostic = outcome.diagnostic, !reported {
                let text = diagnostic.kind == .interrupted ? Renderer.renderInterrupted(diagnostic, in: outcome.diagnosticSource)
                    : Renderer.render(diagnostic, in: outcome.diagnosticSource, color: false)
                out += "<pre class=\"error\">\(XMLText.text(text))</pre>\n"
            }
        }
        if !piece.results.isEmpty {
            out += "<ul class=\"verdicts\">\n"
            for n in piece.results { out += verdict(n) }
            out += "</ul>\n"
        }
        return out + "</div>\n"
    }

    func verdict(_ n: Int) -> String {
        let result = page.report.results[n]
        let id = PageWriter.verdictID(n)
        switch result.verdict {
        case .passed:
            return "<li class=\"verdict pass\" id=\"\(id)\"><span class=\"mark\">✓</span>\(XMLText.text(headline(result)))</li>\n"
        case .skipped(let reason):
            var out = "<li class=\"verdict skip\" id=\"\(id)\"><span class=\"mark\">–</span>"
                + "\(XMLText.text(place(result))): skipped (\(XMLText.text(reason.description)))"
            for detail in result.details { out += "<pre>\(XMLText.text(detail))</pre>" }
            return out + "</li>\n"
        case .failed, .error:
            var out = "<li class=\"verdict fail\" id=\"\(id)\"><span class=\"mark\">✗</span>\(XMLText.text(headline(result)))"
            if let claim = result.claim {
                out += "<span class=\"label\">claimed</span><pre>\(XMLText.text(claim))</pre>"
            }
            if !result.details.isEmpty {
                out += "<span class=\"label\">actual</span><pre>\(XMLText.text(result.details.joined(separator: "\n")))</pre>"
            }
            if !result.diagnoses.isEmpty {
                out += "<ul class=\"diagnoses\">" + result.diagnoses.map { "<li>\(XMLText.text($0))</li>" }.joined() + "</ul>"
            }
            return out + "</li>\n"
        }
    }
}

typealias Piece = Page.Piece
