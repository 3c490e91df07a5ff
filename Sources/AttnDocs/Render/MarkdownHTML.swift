import AttnLang

/// Markdown blocks as HTML. Code blocks are drawn by the caller (`code`),
/// which knows what running them produced; headings get `id`s made from
/// their text (unique within one writer) so a page can link to them.
struct MarkdownHTML {
    /// Draws a code block.
    let code: (CodeBlock) -> String
    /// The heading ids given so far.
    private var ids: Set<String> = []

    init(code: @escaping (CodeBlock) -> String) {
        self.code = code
    }

    mutating func render(_ blocks: [MarkdownBlock]) -> String {
        var out = ""
        for block in blocks { out += render(block) }
        return out
    }

    mutating func render(_ block: MarkdownBlock) -> String {
        switch block {
        case .heading(let level, let text):
            return "<h\(level) id=\"\(XMLText.attribute(id(for: text)))\">\(MarkdownInline.html(text))</h\(level)>\n"
        case .paragraph(let text):
            return "<p>\(MarkdownInline.html(text))</p>\n"
        case .code(let block):
            return code(block)
        case .quote(let inner):
            return "<blockquote>\n\(render(inner))</blockquote>\n"
        case .list(let ordered, let start, let items):
            let tag = ordered ? "ol" : "ul"
            var out = ordered && start != 1 ? "<ol start=\"\(start)\">\n" : "<\(tag)>\n"
            for item in items {
                // A one-paragraph item is written tight, without <p>.
                if item.count == 1, case .paragraph(let text) = item[0] {
                    out += "<li>\(MarkdownInline.html(text))</li>\n"
                } else {
                    out += "<li>\n\(render(item))</li>\n"
                }
            }
            return out + "</\(tag)>\n"
        case .table(let header, let alignments, let rows):
            func cell(_ tag: String, _ text: String, _ n: Int) -> String {
                let align: String
                switch n < alignments.count ? alignments[n] : .none {
                case .none: align = ""
                case .left: align = " style=\"text-align:left\""
                case .center: align = " style=\"text-align:center\""
                case .right: align = " style=\"text-align:right\""
                }
                return "<\(tag)\(align)>\(MarkdownInline.html(text))</\(tag)>"
            }
            var out = "<div class=\"table\"><table>\n<thead><tr>"
            out += header.enumerated().map { cell("th", $0.element, $0.offset) }.joined()
            out += "</tr></thead>\n<tbody>\n"
            for row in rows { out += "<tr>" + row.enumerated().map { cell("td", $0.element, $0.offset) }.joined() + "</tr>\n" }
            return out + "</tbody></table></div>\n"
        case .rule:
            return "<hr/>\n"
        }
    }

    /// `Attention by hand` → `attention-by-hand`, then `-2`, `-3` for repeats.
    mutating func id(for text: String) -> String {
        var slug = ""
        for c in text.lowercased() {
            if c.isLetter || c.isNumber { slug.append(c) } else if c == " " || c == "-", !slug.hasSuffix("-") { slug.append("-") }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if slug.isEmpty { slug = "section" }
        slug = String(slug.prefix(64))
        var unique = slug, n = 2
        while ids.contains(unique) {
            unique = "\(slug)-\(n)"
            n += 1
        }
        ids.insert(unique)
        return unique
    }
}
