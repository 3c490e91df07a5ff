import ArgumentParser
import AttnCore
import AttnDocs
import AttnLang
import Foundation

/// `attn render FILE -o page.html [--open]`: checks a document and writes it
/// as one self-contained page.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a document and write it as one self-contained HTML page.",
        discussion: """
        The page shows the document's prose (Markdown rendered; a notebook's
        Markdown cells), each code block or notebook code cell highlighted, what each statement printed or showed when it ran (heatmaps
        as pictures, with a head view for attention weights between tokens),
        and the verdict on every claim: ✓, or ✗ with the claim, the actual value
        and the checker's diagnosis, or why it was skipped. A summary at the top
        counts them and links to each failure. The page needs nothing else: its
        style and pictures are inline, and it makes no request (it works opened
        from disk, on a phone, and printed).

        The document runs as attn check runs it: in a new session that may read
        only files under its folder, whose saves stay in memory, stopped after
        --timeout seconds. The exit status is attn check's for the document (0
        when no claim failed and the document's code raised no error, 1 otherwise; 130 when stopped with Ctrl-C); the
        page is written in every case but an unreadable document.
        """)

    @OptionGroup var sandbox: SandboxOptions

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "The page to write (default: the document's name with .html, in the working directory).", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Open the page with the system's opener (xdg-open, or open on macOS) when there is one.")
    var open = false

    @Argument(help: ArgumentHelp("The document: an .attn script, a Markdown page, a Jupyter notebook, a Python file or a text file.", valueName: "file"))
    var path: String

    func run() throws {
        var document: Document
        switch DocumentLoader.load(path) {
        case .success(let loaded): document = loaded
        case .failure(let error):
            printError("attn: cannot read \(error.message)")
            throw ExitCode(ExitStatus.failure)
        }
        // A page shows what a Python file's statements do, so its module
        // runs even when no docstring example would run it.
        if document.format == .python { document = document.runningModuleCode() }
        var outcomes: [Outcome] = []
        let checker = Checker(limits: sandbox.checkerLimits(dryRun: false))
        let report = checker.check(document) { outcome in
            // The page shows what was shown, not the values themselves:
            // holding every value until the page is written could hold a lot.
            var shown = outcome
            shown.value = nil
            shown.lastBefore = nil
            outcomes.append(shown)
        }
        let html = PageWriter.html(Page(document: document, outcomes: outcomes, report: report))
        let target = output ?? Render.defaultPage(for: path)
        do {
            try SafeFile.write(Array(html.utf8), to: target)
        } catch {
            printError("attn: cannot write the page: \(error.message)")
            throw ExitCode(ExitStatus.failure)
        }
        var summary = "\(report.passed) passed, \(report.failed) failed"
        if report.errors > 0 { summary += ", \(report.errors) \(report.errors == 1 ? "error" : "errors")" }
        if report.skipped > 0 { summary += ", \(report.skipped) skipped" }
        print(VisibleText.visible("wrote \(target): \(summary)"))
        if open { Render.openPage(target) }
        if Interrupt.reason == .user { throw ExitCode(ExitStatus.interrupted) }
        if !report.failures.isEmpty { throw ExitCode(ExitStatus.failure) }
    }

    /// `docs/tour.attn` → `tour.html`.
    static func defaultPage(for path: String) -> String {
        let name = (path as NSString).lastPathComponent
        let stem = (name as NSString).deletingPathExtension
        return (stem.isEmpty ? "page" : stem) + ".html"
    }

    /// Hands the page to the system's opener without waiting for it; says
    /// so when there is none.
    static func openPage(_ page: String) {
        let candidates = ["xdg-open", "open"]
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let opener = candidates.lazy.compactMap({ name in
            paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        }).first else {
            printError("attn: no opener found (xdg-open or open); open \(page) in a browser yourself")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [page]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { printError("attn: \(opener) could not open \(page): \(error.localizedDescription)") }
    }
}
