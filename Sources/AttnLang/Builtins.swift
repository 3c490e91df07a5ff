import AttnCore

/// The table of builtins: the single source of truth for names, parameters,
/// help text, completion and docs/builtins.md. Each group lives in its own
/// file (`Builtins+Elementwise.swift`, ...).
public enum Builtins {
    /// Every builtin, in the order the docs list them.
    public static let all: [Builtin] =
        elementwise + linearAlgebra + reductions + shapes + construction + dtypes + softmaxFamily + attention + plots + files + utilities

    /// Every builtin by name. Names are unique (a test checks it), so no
    /// entry hides another.
    public static let table: [String: Builtin] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
}
