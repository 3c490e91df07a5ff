import ArgumentParser
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

    @Argument(help: ArgumentHelp("Files, or folders to search for *.attn and *.md.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or folder to fix") }
    }

    func run() throws {
        let checker = Checker(diagnose: false)
        var fixed = 0, left = 0
        for path in DocumentLoader.expand(paths) {
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
                print("not fixed: " + failure.report)
                print()
                left += 1
            }
            guard !replacements.isEmpty else { continue }
            fixed += replacements.count
            if dryRun {
                print(Fixer.diff(path: path, original: document.bytes, replacements: replacements), terminator: "")
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
        if left > 0 { throw ExitCode(1) }
    }
}
