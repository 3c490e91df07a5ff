import AttnCore
import XCTest
@testable import AttnLang

/// The runner's rules, for attn and for any other dialect that plugs in.
final class RunnerTests: XCTestCase {
    override func tearDown() {
        Interrupt.clear()
        super.tearDown()
    }

    /// A toy second language: each line is a number, shown doubled; `bad`
    /// does not parse and `fail` fails when run.
    private final class Doubling: Dialect {
        var ran: [String] = []

        func steps(in source: SourceFile) -> [Step] {
            var steps: [Step] = []
            var offset = 0
            for line in source.text.split(separator: "\n", omittingEmptySubsequences: false) {
                let range = SourceRange(offset, offset + line.utf8.count)
                offset += line.utf8.count + 1
                if line.isEmpty { continue }
                if line == "bad" {
                    steps.append(Step(source: source, range: range, kind: .invalid, parseError: Diagnostic("bad line", at: range)))
                } else {
                    steps.append(Step(source: source, range: range, kind: .expression(silent: false), parsed: String(line)))
                }
            }
            return steps
        }

        func run(_ step: Step, remember: Bool) -> Outcome {
            var outcome = Outcome(step: step)
            if let error = step.parseError { outcome.diagnostic = error; return outcome }
            let text = step.parsed as? String ?? ""
            ran.append(text)
            if text == "stop" { Interrupt.request() }
            if Interrupt.isRequested { outcome.diagnostic = Diagnostic(.interrupted, at: step.range); return outcome }
            guard let x = Double(text) else { outcome.diagnostic = Diagnostic("not a number", at: step.range); return outcome }
            outcome.value = .tensor(Tensor(2 * x))
            outcome.display = Printer.number(2 * x, .digits(6))
            return outcome
        }

        func needsMoreInput(_ text: String) -> Bool { text.hasSuffix("\\") }
    }

    func testAnotherDialectRunsUnderTheSameRules() {
        let dialect = Doubling()
        let session = Session(dialect: dialect)
        let all = session.run(SourceFile(name: "d", text: "1\nbad\nfail\n4"), stopAtFirstError: false)
        XCTAssertEqual(all.outcomes.map { $0.display ?? $0.diagnostic?.message ?? "" }, ["2", "bad line", "not a number", "8"])
        XCTAssertEqual(all.failed, 2)
        XCTAssertEqual(all.outcomes[1].step.lastLine, 2)

        let first = session.run(SourceFile(name: "d", text: "1\nfail\n4"))
        XCTAssertEqual(first.outcomes.count, 2, "the first failure ends a run that stops at errors")

        dialect.ran = []
        let stopped = session.run(SourceFile(name: "d", text: "1\nstop\n3\n4"), stopAtFirstError: false)
        XCTAssertTrue(stopped.interrupted)
        XCTAssertEqual(dialect.ran, ["1", "stop"], "a stop request ends even a run that goes on after errors")
    }

    func testStepsCarryTheirTextKindAndLines() {
        let steps = Session().dialect.steps(in: SourceFile(name: "s", text: "let a = [1,\n  2]\na;\nlet f(x) = x\n)"))
        XCTAssertEqual(steps.map(\.kind), [.binding(names: ["a"]), .expression(silent: true), .definition(name: "f"), .invalid])
        XCTAssertEqual(steps[0].text, "let a = [1,\n  2]")
        XCTAssertEqual(steps[0].firstLine, 1)
        XCTAssertEqual(steps[0].lastLine, 2)
        XCTAssertEqual(steps[3].lastLine, 5)
        XCTAssertNotNil(steps[3].parseError)
    }

    func testOutcomesHoldPrintedLinesValueAndDisplay() {
        let session = Session()
        let outcomes = session.run(SourceFile(name: "o", text: "print(\"hi\"); 3\n[1, 2];\nprint(\"x\")")).outcomes
        XCTAssertEqual(outcomes.map(\.printed), [["hi"], [], [], ["x"]])
        XCTAssertEqual(outcomes.map(\.display), [nil, "3", nil, nil])
        XCTAssertEqual(outcomes[2].value?.tensor, Tensor(vector: [1, 2]), "a silent statement has a value but shows nothing")
        XCTAssertTrue(outcomes[3].value?.isNothing ?? false, "print's value is nothing")
        XCTAssertEqual(session.interpreter.lastValue?.tensor, Tensor(vector: [1, 2]), "print did not change _")
    }

    func testStatementsThatDependOnAFailedDefinitionSaySo() {
        let session = Session()
        let outcomes = session.run(SourceFile(name: "page.attn", text: "let w = softmax([1, 2], axis: 3)\nw * 2\nlet w = 1\nw * 2"),
                                   stopAtFirstError: false).outcomes
        XCTAssertTrue(outcomes[0].diagnostic?.message.contains("axis 3") ?? false)
        XCTAssertEqual(outcomes[1].diagnostic?.message, "'w' is not defined: its definition at page.attn:1 failed")
        XCTAssertEqual(outcomes[3].display, "2", "a later definition that works clears the record")
    }

    func testRememberFalseLeavesTheLastValue() {
        let session = Session()
        session.run(SourceFile(name: "a", text: "42"))
        let inspected = session.run(SourceFile(name: "b", text: "7"), remember: false)
        XCTAssertEqual(inspected.outcomes.first?.display, "7")
        XCTAssertEqual(session.interpreter.lastValue?.tensor, Tensor(42))
    }
}
