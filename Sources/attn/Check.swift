import ArgumentParser
import AttnCore
import AttnDocs
import AttnLang
import Foundation

/// `attn check PATH...`: runs every claim of .attn scripts and Markdown pages.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the claims (# =>, transcripts) in .attn scripts and Markdown pages.",
        discussion: """
        Folders are searched recursively for *.attn and *.md files. Each failure is shown
        with the statement, the claim, the actual value and, for attention results, the
        usual slip that reproduces the claim. The last line is `N passed, N failed`;
        the exit status is 0 when nothing failed, 1 otherwise (130 when stopped with Ctrl-C).

        Documents are untrusted code: each runs in a new session that may read only files
        under its own folder, whose saves stay in memory, and that is stopped after
        --timeout seconds. --allow-read and --allow-write widen this.
        """)

    @OptionGroup var sandbox: SandboxOptions

    @Flag(name: .long, help: "List every claim checked, not only the failures.")
    var verbose = false

    @Option(name: .long, help: ArgumentHelp("Also write a JUnit XML report to this file.", valueName: "file"))
    var junit: String?

    @Argument(help: ArgumentHelp("Files, or folders to search for *.attn and *.md.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or folder to check") }
    }

    func run() throws {
        let files = DocumentLoader.expand(paths)
        let checker = Checker(limits: sandbox.checkerLimits(dryRun: false))
        let progress = files.count > 3 && isatty(STDERR_FILENO) != 0
        var reports: [FileReport] = []
        var passed = 0, failed = 0
        // Each document's verdicts are shown as soon as it is done, so a run
        // stopped with Ctrl-C still shows what it checked.
        for (n, file) in files.enumerated() {
            if progress { FileHandle.standardError.write(Data("\r\u{1B}[Kchecking \(n + 1)/\(files.count) \(VisibleText.visible(file))".utf8)) }
            let report = checker.check(path: file)
            if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            reports.append(report)
            for result in report.results {
                if result.passed {
                    passed += 1
                    if verbose { print(VisibleText.visible("ok    \(result.path):\(result.line): \(Check.oneLine(result))")) }
                } else {
                    failed += 1
                    print(VisibleText.visible(result.report))
                    print()
                }
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
        if Interrupt.reason == .user {
            print("\(passed) passed, \(failed) failed (interrupted: \(reports.count) of \(files.count) files checked)")
            throw ExitCode(ExitStatus.interrupted)
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(ExitStatus.failure) }
    }

    /// `statement  # => claim` on one line, for --verbose.
    static func oneLine(_ result: CheckResult) -> String {
        let statement = result.statement.replacingOccurrences(of: "\n", with: " ")
        guard let claim = result.claim else { return statement }
        return "\(statement)  # => \(claim.replacingOccurrences(of: "\n", with: " "))"
    }
}
