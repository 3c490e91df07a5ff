import AttnCore
import XCTest
@testable import AttnLang

final class InterpreterTests: XCTestCase {
    // MARK: - Helpers

    /// The value of the last expression statement of `text` in a new session.
    private func value(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Value? {
        do {
            return try Session().evaluate(text)
        } catch {
            XCTFail("\(text.debugDescription) failed: \(error.message)", file: file, line: line)
            return nil
        }
    }

    private func tensor(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Tensor? {
        guard let v = value(text, file: file, line: line) else { return nil }
        guard case .tensor(let t) = v else {
            XCTFail("\(text.debugDescription) gave \(v.kindDescription), not a tensor", file: file, line: line)
            return nil
        }
        return t
    }

    private func number(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Double? {
        guard let t = tensor(text, file: file, line: line) else { return nil }
        XCTAssertTrue(t.isScalar, "\(text.debugDescription) is not a number: shape \(t.shape)", file: file, line: line)
        return t.scalarValue
    }

    private struct Failure {
        var message: String
        var notes: [String]
        /// The source text the diagnostic underlines.
        var text: String
        var line: Int
        var column: Int
        var diagnostic: Diagnostic
    }

    /// The error `text` raises, with what it underlines.
    private func failure(_ text: String, in session: Session = Session(), file: StaticString = #filePath, line: UInt = #line) -> Failure? {
        var found: Failure?
        let source = SourceFile(name: "t", text: text)
        session.run(source) { outcome in
            if let d = outcome.diagnostic, found == nil {
                let src = outcome.diagnosticSource
                let (l, c) = src.location(of: d.range.start)
                found = Failure(message: d.message, notes: d.notes, text: src.text(of: d.range), line: l, column: c, diagnostic: d)
            }
        }
        if found == nil { XCTFail("\(text.debugDescription) ran without an error", file: file, line: line) }
        return found
    }

    /// Every event of running `text`, as short strings: `value: 3`, `print: a`, `error: ...`.
    private func events(_ text: String, session: Session = Session(), continueOnError: Bool = false) -> [String] {
        var out: [String] = []
        session.run(SourceFile(name: "t", text: text), stopAtFirstError: !continueOnError) { outcome in
            for line in outcome.printed { out.append("print: \(line)") }
            if let display = outcome.display { out.append("value: \(display)") }
            if let d = outcome.diagnostic { out.append("error: \(d.message)") }
        }
        return out
    }

    // MARK: - Bindings and scope

    func testBindings() {
        XCTAssertEqual(number("let x = 2; x * 3"), 6)
        XCTAssertEqual(number("x = 1\nx = x + 1\nx"), 2)
        XCTAssertEqual(tensor("let v = [1, 2]\nv"), Tensor(vector: [1, 2]))
        XCTAssertEqual(number("let x_1 = 4; let X = 5; x_1 + X"), 9, "names are case-sensitive")
    }

    func testBindingsPrintNothing() {
        XCTAssertEqual(events("let x = 1\ny = 2\nlet f(a) = a"), [])
        XCTAssertEqual(events("1; 2\n3;"), ["value: 1", "value: 2"])
    }

    func testConstants() {
        XCTAssertEqual(number("true"), 1)
        XCTAssertEqual(number("false"), 0)
        XCTAssertEqual(number("inf"), .infinity)
        XCTAssertEqual(number("-inf"), -.infinity)
        XCTAssertTrue(number("nan")?.isNaN ?? false)
        XCTAssertEqual(number("pi"), Double.pi)
    }

    func testConstantsCannotBeRedefined() {
        for text in ["let inf = 1", "true = 0", "let nan(x) = x", "false = 1"] {
            let f = failure(text)
            XCTAssertTrue(f?.message.contains("constant") ?? false, "\(text): \(f?.message ?? "")")
        }
    }

    func testBindingsShadowBuiltinsLikePython() {
        // A pasted numpy program names a variable `weights`; that must work.
        XCTAssertEqual(number("weights = 2\nweights * 3"), 6)
        XCTAssertEqual(number("let softmax(x) = x + 1\nsoftmax(1)"), 2)
        // Shadowing lasts for the session only; a new session has the builtin.
        XCTAssertEqual(try Session().evaluate("exp(0)")?.tensor, Tensor(1))
        XCTAssertEqual(number("let pi = 3\npi"), 3, "pi and e are names, not literals")
    }

    func testFunctionsAndParameterShadowing() {
        XCTAssertEqual(number("let f(x, y) = x * y + 1\nf(2, 3)"), 7)
        XCTAssertEqual(number("let x = 5\nlet f(x) = x * 2\nf(3) + x"), 11, "the parameter shadows the global only inside")
        XCTAssertEqual(number("let f(x, y) = x - y\nf(y: 1, x: 10)"), 9, "named arguments in any order")
        XCTAssertEqual(number("let f(x, y) = x - y\nf(10, y: 1)"), 9)
        XCTAssertEqual(number("let c() = 42\nc()"), 42)
    }

    func testLexicalScopeNotDynamic() {
        // g sees the globals where it was defined, not f's parameter y.
        let f = failure("let g() = y\nlet f(y) = g()\nf(1)")
        XCTAssertEqual(f?.message, "unknown name 'y'")
        XCTAssertEqual(f?.line, 1)
        XCTAssertEqual(f?.column, 11)
    }

    func testFunctionsSeeLaterGlobals() {
        // The closure is the global environment itself: a global defined or
        // changed after the function is seen when it is called.
        XCTAssertEqual(number("let f(x) = x + a\nlet a = 1\nf(1)"), 2)
        XCTAssertEqual(number("let a = 1\nlet f(x) = x + a\na = 10\nf(1)"), 11)
    }

    func testFunctionsAsValues() {
        XCTAssertEqual(number("let apply(f, x) = f(x)\nlet sq(x) = x^2\napply(sq, 3)"), 9)
        XCTAssertEqual(number("let apply(f, x) = f(x)\napply(exp, 0)"), 1, "builtins are values too")
        XCTAssertEqual(number("let sq(x) = x^2\nlet g = sq\ng(4)"), 16)
        XCTAssertEqual(number("let twice(f, x) = f(f(x))\nlet inc(x) = x + 1\ntwice(inc, 0)"), 2)
    }

    func testCallingANonFunction() {
        let f = failure("let x = 1\nx(2)")
        XCTAssertTrue(f?.message.lowercased().contains("number cannot be called") ?? false, f?.message ?? "")
        XCTAssertEqual(f?.text, "x")
        XCTAssertTrue(failure("\"s\"(1)")?.message.lowercased().contains("string cannot be called") ?? false)
    }

    // MARK: - Recursion

    func testFactorialWithIf() {
        let text = "let fact(n) = if n <= 1 then 1 else n * fact(n - 1)\n"
        XCTAssertEqual(number(text + "fact(1)"), 1)
        XCTAssertEqual(number(text + "fact(5)"), 120)
        XCTAssertEqual(number(text + "fact(10)"), 3_628_800)
        XCTAssertEqual(number("let fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2)\nfib(15)"), 610)
    }

    func testIfTakesOnlyOneBranch() {
        // The untaken branch would fail if it were evaluated.
        XCTAssertEqual(number("if 1 then 2 else undefined_name"), 2)
        XCTAssertEqual(number("if 0 then undefined_name else 3"), 3)
        XCTAssertEqual(number("if nan then 1 else 2"), 2, "nan is not true")
        XCTAssertEqual(number("if -0.5 then 1 else 2"), 1)
        XCTAssertEqual(number("if [7] then 1 else 2"), 1, "a one-element tensor is a condition")
    }

    func testIfConditionMustBeOneNumber() {
        let f = failure("if [1, 0] then 1 else 2")
        XCTAssertTrue(f?.message.contains("single number") ?? false)
        XCTAssertTrue(f?.message.contains("[2]") ?? false)
        XCTAssertEqual(f?.text, "[1, 0]")
        XCTAssertTrue(failure("if \"yes\" then 1 else 2")?.message.contains("not a string") ?? false)
    }

    /// Runs `text` on a large stack (as the CLI does) and returns the first error.
    private func failureOnLargeStack(_ text: String) -> Diagnostic? {
        Session.withLargeStack { () -> Diagnostic? in
            var found: Diagnostic?
            Session().run(SourceFile(name: "t", text: text)) { outcome in
                if let d = outcome.diagnostic, found == nil { found = d }
            }
            return found
        }
    }

    func testInfiniteRecursionIsAnError() {
        let d = failureOnLargeStack("let f(x) = f(x)\nf(1)")
        XCTAssertNotNil(d)
        XCTAssertTrue(d?.message.contains("recursion") ?? false, d?.message ?? "")
        XCTAssertTrue(d?.message.contains("\(Interpreter.maxCallDepth)") ?? false, d?.message ?? "")
    }

    func testMutualRecursionIsAnError() {
        let d = failureOnLargeStack("let f(x) = g(x) + 1\nlet g(x) = f(x) * 2\nf(1)")
        XCTAssertTrue(d?.message.contains("recursion") ?? false, d?.message ?? "no error")
    }

    func testRecursionThroughDeepBodiesIsAnError() {
        // Each call nests ~95 levels of expression before recursing: the call
        // limit alone would allow ~100,000 levels, enough to overflow a stack.
        for body in ["0+(" + String(repeating: "0+(", count: 94) + "f(x)" + String(repeating: ")", count: 95),
                     String(repeating: "[", count: 90) + "f(x)" + String(repeating: "]", count: 90),
                     String(repeating: "-", count: 190) + "f(x)",
                     String(repeating: "sum(", count: 90) + "f(x)" + String(repeating: ")", count: 90)] {
            let d = failureOnLargeStack("let f(x) = " + body + "\nf(1)")
            XCTAssertTrue(d?.message.contains("recursion") ?? false, d?.message ?? "no error")
        }
    }

    func testRecursionJustUnderTheLimitWorks() {
        let n = Interpreter.maxCallDepth - 1
        let result = Session.withLargeStack { () -> Double? in
            try? Session().evaluate("let count(n) = if n == 0 then 0 else 1 + count(n - 1)\ncount(\(n))")?.tensor?.scalarValue
        }
        XCTAssertEqual(result, Double(n))
    }

    func testSessionUsableAfterRecursionError() {
        let out = Session.withLargeStack { () -> [String] in
            var lines: [String] = []
            let session = Session()
            session.run(SourceFile(name: "t", text: "let f(x) = f(x)\nf(1)\nlet g(n) = if n == 0 then 0 else g(n - 1)\ng(500)"),
                        stopAtFirstError: false) { outcome in
                lines += outcome.shownLines
                if outcome.diagnostic != nil { lines.append("error") }
            }
            return lines
        }
        XCTAssertEqual(out, ["error", "0"])
    }

    // MARK: - _ holds the last value

    func testUnderscoreHoldsTheLastValue() {
        XCTAssertEqual(number("1 + 1\n_ * 10"), 20)
        XCTAssertEqual(number("5\nlet y = 2\n_"), 5, "bindings do not change _")
        XCTAssertEqual(number("3;\n_ + 1"), 4, "a silenced value still sets _")
        XCTAssertEqual(events("[1, 2]; _ + 1"), ["value: [1, 2]", "value: [2, 3]"])
        XCTAssertEqual(failure("_")?.message, "unknown name '_'", "nothing has been computed yet")
    }

    // MARK: - Names and suggestions

    func testUnknownNameSuggestsTheClosest() {
        let f = failure("softmx([1, 2])")
        XCTAssertEqual(f?.message, "unknown name 'softmx'")
        XCTAssertEqual(f?.notes, ["did you mean 'softmax'?"])
        XCTAssertEqual(f?.text, "softmx")
    }

    func testUnknownNameSuggestsUserNames() {
        XCTAssertEqual(failure("let scores_raw = 1\nscores_rwa")?.notes.first, "did you mean 'scores_raw'?")
        XCTAssertEqual(failure("let query = 1\nqeury")?.notes.first, "did you mean 'query'?", "a swap of two letters is one typo")
        XCTAssertEqual(failure("let f(x) = x\nlet keys = [1]\nf(kyes)")?.notes.first, "did you mean 'keys'?")
    }

    func testUnknownNameWithoutAnyCloseMatch() {
        XCTAssertEqual(failure("zzzzzzzz")?.notes, [])
    }

    func testNumpyPrefixGetsAHint() {
        let f = failure("np")
        XCTAssertTrue(f?.notes.contains { $0.contains("no modules") } ?? false, "\(f?.notes ?? [])")
    }

    // MARK: - Arguments

    func testMisspelledNamedArgumentSuggests() {
        let f = failure("softmax([1, 2], axs: 0)")
        XCTAssertEqual(f?.message, "softmax has no argument named 'axs'")
        XCTAssertEqual(f?.notes.first, "did you mean 'axis:'?")
        XCTAssertEqual(f?.text, "axs")
        XCTAssertTrue(f?.notes.contains { $0.contains("softmax(x, axis:") } ?? false, "the signature is shown")
        XCTAssertEqual(failure("softmax([1, 2], temprature: 2)")?.notes.first, "did you mean 'temperature:'?")
    }

    func testMisspelledNamedArgumentOfUserFunction() {
        let f = failure("let f(alpha) = alpha\nf(alpah: 1)")
        XCTAssertEqual(f?.message, "f has no argument named 'alpah'")
        XCTAssertEqual(f?.notes, ["did you mean 'alpha:'?", "expected f(alpha)"])
        XCTAssertEqual(f?.text, "alpah")
    }

    func testMissingArguments() {
        let f = failure("softmax()")
        XCTAssertEqual(f?.message, "missing argument 'x' in call to softmax")
        XCTAssertEqual(f?.text, "softmax()")
        XCTAssertTrue(failure("attend([[1]], [[1]])")?.message.contains("missing argument 'V'") ?? false)
        let u = failure("let f(a, b) = a\nf(1)")
        XCTAssertTrue(u?.message.contains("missing argument 'b'") ?? false, u?.message ?? "")
        XCTAssertEqual(u?.line, 2)
    }

    func testTooManyArguments() {
        let f = failure("exp(1, 2)")
        XCTAssertEqual(f?.message, "too many arguments to exp")
        XCTAssertEqual(f?.text, "2", "the first extra argument is underlined")
        let u = failure("let f(a, b) = a\nf(1, 2, 3)")
        XCTAssertEqual(u?.message, "too many arguments to f")
        XCTAssertEqual(u?.notes, ["expected f(a, b)"])
        XCTAssertEqual(u?.text, "3")
    }

    /// A user function binds its arguments as a builtin does: one binder,
    /// so the same mistake gets the same words (only the names differ).
    func testUserFunctionsAndBuiltinsBindAlike() {
        for call in ["(1, 2)", "(y: 1)", "(x: 1, 2)", "()", "(1, x: 2)", "(x: 1, x: 2)", "(z: 1)"] {
            let builtin = failure("relu\(call)")
            let user = failure("let f(x) = relu(x)\nf\(call)")
            XCTAssertNotNil(builtin, call)
            XCTAssertEqual(user?.message, builtin?.message.replacingOccurrences(of: "relu", with: "f"), call)
            XCTAssertEqual(user?.notes, builtin?.notes.map { $0.replacingOccurrences(of: "relu", with: "f") }, call)
            XCTAssertEqual(user?.text, builtin?.text.replacingOccurrences(of: "relu", with: "f"), call)
        }
    }

    func testArgumentGivenTwice() {
        XCTAssertTrue(failure("softmax([1], axis: 0, axis: 0)")?.message.contains("given twice") ?? false)
        XCTAssertTrue(failure("softmax([1], x: [2])")?.message.contains("given twice") ?? false)
        XCTAssertTrue(failure("let f(x) = x\nf(x: 1, x: 2)")?.message.contains("given twice") ?? false)
        // Positional, then the same parameter by name: an error, as for builtins, not a silent overwrite.
        XCTAssertTrue(failure("let f(x) = x\nf(1, x: 2)")?.message.contains("given twice") ?? false)
    }

    func testPositionalAfterNamed() {
        XCTAssertTrue(failure("softmax(axis: 0, [1])")?.message.contains("positional argument cannot follow") ?? false)
        // For a user function too: f(x: 1, 2) must not quietly rebind x to 2.
        let f = failure("let f(x) = x\nf(x: 1, 2)")
        XCTAssertTrue(f?.message.contains("positional argument cannot follow") ?? false, f?.message ?? "")
    }

    func testWrongTypes() {
        let f = failure("exp(\"a\")")
        XCTAssertEqual(f?.message, "argument 'x' must be a number or tensor, not a string")
        XCTAssertEqual(f?.text, "\"a\"")
        XCTAssertEqual(failure("\"a\" + 1")?.message, "the left operand of '+' must be a number or tensor, not a string")
        XCTAssertEqual(failure("1 @ \"a\"")?.message, "the right operand of '@' must be a number or tensor, not a string")
        XCTAssertTrue(failure("-\"a\"")?.message.contains("not a string") ?? false)
        XCTAssertTrue(failure("\"a\".T")?.message.contains("not a string") ?? false)
        XCTAssertTrue(failure("exp + 1")?.message.contains("not the builtin exp") ?? false)
        XCTAssertTrue(failure("load(3)")?.message.contains("must be a string") ?? false)
        XCTAssertTrue(failure("zeros([[2, 3]])")?.message.contains("shape") ?? false)
        XCTAssertTrue(failure("softmax([1, 2], axis: [0, 1])")?.message.contains("single number") ?? false)
        XCTAssertTrue(failure("softmax([1, 2], axis: 0.5)")?.message.contains("integer") ?? false)
        let list = failure("[1, \"a\"]")
        XCTAssertTrue(list?.message.contains("not a string") ?? false)
        XCTAssertEqual(list?.text, "\"a\"")
    }

    // MARK: - Operators (semantics, not numerics)

    func testOperatorsAndComparisons() {
        // Comparisons give bool tensors, as numpy's do.
        func flags(_ values: [Bool]) -> Tensor { Tensor(unchecked: [values.count], storage: .bool(values)) }
        XCTAssertEqual(tensor("[1, 2, 3] > 2"), flags([false, false, true]))
        XCTAssertEqual(tensor("[1, 2, 3] == [1, 0, 3]"), flags([true, false, true]))
        XCTAssertEqual(tensor("[1, 2] != 2"), flags([true, false]))
        XCTAssertEqual(tensor("[1, 2] <= 1"), flags([true, false]))
        XCTAssertEqual(tensor("[1, 2] >= 2"), flags([false, true]))
        XCTAssertEqual(number("nan == nan"), 0)
        XCTAssertEqual(number("-2^2"), -4)
        XCTAssertEqual(number("2^-1"), 0.5)
        XCTAssertEqual(number("2^3^2"), 512)
        XCTAssertEqual(number("2**3"), 8)
        XCTAssertEqual(number("7 - 2 - 1"), 4)
        XCTAssertEqual(number("+3"), 3)
        XCTAssertEqual(tensor("[[1, 2], [3, 4]].T"), try Tensor(shape: [2, 2], scalars: [1, 3, 2, 4]))
        XCTAssertEqual(tensor("[1, 2, 3].T"), Tensor(vector: [1, 2, 3]), "a vector stays as it is")
    }

    func testBroadcastErrorNamesShapes() {
        let f = failure("[1, 2] + [1, 2, 3]")
        XCTAssertTrue(f?.message.contains("[2]") ?? false, f?.message ?? "")
        XCTAssertTrue(f?.message.contains("[3]") ?? false, f?.message ?? "")
        XCTAssertEqual(f?.text, "[1, 2] + [1, 2, 3]")
    }

    func testMatmulShapeHint() {
        let f = failure("ones([2, 3]) @ ones([2, 3])")
        XCTAssertTrue(f?.notes.contains { $0.contains("a @ b.T") } ?? false, "\(f?.notes ?? [])")
        let g = failure("ones([2, 3]) * ones([3, 2])")
        XCTAssertTrue(g?.notes.contains { $0.contains("use '@'") } ?? false, "\(g?.notes ?? [])")
    }

    // MARK: - Indexing

    func testIndexing() {
        XCTAssertEqual(number("[10, 20, 30][1]"), 20)
        XCTAssertEqual(number("[10, 20, 30][-1]"), 30)
        XCTAssertEqual(number("[[1, 2], [3, 4]][1, 0]"), 3)
        XCTAssertEqual(tensor("[[1, 2], [3, 4]][1]"), Tensor(vector: [3, 4]))
        XCTAssertEqual(tensor("[[1, 2], [3, 4]][:, 0]"), Tensor(vector: [1, 3]))
        XCTAssertEqual(tensor("[1, 2, 3, 4][::-1]"), Tensor(vector: [4, 3, 2, 1]))
        XCTAssertEqual(tensor("[1, 2, 3, 4][1:]"), Tensor(vector: [2, 3, 4]))
        XCTAssertEqual(tensor("[1, 2, 3, 4][:-1]"), Tensor(vector: [1, 2, 3]))
        XCTAssertEqual(tensor("[1, 2, 3, 4][::2]"), Tensor(vector: [1, 3]))
        XCTAssertEqual(tensor("[[1, 2, 3], [4, 5, 6], [7, 8, 9]][0:2, 1:]"), try Tensor(shape: [2, 2], scalars: [2, 3, 5, 6]))
        XCTAssertEqual(tensor("let i = 1\n[5, 6, 7][i + 1]"), Tensor(2 + 5))
        XCTAssertEqual(tensor("[1, 2, 3][5:]"), Tensor(vector: []), "slices clamp")
    }

    func testIndexOutOfRangeNamesIndexAndShape() {
        let f = failure("[1, 2, 3][3]")
        XCTAssertEqual(f?.message, "index 3 is out of range for axis 0 with length 3 (shape [3])")
        XCTAssertEqual(f?.text, "3", "the offending index is underlined")
        let g = failure("let X = [[1, 2], [3, 4]]\nX[0, 7]")
        XCTAssertTrue(g?.message.contains("index 7") ?? false)
        XCTAssertTrue(g?.message.contains("[2, 2]") ?? false)
        XCTAssertEqual(g?.text, "7")
        XCTAssertEqual(g?.line, 2)
        let n = failure("[1, 2][-3]")
        XCTAssertTrue(n?.message.contains("index -3") ?? false)
        XCTAssertTrue(n?.message.contains("[2]") ?? false)
    }

    func testOtherIndexErrors() {
        XCTAssertTrue(failure("[1, 2][0, 0]")?.message.contains("too many indices") ?? false)
        XCTAssertTrue(failure("[1, 2][0.5]")?.message.contains("integer") ?? false)
        XCTAssertTrue(failure("[1, 2][[0]]")?.message.contains("single integer") ?? false)
        XCTAssertTrue(failure("[1, 2][\"a\"]")?.message.contains("not a string") ?? false)
        XCTAssertTrue(failure("5[0]")?.message.contains("too many indices") ?? false)
        XCTAssertTrue(failure("[1, 2, 3][::0]")?.message.contains("step") ?? false)
        XCTAssertTrue(failure("[1, 2][inf]")?.message.contains("integer") ?? false)
    }

    // MARK: - Size limit

    func testMaxElementsLimit() {
        let saved = Tensor.maxElements
        defer { Tensor.maxElements = saved }
        let big = failure("zeros([100000, 100000])")
        XCTAssertTrue(big?.message.contains("too large") ?? false, big?.message ?? "")
        Tensor.maxElements = 10
        let small = failure("zeros([5, 5])")
        XCTAssertTrue(small?.message.contains("too large") ?? false, small?.message ?? "")
        XCTAssertTrue(small?.message.contains("10") ?? false)
        XCTAssertEqual(tensor("zeros([2, 5])")?.count, 10, "exactly the limit is allowed")
        let literal = failure("[[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 2, 3]]")
        XCTAssertTrue(literal?.message.contains("too large") ?? false, literal?.message ?? "")
        XCTAssertTrue(failure("ones([11])")?.message.contains("too large") ?? false)
        XCTAssertTrue(failure("range(100)")?.message.contains("too large") ?? false)
        XCTAssertTrue(failure("ones([4]) + ones([4, 1])")?.message.contains("too large") ?? false, "a broadcast result")
        XCTAssertTrue(failure("outer(ones([4]), ones([4]))")?.message.contains("too large") ?? false)
    }

    func testOverflowingShapeIsAnError() {
        XCTAssertTrue(failure("zeros([4294967296, 4294967296, 4294967296])")?.message.contains("too large") ?? false)
        XCTAssertTrue(failure("zeros([-1])")?.message.contains("non-negative") ?? false)
    }

    // MARK: - Lists

    func testListsStack() {
        XCTAssertEqual(tensor("[[1, 2], [3, 4]]")?.shape, [2, 2])
        XCTAssertEqual(tensor("[[[1], [2]], [[3], [4]], [[5], [6]]]")?.shape, [3, 2, 1])
        XCTAssertEqual(tensor("let r = [1, 2]\n[r, r * 2]"), try Tensor(shape: [2, 2], scalars: [1, 2, 2, 4]))
        XCTAssertEqual(tensor("[]")?.shape, [0])
        XCTAssertEqual(tensor("[[], []]")?.shape, [2, 0])
    }

    func testRaggedListsNameTheElement() {
        let f = failure("[[1, 2], [3]]")
        XCTAssertEqual(f?.message, "this list is ragged: element 2 has shape [1], but element 1 has [2]")
        XCTAssertEqual(f?.text, "[3]")
        let g = failure("[[1, 2], [3, 4], [5, 6, 7]]")
        XCTAssertTrue(g?.message.contains("element 3") ?? false, g?.message ?? "")
        XCTAssertEqual(g?.text, "[5, 6, 7]")
        let mixed = failure("[1, [2]]")
        XCTAssertTrue(mixed?.message.contains("mixes numbers and lists") ?? false, mixed?.message ?? "")
        let deep = failure("[[[1, 2], [3, 4]], [[1, 2], [3]]]")
        XCTAssertEqual(deep?.text, "[3]", "the innermost ragged list is reported")
    }

    // MARK: - print, precision, help

    func testPrintGoesToOutput() throws {
        let session = Session()
        var lines: [String] = []
        session.interpreter.output = { lines.append($0) }
        _ = try session.interpreter.execute(try Parser.parse(SourceFile(name: "t", text: "print(\"sum:\", 1 + 2, [0.5, 1])"))[0],
                                             source: SourceFile(name: "t", text: ""))
        XCTAssertEqual(lines, ["sum: 3 [0.5,   1]"], "tensors print as they show, columns padded")
    }

    func testPrintEventsComeBeforeTheValue() {
        XCTAssertEqual(events("print(\"a\"); print(\"b\\nc\"); 3"), ["print: a", "print: b", "print: c", "value: 3"])
        XCTAssertEqual(events("print()"), ["error: print needs at least one argument"])
        XCTAssertEqual(events("concat(axis: 0)"), ["error: concat needs at least one argument"])
        XCTAssertEqual(events("print(\"x\", \"y\")"), ["print: x y"], "strings print without quotes")
        XCTAssertEqual(events("print([\"q\"][0])"), ["error: an indexed value must be a number or tensor, not a list of 1 string"])
        XCTAssertEqual(events("print([\"q\", \"r\"])"), ["print: [\"q\", \"r\"]"], "a list of strings prints as its literal")
        XCTAssertEqual(events("[1, \"q\"]"), ["error: a list element must be a number or tensor, not a string"])
        XCTAssertEqual(events("[\"q\", 1]"), ["error: a list of strings holds only strings, but element 2 is a number"])
        // print returns nothing to show.
        XCTAssertEqual(events("print(1)"), ["print: 1"])
    }

    func testPrintOutputBeforeAnErrorIsKept() {
        XCTAssertEqual(events("let f(x) = print(x)\nf(1) + 1"), [
            "print: 1",
            "error: the left operand of '+' must be a number or tensor, not nothing",
        ])
    }

    func testPrecisionChangesPrinting() {
        XCTAssertEqual(events("1/3\nprecision(3)\n1/3\nprecision(10); 1/3\nprecision(\"full\"); 1/3"), [
            "value: 0.333333", "value: 0.333", "value: 0.3333333333", "value: 0.3333333333333333",
        ])
        XCTAssertEqual(events("precision(2); print(2/3)"), ["print: 0.67"])
        XCTAssertEqual(events("precision(2); [1/3, 1]"), ["value: [0.33,    1]"])
    }

    /// The one reader of the setting that --precision, :precision and precision(...) share.
    func testPrecisionSettingReads() {
        XCTAssertEqual(Precision("full"), .full)
        XCTAssertEqual(Precision("1"), .digits(1))
        XCTAssertEqual(Precision("17"), .digits(17))
        for bad in ["0", "18", "-3", "six", "", "Full", "6.5", " 6"] { XCTAssertNil(Precision(bad), bad) }
        XCTAssertEqual(Precision(digits: 6), .digits(6))
        XCTAssertNil(Precision(digits: 0))
        XCTAssertEqual(Precision.standard, .digits(6))
    }

    func testPrecisionRejectsBadValues() {
        XCTAssertTrue(failure("precision(0)")?.message.contains("from 1 to 17") ?? false)
        XCTAssertTrue(failure("precision(18)")?.message.contains("from 1 to 17") ?? false)
        XCTAssertTrue(failure("precision(2.5)")?.message.contains("integer") ?? false)
        XCTAssertTrue(failure("precision(\"half\")")?.message.contains("full") ?? false)
        let session = Session()
        _ = failure("precision(0)", in: session)
        XCTAssertEqual(session.interpreter.precision, .digits(6), "a refused precision leaves the old one")
    }

    func testHelp() {
        guard case .doc(let text)? = value("help(\"softmax\")") else { return XCTFail("help returns documentation") }
        XCTAssertTrue(text.hasPrefix("softmax(x, axis: -1, temperature: 1)"), text)
        guard case .doc(let same)? = value("help(softmax)") else { return XCTFail("help takes the builtin itself") }
        XCTAssertEqual(same, text)
        guard case .doc(let all)? = value("help()") else { return XCTFail("help() lists everything") }
        for b in Builtins.all { XCTAssertTrue(all.contains("\(b.signature)"), "help() lists \(b.name)") }
        XCTAssertEqual(failure("help(\"sofmax\")")?.notes, ["did you mean 'softmax'?"])
    }

    // MARK: - Sessions and events

    func testStopsAtFirstErrorUnlessAskedToGoOn() {
        XCTAssertEqual(events("1\nnope\n3"), ["value: 1", "error: unknown name 'nope'"])
        XCTAssertEqual(events("1\nnope\n3 +* 1\n4", continueOnError: true), [
            "value: 1", "error: unknown name 'nope'", "error: expected an expression, found '*'", "value: 4",
        ])
    }

    func testStateCarriesAcrossRuns() {
        let session = Session()
        XCTAssertEqual(events("let w = [1, 2]", session: session), [])
        XCTAssertEqual(events("w * 2", session: session), ["value: [2, 4]"])
    }

    func testErrorInsideAFunctionPointsAtItsDefinition() {
        let session = Session()
        _ = events("let f(x) = x + missing", session: session)
        var where_: (String, Int, Int)?
        session.run(SourceFile(name: "second", text: "f(1)")) { outcome in
            if let d = outcome.diagnostic {
                let src = outcome.diagnosticSource
                let (l, c) = src.location(of: d.range.start)
                where_ = (src.name, l, c)
                XCTAssertEqual(src.text(of: d.range), "missing")
            }
        }
        XCTAssertEqual(where_?.0, "t")
        XCTAssertEqual(where_?.1, 1)
        XCTAssertEqual(where_?.2, 16)
    }

    func testEvaluateReturnsLastValueAndThrows() throws {
        let session = Session()
        XCTAssertNil(try session.evaluate("let a = 1"))
        XCTAssertEqual(try session.evaluate("a + 1; let b = 5")?.tensor, Tensor(2))
        XCTAssertThrowsError(try session.evaluate("a +")) { error in
            XCTAssertEqual((error as? Diagnostic)?.kind, .incompleteInput)
        }
    }

    func testANonBooleanMaskIsAnErrorAtTheMaskThatPointsToBias() {
        let qkv = "let Q = [[1, 0], [0, 1]]\nlet V = [[1, 2], [3, 4]]\n"
        for (call, value) in [
            ("attend(Q, Q, V, mask: [[0, -1e9], [0, 0]])", "-1000000000 at [0, 1]"),
            ("weights(Q, Q, causal: true, mask: [1, nan])", "nan at [1]"),
            ("dot_attention(Q, Q, V, mask: 0.5)", "0.5 —"),
        ] {
            let f = failure(qkv + call)
            let argument = call.range(of: "mask: ").map { String(call[$0.upperBound...].dropLast()) }
            XCTAssertEqual(f?.text, argument, call)
            XCTAssertEqual(f?.line, 3, call)
            XCTAssertTrue(f?.message.hasPrefix("mask: must hold only 0 and 1 (true/false); got \(value)") ?? false, f?.message ?? call)
            XCTAssertTrue(f?.message.hasSuffix("use bias:") ?? false, f?.message ?? call)
        }
        // true/false are 1/0: fine. The same numbers as an additive bias work.
        XCTAssertEqual(number(qkv + "attend(Q, Q, V, mask: [true, false])[1, 0]"), 1)
        XCTAssertEqual(number(qkv + "attend(Q, Q, V, bias: [[0, -inf], [0, 0]], scale: 1)[0, 1]"), 2)
    }

    func testValueDescriptions() {
        XCTAssertEqual(Value.tensor(Tensor(1)).kindDescription, "a number")
        XCTAssertEqual(Value.tensor(Tensor(vector: [1, 2])).kindDescription, "a tensor of shape [2]")
        XCTAssertEqual(Value.string("s").kindDescription, "a string")
    }
}
