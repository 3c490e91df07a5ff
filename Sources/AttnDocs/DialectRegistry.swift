import AttnLang
import AttnPython

/// Which front end runs the code of each language a document may hold: the
/// one place where a dialect is plugged into `attn check` and `attn fix`.
///
/// The checker asks it once per language per document, when the first cell
/// in that language runs, for a dialect over the document's interpreter (the
/// one confined to the document's folder, whose settings every dialect of
/// the document shares); the dialect then runs every cell of that language,
/// in document order, in one session. A language with no dialect is not run:
/// the claims of its code are `unsupported`, with `missing(_:)` as the reason.
///
/// attn runs its own language and Python (AttnPython's `PythonDialect`,
/// sharing the document's interpreter, so that names bound by one dialect's
/// cells are seen by the other's). Unmarked code (a fence with no language,
/// a transcript) is attn's or Python's as `LanguageChoice` decides.
public struct DialectRegistry: Sendable {
    /// Makes a dialect that runs on `interpreter` (the document's, whose file
    /// access and print settings it must respect).
    public typealias Factory = @Sendable (Interpreter) -> any Dialect

    private var factories: [SourceLanguage: Factory]

    public init(_ factories: [SourceLanguage: Factory] = [:]) {
        self.factories = factories
    }

    /// The dialects attn has: its own language and Python.
    public static let standard = DialectRegistry([
        .attn: { AttnDialect($0) },
        .python: { PythonDialect(sharing: $0) },
    ])

    /// Registers (or replaces) the dialect of `language`.
    public mutating func register(_ language: SourceLanguage, _ factory: @escaping Factory) {
        factories[language] = factory
    }

    /// This registry without `language`'s dialect (for tests of what is
    /// reported when a language cannot run).
    public func removing(_ language: SourceLanguage) -> DialectRegistry {
        var copy = self
        copy.factories[language] = nil
        return copy
    }

    /// Whether code in `language` runs.
    public func runs(_ language: SourceLanguage) -> Bool {
        factories[language] != nil
    }

    /// A new dialect for `language` over `interpreter`, or nil when none is registered.
    public func dialect(for language: SourceLanguage, interpreter: Interpreter) -> (any Dialect)? {
        factories[language].map { $0(interpreter) }
    }

    /// Why code in `language` does not run, for its claims' verdict.
    static func missing(_ language: SourceLanguage) -> String {
        switch language {
        case .python, .unmarked: return "Python code needs the Python dialect"
        case .attn: return "attn code needs attn's dialect"
        case .other(let name): return "\(name) code (attn runs attn and Python code)"
        }
    }
}
