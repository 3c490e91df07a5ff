import AttnLang

// The Python dialect's syntax tree: `indirect enum`s evaluated by exhaustive
// switches (PyInterpreter+Statements.swift, PyInterpreter+Expressions.swift).
// Every node carries the range of source it was parsed from; function and
// class bodies are classes (`FunctionCode`, `ClassCode`) so that a function
// value shares its code instead of copying it, and carry what the parser
// worked out about their names (which are local, global, nonlocal).

indirect enum PyExpr: Sendable {
    case name(String, SourceRange)
    case constant(PyConstant, SourceRange)
    /// An f-string (adjacent literals joined): text and formatted fields.
    case formatted([FormattedPart], SourceRange)
    case unary(PyUnaryOp, PyExpr, SourceRange)
    case binary(PyBinaryOp, PyExpr, PyExpr, SourceRange)
    /// `a and b`, `a or b`: short-circuit, the value of the operand that decided.
    case logical(isAnd: Bool, PyExpr, PyExpr, SourceRange)
    case not(PyExpr, SourceRange)
    /// `a < b <= c`: a chain, each operand evaluated once.
    case compare(PyExpr, [(PyCompareOp, PyExpr)], SourceRange)
    /// `yes if condition else no`.
    case conditional(condition: PyExpr, yes: PyExpr, no: PyExpr, SourceRange)
    case lambda(FunctionCode, SourceRange)
    case call(PyExpr, [PyArgument], SourceRange)
    /// `base.name`; the second range is the name's.
    case attribute(PyExpr, String, SourceRange, SourceRange)
    /// `base[index]`; several items make `index` a tuple, as in Python.
    case subscription(PyExpr, PyExpr, SourceRange)
    /// `start:stop:step` inside a subscript.
    case slice(PyExpr?, PyExpr?, PyExpr?, SourceRange)
    case tuple([PyExpr], SourceRange)
    case list([PyExpr], SourceRange)
    case set([PyExpr], SourceRange)
    case dict([PyDictItem], SourceRange)
    /// `*xs` in a list, tuple, set, call or assignment target.
    case starred(PyExpr, SourceRange)
    /// `[e for ...]`, `{e for ...}`, `(e for ...)`.
    case comprehension(PyComprehensionKind, PyExpr, [PyComprehensionClause], SourceRange)
    case dictComprehension(key: PyExpr, value: PyExpr, [PyComprehensionClause], SourceRange)

    var range: SourceRange {
        switch self {
        case .name(_, let r), .constant(_, let r), .formatted(_, let r), .unary(_, _, let r), .binary(_, _, _, let r),
             .logical(_, _, _, let r), .not(_, let r), .compare(_, _, let r), .conditional(_, _, _, let r),
             .lambda(_, let r), .call(_, _, let r), .attribute(_, _, _, let r), .subscription(_, _, let r),
             .slice(_, _, _, let r), .tuple(_, let r), .list(_, let r), .set(_, let r), .dict(_, let r),
             .starred(_, let r), .comprehension(_, _, _, let r), .dictComprehension(_, _, _, let r):
            return r
        }
    }
}

enum PyConstant: Sendable {
    case none, `true`, `false`, ellipsis
    case int(Int64)
    case float(Double)
    case string(String)
}

enum FormattedPart: Sendable {
    case text(String)
    /// `{expression!conversion:spec}`; `selfDocumenting` is the `x = ` of `{x = }`.
    case field(PyExpr, conversion: Character?, spec: [FormattedPart]?, selfDocumenting: String?)
}

enum PyUnaryOp: String, Sendable {
    case negate = "-", plus = "+", invert = "~"
}

enum PyBinaryOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", matmul = "@", divide = "/", floorDivide = "//"
    case modulo = "%", power = "**", shiftLeft = "<<", shiftRight = ">>", and = "&", or = "|", xor = "^"
}

enum PyCompareOp: String, Sendable {
    case less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">=", equal = "==", notEqual = "!="
    case `in` = "in", notIn = "not in", `is` = "is", isNot = "is not"
}

enum PyArgument: Sendable {
    case positional(PyExpr)
    case keyword(String, PyExpr, nameRange: SourceRange)
    /// `*args`
    case unpacked(PyExpr)
    /// `**kwargs`
    case unpackedKeywords(PyExpr)
}

enum PyDictItem: Sendable {
    case pair(PyExpr, PyExpr)
    /// `**mapping`
    case unpacked(PyExpr)
}

enum PyComprehensionKind: Sendable {
    case list, set, generator
}

enum PyComprehensionClause: Sendable {
    case `for`(target: PyExpr, iterable: PyExpr)
    case `if`(PyExpr)
}

/// One `except [type [as name]]:` clause of a `try` statement.
struct PyExceptHandler: Sendable {
    /// The exception class (or tuple of classes) it catches; nil for a bare `except:`.
    let type: PyExpr?
    let name: String?
    let body: [PyStmt]
    let range: SourceRange
}

