import Synchronization

/// A process-wide request to stop the computation under way: Ctrl-C in the
/// shell or during `attn run`, or a document's time limit in `attn check`.
///
/// The protocol, which every long loop in attn follows:
/// - The request is sticky. Whoever starts a piece of work on the user's
///   behalf (a shell entry, a script, a document) clears it once, before the
///   work begins, and nothing else clears it. So a request that arrives while
///   one statement runs also stops the statements after it.
/// - Loops that may run for more than a few milliseconds poll `isRequested`
///   between blocks of work (about 64 Ki elements, a GEMM block, a key block
///   of attention, a user-function call). A loop that can throw throws
///   `CoreError.interrupted`; a kernel that cannot throw stops early and
///   leaves its output partly written.
/// - Because the request stays set, the caller of such a kernel finds it
///   with `check()` afterwards and throws, and the interpreter checks once
///   more before it binds a name or `_`. A half-computed result is therefore
///   never bound: an interrupted statement changes nothing.
public enum Interrupt {
    /// Why the work is being stopped.
    public enum Reason: UInt8, Sendable {
        case none = 0
        /// The user pressed Ctrl-C.
        case user = 1
        /// A time limit (`attn check --timeout`) ran out.
        case timeout = 2
    }

    @usableFromInline static let flag = Atomic<UInt8>(0)

    /// Asks the work under way to stop. Safe to call from a signal handler
    /// (one atomic store). The first reason given wins until `clear()`.
    public static func request(_ reason: Reason = .user) {
        _ = flag.compareExchange(expected: Reason.none.rawValue, desired: reason.rawValue, ordering: .relaxed)
    }

    /// Forgets a request; called once before each new piece of work.
    public static func clear() { flag.store(Reason.none.rawValue, ordering: .relaxed) }

    /// One relaxed atomic load: cheap enough for every evaluation step.
    @inlinable
    public static var isRequested: Bool { flag.load(ordering: .relaxed) != 0 }

    /// The pending request's reason, `.none` when there is none.
    public static var reason: Reason { Reason(rawValue: flag.load(ordering: .relaxed)) ?? .user }

    /// Throws `CoreError.interrupted` when a stop was requested.
    @inlinable
    public static func check() throws(CoreError) {
        if isRequested { throw CoreError.interrupted }
    }

    /// How many elements a loop handles between two polls: large enough that
    /// the poll (one relaxed atomic load) costs nothing, small enough that
    /// even a slow elementwise function (pow, about 20 ns) polls every ~1 ms.
    public static let pollInterval = 1 << 16
}
