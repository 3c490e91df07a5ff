import ArgumentParser
import AttnCore
import AttnDocs
import AttnLang
import Foundation

/// `attn check PATH...`: runs the code of documents and judges every claim.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the claims in .attn scripts, Markdown pages, notebooks, docstrings and text.",
        discussion: """
        Folders are searched recursively for \(DocumentLoader.extensionList) files
        (hidden folders skipped). In code (.attn scripts, ```attn and ```python
        fences), `# =>` claims a statement's value and `# prints:` what it
        printed; a Markdown output block after a code block claims what the
        block printed; a notebook's stored outputs claim what each cell printed,
        displayed or raised; anywhere, the output under a prompt (attn>, >>>,
        In [1]:), indented or not, is claimed by its input (doctest's rules in
        docstrings and .py files). Each failure is shown with the claim, the
        actual output and, where one reproduces the claim, the slip.

        Every claim gets a verdict: passed, failed, error (the document's own
        code fails), not reproducible (unseeded randomness) or unsupported
        (code attn cannot run yet, named). The last line is `N passed, N
        failed`, then `, N errors` and `, N skipped` when there were some,
        after one line per skip reason. The exit status is 0 when nothing
        failed and no code failed, 1 otherwise (130 when stopped with Ctrl-C).
        A run that checks no claim at all says `no claims found in N files`
        or `no claim was checked` and exits 1, unless --allow-empty.

        Documents are untrusted code: each runs in a new session that may read
        only files under its own folder, whose saves stay in memory, and that
        is stopped after --timeout seconds. --allow-read and --allow-write
        widen this.
        """)

    @OptionGroup var sandbox: SandboxOptions

    @Flag(name: .shortAndLong, help: "List every claim checked or skipped, and the files with no claim, not only the failures.")
    var verbose = false

    @Flag(name: .long, help: "Succeed even when no claim was checked (no claims found, or all skipped).")
    var allowEmpty = false

    @Option(name: .long, help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "file"))
    var junit: String?

    @Option(name: .long, help: ArgumentHelp("Also write a JSON report, one object per claim, to this file (`-`: to standard output, instead of the text report).", valueName: "file"))
    var json: String?

    @Argument(help: ArgumentHelp("Files, or folders to search for \(DocumentLoader.extensionList).", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or folder to check") }
    }

    func run() throws {
        let files = DocumentLoader.expand(paths)
        let checker = Checker(limits: sandbox.checkerLimits(dryRun: false))
        // With --json -, standard output holds the JSON report alone.
        let quiet = json == "-"
        func say(_ line: String) { if !quiet { print(line) } }
        let progress = files.count > 3 && isatty(STDERR_FILENO) != 0
        var reports: [FileReport] = []
        var summary = CheckSummary()
        // Each document's verdicts are shown as soon as it is done, so a run
        // stopped with Ctrl-C still shows what it checked.
        for (n, file) in files.enumerated() {
            if progress { FileHandle.standardError.write(Data("\r\u{1B}[Kchecking \(n + 1)/\(files.count) \(VisibleText.visible(file))".utf8)) }
            let report = checker.check(path: file)
            if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            reports.append(report)
            summary.add(report)
            for result in report.results {
                switch result.verdict {
                case .passed:
                    if verbose { say(VisibleText.visible("ok    \(result.location): \(Check.oneLine(result))")) }
                case .skipped(let reason):
                    if verbose { say(VisibleText.visible("skip  \(result.location): \(reason): \(Check.oneLine(result))")) }
                case .failed, .error:
                    say(VisibleText.visible(result.report))
                    say("")
                }
            }
            if verbose, report.holdsNoClaim {
                say(VisibleText.visible("none  \(report.path): no claims"))
            }
            if Interrupt.reason == .user { break }
        }
        if let junit {
            do {
                try SafeFile.write(Array(JUnitReport.xml(reports).utf8), to: junit)
            } catch {
                printError("attn: cannot write the JUnit report: \(error.message)")
                throw ExitCode(1)
            }
        }
        if let json {
            let text = JSONReport.json(reports, summary: summary)
            if json == "-" {
                print(text, terminator: "")
            } else {
                do {
                    try SafeFile.write(Array(text.utf8), to: json)
                } catch {
                    printError("attn: cannot write the JSON report: \(error.message)")
                    throw ExitCode(1)
                }
            }
        }
        var closing = summary.closingLines(listed: verbose)
        if Interrupt.reason == .user, let last = closing.popLast() {
            closing.append(last + " (interrupted: \(reports.count) of \(files.count) files checked)")
        }
        for line in closing { say(line) }
        if Interrupt.reason == .user { throw ExitCode(ExitStatus.interrupted) }
        if summary.fails || (summary.checkedNothing && !allowEmpty) { throw ExitCode(ExitStatus.failure) }
    }

    /// `statement  # => claim` (or `# prints: text`, `-> output`) on one
    /// line, for --verbose; an output block's claim alone.
    static func oneLine(_ result: CheckResult) -> String {
        let statement = result.statement.replacingOccurrences(of: "\n", with: " ")
        guard let claim = result.claim else { return statement }
        let marker: String
        switch result.form {
        case .printed?: marker = "# prints:"
        case .annotation?: marker = "# =>"
        case .output?, .outputBlock?, .stream?, .result?, .error?, nil: marker = "->"
        }
        let shown = claim.split(whereSeparator: { $0 == "\n" }).joined(separator: " ")
        return statement.isEmpty ? shown : "\(statement)  \(marker) \(shown)"
    }
}
