import XCTest
@testable import AttnLang

/// Writes a tree as an S-expression, so tests can state its shape in one line.
func sexpr(_ e: Expr) -> String {
    func num(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)" }
    switch e {
    case .number(let v, _): return num(v)
    case .string(let s, _): return "\"\(s)\""
    case .variable(let name, _): return name
    case .list(let items, _): return "[" + items.map(sexpr).joined(separator: " ") + "]"
    case .unary(let op, let x, _): return "(\(op == .negate ? "neg" : "pos") \(sexpr(x)))"
    case .binary(let op, let a, let b, _): return "(\(op.rawValue) \(sexpr(a)) \(sexpr(b)))"
    case .call(let f, let args, _):
        let parts = args.map { a in (a.label.map { "\($0):" } ?? "") + sexpr(a.value) }
        return "(call \(([sexpr(f)] + parts).joined(separator: " ")))"
    case .index(let x, let items, _):
        let parts = items.map { item -> String in
            switch item {
            case .at(let i): return sexpr(i)
            case .slice(let a, let b, let c, _):
                var s = "\(a.map(sexpr) ?? ""):\(b.map(sexpr) ?? "")"
                if let c { s += ":\(sexpr(c))" }
                return s
            }
        }
        return "(index \(sexpr(x)) \(parts.joined(separator: " ")))"
    case .transpose(let x, _): return "(T \(sexpr(x)))"
    case .conditional(let c, let a, let b, _): return "(if \(sexpr(c)) \(sexpr(a)) \(sexpr(b)))"
    }
}

func sexpr(_ s: Statement) -> String {
    switch s {
    case .expression(let e, let silent): return sexpr(e) + (silent ? " ;" : "")
    case .binding(let name, _, let value): return "(let \(name) \(sexpr(value)))"
    case .function(let name, _, let params, let body): return "(fn \(name) (\(params.joined(separator: " "))) \(sexpr(body)))"
    }
}

final class ParserTests: XCTestCase {
    // MARK: - Helpers

    private func parse(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do {
            return try Parser.parse(SourceFile(name: "t", text: text)).map { sexpr($0.statement) }
        } catch {
            XCTFail("\(text.debugDescription) failed to parse: \(error.message)", file: file, line: line)
            return []
        }
    }

    /// The tree of the one statement in `text`.
    private func tree(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        let all = parse(text, file: file, line: line)
        XCTAssertEqual(all.count, 1, "expected one statement in \(text.debugDescription), got \(all)", file: file, line: line)
        return all.first ?? ""
    }

    private struct Failure {
        var diagnostic: Diagnostic
        var line: Int
        var column: Int
        var text: String
    }

