import AttnCore
import AttnLang
import XCTest
@testable import AttnPython

/// What the golden corpus cannot hold: where attn's torch departs from
/// PyTorch on purpose (no autograd, no CUDA, no installed versions) and
/// how torch values live in the evaluator.
final class TorchModuleTests: XCTestCase {
    func testBackwardIsAnExplicitUnsupportedError() {
        let run = PythonTest.run("import torch\nx = torch.ones(2, requires_grad=True)\ny = (x * 2).sum()\nprint(y)\ny.backward()\n")
        XCTAssertEqual(run.stdout, "tensor(4., grad_fn=<SumBackward0>)\n")
        XCTAssertEqual(run.error?.kind, .unsupported)
        XCTAssertEqual(run.errorLine, 5)
        XCTAssertTrue(run.error?.message.contains("no autograd") ?? false, run.error?.message ?? "")
    }

    func testCUDAIsUnsupported() {
        let run = PythonTest.run("import torch\nx = torch.ones(2).cuda()\n")
        XCTAssertEqual(run.error?.kind, .unsupported)
        let to = PythonTest.run("import torch\nprint(torch.ones(1).to('cpu'))\nx = torch.ones(2).to('cuda')\n")
        XCTAssertEqual(to.stdout, "tensor([1.])\n")
        XCTAssertEqual(to.error?.kind, .unsupported)
        XCTAssertEqual(to.errorLine, 3)
    }

    func testInstalledVersionsAreUnsupportedButTheImportWorks() {
        let run = PythonTest.run("from importlib.metadata import version\nimport torch\nprint(torch.ones(1))\nprint(version('torch'))\n")
        XCTAssertEqual(run.stdout, "tensor([1.])\n")
        XCTAssertEqual(run.error?.kind, .unsupported)
        XCTAssertEqual(run.errorLine, 4)
    }

    func testModulesImportInAnyOrderAndShareTheirClasses() {
        let run = PythonTest.run("""
            import torch.nn.functional as F
            import torch.nn as nn
            import torch
            print(torch.nn is nn, nn.functional is F, torch.special.softmax(torch.ones(2), 0))
            print(isinstance(nn.Linear(1, 1).weight, nn.Parameter), isinstance(nn.Linear(1, 1), nn.Module))

            """)
        XCTAssertNil(run.error, run.error?.message ?? "")
        XCTAssertEqual(run.stdout, "True True tensor([0.5000, 0.5000])\nTrue True\n")
    }

    func testEachProgramHasItsOwnGenerator() {
        let program = "import torch\nprint(torch.rand(2))\n"
        XCTAssertEqual(PythonTest.run(program).stdout, PythonTest.run(program).stdout)
        let seeded = PythonTest.run("import torch\ntorch.manual_seed(0)\nprint(torch.rand(2))\n")
        XCTAssertEqual(seeded.stdout, "tensor([0.4963, 0.7682])\n")
    }

    func testSizesAreCheckedBeforeAllocating() {
        let run = PythonTest.run("import torch\nx = torch.zeros(100000, 100000, 100000)\n")
        XCTAssertEqual(run.errorType, "MemoryError", run.error?.message ?? "")
    }

    func testDrawsBeforeManualSeedAreNotReproducible() {
        let run = PythonTest.run("""
            import torch
            a = torch.rand(2)
            layer = torch.nn.Linear(2, 2)
            torch.manual_seed(0)
            b = torch.rand(2)
            g = torch.Generator()
            c = torch.rand(2, generator=g)

            """)
        XCTAssertNil(run.error, run.error?.message ?? "")
        let marks = run.outcomes.map { $0.notReproducible != nil }
        XCTAssertEqual(marks, [false, true, true, false, false, false, false], "\(run.outcomes.map { $0.notReproducible ?? "-" })")
    }

    func testAViewOfATransposeIsPyTorchsError() {
        let run = PythonTest.run("import torch\nx = torch.ones(2, 3)\nprint(x.T.reshape(6).shape, x.T.contiguous().view(6).shape)\ny = x.T.view(6)\n")
        XCTAssertEqual(run.stdout, "torch.Size([6]) torch.Size([6])\n")
        XCTAssertEqual(run.errorType, "RuntimeError")
        XCTAssertEqual(run.errorLine, 4)
    }
}
