import Synchronization

/// A process-wide request to stop the computation under way (Ctrl-C in the
/// shell). Long kernels poll it between blocks and throw
/// `CoreError.interrupted`; the shell clears it before each evaluation.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Throws `CoreError.interrupted` when a stop was requested.
    @inlinable
    public static func check() throws(CoreError) {
        if isRequested { throw CoreError.interrupted }
    }
}