    /// The first error in `text`, with its line, column and the source it underlines.
    private func failure(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Failure? {
        let source = SourceFile(name: "t", text: text)
        do {
            let nodes = try Parser.parse(source)
            XCTFail("\(text.debugDescription) parsed as \(nodes.map { sexpr($0.statement) }), expected an error", file: file, line: line)
            return nil
        } catch {
            let (l, c) = source.location(of: error.range.start)
            return Failure(diagnostic: error, line: l, column: c, text: source.text(of: error.range))
        }
    }

    // MARK: - Precedence and associativity

    func testArithmeticPrecedence() {
        XCTAssertEqual(tree("1 + 2 * 3"), "(+ 1 (* 2 3))")
        XCTAssertEqual(tree("1 * 2 + 3"), "(+ (* 1 2) 3)")
        XCTAssertEqual(tree("(1 + 2) * 3"), "(* (+ 1 2) 3)")
        XCTAssertEqual(tree("1 - 2 - 3"), "(- (- 1 2) 3)")
        XCTAssertEqual(tree("8 / 4 / 2"), "(/ (/ 8 4) 2)")
        XCTAssertEqual(tree("1 - 2 + 3"), "(+ (- 1 2) 3)")
        XCTAssertEqual(tree("a / b * c"), "(* (/ a b) c)")
    }

    func testMatmulBindsTighterThanElementwise() {
        XCTAssertEqual(tree("a * b @ c"), "(* a (@ b c))")
        XCTAssertEqual(tree("a @ b * c"), "(* (@ a b) c)")
        XCTAssertEqual(tree("a @ b @ c"), "(@ (@ a b) c)")
        XCTAssertEqual(tree("a + b @ c"), "(+ a (@ b c))")
        XCTAssertEqual(tree("Q @ K.T / sqrt(d)"), "(/ (@ Q (T K)) (call sqrt d))")
    }

    func testUnaryAndPower() {
        XCTAssertEqual(tree("-2^2"), "(neg (^ 2 2))")
        XCTAssertEqual(tree("2^-1"), "(^ 2 (neg 1))")
        XCTAssertEqual(tree("2^3^2"), "(^ 2 (^ 3 2))")
        XCTAssertEqual(tree("2**3**2"), "(^ 2 (^ 3 2))")
        XCTAssertEqual(tree("-a @ b"), "(@ (neg a) b)")
        XCTAssertEqual(tree("--1"), "(neg (neg 1))")
        XCTAssertEqual(tree("+1"), "(pos 1)")
        XCTAssertEqual(tree("1 - -1"), "(- 1 (neg 1))")
        XCTAssertEqual(tree("2 * -3"), "(* 2 (neg 3))")
        XCTAssertEqual(tree("-x.T"), "(neg (T x))")
        XCTAssertEqual(tree("x.T^2"), "(^ (T x) 2)")
        XCTAssertEqual(tree("2^-x^2"), "(^ 2 (neg (^ x 2)))")
    }

    func testComparisons() {
        XCTAssertEqual(tree("a + 1 < b * 2"), "(< (+ a 1) (* b 2))")
        for op in ["==", "!=", "<", "<=", ">", ">="] {
            XCTAssertEqual(tree("a \(op) b"), "(\(op) a b)")
        }
        // Comparisons do not chain.
        let f = failure("1 < 2 < 3")
        XCTAssertEqual(f?.text, "<")
        XCTAssertEqual(f?.column, 7)
        XCTAssertEqual(f?.diagnostic.kind, .error)
    }

    func testConditional() {
        XCTAssertEqual(tree("if a < b then a else b"), "(if (< a b) a b)")
        XCTAssertEqual(tree("if a then b else if c then d else e"), "(if a b (if c d e))")
        // The else branch extends as far as it can.
        XCTAssertEqual(tree("if a then 1 else 2 + 3"), "(if a 1 (+ 2 3))")
        XCTAssertEqual(tree("1 + (if a then 2 else 3)"), "(+ 1 (if a 2 3))")
        XCTAssertEqual(tree("f(if x then 1 else 2)"), "(call f (if x 1 2))")
        XCTAssertEqual(tree("if a then\n  1\nelse\n  2"), "(if a 1 2)")
    }

    func testConditionalErrors() {
        let noElse = failure("if 1 then 2")
        XCTAssertEqual(noElse?.diagnostic.kind, .incompleteInput)
        XCTAssertTrue(noElse?.diagnostic.message.contains("'else'") ?? false)
        let noThen = failure("if 1 2 else 3")
        XCTAssertEqual(noThen?.diagnostic.kind, .error)
        XCTAssertEqual(noThen?.column, 6)
        XCTAssertTrue(noThen?.diagnostic.message.contains("'then'") ?? false)
    }

    // MARK: - Postfix, calls, indexing

    func testPostfixChains() {
        XCTAssertEqual(tree("f(x)[0].T"), "(T (index (call f x) 0))")
        XCTAssertEqual(tree("x.T.T"), "(T (T x))")
        XCTAssertEqual(tree("x[0][1]"), "(index (index x 0) 1)")
        XCTAssertEqual(tree("f(1)(2)"), "(call (call f 1) 2)")
        XCTAssertEqual(tree("[1, 2][0]"), "(index [1 2] 0)")
        XCTAssertEqual(tree("(a + b).T"), "(T (+ a b))")
    }

    func testCalls() {
        XCTAssertEqual(tree("f()"), "(call f)")
        XCTAssertEqual(tree("f(a, b)"), "(call f a b)")
        XCTAssertEqual(tree("softmax(x, axis: 0)"), "(call softmax x axis:0)")
        XCTAssertEqual(tree("attend(Q, K, V, heads: 2, causal: true)"), "(call attend Q K V heads:2 causal:true)")
        XCTAssertEqual(tree("f(a,)"), "(call f a)", "a trailing comma is allowed")
        XCTAssertEqual(tree("f(scale: 1 / sqrt(2))"), "(call f scale:(/ 1 (call sqrt 2)))")
        XCTAssertEqual(tree("f(\n  a,\n  b: 1\n)"), "(call f a b:1)")
    }

    func testCallErrors() {
        let f = failure("f(a b)")
        XCTAssertEqual(f?.column, 5)
        XCTAssertEqual(f?.diagnostic.kind, .error)
        XCTAssertTrue(f?.diagnostic.message.contains("')'") ?? false, f?.diagnostic.message ?? "")
        let g = failure("f(,)")
        XCTAssertEqual(g?.column, 3)
        XCTAssertEqual(g?.diagnostic.kind, .error)
    }

    func testIndexAndSlices() {
        XCTAssertEqual(tree("X[1]"), "(index X 1)")
        XCTAssertEqual(tree("X[1, 2]"), "(index X 1 2)")
        XCTAssertEqual(tree("X[-1]"), "(index X (neg 1))")
        XCTAssertEqual(tree("X[:, 0]"), "(index X : 0)")
        XCTAssertEqual(tree("X[0:2, 1:]"), "(index X 0:2 1:)")
        XCTAssertEqual(tree("X[::-1]"), "(index X ::(neg 1))")
        XCTAssertEqual(tree("X[1:5:2]"), "(index X 1:5:2)")
        XCTAssertEqual(tree("X[:2]"), "(index X :2)")
        XCTAssertEqual(tree("X[::]"), "(index X :)")
        XCTAssertEqual(tree("X[:, :, n - 1]"), "(index X : : (- n 1))")
        XCTAssertEqual(tree("X[i + 1:j * 2]"), "(index X (+ i 1):(* j 2))")
    }

    func testIndexErrors() {
        let empty = failure("X[]")
        XCTAssertEqual(empty?.column, 3)
        XCTAssertEqual(empty?.diagnostic.kind, .error)
        let unclosed = failure("X[1")
        XCTAssertEqual(unclosed?.diagnostic.kind, .incompleteInput)
    }

    func testTransposeOnlyT() {
        let f = failure("x.shape")
        XCTAssertEqual(f?.column, 2)
        XCTAssertEqual(f?.text, ".shape")
        XCTAssertTrue(f?.diagnostic.message.contains("'T'") ?? false)
    }

    func testLists() {
        XCTAssertEqual(tree("[]"), "[]")
        XCTAssertEqual(tree("[1, 2, 3]"), "[1 2 3]")
        XCTAssertEqual(tree("[[1, 2], [3, 4]]"), "[[1 2] [3 4]]")
        XCTAssertEqual(tree("[1, 2,]"), "[1 2]")
        XCTAssertEqual(tree("[-1, 2 * x]"), "[(neg 1) (* 2 x)]")
        XCTAssertEqual(tree("[[1, 2],\n [3, 4]]"), "[[1 2] [3 4]]")
        XCTAssertEqual(tree("\"a\""), "\"a\"")
    }

    // MARK: - Statements

    func testBindings() {
        XCTAssertEqual(tree("let x = 1 + 2"), "(let x (+ 1 2))")
        XCTAssertEqual(tree("x = [1, 2]"), "(let x [1 2])")
        XCTAssertEqual(tree("let f(x, y) = x * y"), "(fn f (x y) (* x y))")
        XCTAssertEqual(tree("let g() = 1"), "(fn g () 1)")
        XCTAssertEqual(tree("let f(x) =\n  x + 1"), "(fn f (x) (+ x 1))")
        XCTAssertEqual(tree("let x =\n  2"), "(let x 2)")
        // `x == 1` is a comparison, not an assignment.
        XCTAssertEqual(tree("x == 1"), "(== x 1)")
    }

    func testBindingErrors() {
        let noName = failure("let = 3")
        XCTAssertEqual(noName?.column, 5)
        XCTAssertTrue(noName?.diagnostic.message.contains("name") ?? false)
        let twice = failure("let f(x, x) = 1")
        XCTAssertEqual(twice?.column, 10)
        XCTAssertTrue(twice?.diagnostic.message.contains("twice") ?? false)
        let badParam = failure("let f(1) = 1")
        XCTAssertEqual(badParam?.column, 7)
        XCTAssertEqual(failure("let f(x) 1")?.column, 10)
        XCTAssertEqual(failure("3 = 4")?.column, 3)
        XCTAssertEqual(failure("let x = ")?.diagnostic.kind, .incompleteInput)
        XCTAssertEqual(failure("let f(x) =")?.diagnostic.kind, .incompleteInput)
        // Only plain names can be assigned.
        XCTAssertEqual(failure("x[0] = 1")?.column, 6)
    }

    func testStatementSeparators() {
        XCTAssertEqual(parse("1; 2"), ["1", "2"])
        XCTAssertEqual(parse("1\n2\n\n3"), ["1", "2", "3"])
        XCTAssertEqual(parse(";;1;;\n;2"), ["1", "2"])
        XCTAssertEqual(parse("let a = 1; a + 1"), ["(let a 1)", "(+ a 1)"])
        XCTAssertEqual(parse(""), [])
        XCTAssertEqual(parse("# just a comment\n\n"), [])
    }

    func testTrailingSemicolonSilences() {
        // Only a ';' last on its line silences: `1; 2` shows both.
        XCTAssertEqual(parse("1; 2"), ["1", "2"])
        XCTAssertEqual(parse("1; 2;"), ["1", "2 ;"])
        XCTAssertEqual(parse("x;"), ["x ;"])
        XCTAssertEqual(parse("x;\ny"), ["x ;", "y"])
        XCTAssertEqual(parse("x; # comment\ny"), ["x ;", "y"])
        XCTAssertEqual(parse("x;  "), ["x ;"])
        XCTAssertEqual(parse("x = 1;"), ["(let x 1)"])
    }

    func testMissingSeparator() {
        let f = failure("1 2")
        XCTAssertEqual(f?.column, 3)
        XCTAssertEqual(f?.diagnostic.kind, .error)
        XCTAssertTrue(f?.diagnostic.message.contains("end of the statement") ?? false)
        XCTAssertEqual(failure("f(x) g(y)")?.column, 6)
    }

    // MARK: - Continuation

    func testContinuationAfterOperators() {
        XCTAssertEqual(tree("1 +\n2"), "(+ 1 2)")
        XCTAssertEqual(tree("1 -\n\n2"), "(- 1 2)")
        XCTAssertEqual(tree("a *\n b /\n c"), "(/ (* a b) c)")
        XCTAssertEqual(tree("a @\nb"), "(@ a b)")
        XCTAssertEqual(tree("2 ^\n3"), "(^ 2 3)")
        XCTAssertEqual(tree("a <\nb"), "(< a b)")
        XCTAssertEqual(tree("1 + # comment\n 2"), "(+ 1 2)")
        // Without a trailing operator, a newline ends the statement.
        XCTAssertEqual(parse("1\n+ 2"), ["1", "(pos 2)"])
    }

    func testContinuationInsideBrackets() {
        XCTAssertEqual(tree("softmax(\n  x,\n  axis: 0\n)"), "(call softmax x axis:0)")
        XCTAssertEqual(tree("[1,\n 2,\n 3]"), "[1 2 3]")
        XCTAssertEqual(tree("X[0,\n 1]"), "(index X 0 1)")
        XCTAssertEqual(tree("(1\n+ 2)"), "(+ 1 2)")
    }

    func testBackslashContinuation() {
        XCTAssertEqual(tree("1 \\\n+ 2"), "(+ 1 2)")
        XCTAssertEqual(tree("let x = \\\n 3"), "(let x 3)")
    }

    // MARK: - Incomplete input

    func testIncompleteInput() {
        for text in ["[1, 2", "1 +", "f(", "(", "[[1, 2], [3", "x = ", "1 *\n", "softmax(x,\n", "f(a, b:", "2^", "-", "X[1:", "1 \\"] {
            let f = failure(text)
            XCTAssertEqual(f?.diagnostic.kind, .incompleteInput, "\(text.debugDescription): \(f?.diagnostic.message ?? "")")
        }
    }

    func testCompleteErrorsAreNotIncomplete() {
        for text in [")", "1 + )", "[1, 2)", "f(1]", "1 2", "let 3 = 1", "x.y", "*"] {
            let f = failure(text)
            XCTAssertEqual(f?.diagnostic.kind, .error, "\(text.debugDescription): \(f?.diagnostic.message ?? "")")
        }
    }

    func testIncompleteOnlyAtTheEnd() {
        // An error on an earlier line is a real error even if the input ends unfinished later.
        let f = failure("1 + )\n[1, 2")
        XCTAssertEqual(f?.diagnostic.kind, .error)
        XCTAssertEqual(f?.line, 1)
    }

    // MARK: - Error positions

    func testErrorPositions() {
        let f = failure("let a = 1\nlet b = a +* 2")
        XCTAssertEqual(f?.line, 2)
        XCTAssertEqual(f?.column, 12)
        XCTAssertEqual(f?.text, "*")
        XCTAssertEqual(f?.diagnostic.message, "expected an expression, found '*'")

        let close = failure("[1, 2)")
        XCTAssertEqual(close?.column, 6)
        XCTAssertEqual(close?.text, ")")

        let lexed = failure("x = 1\ny = 2 $ 3")
        XCTAssertEqual(lexed?.line, 2)
        XCTAssertEqual(lexed?.column, 7)
        XCTAssertEqual(lexed?.diagnostic.message, "unexpected character '$'")

        let str = failure("load(\"x.npy)")
        XCTAssertEqual(str?.column, 6)
        XCTAssertTrue(str?.diagnostic.message.contains("unterminated string") ?? false)

        // Columns count characters: the string before the error holds a two-byte 'é'.
        let wide = failure("print(\"é\") )")
        XCTAssertEqual(wide?.column, 12)
    }

    func testNodeRanges() throws {
        let source = SourceFile(name: "t", text: "let y = (a + b) * c\nf(x)[0]")
        let nodes = try Parser.parse(source)
        XCTAssertEqual(source.text(of: nodes[0].range), "let y = (a + b) * c")
        guard case .binding(let name, let nameRange, let value) = nodes[0].statement,
              case .binary(_, let left, let right, _) = value else { return XCTFail("not a binding of a product") }
        XCTAssertEqual(name, "y")
        XCTAssertEqual(source.text(of: nameRange), "y")
        XCTAssertEqual(source.text(of: value.range), "(a + b) * c")
        XCTAssertEqual(source.text(of: left.range), "(a + b)", "parentheses stay in the range")
        XCTAssertEqual(source.text(of: right.range), "c")
        XCTAssertEqual(source.text(of: nodes[1].range), "f(x)[0]")
        guard case .expression(.index(let callee, _, _), _) = nodes[1].statement else { return XCTFail("not an index") }
        XCTAssertEqual(source.text(of: callee.range), "f(x)")
    }

    func testLabelRanges() throws {
        let source = SourceFile(name: "t", text: "softmax(x, axis: -1)")
        let nodes = try Parser.parse(source)
        guard case .expression(.call(_, let args, _), _) = nodes[0].statement else { return XCTFail("not a call") }
        XCTAssertEqual(args.count, 2)
        XCTAssertNil(args[0].label)
        XCTAssertEqual(args[1].label, "axis")
        XCTAssertEqual(args[1].labelRange.map { source.text(of: $0) }, "axis")
        XCTAssertEqual(source.text(of: args[1].value.range), "-1")
    }

    // MARK: - Recovery

    func testParseRecoveringGoesOn() {
        let results = Parser.parseRecovering(SourceFile(name: "t", text: "1 +* 2\nlet x = 3\n)\nx + 1; 2 2; 4"))
        let summary = results.map { r -> String in
            switch r {
            case .success(let node): return sexpr(node.statement)
            case .failure(let d): return "error@\(d.range.start)"
            }
        }
        XCTAssertEqual(summary, ["error@3", "(let x 3)", "error@17", "(+ x 1)", "error@28", "4"])
    }

    func testParseRecoveringAfterLexerError() {
        let results = Parser.parseRecovering(SourceFile(name: "t", text: "a = 1\nb = $\nc = 2"))
        XCTAssertEqual(results.count, 3)
        if case .failure(let d) = results[1] {
            XCTAssertEqual(d.message, "unexpected character '$'")
        } else {
            XCTFail("line 2 should fail")
        }
        if case .success(let node) = results[2] {
            XCTAssertEqual(sexpr(node.statement), "(let c 2)")
        } else {
            XCTFail("line 3 should parse")
        }
    }

    func testParseStopsAtFirstError() {
        let f = failure("1 +\n* 2\n)")
        XCTAssertEqual(f?.line, 2)
    }

    // MARK: - Nesting limit

    func testNestingWithinTheLimit() {
        let n = Parser.maxDepth / 2 - 2
        XCTAssertEqual(tree(String(repeating: "(", count: n) + "1" + String(repeating: ")", count: n)), "1")
        let nested = tree(String(repeating: "[", count: n / 2) + "1" + String(repeating: "]", count: n / 2))
        XCTAssertEqual(nested, String(repeating: "[", count: n / 2) + "1" + String(repeating: "]", count: n / 2))
    }

    private func assertTooDeep(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        // Runs on the main thread's normal stack on purpose: the limit must
        // stop the parser long before it could overflow.
        let results = Parser.parseRecovering(SourceFile(name: "t", text: text))
        guard case .failure(let d)? = results.first else {
            return XCTFail("\(what): expected a diagnostic", file: file, line: line)
        }
        XCTAssertTrue(d.message.contains("nested too deeply"), "\(what): \(d.message)", file: file, line: line)
        XCTAssertEqual(d.kind, .error, what, file: file, line: line)
    }

    func testDeepParenthesesAreAnError() {
        assertTooDeep(String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000), "parens")
        // Unclosed: still the depth error, not a crash.
        assertTooDeep(String(repeating: "(", count: 10_000), "unclosed parens")
    }

