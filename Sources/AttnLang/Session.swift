import AttnCore
import Foundation

/// What running a statement produced, in order.
public enum Event: Sendable {
    /// The value of a bare expression statement, formatted.
    case value(Value, text: String, statement: StatementNode)
    /// A line written by `print`.
    case printed(String)
    /// An error, with the source its range points into.
    case error(Diagnostic, SourceFile)
}

/// A sequence of programs run against one interpreter: a script, a shell
/// session, a Markdown page's fences.
public final class Session: @unchecked Sendable {
    // @unchecked: a session is driven from one thread at a time.
    public let interpreter = Interpreter()

    public init() {}

    /// Runs `source`, sending each outcome to `emit`. With `continueOnError`
    /// every statement that parses is run even after a failure (a script
    /// from a pipe); otherwise the first error ends the run. A stop request
    /// (`Interrupt`) ends it either way, with an `.interrupted` error at the
    /// statement it stopped. Returns true when nothing failed.
    @discardableResult
    public func run(_ source: SourceFile, continueOnError: Bool = false, emit: (Event) -> Void) -> Bool {
        var ok = true
        for item in Parser.parseRecovering(source) {
            switch item {
            case .failure(let diagnostic):
                emit(.error(diagnostic, diagnostic.source ?? source))
                ok = false
                if !continueOnError { return false }
            case .success(let node):
                var stopped = false
                let succeeded = execute(node, source: source) { event in
                    if case .error(let d, _) = event, d.kind == .interrupted { stopped = true }
                    emit(event)
                }
                if !succeeded {
                    ok = false
                    if stopped || !continueOnError { return false }
                }
            }
        }
        return ok
    }

    /// Runs one parsed statement; returns false when it failed.
    @discardableResult
    public func execute(_ node: StatementNode, source: SourceFile, emit: (Event) -> Void) -> Bool {
        let previous = interpreter.output
        var printed: [String] = []
        interpreter.output = { printed.append($0) }
        defer { interpreter.output = previous }
        do throws(Diagnostic) {
            // A stop requested before this statement began stops it too;
            // the request is cleared only when new work starts (`Interrupt`).
            try Diagnostic.checkInterrupt(at: node.range)
            let value = try interpreter.execute(node, source: source)
            var text: String?
            if let value, case .expression(_, let silent) = node.statement, !silent, !Session.isNothing(value) {
                text = Printer.format(value, precision: interpreter.precision, lineWidth: interpreter.lineWidth)
            }
            // Printing stops early on Ctrl-C: then neither the partial text
            // is shown nor `_` changed (an interrupted statement changes nothing).
            try Diagnostic.checkInterrupt(at: node.range)
            // `print(...)` and `precision(n)` show nothing and leave `_` alone.
            if let value, !Session.isNothing(value) { interpreter.remember(value) }
            for line in printed { emit(.printed(line)) }
            printed = []
            if let value, let text { emit(.value(value, text: text, statement: node)) }
            return true
        } catch {
            for line in printed { emit(.printed(line)) }
            emit(.error(error, error.source ?? source))
            return false
        }
    }

    /// `print(...)` and `precision(n)` return an empty doc: nothing to show.
    static func isNothing(_ value: Value) -> Bool {
        if case .doc(let text) = value, text.isEmpty { return true }
        return false
    }

    /// Evaluates `text` and returns the value of its last expression
    /// statement (nil if it had none); the first error is thrown.
    public func evaluate(_ text: String, name: String = "<input>") throws(Diagnostic) -> Value? {
        let source = SourceFile(name: name, text: text)
        var last: Value?
        for node in try Parser.parse(source) {
            if let v = try interpreter.execute(node, source: source) {
                if !Session.isNothing(v) { interpreter.remember(v) }
                last = v
            }
        }
        return last
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
