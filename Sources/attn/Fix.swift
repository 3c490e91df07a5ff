import ArgumentParser
import AttnCore
import AttnLang
import AttnDocs
import Foundation

/// `attn fix PATH...`: rewrites failing value claims with the actual values.
struct Fix: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rewrite failing value claims with the actual values, changing nothing else.",
        discussion: """
        Each failing value claim is replaced by the actual value at the precision and in the
        style the document used; every other byte (prose, comments, other claims, line endings)
        stays as it was, and the file is replaced atomically with its permissions kept.
        Failures fix cannot mend (an error, a statement that fails, text output) are reported.
        The exit status is 0 when nothing is left failing, 1 otherwise.
        """)

    @Flag(name: .long, help: "Print a unified diff of the changes and change nothing.")
    var dryRun = false

    @OptionGroup var sandbox: SandboxOptions

    @Argument(help: ArgumentHelp("Files, or folders to search for *.attn and *.md.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or folder to fix") }
    }

    func run() throws {
        // A dry run writes nothing at all: neither the fixes nor the
        // documents' own saves, whatever --allow-write says.
        let checker = Checker(diagnose: false, limits: sandbox.checkerLimits(dryRun: dryRun))
        // Document text reaches a terminal only with its control characters
        // made visible; a diff piped to a file or to patch stays exact.
        let toTerminal = isatty(STDOUT_FILENO) != 0
        var fixed = 0, left = 0
        for path in DocumentLoader.expand(paths) {
            if Interrupt.reason == .user { break }
            let document: Document
            switch DocumentLoader.load(path) {
            case .success(let d): document = d
            case .failure(let error):
                printError("attn: cannot read '\(path)': \(error.reason)")
                left += 1
                continue
            }
            let report = checker.check(document)
            let replacements = report.failures.compactMap(\.replacement)
            for failure in report.failures where failure.replacement == nil {
                print("not fixed: " + VisibleText.visible(failure.report))
                print()
                left += 1
            }
            // A document that did not run to its end (time limit, Ctrl-C) is
            // left as it is.
            if report.results.contains(where: { $0.kind == .stopped }) {
                left += replacements.count
                continue
            }
            guard !replacements.isEmpty else { continue }
            fixed += replacements.count
            if dryRun {
                let diff = Fixer.diff(path: path, original: document.bytes, replacements: replacements)
                print(toTerminal ? VisibleText.visible(diff) : diff, terminator: "")
                continue
            }
            do {
                try Fixer.writeAtomically(Fixer.apply(replacements, to: document.bytes), to: path)
                print("fixed \(replacements.count) claim\(replacements.count == 1 ? "" : "s") in \(path)")
            } catch {
                printError("attn: cannot write '\(path)': \(error.reason)")
                left += replacements.count
                fixed -= replacements.count
            }
        }
        print("\(fixed) \(dryRun ? "to fix" : "fixed"), \(left) not fixable")
        if Interrupt.reason == .user { throw ExitCode(ExitStatus.interrupted) }
        if left > 0 { throw ExitCode(ExitStatus.failure) }
    }
}