    func testDeepBracketsAreAnError() {
        assertTooDeep(String(repeating: "[", count: 10_000) + "1" + String(repeating: "]", count: 10_000), "brackets")
        assertTooDeep(String(repeating: "f(", count: 10_000), "calls")
    }

    func testDeepPrefixAndPowerChainsAreAnError() {
        assertTooDeep(String(repeating: "-", count: 10_000) + "1", "unary minus")
        assertTooDeep(String(repeating: "2^", count: 10_000) + "1", "power")
        assertTooDeep(String(repeating: "if 1 then ", count: 10_000) + "1", "if")
    }

    func testLongOperatorAndPostfixChainsAreBounded() {
        // A left-associative chain builds a tree as deep as it is long, and
        // the evaluator recurses through it: it must be bounded too.
        assertTooDeep("1" + String(repeating: " + 1", count: 10_000), "sum")
        assertTooDeep("1" + String(repeating: " * 1", count: 10_000), "product")
        assertTooDeep("a" + String(repeating: " @ a", count: 10_000), "matmul")
        assertTooDeep("x" + String(repeating: "[0]", count: 10_000), "index chain")
        assertTooDeep("x" + String(repeating: ".T", count: 10_000), "transpose chain")
        assertTooDeep("f" + String(repeating: "(1)", count: 10_000), "call chain")
    }

