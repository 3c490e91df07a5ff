import AttnCore
import Foundation

/// One program's state, run statement by statement through `run` (see
/// Runner.swift): a script, a shell session, a document's cells. Its
/// dialect is attn's own language, or Python (AttnPython's
/// `PythonDialect.session()`), over the same core.
public final class Session: @unchecked Sendable {
    // @unchecked: a session is driven from one thread at a time.
    public let interpreter: Interpreter
    /// The language its source is read in.
    public let dialect: any Dialect

    public init() {
        let interpreter = Interpreter()
        self.interpreter = interpreter
        dialect = AttnDialect(interpreter)
    }

    /// A session in another dialect. The interpreter still holds the
    /// session's settings (precision, line width, what files it may touch).
    public init(dialect: any Dialect, interpreter: Interpreter = Interpreter()) {
        self.interpreter = interpreter
        self.dialect = dialect
    }

    /// Runs `body` on a thread with a large stack, so deep (but limited)
    /// nesting and recursion in user programs cannot overflow the default
    /// 8 MiB main-thread stack. Blocks until `body` returns.
    public static func withLargeStack<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.stackSize = 512 << 20
        thread.start()
        done.wait()
        guard let value = box.value else { return body() }
        return value
    }
}

/// Carries a result out of the large-stack thread; written once before the
/// semaphore is signalled and read after it is waited on.
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
