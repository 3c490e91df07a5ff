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
        style the document used (a notebook's stored output and a Markdown output block by what
        the code printed, line by line); every other byte (prose, comments, other claims, line
        endings, a notebook's JSON layout) stays as it was. A notebook that does not read back
        as the same notebook after the rewrite is not written. The file is replaced atomically, through a symbolic link to its target,
        keeping its permissions, owner and hard links; a file that changed while fix ran is left
        alone, and a read-only file is written only with --force.
        Failures fix cannot mend (an error, a statement that fails, text output) are reported.
        The exit status is 0 when nothing is left failing, 1 otherwise.
        """)

    @Flag(name: .long, help: "Print a unified diff of the changes and change nothing.")
    var dryRun = false

    @OptionGroup var sandbox: SandboxOptions

    @Flag(name: .long, help: "Also rewrite read-only files (their permissions stay as they were).")
    var force = false

    @Argument(help: ArgumentHelp("Files, or folders to search for \(DocumentLoader.extensionList).", valueName: "path"))
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
                printError("attn: cannot read \(error.message)")
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
            let bytes: [UInt8]
            switch Fixer.fixed(document, replacements) {
            case .success(let b): bytes = b
            case .failure(let refusal):
                printError("attn: \(path): \(refusal.message)")
                left += replacements.count
                continue
            }
            fixed += replacements.count
            if dryRun {
                let diff = Fixer.diff(path: path, original: document.bytes, replacements: replacements)
                print(toTerminal ? VisibleText.visible(diff) : diff, terminator: "")
                continue
            }
            do {
                // The snapshot taken when the document was read: text added
                // to the file while its code ran is never overwritten.
                try SafeFile.write(bytes, to: path, force: force, expected: document.snapshot)
                print("fixed \(replacements.count) claim\(replacements.count == 1 ? "" : "s") in \(path)")
            } catch {
                let hint = error.problem == .readOnly ? " (use --force to write it anyway)" : ""
                printError("attn: cannot write \(error.message)\(hint)")
                left += replacements.count
                fixed -= replacements.count
            }
        }
        print("\(fixed) \(dryRun ? "to fix" : "fixed"), \(left) not fixable")
        if Interrupt.reason == .user { throw ExitCode(ExitStatus.interrupted) }
        if left > 0 { throw ExitCode(ExitStatus.failure) }
    }
}