indirect enum PyStmt: Sendable {
    case expression(PyExpr, SourceRange)
    /// `a = b = value`: every target gets the value, left to right.
    case assign([PyExpr], PyExpr, SourceRange)
    case augmented(PyExpr, PyBinaryOp, PyExpr, SourceRange)
    /// `x: int = 3` (the annotation is not evaluated).
    case annotated(PyExpr, PyExpr?, SourceRange)
    case function(FunctionCode, decorators: [PyExpr], SourceRange)
    case `class`(ClassCode, decorators: [PyExpr], SourceRange)
    case `return`(PyExpr?, SourceRange)
    /// `if`/`elif` branches in order, then the `else` body (empty without one).
    case `if`([(PyExpr, [PyStmt])], [PyStmt], SourceRange)
    case `while`(PyExpr, [PyStmt], orElse: [PyStmt], SourceRange)
    case `for`(PyExpr, PyExpr, [PyStmt], orElse: [PyStmt], SourceRange)
    case `break`(SourceRange), `continue`(SourceRange), pass(SourceRange)
    case assert(PyExpr, PyExpr?, SourceRange)
    case delete([PyExpr], SourceRange)
    case with([(PyExpr, PyExpr?)], [PyStmt], SourceRange)
    case `import`([PyImportName], SourceRange)
    /// `from module import a as b, c`; nil names for `*`.
    case importFrom(PyImportName, [PyImportName]?, SourceRange)
    case global([String], SourceRange)
    case nonlocal([String], SourceRange)
    case raise(PyExpr?, SourceRange)
    /// `try:` body, its `except` handlers in order, the `else:` body and the
    /// `finally:` body (each empty when absent).
    case `try`([PyStmt], [PyExceptHandler], orElse: [PyStmt], finally: [PyStmt], SourceRange)

    /// The statement blocks nested in this statement that run in its scope
    /// (the branches of `if`, the bodies and `else` of loops, `with`'s body;
    /// not the bodies of `def` and `class`, which have scopes of their own).
    var blocks: [[PyStmt]] {
        switch self {
        case .if(let branches, let orElse, _): return branches.map(\.1) + [orElse]
        case .while(_, let body, let orElse, _), .for(_, _, let body, let orElse, _): return [body, orElse]
        case .with(_, let body, _): return [body]
        case .try(let body, let handlers, let orElse, let final, _): return [body] + handlers.map(\.body) + [orElse, final]
        case .expression, .assign, .augmented, .annotated, .function, .class, .return, .break, .continue, .pass,
             .assert, .delete, .import, .importFrom, .global, .nonlocal, .raise:
            return []
        }
    }

    var range: SourceRange {
        switch self {
        case .expression(_, let r), .assign(_, _, let r), .augmented(_, _, _, let r), .annotated(_, _, let r),
             .function(_, _, let r), .class(_, _, let r), .return(_, let r), .if(_, _, let r), .while(_, _, _, let r),
             .for(_, _, _, _, let r), .break(let r), .continue(let r), .pass(let r), .assert(_, _, let r),
             .delete(_, let r), .with(_, _, let r), .import(_, let r), .importFrom(_, _, let r), .global(_, let r),
             .nonlocal(_, let r), .raise(_, let r), .try(_, _, _, _, let r):
            return r
        }
    }
}

/// A dotted module name or an imported name, with its `as` name.
struct PyImportName: Sendable {
    let dotted: [String]
    let alias: String?
    let range: SourceRange
    var name: String { dotted.joined(separator: ".") }
}

/// One parameter of a `def` or `lambda`.
struct PyParameter: Sendable {
    let name: String
    let defaultValue: PyExpr?
    let range: SourceRange
}

/// A function's code: its parameters, body and what its names are.
final class FunctionCode: Sendable {
    let name: String
    /// Positional-or-keyword parameters (and positional-only ones before a `/`).
    let positional: [PyParameter]
    /// How many of `positional` are positional-only.
    let positionalOnly: Int
    /// `*args`
    let varArgs: String?
    let keywordOnly: [PyParameter]
    /// `**kwargs`
    let varKeywords: String?
    let body: [PyStmt]
    /// A lambda's body is an expression, returned.
    let isLambda: Bool
    /// Names bound in the body (parameters included) that are not declared
    /// `global` or `nonlocal`: the function's locals.
    let locals: Set<String>
    let globals: Set<String>
    let nonlocals: Set<String>
    /// Where it was written, for errors raised inside it.
    let source: SourceFile
    let range: SourceRange

    init(name: String, positional: [PyParameter], positionalOnly: Int, varArgs: String?, keywordOnly: [PyParameter],
         varKeywords: String?, body: [PyStmt], isLambda: Bool, locals: Set<String>, globals: Set<String>,
         nonlocals: Set<String>, source: SourceFile, range: SourceRange) {
        self.name = name
        self.positional = positional
        self.positionalOnly = positionalOnly
        self.varArgs = varArgs
        self.keywordOnly = keywordOnly
        self.varKeywords = varKeywords
        self.body = body
        self.isLambda = isLambda
        self.locals = locals
        self.globals = globals
        self.nonlocals = nonlocals
        self.source = source
        self.range = range
    }
}

/// A class statement's code.
final class ClassCode: Sendable {
    let name: String
    let bases: [PyExpr]
    let keywords: [PyArgument]
    let body: [PyStmt]
    let source: SourceFile
    let range: SourceRange

    init(name: String, bases: [PyExpr], keywords: [PyArgument], body: [PyStmt], source: SourceFile, range: SourceRange) {
        self.name = name
        self.bases = bases
        self.keywords = keywords
        self.body = body
        self.source = source
        self.range = range
    }
}
