import AttnCore

extension Builtins {
    static let files: [Builtin] = []
}
