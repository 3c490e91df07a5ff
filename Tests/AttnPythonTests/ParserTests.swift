import AttnLang
import XCTest
@testable import AttnPython

/// The parser: precedence, statements as steps, and its messages, among
/// them the named refusals of constructs attn does not run yet.
final class ParserTests: XCTestCase {
    private func parse(_ text: String) -> [Result<PyStmt, Diagnostic>] {
        PyParser.parseModule(SourceFile(name: "t", text: text))
    }

    private func firstError(_ text: String) -> Diagnostic? {
        for case .failure(let d) in parse(text) { return d }
        return nil
    }

    /// The expression statement's tree, written back fully parenthesized.
    private func shape(_ text: String) throws -> String {
        guard case .success(.expression(let e, _))? = parse(text).first else { throw XCTSkip("not an expression: \(text)") }
        func show(_ e: PyExpr) -> String {
            switch e {
            case .name(let n, _): return n
            case .constant(let c, _):
                if case .int(let i) = c { return String(i) }
                return "c"
            case .unary(let op, let x, _): return "(\(op.rawValue)\(show(x)))"
            case .binary(let op, let a, let b, _): return "(\(show(a)) \(op.rawValue) \(show(b)))"
            case .compare(let a, let rest, _): return "(" + show(a) + rest.map { " \($0.0.rawValue) \(show($0.1))" }.joined() + ")"
            case .logical(let isAnd, let a, let b, _): return "(\(show(a)) \(isAnd ? "and" : "or") \(show(b)))"
            case .not(let x, _): return "(not \(show(x)))"
            case .conditional(let c, let y, let n, _): return "(\(show(y)) if \(show(c)) else \(show(n)))"
            default: return "?"
            }
        }
        return show(e)
    }

    func testPrecedenceAsPython() throws {
        XCTAssertEqual(try shape("-2 ** 2"), "(-(2 ** 2))")
        XCTAssertEqual(try shape("2 ** -1"), "(2 ** (-1))")
        XCTAssertEqual(try shape("2 ** 3 ** 2"), "(2 ** (3 ** 2))")
        XCTAssertEqual(try shape("a + b * c @ d"), "(a + ((b * c) @ d))")
        XCTAssertEqual(try shape("a | b ^ c & d << 1 + 2"), "(a | (b ^ (c & (d << (1 + 2)))))")
        XCTAssertEqual(try shape("not a == b and c or d"), "(((not (a == b)) and c) or d)")
        XCTAssertEqual(try shape("a < b <= c != d"), "(a < b <= c != d)")
        XCTAssertEqual(try shape("x if a or b else y"), "(x if (a or b) else y)")
        XCTAssertEqual(try shape("a - b - c"), "((a - b) - c)")
    }

    func testEachTopLevelStatementIsOneStepAndErrorsResumeAtTheNextLine() {
        let results = parse("a = 1\nfor i in range(3):\n    a += i\n    print(a)\nb = (\n  2)\nc = = 3\nd = 4\n")
        XCTAssertEqual(results.count, 5)
        if case .success(.for) = results[1] {} else { XCTFail("the loop with its body is one statement") }
        if case .failure(let d) = results[3] { XCTAssertEqual(d.message, "SyntaxError: invalid syntax") } else { XCTFail() }
        if case .success(.assign) = results[4] {} else { XCTFail("parsing goes on after an error") }
    }

