import Foundation
import XCTest
@testable import AttnShell
#if canImport(Glibc)
import Glibc
#endif

final class HistoryStoreTests: XCTestCase {
    private var directory: TemporaryDirectory?

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory?.remove()
    }

    private func path(_ name: String = "history") throws -> String {
        try XCTUnwrap(directory).file(name)
    }

    // MARK: - Path resolution

    func testResolvePathPrefersAttnHistory() {
        let path = HistoryStore.resolvePath(
            environment: ["ATTN_HISTORY": "/tmp/h", "XDG_STATE_HOME": "/state"], home: "/home/u")
        XCTAssertEqual(path, "/tmp/h")
    }

    func testEmptyAttnHistoryDisablesHistory() {
        XCTAssertNil(HistoryStore.resolvePath(environment: ["ATTN_HISTORY": "", "XDG_STATE_HOME": "/state"], home: "/home/u"))
    }

    func testResolvePathUsesAbsoluteXDGStateHome() {
        XCTAssertEqual(HistoryStore.resolvePath(environment: ["XDG_STATE_HOME": "/state"], home: "/home/u"),
                       "/state/attn/history")
        XCTAssertEqual(HistoryStore.resolvePath(environment: ["XDG_STATE_HOME": "/state/"], home: "/home/u"),
                       "/state/attn/history")
    }

    func testResolvePathIgnoresRelativeOrEmptyXDGStateHome() {
        XCTAssertEqual(HistoryStore.resolvePath(environment: ["XDG_STATE_HOME": "state"], home: "/home/u"),
                       "/home/u/.local/state/attn/history")
        XCTAssertEqual(HistoryStore.resolvePath(environment: ["XDG_STATE_HOME": ""], home: "/home/u/"),
                       "/home/u/.local/state/attn/history")
    }

    func testResolvePathWithoutHomeDisablesHistory() {
        XCTAssertNil(HistoryStore.resolvePath(environment: [:], home: ""))
    }

    // MARK: - Format

    func testEncodingKeepsEachEntryOnOneLine() {
        let entries = ["plain", "a\nb", "back\\slash", "literal \\n", "cr\rlf\r\n", "nul\0", "trailing\\", "tab\tü ✓"]
        for entry in entries {
            let line = HistoryStore.encode(entry)
            XCTAssertFalse(line.unicodeScalars.contains("\n"), line)
            XCTAssertFalse(line.unicodeScalars.contains("\r"), line)
            XCTAssertEqual(HistoryStore.decode(line), entry)
        }
        XCTAssertEqual(HistoryStore.encode("a\nb\\c"), "a\\nb\\\\c")
    }

    func testDecodingKeepsUnknownEscapesAndTrailingBackslash() {
        XCTAssertEqual(HistoryStore.decode("a\\tb"), "a\\tb")
        XCTAssertEqual(HistoryStore.decode("end\\"), "end\\")
    }

    // MARK: - Append and load

    func testMissingFileIsAnEmptyHistoryWithoutWarning() throws {
        let result = HistoryStore(path: try path()).load()
        XCTAssertEqual(result.entries, [])
        XCTAssertNil(result.warning)
    }

    func testAppendThenReload() throws {
        let store = HistoryStore(path: try path())
        XCTAssertNil(store.append("x = 1"))
        XCTAssertNil(store.append("y = x + 1"))
        XCTAssertNil(store.append(""))  // empty entries are not recorded
        let result = HistoryStore(path: try path()).load()
        XCTAssertEqual(result.entries, ["x = 1", "y = x + 1"])
        XCTAssertNil(result.warning)
    }

    func testMultiLineEntryRoundTrip() throws {
        let store = HistoryStore(path: try path())
        let entries = ["fn f(x) {\n  x * 2\n}", "s = \"a\\nb\"", "ünïcödé ✓\r\n", "last"]
        for entry in entries { XCTAssertNil(store.append(entry)) }
        XCTAssertEqual(store.load().entries, entries)
        let bytes = try XCTUnwrap(readBytes(try path()))
        XCTAssertEqual(bytes.filter { $0 == UInt8(ascii: "\n") }.count, entries.count, "one line per entry")
    }

    func testFileAndCreatedDirectoriesArePrivate() throws {
        let nested = try path("state/attn/history")
        XCTAssertNil(HistoryStore(path: nested).append("secret"))
        XCTAssertEqual(fileMode(nested), 0o600)
        XCTAssertEqual(fileMode(try path("state/attn")), 0o700)
        XCTAssertEqual(fileMode(try path("state")), 0o700)
    }

    func testFileWithoutFinalLineBreakIsNotGluedTo() throws {
        let file = try path()
        try Data("older".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertNil(HistoryStore(path: file).append("newer"))
        XCTAssertEqual(HistoryStore(path: file).load().entries, ["older", "newer"])
    }

    func testCapKeepsTheNewestEntries() throws {
        let file = try path()
        let store = HistoryStore(path: file, cap: 10)
        for index in 0..<30 { XCTAssertNil(store.append("entry \(index)")) }
        let lines = try XCTUnwrap(readBytes(file)).filter { $0 == UInt8(ascii: "\n") }.count
        XCTAssertLessThanOrEqual(lines, store.compactionThreshold)
        XCTAssertGreaterThanOrEqual(lines, 10)
        XCTAssertEqual(store.load().entries, (20..<30).map { "entry \($0)" })
        XCTAssertEqual(fileMode(file), 0o600, "compaction keeps the file private")
    }

    func testCompactionWritesTheTargetOfASymlinkAndKeepsItsMode() throws {
        let target = try path("real-history")
        let link = try path("history")
        XCTAssertTrue(FileManager.default.createFile(atPath: target, contents: nil, attributes: [.posixPermissions: 0o600]))
        XCTAssertEqual(symlink("real-history", link), 0)
        let store = HistoryStore(path: link, cap: 4)
        for index in 0..<20 { XCTAssertNil(store.append("entry \(index)")) }
        var info = stat()
        XCTAssertEqual(lstat(link, &info), 0)
        XCTAssertEqual(info.st_mode & S_IFMT, S_IFLNK, "compaction replaced the link with a regular file")
        XCTAssertEqual(store.load().entries, (16..<20).map { "entry \($0)" })
        XCTAssertEqual(fileMode(target), 0o600)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: try XCTUnwrap(directory).path).sorted(),
                       ["history", "real-history"], "a temporary file was left behind")
    }

    func testLoadReturnsAtMostCapEntries() throws {
        let file = try path()
        let lines = (0..<12).map { "e\($0)\n" }.joined()
        try Data(lines.utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(HistoryStore(path: file, cap: 5).load().entries, (7..<12).map { "e\($0)" })
    }

    // MARK: - Several shells at once

    /// Two stores on two threads, each with its own descriptor (as two
    /// processes would have), append at the same time: nothing is lost or
    /// interleaved.
    func testConcurrentAppendsLoseNothing() throws {
        let file = try path()
        let perWriter = 400
        runConcurrently(writers: 2) { writer in
            let store = HistoryStore(path: file)
            for index in 0..<perWriter { _ = store.append("writer \(writer) entry \(index)\nsecond line") }
        }
        let entries = HistoryStore(path: file).load().entries
        XCTAssertEqual(entries.count, 2 * perWriter)
        for writer in 0..<2 {
            let mine = entries.filter { $0.hasPrefix("writer \(writer) ") }
            XCTAssertEqual(mine, (0..<perWriter).map { "writer \(writer) entry \($0)\nsecond line" })
        }
    }

    /// With a small cap, compactions happen while the other writer appends.
    /// Both writers meet at a barrier before their last 50 entries, so those
    /// 100 entries are the newest of all and, with a cap of 120, every one
    /// of them must survive; older ones may go, but only from the old end.
    func testConcurrentAppendsWithCompactionKeepTheNewest() throws {
        let file = try path()
        let perWriter = 300
        let tail = 50
        let cap = 120
        let barrier = Barrier(parties: 2)
        runConcurrently(writers: 2) { writer in
            let store = HistoryStore(path: file, cap: cap)
            for index in 0..<perWriter {
                if index == perWriter - tail { barrier.arriveAndWait() }
                _ = store.append("w\(writer) \(index)")
            }
        }
        let entries = HistoryStore(path: file, cap: 10_000).load().entries
        XCTAssertGreaterThanOrEqual(entries.count, cap)
        XCTAssertLessThanOrEqual(entries.count, HistoryStore(path: file, cap: cap).compactionThreshold)
        for writer in 0..<2 {
            let indices = entries.filter { $0.hasPrefix("w\(writer) ") }.compactMap { Int($0.split(separator: " ")[1]) }
            let first = try XCTUnwrap(indices.first, "writer \(writer) lost everything")
            XCTAssertLessThanOrEqual(first, perWriter - tail, "writer \(writer) lost one of the newest entries")
            XCTAssertEqual(indices, Array(first..<perWriter), "writer \(writer) lost an entry in the middle")
        }
        XCTAssertEqual(fileMode(file), 0o600)
    }

    private func runConcurrently(writers: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        for writer in 0..<writers {
            group.enter()
            Thread.detachNewThread {
                start.wait()
                body(writer)
                group.leave()
            }
        }
        for _ in 0..<writers { start.signal() }
        XCTAssertEqual(group.wait(timeout: .now() + 120), .success, "writers did not finish")
    }

    // MARK: - Damaged files

    func testBinaryFileGivesOneWarningAndIsLeftAlone() throws {
        let file = try path()
        let garbage: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01, 0xFF, 0xFE, 0x0A, 0x00, 0x41, 0x0A, 0xC3]
        try Data(garbage).write(to: URL(fileURLWithPath: file))
        let store = HistoryStore(path: file, cap: 1)
        let result = store.load()
        XCTAssertEqual(result.entries, [])
        let warning = try XCTUnwrap(result.warning)
        XCTAssertTrue(warning.contains(file), warning)
        XCTAssertNotNil(store.append("x = 1"), "appending to a binary file is refused")
        XCTAssertEqual(readBytes(file), garbage, "the file is untouched")
    }

    func testInvalidUTF8LinesAreSkippedWithOneWarning() throws {
        let file = try path()
        var bytes = Array("good one\n".utf8)
        bytes += [0xC3, 0x28, 0x0A, 0xFF, 0xFE, 0x0A]
        bytes += Array("good two\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let result = HistoryStore(path: file).load()
        XCTAssertEqual(result.entries, ["good one", "good two"])
        XCTAssertEqual(result.warning?.contains("2 lines"), true, result.warning ?? "no warning")
        XCTAssertEqual(readBytes(file), bytes, "loading never rewrites the file")
    }

    func testDirectoryInPlaceOfTheFileWarns() throws {
        let file = try path()
        XCTAssertEqual(mkdir(file, 0o700), 0)
        let store = HistoryStore(path: file)
        let result = store.load()
        XCTAssertEqual(result.entries, [])
        XCTAssertNotNil(result.warning)
        XCTAssertNotNil(store.append("x"))
    }

    func testUnreadableFileWarns() throws {
        try XCTSkipIf(getuid() == 0, "root reads files regardless of their mode")
        let file = try path()
        try Data("secret\n".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(chmod(file, 0), 0)
        defer { _ = chmod(file, 0o600) }
        let result = HistoryStore(path: file).load()
        XCTAssertEqual(result.entries, [])
        XCTAssertNotNil(result.warning)
    }

    func testUnwritableDirectoryWarnsOnAppend() throws {
        let blocker = try path("blocker")
        try Data().write(to: URL(fileURLWithPath: blocker))
        // A regular file where a parent directory should be: no one can
        // create the history file below it, root included.
        let store = HistoryStore(path: blocker + "/attn/history")
        XCTAssertNotNil(store.append("x"))
        XCTAssertNotNil(store.load().warning)
    }

    func testDevNullIsAnAlwaysEmptyHistory() {
        let store = HistoryStore(path: "/dev/null")
        XCTAssertNil(store.append("x"))
        let result = store.load()
        XCTAssertEqual(result.entries, [])
        XCTAssertNil(result.warning)
    }
}

/// Lets threads wait until all of them have arrived.
private final class Barrier: @unchecked Sendable {
    private let condition = NSCondition()
    private let parties: Int
    private var arrived = 0

    init(parties: Int) { self.parties = parties }

    func arriveAndWait() {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        if arrived == parties {
            condition.broadcast()
            return
        }
        while arrived < parties { condition.wait() }
    }
}
