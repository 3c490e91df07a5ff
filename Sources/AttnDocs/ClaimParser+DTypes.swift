import Foundation

// The dtypes a claim may state, by the names numpy and PyTorch print.
extension ClaimParser {
    /// numpy's name of a dtype as a claim spells it: numpy's `float32`,
    /// `np.float32`, `'float32'`; PyTorch's `torch.float32` and its aliases
    /// `torch.float`, `torch.double`, `torch.half`, `torch.long`, `torch.int`,
    /// `torch.short`. Names attn has no dtype for are kept (`int8`), so a
    /// claim stating one holds for no attn value.
    static func dtypeName(_ written: String) -> String {
        var name = written.trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
        var torch = false
        for prefix in ["np.", "numpy.", "torch."] where name.hasPrefix(prefix) {
            torch = prefix == "torch."
            name.removeFirst(prefix.count)
        }
        if name.hasSuffix("_") { name.removeLast() }  // np.bool_
        let torchAliases = ["float": "float32", "double": "float64", "half": "float16",
                            "long": "int64", "int": "int32", "short": "int16"]
        return torch ? torchAliases[name] ?? name : name
    }

    /// Whether `name` is a numpy scalar type (`np.float32`, `np.int64`,
    /// `np.bool_`), whose call a scalar's repr is, rather than another
    /// function (`np.array`).
    static func isScalarType(_ name: String) -> Bool {
        let type = dtypeName(name)
        if type == "bool" { return true }
        guard let kind = ["float", "uint", "int", "complex"].first(where: { type.hasPrefix($0) }) else { return false }
        let bits = type.dropFirst(kind.count)
        return !bits.isEmpty && bits.allSatisfy(\.isNumber)
    }
}