    func testSyntaxErrorsAsCPythonWordsThem() {
        XCTAssertEqual(firstError("if x\n    y")?.message, "SyntaxError: expected ':'")
        XCTAssertEqual(firstError("for i in x:\ny")?.message, "IndentationError: expected an indented block after 'for' statement on line 1")
        XCTAssertEqual(firstError("x = 1\n  y = 2")?.message, "IndentationError: unexpected indent")
        XCTAssertEqual(firstError("f() = 1")?.message, "SyntaxError: cannot assign to function call here. Maybe you meant '==' instead of '='?")
        XCTAssertEqual(firstError("1 = x")?.message, "SyntaxError: cannot assign to literal here. Maybe you meant '==' instead of '='?")
        XCTAssertEqual(firstError("a, *b, *c = x")?.message, "SyntaxError: multiple starred expressions in assignment")
        XCTAssertEqual(firstError("(a, b) += 1")?.message, "SyntaxError: 'tuple' is an illegal expression for augmented assignment")
        XCTAssertEqual(firstError("def f(a=1, b): pass")?.message, "SyntaxError: non-default argument follows default argument")
        XCTAssertEqual(firstError("def f(a, a): pass")?.message, "SyntaxError: duplicate argument 'a' in function definition")
        XCTAssertEqual(firstError("f(a=1, 2)")?.message, "SyntaxError: positional argument follows keyword argument")
        XCTAssertEqual(firstError("return 1")?.message, "SyntaxError: 'return' outside function")
        XCTAssertEqual(firstError("break")?.message, "SyntaxError: 'break' outside loop")
        XCTAssertEqual(firstError("print \"x\"")?.message, "SyntaxError: Missing parentheses in call to 'print'. Did you mean print(...)?")
        XCTAssertEqual(firstError("def f():\n    nonlocal x\n")?.kind, .error)
        XCTAssertEqual(firstError("nonlocal x")?.message, "SyntaxError: nonlocal declaration not allowed at module level")
    }

    func testUnsupportedConstructsSayWhichConstruct() {
        let cases: [(String, String)] = [
            ("try:\n    x = 1\nexcept* ValueError:\n    pass\n", "except* (exception groups) are not supported yet"),
            ("def g():\n    yield 1\n", "generator functions (yield) are not supported yet"),
            ("async def f():\n    pass\n", "async functions and statements are not supported yet"),
            ("if (n := 10) > 5:\n    pass\n", "assignment expressions (:=) are not supported yet"),
            ("match command:\n    case 1:\n        pass\n", "match statements are not supported yet"),
            ("x = b'bytes'\n", "bytes literals (b'...') are not supported yet: attn's Python dialect has str but no bytes"),
            ("z = 1 + 2j\n", "imaginary numbers (complex) are not supported yet: attn's Python dialect has no complex type"),
            ("from . import x\n", "relative imports (from . import x) are not supported yet"),
            ("raise ValueError() from None\n", "raise ... from is not supported yet"),
        ]
        for (code, message) in cases {
            XCTAssertEqual(firstError(code)?.message, message, code)
            XCTAssertEqual(firstError(code)?.kind, .error, code)
        }
        // `match` as a name is still a name.
        XCTAssertNil(firstError("match = 3\nprint(match)\n"))
    }

    func testIncompleteInputIsMarked() {
        for text in ["if x:\n", "x = [1,\n", "s = '''abc\n", "f(a,", "x = 1 + \\"] {
            XCTAssertEqual(firstError(text)?.kind, .incompleteInput, text)
        }
        XCTAssertEqual(firstError("x = ]")?.kind, .error)
    }

    func testNestingIsBounded() {
        let deep = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        XCTAssertEqual(firstError(deep)?.message, "SyntaxError: too many nested parentheses")
        let long = "x = " + Array(repeating: "1", count: 5000).joined(separator: " + ")
        XCTAssertTrue(firstError(long)?.message.hasPrefix("RecursionError") ?? false)
    }

    func testFunctionScopes() throws {
        guard case .success(.function(let code, _, _))? = parse("def f(a, *args, k=1, **kw):\n    global g\n    b = 1\n    for c in a: pass\n    g = 2\n    def h(): pass\n").first else {
            return XCTFail()
        }
        XCTAssertEqual(code.locals, ["a", "args", "k", "kw", "b", "c", "h"])
        XCTAssertEqual(code.globals, ["g"])
    }
}
