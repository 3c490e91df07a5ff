import AttnCore
import Foundation
import XCTest
@testable import AttnFuzzing

/// The properties the fuzz targets check hold on ordinary input, and report
/// what breaks them.
final class PropertyTests: XCTestCase {
    /// Self-attention on random matrices, under every option the targets
    /// pick, agrees with the textbook formula.
    func testAttendMatchesTheTextbookFormula() throws {
        var rng = SystemRandomNumberGenerator()
        var checked = 0
        for n in [1, 2, 3, 5, 9] {
            for d in [1, 2, 4, 6] {
                let values = (0..<(n * d)).map { _ in Double.random(in: -3...3, using: &rng) }
                let t = try Tensor(shape: [n, d], scalars: values)
                for arg in 0..<70 {
                    let options = FuzzProperties.options(arg, width: d)
                    XCTAssertNil(FuzzProperties.attendMatchesTextbook(t, options: options))
                    checked += 1
                }
            }
        }
        XCTAssertEqual(checked, 5 * 4 * 70)
    }

    /// A window, causal attention and two heads are among the options tried.
    func testTheOptionsCoverTheRules() {
        let picked = (0..<70).map { FuzzProperties.options($0, width: 4) }
        XCTAssertTrue(picked.contains { $0.causal == .topLeft })
        XCTAssertTrue(picked.contains { $0.causal == .bottomRight })
        XCTAssertTrue(picked.contains { $0.window?.left != nil && $0.window?.right != nil })
        XCTAssertTrue(picked.contains { $0.heads == 2 })
        XCTAssertTrue(picked.contains { $0.scale == 0 })
    }

    func testTheSandboxCheck() throws {
        XCTAssertNil(FuzzLimits.checkSandbox(text: "", shown: []))
        // A program showing the number the decoy outside holds read it.
        XCTAssertNotNil(FuzzLimits.checkSandbox(text: "load(\"../outside/secret.npy\")", shown: ["[8675309.0625]"]))
        XCTAssertNil(FuzzLimits.checkSandbox(text: "8675309.0625", shown: ["8675309.0625"]))
        // A file left in the sandbox was written there.
        let stray = (FuzzLimits.sandbox as NSString).appendingPathComponent("stray.npy")
        XCTAssertTrue(FileManager.default.createFile(atPath: stray, contents: Data([1])))
        XCTAssertNotNil(FuzzLimits.checkSandbox(text: "", shown: []))
        XCTAssertNil(FuzzLimits.checkSandbox(text: "", shown: []), "the check clears the sandbox for the next input")
    }

    /// Programs that try to read the decoys or write anywhere end with every
    /// property holding: attn's file rules refuse them.
    func testProgramsReachingOutsideAreRefused() {
        let restore = FuzzLimits.apply()
        defer { restore() }
        let attn = [
            "let x = load(\"../outside/secret.npy\")\nx",
            "let y = load(\"\(FuzzLimits.sandbox)/../outside/secret.csv\")\ny",
            "save(\"a.npy\", [1, 2])\nsave(\"../outside/secret.npy\", [1])\nload(\"a.npy\")",
        ]
        for program in attn { XCTAssertEqual(FuzzPrograms.attn(Array(program.utf8)), [], program) }
        let python = [
            "import numpy as np\nx = np.load('../outside/secret.npy')\nprint(x)",
            "import numpy as np\nnp.save('b.npy', np.ones(2))\nnp.save('../outside/secret.npy', np.ones(1))\nprint(np.load('b.npy'))",
            "print(open('../outside/secret.txt').read())",
            "import numpy as np\nprint(np.load('\(FuzzLimits.sandbox)/../outside/secret.npy'))",
        ]
        for program in python { XCTAssertEqual(FuzzPrograms.python(Array(program.utf8)), [], program) }
    }
}
