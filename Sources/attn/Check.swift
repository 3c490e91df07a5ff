import ArgumentParser
import AttnCore
import AttnDocs
import AttnLang
import Foundation

/// `attn check PATH...`: runs every claim of .attn scripts and Markdown pages.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the claims (# =>, # prints:, transcripts) in .attn scripts, Markdown pages and text.",
        discussion: """
        Folders are searched recursively for \(DocumentLoader.extensionList) files.
        In .attn scripts and ```attn fences, `# =>` claims a statement's value
        and `# prints:` what it printed; in every code block of a Markdown page
        and anywhere in a text file, the output under a prompt (attn>, >>>,
        In [1]:), indented or not, is claimed by its input. Each failure is
        shown with the statement, the claim, the actual value and, for
        attention results, the usual slip that reproduces the claim.
        Transcripts in another language (Python) are skipped, not failed, and
        counted apart.

        The last line is `N passed, N failed` (`, N skipped` when some were);
        the exit status is 0 when nothing failed, 1 otherwise (130 when
        stopped with Ctrl-C). A run that checks no claim at all says `no
        claims found in N files` and exits 1, unless --allow-empty.

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

    @Argument(help: ArgumentHelp("Files, or folders to search for \(DocumentLoader.extensionList).", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or folder to check") }
    }

    func run() throws {
        let files = DocumentLoader.expand(paths)
        let checker = Checker(limits: sandbox.checkerLimits(dryRun: false))
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
                    if verbose { print(VisibleText.visible("ok    \(result.path):\(result.line): \(Check.oneLine(result))")) }
                case .skipped(let reason):
                    if verbose { print(VisibleText.visible("skip  \(result.path):\(result.line): \(reason): \(Check.oneLine(result))")) }
                case .failed:
                    print(VisibleText.visible(result.report))
                    print()
                }
            }
            if verbose, report.holdsNoClaim {
                print(VisibleText.visible("none  \(report.path): no claims"))
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
        var closing = summary.closingLines(listed: verbose)
        if Interrupt.reason == .user, let last = closing.popLast() {
            closing.append(last + " (interrupted: \(reports.count) of \(files.count) files checked)")
        }
        for line in closing { print(line) }
        if Interrupt.reason == .user { throw ExitCode(ExitStatus.interrupted) }
        if summary.failed > 0 || (summary.checkedNothing && !allowEmpty) { throw ExitCode(ExitStatus.failure) }
    }

    /// `statement  # => claim` (or `# prints: text`) on one line, for --verbose.
    static func oneLine(_ result: CheckResult) -> String {
        let statement = result.statement.replacingOccurrences(of: "\n", with: " ")
        guard let claim = result.claim else { return statement }
        let marker = result.form == .printed ? "# prints:" : "# =>"
        return "\(statement)  \(marker) \(claim.replacingOccurrences(of: "\n", with: " "))"
    }
}
