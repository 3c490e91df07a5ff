/// The style sheet of rendered pages, inlined in each (a page opened from
/// disk loads nothing). One column that narrows to a phone's width, code
/// that scrolls sideways rather than wrapping, pictures that shrink to fit,
/// and a print style without the interactive parts.
enum PageStyle {
    static let css = """
    :root { --ink: #1d1f24; --muted: #5f6470; --line: #d9dce3; --code-bg: #f6f7f9; --pass: #1d7a3c;
            --fail: #b42318; --skip: #8a6d00; --accent: #2f5fa8; color-scheme: light; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; color: var(--ink); background: #ffffff; line-height: 1.55;
           font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
    main, .page-head, footer { max-width: 56rem; margin: 0 auto; padding: 0 1.25rem; }
    .page-head { padding-top: 1.5rem; border-bottom: 1px solid var(--line); padding-bottom: 1rem; }
    .page-head .file { color: var(--muted); font-size: 0.85rem; margin: 0 0 0.25rem; word-break: break-all; }
    h1, h2, h3, h4 { line-height: 1.25; margin: 1.6em 0 0.6em; }
    .page-head h1 { margin-top: 0.2em; }
    a { color: var(--accent); }
    code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, "DejaVu Sans Mono", Consolas, monospace; font-size: 0.88rem; }
    p code, li code, td code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 3px; }
    blockquote { margin: 1em 0; padding: 0.2em 1em; border-left: 4px solid var(--line); color: var(--muted); }
    .table { overflow-x: auto; }
    table { border-collapse: collapse; margin: 1em 0; }
    th, td { border: 1px solid var(--line); padding: 0.3em 0.6em; }
    th { background: var(--code-bg); }
    hr { border: 0; border-top: 1px solid var(--line); margin: 2em 0; }
    .summary { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0.6rem 0; font-weight: 600; }
    .summary .count { padding: 0.15em 0.6em; border-radius: 999px; background: var(--code-bg); }
    .count.pass { color: var(--pass); } .count.fail { color: var(--fail); } .count.skip { color: var(--skip); }
    .summary.failed { color: var(--fail); }
    .failures { margin: 0.4rem 0 0; padding-left: 1.2rem; font-size: 0.92rem; }
    .code-block { margin: 1.2em 0; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
    .piece + .piece { border-top: 1px dashed var(--line); }
    pre { margin: 0; overflow-x: auto; }
    pre.code { background: var(--code-bg); padding: 0.6em 0.8em 0.6em 0; }
    pre.code .l { display: block; padding-left: 3.4em; position: relative; min-height: 1.2em; }
    pre.code .l::before { content: attr(data-n); position: absolute; left: 0; width: 2.6em; text-align: right;
                          color: #a0a5b1; -webkit-user-select: none; user-select: none; }
    .k { color: #8e3ab0; font-weight: 600; } .b { color: #1f5fa8; } .n { color: #a6531a; } .s { color: #2b7a3a; }
    .c { color: #6b7280; font-style: italic; } .cl { color: #6b4d00; } .o { color: #9a3b3b; }
    .p { color: #6b7280; -webkit-user-select: none; user-select: none; } .out { color: #374151; }
    .output { padding: 0.5em 0.8em; border-top: 1px solid var(--line); background: #ffffff; }
    .output pre { padding: 0.3em 0; }
    .output .label { display: block; color: var(--muted); font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; }
    pre.error { color: var(--fail); }
    .cell-label { margin: 0; padding: 0.3em 0.8em 0; background: var(--code-bg); color: var(--muted); font-size: 0.75rem;
      font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    .output .note { margin: 0.3em 0; color: var(--muted); font-style: italic; }
    figure { margin: 0.6em 0; }
    figure svg, .headview svg { max-width: 100%; height: auto; }
    .verdicts { list-style: none; margin: 0.4em 0 0; padding: 0; }
    .verdict { margin: 0.25em 0; padding: 0.3em 0.5em; border-radius: 4px; }
    .verdict .mark { font-weight: 700; display: inline-block; width: 1.2em; }
    .verdict.pass { color: var(--pass); }
    .verdict.fail { color: var(--fail); background: #fdf1f0; border: 1px solid #f3c7c3; }
    .verdict.skip { color: var(--skip); }
    .verdict pre { color: var(--ink); background: #ffffff; padding: 0.3em 0.5em; margin: 0.3em 0; border-radius: 3px; }
    .verdict .diagnoses { margin: 0.3em 0 0; padding-left: 1.2em; color: var(--ink); }
    .headview { margin: 0.6em 0; }
    .headview .controls { display: flex; flex-wrap: wrap; gap: 0.3rem; margin-bottom: 0.3rem; }
    .headview button { font: inherit; font-size: 0.85rem; padding: 0.15em 0.6em; border: 2px solid var(--line);
                       border-radius: 4px; background: #ffffff; cursor: pointer; }
    .headview button[aria-pressed="true"] { background: var(--code-bg); font-weight: 600; }
    .headview .token { cursor: default; }
    .headview .note { color: var(--muted); font-size: 0.85rem; margin: 0.2em 0 0; }
    .headview .live-only { display: none; }
    .headview.is-live .live-only { display: inline; }
    .headview.is-live svg.static { display: none; }
    .unplaced { margin: 2em 0; }
    footer { color: var(--muted); font-size: 0.8rem; padding-top: 2rem; padding-bottom: 2rem; }
    @media (max-width: 640px) {
      body { font-size: 15px; }
      main, .page-head, footer { padding: 0 0.75rem; }
      pre.code .l { padding-left: 2.6em; }
      pre.code .l::before { width: 2em; }
    }
    @media print {
      body { font-size: 11pt; }
      .headview .controls, .headview svg.live { display: none; }
      .headview svg.static { display: block !important; }
      pre { white-space: pre-wrap; word-break: break-word; overflow: visible; }
      .code-block, figure, .verdict { break-inside: avoid; }
      a { color: inherit; }
    }
    """
}
