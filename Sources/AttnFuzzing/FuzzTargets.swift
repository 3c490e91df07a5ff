/// Every fuzz target by name: the name of its harness in Fuzz/ and of its
/// folder under Fuzz/Regressions/.
public enum FuzzTargets {
    public typealias Entry = @Sendable ([UInt8]) -> [String]

    public static let all: [(name: String, entry: Entry)] = [
        ("attn", FuzzPrograms.attn),
        ("python", FuzzPrograms.python),
        ("claim", FuzzClaims.claim),
        ("doc-attn", FuzzDocuments.attnScript),
        ("doc-markdown", FuzzDocuments.markdown),
        ("doc-notebook", FuzzDocuments.notebook),
        ("doc-text", FuzzDocuments.text),
        ("npy", FuzzTensors.npy),
        ("csv", FuzzTensors.csv),
        ("history", FuzzHistory.history),
    ]

    /// The entry point named `name`, if there is one.
    public static func entry(named name: String) -> Entry? {
        all.first { $0.name == name }?.entry
    }
}