    func testDepthIsGivenBackAfterEachExpression() {
        // Many modest expressions in a row must not add up to the limit.
        let line = String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)
        XCTAssertEqual(parse(Array(repeating: line, count: 20).joined(separator: "\n")).count, 20)
        let wide = "[" + Array(repeating: "[(1 + 2) * 3]", count: 500).joined(separator: ", ") + "]"
        XCTAssertEqual(parse(wide).count, 1)
        // A flat list or argument list is not nesting, however long.
        XCTAssertEqual(parse("[" + Array(repeating: "1", count: 10_000).joined(separator: ", ") + "]").count, 1)
    }

    func testRecoveryAfterDepthError() {
        // (An unclosed '(' would swallow the newline, so the brackets close.)
        let text = String(repeating: "(", count: 1000) + "1" + String(repeating: ")", count: 1000) + "\n1 + 1"
        let results = Parser.parseRecovering(SourceFile(name: "t", text: text))
        guard case .success(let node)? = results.last else { return XCTFail("the line after should parse") }
        XCTAssertEqual(sexpr(node.statement), "(+ 1 1)")
    }

    func testPrecedenceTableOrder() {
        XCTAssertLessThan(Precedence.lowest, Precedence.comparison)
        XCTAssertLessThan(Precedence.comparison, Precedence.additive)
        XCTAssertLessThan(Precedence.additive, Precedence.multiplicative)
        XCTAssertLessThan(Precedence.multiplicative, Precedence.matmul)
        XCTAssertLessThan(Precedence.matmul, Precedence.unary)
        XCTAssertLessThan(Precedence.unary, Precedence.power)
    }

    /// Every pair of binary operators groups as the precedence table says:
    /// the tighter one first, equals from the left (from the right for ^),
    /// and two comparisons not at all.
    func testEveryOperatorPairFollowsTheTable() {
        let spellings: [BinaryOp: [String]] = [.power: ["^", "**"]]
        let all: [BinaryOp] = [.add, .subtract, .multiply, .divide, .matmul, .power,
                               .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]
        for first in all {
            for second in all {
                for s1 in spellings[first] ?? [first.rawValue] {
                    let text = "a \(s1) b \(second.rawValue) c"
                    let p1 = first.precedence, p2 = second.precedence
                    if p1 == .comparison && p2 == .comparison {
                        XCTAssertNotNil(failure(text), "\(text) must not chain")
                        continue
                    }
                    let leftFirst = p1 > p2 || (p1 == p2 && first != .power)
                    let expected = leftFirst
                        ? "(\(second.rawValue) (\(first.rawValue) a b) c)"
                        : "(\(first.rawValue) a (\(second.rawValue) b c))"
                    XCTAssertEqual(tree(text), expected, text)
                }
            }
        }
    }
}
