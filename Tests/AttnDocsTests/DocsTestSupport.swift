import AttnDocs
import Foundation
import XCTest

/// Helpers shared by the docs tests.
enum Docs {
    /// The folder of this test target's fixtures (Tests/AttnDocsTests/Fixtures).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// The package root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func document(_ text: String, path: String = "test.attn") -> Document {
        Document(path: path, bytes: Array(text.utf8))
    }

    static func check(_ text: String, path: String = "test.attn", dialects: DialectRegistry = .standard) -> FileReport {
        Checker(dialects: dialects).check(document(text, path: path))
    }

    /// The dialects attn has, without Python's: what a document's Python
    /// code gets when no dialect runs it, whether or not one is registered.
    static let withoutPython = DialectRegistry.standard.removing(.python)

    /// Whether Python code runs (the Python dialect is registered in
    /// `DialectRegistry.standard`). Tests of Python documents assert the
    /// verdicts python3 gave when it is, and `unsupported` until then.
    static let pythonRuns = DialectRegistry.standard.runs(.python)

    /// The verdict of a Python claim that cannot run.
    static let pythonUnsupported = Verdict.skipped(.unsupported("Python code needs the Python dialect"))

    /// The claim sites of a document, in order.
    static func claims(_ text: String, path: String = "test.attn") -> [ClaimSite] {
        document(text, path: path).claims
    }

    /// The text of `bytes[span]`.
    static func slice(_ text: String, _ span: Range<Int>) -> String {
        String(decoding: Array(text.utf8)[span], as: UTF8.self)
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attn-docs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The built attn binary: $ATTN_BIN, else .build*/debug/attn under the package root.
    static func binary() -> URL? {
        if let path = ProcessInfo.processInfo.environment["ATTN_BIN"], FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        for entry in entries.sorted() where entry.hasPrefix(".build") {
            for config in ["debug", "release"] {
                let candidate = root.appendingPathComponent(entry).appendingPathComponent(config).appendingPathComponent("attn")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// Runs the binary; returns its exit status and standard output.
    static func run(_ binary: URL, _ arguments: [String], in folder: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
