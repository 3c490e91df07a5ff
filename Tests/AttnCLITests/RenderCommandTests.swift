import Foundation
import XCTest

/// `attn render` and heatmaps end to end, through the real binary.
final class RenderCommandTests: CLITestCase {
    static let document = """
    # A page

    ```attn
    let W = weights([[1, 0], [0, 1]], [[1, 0], [0, 1]])
    sum(W)  # => 2
    heatmap(W, rows: "a b", cols: "a b")
    ```
    """

    func testWritesThePageBesideTheWorkingDirectoryByDefault() throws {
        let path = try write("doc.md", RenderCommandTests.document)
        let r = try attn("render", path)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "wrote doc.html: 1 passed, 0 failed\n")
        let page = try String(contentsOf: scratch.appendingPathComponent("doc.html"), encoding: .utf8)
        XCTAssertTrue(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg") && page.contains("✓ 1 passed"))
    }

    func testAFailedClaimStillWritesThePageAndExitsOne() throws {
        let path = try write("bad.attn", "1 + 1  # => 3\n")
        let out = scratch.appendingPathComponent("out.html").path
        let r = try attn("render", path, "-o", out)
        XCTAssertEqual(r.status, 1)
        XCTAssertEqual(r.stdout, "wrote \(out): 0 passed, 1 failed\n")
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).contains("claim failed"))
    }

    func testUnreadableDocumentsAndUnwritablePages() throws {
        assertFails(try attn("render", scratch.appendingPathComponent("missing.md").path), containing: "cannot read")
        let path = try write("doc.md", RenderCommandTests.document)
        assertFails(try attn("render", path, "-o", scratch.appendingPathComponent("no/such/folder/p.html").path),
                    containing: "cannot write the page")
        assertFails(try attn("render"), status: 2, containing: "Missing expected argument")
    }

    /// The document runs sandboxed, as attn check runs it.
    func testTheDocumentRunsInTheSandbox() throws {
        let path = try write("peek.attn", "load(\"/etc/hostname\")  # => 0\n")
        let r = try attn("render", path, "-o", scratch.appendingPathComponent("p.html").path)
        XCTAssertEqual(r.status, 1)
        let page = try String(contentsOf: scratch.appendingPathComponent("p.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("outside the document&#39;s folder") || page.contains("outside the document's folder"), page)
    }

    func testOpenHandsThePageToTheSystemsOpener() throws {
        let path = try write("doc.md", RenderCommandTests.document)
        let bin = scratch.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let marker = scratch.appendingPathComponent("opened")
        let opener = bin.appendingPathComponent("xdg-open")
        try "#!/bin/sh\necho \"$1\" > '\(marker.path)'\n".write(to: opener, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: opener.path)
        let r = try attn(["render", path, "--open"], environment: ["PATH": bin.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        for _ in 0..<100 where !FileManager.default.fileExists(atPath: marker.path) { usleep(20_000) }
        XCTAssertEqual(try String(contentsOf: marker, encoding: .utf8), "doc.html\n")
        let none = try attn(["render", path, "--open"], environment: ["PATH": scratch.appendingPathComponent("empty").path])
        XCTAssertEqual(none.status, 0)
        XCTAssertTrue(none.stderr.contains("no opener found"), none.stderr)
    }

    /// Colour is decided at the edge: never when stdout is not a terminal
    /// (unless --color always), and a transcript shows the drawing too.
    func testHeatmapColourFollowsTheColourOption() throws {
        let program = "heatmap([[1, 0], [0.5, 0.5]])"
        let plain = try attn("-e", program)
        XCTAssertEqual(plain.status, 0)
        XCTAssertFalse(plain.stdout.contains("\u{1B}"))
        XCTAssertTrue(plain.stdout.contains("██") && plain.stdout.contains("·"), plain.stdout)
        let always = try attn("--color", "always", "-e", program)
        XCTAssertTrue(always.stdout.contains("\u{1B}[48;2;"), always.stdout)
        XCTAssertFalse(try attn("--color", "never", "-e", program).stdout.contains("\u{1B}"))
        let transcript = try attn("run", "--transcript", "-e", program)
        XCTAssertTrue(transcript.stdout.hasPrefix("attn> \(program)\nscale 0 [ ░▒▓█] 1   · masked\n"), transcript.stdout)
    }
}
