import AttnCore
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The safe writer and reader: every rule of `SafeFile`'s specification,
/// each checked on the file system, with the folder listed after every
/// refusal so a leftover temporary file fails the test.
final class SafeFileTests: XCTestCase {
    private var dir = ""

    override func setUpWithError() throws {
        dir = try makeTemporaryDirectory(self).path
    }

    private func file(_ name: String) -> String { dir + "/" + name }

    private func put(_ name: String, _ text: String) throws -> String {
        let path = file(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Overwrites the file itself (same inode), as `>` in a shell does.
    private func overwriteInPlace(_ path: String, _ text: String) throws {
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.truncateFile(atOffset: 0)
        handle.write(Data(text.utf8))
        handle.closeFile()
    }

    /// The file's text, read with POSIX calls (not attn's reader under test,
    /// nor Foundation's `contents(atPath:)`, whose buffer LeakSanitizer
    /// reports as leaked under `make sanitize`).
    private func contents(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { return nil }
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func listing(_ path: String? = nil) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path ?? dir)) ?? []).sorted()
    }

    private func info(_ path: String, following: Bool = true) throws -> stat {
        var result = stat()
        let status = following ? stat(path, &result) : lstat(path, &result)
        guard status == 0 else { throw XCTSkip("cannot stat \(path): errno \(errno)") }
        return result
    }

    private func isLink(_ path: String) throws -> Bool {
        try info(path, following: false).st_mode & S_IFMT == S_IFLNK
    }

    /// Runs `body`, expecting a `FileError` with `problem`; returns it.
    @discardableResult
    private func assertRefused(_ problem: FileError.Problem, _ body: () throws(FileError) -> Void,
                               file: StaticString = #filePath, line: UInt = #line) -> FileError? {
        do {
            try body()
            XCTFail("expected \(problem), but it succeeded", file: file, line: line)
            return nil
        } catch {
            XCTAssertEqual(error.problem, problem, error.message, file: file, line: line)
            XCTAssertFalse(error.message.contains("NSCocoaErrorDomain"), file: file, line: line)
            return error
        }
    }

    /// `body`'s result, or nil when it has not returned within `seconds`:
    /// a reader that blocks on a FIFO fails the test instead of hanging it.
    private func withinSeconds<T: Sendable>(_ seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.set(body())
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return box.get()
    }

    private func makeFIFO(_ name: String) throws -> String {
        let path = file(name)
        guard mkfifo(path, 0o644) == 0 else { throw XCTSkip("mkfifo failed: errno \(errno)") }
        // Should a test hang on it, opening the other end lets it go.
        addTeardownBlock {
            let fd = open(path, O_WRONLY | O_NONBLOCK)
            if fd >= 0 { close(fd) }
        }
        return path
    }

    // MARK: - Writing: links

    func testWritesThroughASymlinkAndKeepsTheLink() throws {
        let target = try put("target.txt", "old\n")
        let link = file("link.txt")
        XCTAssertEqual(symlink("target.txt", link), 0)
        try SafeFile.write(Array("new\n".utf8), to: link)
        XCTAssertTrue(try isLink(link), "the link was replaced by a regular file")
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "target.txt")
        XCTAssertEqual(contents(target), "new\n")
        XCTAssertEqual(listing(), ["link.txt", "target.txt"])
    }

    func testWritesThroughAChainOfSymlinks() throws {
        // first -> sub/second (relative) -> /abs/.../third -> ../final.txt (relative to sub/)
        XCTAssertEqual(mkdir(file("sub"), 0o755), 0)
        let final = try put("final.txt", "old")
        XCTAssertEqual(symlink("../final.txt", file("sub/third")), 0)
        XCTAssertEqual(symlink(file("sub/third"), file("sub/second")), 0)
        XCTAssertEqual(symlink("sub/second", file("first")), 0)
        try SafeFile.write(Array("new".utf8), to: file("first"))
        XCTAssertEqual(contents(final), "new")
        for link in ["first", "sub/second", "sub/third"] {
            XCTAssertTrue(try isLink(file(link)), "\(link) is no longer a link")
        }
        XCTAssertEqual(listing(), ["final.txt", "first", "sub"])
        XCTAssertEqual(listing(file("sub")), ["second", "third"])
    }

    func testADanglingSymlinkCreatesItsTarget() throws {
        let link = file("link")
        XCTAssertEqual(symlink("made.txt", link), 0)
        try SafeFile.write(Array("hello".utf8), to: link)
        XCTAssertTrue(try isLink(link))
        XCTAssertEqual(contents(file("made.txt")), "hello")
    }

    func testASymlinkLoopIsAnError() throws {
        XCTAssertEqual(symlink("b", file("a")), 0)
        XCTAssertEqual(symlink("a", file("b")), 0)
        let error = assertRefused(.system(ELOOP)) { () throws(FileError) in try SafeFile.write([1], to: file("a")) }
        XCTAssertTrue(error?.reason.contains("symbolic links") ?? false, error?.reason ?? "")
        XCTAssertEqual(listing(), ["a", "b"])
    }

    // MARK: - Writing: what is refused

    func testReadOnlyFileIsRefusedUnlessForced() throws {
        let path = try put("ro.txt", "keep")
        XCTAssertEqual(chmod(path, 0o444), 0)
        let error = assertRefused(.readOnly) { () throws(FileError) in try SafeFile.write(Array("lost".utf8), to: path) }
        XCTAssertEqual(error?.message, "'\(path)': is read-only")
        XCTAssertEqual(contents(path), "keep")
        XCTAssertEqual(listing(), ["ro.txt"])

        try SafeFile.write(Array("forced".utf8), to: path, force: true)
        XCTAssertEqual(contents(path), "forced")
        XCTAssertEqual(try info(path).st_mode & 0o7777, 0o444, "force writes the file but keeps it read-only")
        XCTAssertEqual(listing(), ["ro.txt"])
    }

    func testFIFOIsRefusedWithoutBlocking() throws {
        let fifo = try makeFIFO("pipe")
        let outcome = withinSeconds(5) { () -> FileError.Problem? in
            do throws(FileError) {
                try SafeFile.write(Array("x".utf8), to: fifo)
                return nil
            } catch {
                return error.problem
            }
        }
        XCTAssertEqual(outcome, .some(.notRegular(.fifo)), "writing a FIFO blocked or was not refused")
        XCTAssertEqual(try info(fifo, following: false).st_mode & S_IFMT, S_IFIFO, "the FIFO was replaced")
        XCTAssertEqual(listing(), ["pipe"])
        let error = FileError(path: fifo, problem: .notRegular(.fifo))
        XCTAssertEqual(error.reason, "is a FIFO, not a regular file")
    }

    func testDeviceNodeIsRefused() throws {
        let before = listing("/dev")
        let error = assertRefused(.notRegular(.characterDevice)) { () throws(FileError) in
            try SafeFile.write(Array("x".utf8), to: "/dev/null")
        }
        XCTAssertEqual(error?.reason, "is a device, not a regular file")
        XCTAssertEqual(try info("/dev/null", following: false).st_mode & S_IFMT, S_IFCHR)
        XCTAssertEqual(listing("/dev").filter { $0.contains(".attn-") }, before.filter { $0.contains(".attn-") })
        // Through a link too: the link's target is what counts.
        XCTAssertEqual(symlink("/dev/null", file("null-link")), 0)
        assertRefused(.notRegular(.characterDevice)) { () throws(FileError) in
            try SafeFile.write([1], to: file("null-link"))
        }
        XCTAssertTrue(try isLink(file("null-link")))
    }

    func testDirectoryIsRefused() throws {
        XCTAssertEqual(mkdir(file("folder"), 0o755), 0)
        let error = assertRefused(.isDirectory) { () throws(FileError) in try SafeFile.write([1], to: file("folder")) }
        XCTAssertEqual(error?.reason, "is a directory")
        assertRefused(.isDirectory) { () throws(FileError) in try SafeFile.write([1], to: file("folder") + "/") }
        XCTAssertEqual(listing(), ["folder"])
        XCTAssertEqual(listing(file("folder")), [])
    }

    func testMissingFolderAndEmptyName() throws {
        let error = assertRefused(.directoryMissing(file("nope"))) { () throws(FileError) in
            try SafeFile.write([1], to: file("nope/x.npy"))
        }
        XCTAssertTrue(error?.reason.contains("does not exist") ?? false)
        assertRefused(.emptyName) { () throws(FileError) in try SafeFile.write([1], to: "") }
        let plain = try put("plain", "")
        assertRefused(.notADirectoryInPath) { () throws(FileError) in try SafeFile.write([1], to: plain + "/x") }
        XCTAssertEqual(listing(), ["plain"])
    }

    // MARK: - Writing: changes since the caller read the file

    func testAFileAppendedToSinceItWasReadIsLeftAlone() throws {
        let path = try put("doc.md", "first line\n")
        let snapshot = try SafeFile.read(path, limit: 1 << 20)
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("appended meanwhile\n".utf8))
        handle.closeFile()

        let error = assertRefused(.changedSinceRead) { () throws(FileError) in
            try SafeFile.write(Array("rewritten\n".utf8), to: path, expected: snapshot)
        }
        XCTAssertEqual(error?.reason, "changed since attn read it; not overwritten")
        XCTAssertEqual(contents(path), "first line\nappended meanwhile\n")
        XCTAssertEqual(listing(), ["doc.md"], "a temporary file was left behind")
    }

    func testASameSizeChangeWithTheOldTimeIsStillSeen() throws {
        let path = try put("doc.md", "value 1\n")
        let snapshot = try SafeFile.read(path, limit: 1 << 20)
        let before = try info(path)
        // Same length, and the modification time put back: only the bytes differ.
        try overwriteInPlace(path, "value 2\n")
        XCTAssertEqual(try info(path).st_ino, before.st_ino)
        var times = [before.st_atim, before.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0)
        assertRefused(.changedSinceRead) { () throws(FileError) in
            try SafeFile.write(Array("fixed\n".utf8), to: path, expected: snapshot)
        }
        XCTAssertEqual(contents(path), "value 2\n")
        XCTAssertEqual(listing(), ["doc.md"])
    }

    func testAFileReplacedOrRemovedSinceItWasReadIsLeftAlone() throws {
        let path = try put("doc.md", "same\n")
        let snapshot = try SafeFile.read(path, limit: 1 << 20)
        // Another file, same content, renamed into place (as an editor saves).
        _ = try put("other", "same\n")
        XCTAssertEqual(rename(file("other"), path), 0)
        assertRefused(.changedSinceRead) { () throws(FileError) in
            try SafeFile.write(Array("new\n".utf8), to: path, expected: snapshot)
        }
        XCTAssertEqual(contents(path), "same\n")
        XCTAssertEqual(unlink(path), 0)
        assertRefused(.changedSinceRead) { () throws(FileError) in
            try SafeFile.write(Array("new\n".utf8), to: path, expected: snapshot)
        }
        XCTAssertEqual(listing(), [], "the removed file was written again")
    }

    func testAnUnchangedFileIsWritten() throws {
        let path = try put("doc.md", "before\n")
        let link = file("link.md")
        XCTAssertEqual(symlink("doc.md", link), 0)
        let snapshot = try SafeFile.read(link, limit: 1 << 20)
        XCTAssertEqual(snapshot.bytes, Array("before\n".utf8))
        try SafeFile.write(Array("after\n".utf8), to: link, expected: snapshot)
        XCTAssertEqual(contents(path), "after\n")
        XCTAssertTrue(try isLink(link))
    }

    // MARK: - Writing: what is kept

    func testHardLinksStayLinked() throws {
        let first = try put("a.txt", "old contents that are longer\n")
        let second = file("b.txt")
        XCTAssertEqual(link(first, second), 0)
        let snapshot = try SafeFile.read(first, limit: 1 << 20)
        try SafeFile.write(Array("new\n".utf8), to: first, expected: snapshot)
        XCTAssertEqual(contents(first), "new\n")
        XCTAssertEqual(contents(second), "new\n", "the other name still shows the old file")
        XCTAssertEqual(try info(first).st_ino, try info(second).st_ino)
        XCTAssertEqual(try info(first).st_nlink, 2)
        XCTAssertEqual(listing(), ["a.txt", "b.txt"])
        // The in-place path checks for changes too.
        let stale = try SafeFile.read(second, limit: 1 << 20)
        try overwriteInPlace(second, "changed\n")
        assertRefused(.changedSinceRead) { () throws(FileError) in
            try SafeFile.write(Array("lost\n".utf8), to: first, expected: stale)
        }
        XCTAssertEqual(contents(first), "changed\n")
    }

    func testModeIsKept() throws {
        for mode: mode_t in [0o640, 0o600, 0o755, 0o604] {
            let path = try put("m\(String(mode, radix: 8))", "x")
            XCTAssertEqual(chmod(path, mode), 0)
            try SafeFile.write(Array("y".utf8), to: path)
            XCTAssertEqual(try info(path).st_mode & 0o7777, mode, "mode \(String(mode, radix: 8))")
            XCTAssertEqual(contents(path), "y")
        }
    }

    func testOwnerAndGroupAreKept() throws {
        guard geteuid() == 0 else { throw XCTSkip("giving a file to another user needs root") }
        let path = try put("owned", "x")
        XCTAssertEqual(chown(path, 1234, 4321), 0)
        try SafeFile.write(Array("y".utf8), to: path)
        let after = try info(path)
        XCTAssertEqual(after.st_uid, 1234, "the owner changed")
        XCTAssertEqual(after.st_gid, 4321, "the group changed")
        XCTAssertEqual(contents(path), "y")
        XCTAssertEqual(listing(), ["owned"])
    }

    func testNewFilesGetTheUmaskMode() throws {
        for mask: mode_t in [0o022, 0o077, 0o002] {
            let old = umask(mask)
            defer { umask(old) }
            let path = file("new\(String(mask, radix: 8))")
            try SafeFile.write(Array("n".utf8), to: path)
            XCTAssertEqual(try info(path).st_mode & 0o7777, 0o666 & ~mask, "umask \(String(mask, radix: 8))")
        }
        XCTAssertEqual(listing(), ["new2", "new22", "new77"])
    }

    func testReplacesAnOrdinaryFileWhole() throws {
        let path = try put("f", String(repeating: "long old line\n", count: 100))
        try SafeFile.write(Array("short".utf8), to: path)
        XCTAssertEqual(contents(path), "short")
        try SafeFile.write([], to: path)
        XCTAssertEqual(contents(path), "")
        XCTAssertEqual(listing(), ["f"])
    }

    // MARK: - Reading

    func testReadRefusesAFIFOAtOnce() throws {
        let fifo = try makeFIFO("pipe.npy")
        let outcome = withinSeconds(5) { () -> FileError.Problem? in
            do throws(FileError) {
                _ = try SafeFile.read(fifo, limit: 100)
                return nil
            } catch {
                return error.problem
            }
        }
        XCTAssertEqual(outcome, .some(.notRegular(.fifo)), "reading a FIFO blocked or was not refused")
    }

    func testReadRefusesDevicesAtOnce() throws {
        for device in ["/dev/zero", "/dev/null"] {
            let outcome = withinSeconds(5) { () -> FileError.Problem? in
                do throws(FileError) {
                    _ = try SafeFile.read(device, limit: 100)
                    return nil
                } catch {
                    return error.problem
                }
            }
            XCTAssertEqual(outcome, .some(.notRegular(.characterDevice)), device)
        }
    }

    func testReadRefusesDirectoriesAndMissingFiles() throws {
        assertRefused(.isDirectory) { () throws(FileError) in _ = try SafeFile.read(dir, limit: 100) }
        let missing = assertRefused(.notFound) { () throws(FileError) in _ = try SafeFile.read(file("none"), limit: 100) }
        XCTAssertEqual(missing?.message, "'\(file("none"))': no such file")
        assertRefused(.emptyName) { () throws(FileError) in _ = try SafeFile.read("", limit: 100) }
    }

    func testReadChecksTheSizeLimit() throws {
        let path = try put("hundred", String(repeating: "x", count: 100))
        XCTAssertEqual(try SafeFile.read(path, limit: 100).bytes.count, 100)
        let error = assertRefused(.tooLarge(size: 100, limit: 99)) { () throws(FileError) in
            _ = try SafeFile.read(path, limit: 99)
        }
        XCTAssertEqual(error?.reason, "is too large (100 bytes; the limit is 99)")
    }

    func testReadTextRefusesInvalidUTF8() throws {
        let path = file("binary")
        try Data([0x61, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: path))
        assertRefused(.notUTF8) { () throws(FileError) in _ = try SafeFile.readText(path, limit: 100) }
        let good = try put("text", "héllo\n")
        XCTAssertEqual(try SafeFile.readText(good, limit: 100).text, "héllo\n")
    }

    // MARK: - The home directory

    func testTildeExpandsToHome() throws {
        let saved = getenv("HOME").map { String(cString: $0) }
        defer {
            if let saved { setenv("HOME", saved, 1) } else { unsetenv("HOME") }
        }
        setenv("HOME", dir, 1)
        XCTAssertEqual(SafeFile.expandingHome("~"), dir)
        XCTAssertEqual(SafeFile.expandingHome("~/a/b.npy"), dir + "/a/b.npy")
        XCTAssertEqual(SafeFile.expandingHome("~other/x"), "~other/x")
        XCTAssertEqual(SafeFile.expandingHome("a/~/b"), "a/~/b")
        XCTAssertEqual(SafeFile.expandingHome("./~"), "./~")
        XCTAssertEqual(SafeFile.expandingHome(""), "")

        try SafeFile.write(Array("at home".utf8), to: "~/h.txt")
        XCTAssertEqual(contents(file("h.txt")), "at home")
        XCTAssertEqual(try SafeFile.read("~/h.txt", limit: 100).bytes, Array("at home".utf8))
        let missing = assertRefused(.notFound) { () throws(FileError) in _ = try SafeFile.read("~/none", limit: 10) }
        XCTAssertEqual(missing?.path, "~/none", "errors name the path as typed")

        setenv("HOME", dir + "/", 1)
        XCTAssertEqual(SafeFile.expandingHome("~/x"), dir + "/x")
        setenv("HOME", "/", 1)
        XCTAssertEqual(SafeFile.expandingHome("~/x"), "/x")
        XCTAssertEqual(SafeFile.expandingHome("~"), "/")
    }

    // MARK: - Words

    func testErrnoValuesBecomePlainWords() {
        XCTAssertEqual(FileError(path: "p", errno: ENOENT).reason, "no such file")
        XCTAssertEqual(FileError(path: "p", errno: EACCES).reason, "permission denied")
        XCTAssertEqual(FileError(path: "p", errno: EISDIR).reason, "is a directory")
        XCTAssertEqual(FileError(path: "p", errno: ENOSPC).reason, "no space left on the device")
        XCTAssertEqual(FileError(path: "p", errno: EROFS).reason, "is on a read-only file system")
        XCTAssertEqual(CoreError(FileError(path: "x.npy", errno: ENOENT)).message, "'x.npy': no such file")
        // A path with an escape sequence cannot drive the terminal.
        XCTAssertEqual(FileError(path: "a\u{1B}[2Jb", errno: ENOENT).message, "'a\\x1b[2Jb': no such file")
    }

    func testExcerptsAreShortAndVisible() {
        XCTAssertEqual(Excerpt.visible("bell\u{7}esc\u{1B}[31m\ttab\nnl\u{7F}", limit: 100),
                       "bell\\x07esc\\x1b[31m\\ttab\\nnl\\x7f")
        XCTAssertEqual(Excerpt.visible("\u{9B}31m\u{202E}evil", limit: 100), "\\x9b31m\\u{202e}evil")
        let long = Excerpt.visible(String(repeating: "s", count: 1000), limit: 40)
        XCTAssertEqual(long, String(repeating: "s", count: 40) + "...")
        XCTAssertEqual(Excerpt.visible("exactly", limit: 7), "exactly")
        // An escape is never cut in half.
        XCTAssertEqual(Excerpt.visible("abc\u{1B}", limit: 5), "abc...")
        XCTAssertEqual(Excerpt.visible([0x61, 0x1B, 0xFF]), "a\\x1b\u{FFFD}")
    }
}

/// A result handed from another thread; the semaphore orders the accesses.
private final class ResultBox<T>: @unchecked Sendable {
    private var value: T?
    private let lock = NSLock()
    func set(_ newValue: T) { lock.lock(); value = newValue; lock.unlock() }
    func get() -> T? { lock.lock(); defer { lock.unlock() }; return value }
}
