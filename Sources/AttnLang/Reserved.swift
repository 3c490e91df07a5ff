import Foundation

/// The words the grammar reserves. The lexer turns them into tokens; the
/// completer offers them and the fuzz tests build programs from them, all
/// from this one list.
public enum Keyword: String, CaseIterable, Sendable {
    case `let`, `if`, then, `else`
}

/// A name that holds a number before any program runs.
public struct Constant: Sendable {
    public let name: String
    public let value: Double
    /// Whether the name reads as a literal and so can never be rebound
    /// (`true`, `inf`); `pi` and `e` may be, as a program may well call a
    /// tensor of exponentials `e`.
    public let isLiteral: Bool

    /// Every constant; the interpreter, the completer and the tests read this list.
    public static let all: [Constant] = [
        Constant(name: "true", value: 1, isLiteral: true),
        Constant(name: "false", value: 0, isLiteral: true),
        Constant(name: "inf", value: .infinity, isLiteral: true),
        Constant(name: "nan", value: .nan, isLiteral: true),
        Constant(name: "pi", value: Double.pi, isLiteral: false),
        Constant(name: "e", value: M_E, isLiteral: false),
    ]

    public static let named: [String: Constant] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
