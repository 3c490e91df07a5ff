import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the real `attn` binary as a process, for the end-to-end test cases
/// (which subclass it): a scratch folder per test, stdin/stdout/stderr in
/// files so nothing can block.
class CLITestCase: XCTestCase {
    // MARK: - Finding and running the binary

    /// `ATTN_BIN`, else the newest `attn` built under the package root
    /// (`.build*/debug/attn` or `.build/release/attn`).
    static let binary: URL? = {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["ATTN_BIN"], !path.isEmpty, fm.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" && !fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) {
            dir = dir.deletingLastPathComponent()
        }
        guard fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) else { return nil }
        var candidates = [dir.appendingPathComponent(".build/release/attn")]
        let entries = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
        for entry in entries where entry.hasPrefix(".build") {
            candidates.append(dir.appendingPathComponent(entry).appendingPathComponent("debug/attn"))
        }
        func modified(_ url: URL) -> Date {
            (try? fm.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? .distantPast
        }
        return candidates.filter { fm.isExecutableFile(atPath: $0.path) }.max { modified($0) < modified($1) }
    }()

    struct Result {
        var stdout: String
        var stderr: String
        var status: Int32
        /// True when the process ended by itself (not killed by a signal).
        var exited: Bool

        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }

    var scratch: URL!

    override func setUpWithError() throws {
        guard CLITestCase.binary != nil else {
            throw XCTSkip("no attn binary: build it (swift build) or set ATTN_BIN")
        }
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("attn-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    /// Writes a file into the scratch directory and returns its path.
    func write(_ name: String, _ contents: String) throws -> String {
        try write(name, Data(contents.utf8))
    }

    func write(_ name: String, _ data: Data) throws -> String {
        let url = scratch.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    /// Runs attn with `arguments`; stdin is `input` (empty when nil, never a terminal).
    /// With a `timeout`, a run that takes longer is killed (and `exited` is false).
    func attn(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:],
                      directory: URL? = nil, timeout: TimeInterval? = nil) throws -> Result {
        let binary = try XCTUnwrap(CLITestCase.binary)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? scratch
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env["TERM"] = "xterm"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        // Files rather than pipes: nothing can fill up and block.
        let id = UUID().uuidString
        let outURL = scratch.appendingPathComponent("out-\(id)"), errURL = scratch.appendingPathComponent("err-\(id)")
        let inURL = scratch.appendingPathComponent("in-\(id)")
        try (input ?? Data()).write(to: inURL)
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let stdin = try FileHandle(forReadingFrom: inURL)
        let stdout = try FileHandle(forWritingTo: outURL), stderr = try FileHandle(forWritingTo: errURL)
        defer { try? stdin.close(); try? stdout.close(); try? stderr.close() }
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        if let timeout {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { process.terminate() }
        }
        process.waitUntilExit()
        return Result(stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                      status: process.terminationStatus,
                      exited: process.terminationReason == .exit)
    }

    func attn(_ arguments: String..., input: String? = nil) throws -> Result {
        try attn(arguments, input: input.map { Data($0.utf8) })
    }

    /// Asserts a clean failure: exit status `status`, not a signal, a message on stderr.
    func assertFails(_ r: Result, status: Int32 = 1, containing: String..., file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(r.exited, "killed by signal \(r.status)\nstderr: \(r.stderr.prefix(500))", file: file, line: line)
        XCTAssertEqual(r.status, status, "stderr: \(r.stderr.prefix(500))", file: file, line: line)
        for text in containing {
            XCTAssertTrue(r.stderr.contains(text), "stderr lacks \(text.debugDescription):\n\(r.stderr.prefix(1000))", file: file, line: line)
        }
    }
}

extension CLITestCase {
    /// Starts attn without waiting: send it a signal, then call `finish`
    /// (bounded by `timeout` seconds, after which the process is killed and
    /// the test fails) for its result.
    func start(_ arguments: [String], timeout: Double = 30) throws -> (process: Process, finish: () throws -> Result) {
        let binary = try XCTUnwrap(CLITestCase.binary)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = scratch
        let id = UUID().uuidString
        let outURL = scratch.appendingPathComponent("out-\(id)"), errURL = scratch.appendingPathComponent("err-\(id)")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        let stdout = try FileHandle(forWritingTo: outURL), stderr = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let finish = { () throws -> Result in
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            if process.isRunning {
                process.terminate()
                XCTFail("attn \(arguments.joined(separator: " ")) still ran after \(timeout) s")
            }
            process.waitUntilExit()
            try? stdout.close()
            try? stderr.close()
            return Result(stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                          stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                          status: process.terminationStatus, exited: process.terminationReason == .exit)
        }
        return (process, finish)
    }
}
