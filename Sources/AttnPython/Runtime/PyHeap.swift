#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An object that can sit on a reference cycle: a container whose contents
/// a program can change (a list, a dict, an instance, a class, a module, a
/// function's attributes, a frame a closure captured, an iterator's state).
protocol PyReleasable: AnyObject {
    /// Drops every reference to other Python objects (the interpreter is done).
    func releaseReferences()
}

/// The objects an interpreter's program made, so that its reference cycles
/// are broken when the interpreter is done with them.
///
/// attn's values are reference counted, and Python programs make cycles all
/// the time: a method's function refers to its class, whose dict holds the
/// function; a nested function's closure is the frame that holds it; a list
/// can contain itself. CPython frees them with its cycle collector; here
/// nothing would, and each would leak for the life of the process.
///
/// Decision: no collector runs while a program runs (a garbage cycle made
/// in a loop lives until the end); when the interpreter is done (its
/// dialect, hence its session or document, ends), `releaseAll` empties
/// every object that is still alive, which breaks every cycle. This is
/// complete because a cycle needs an edge added by changing an object after
/// it was made (edges made at construction point only to older objects),
/// and every kind of object that can be changed to refer to another is
/// tracked here when it is made (a frame when a closure or generator
/// captures it, the only way a frame can be referred to).
///
/// Objects register with the heap current on their thread (`whileCurrent`,
/// around everything a dialect runs); one made outside, or a built-in class
/// (shared by every interpreter), is not tracked. The heap holds weak
/// references, squeezed out when it has doubled since the last squeeze, so
/// it never keeps an object alive.
final class PyHeap {
    private struct Entry {
        weak var object: (any PyReleasable)?
    }

    private var entries: [Entry] = []
    private var liveAtLastSqueeze = 0
    private var released = false

    /// Tracks `object` until `releaseAll`.
    func track(_ object: any PyReleasable) {
        guard !released else { return }
        if entries.count >= max(1024, 2 * liveAtLastSqueeze) {
            entries.removeAll { $0.object == nil }
            liveAtLastSqueeze = entries.count
        }
        entries.append(Entry(object: object))
    }

    /// The tracked objects alive now (for tests).
    var liveObjects: [AnyObject] { entries.compactMap(\.object) }

    /// Empties every tracked object still alive. Later objects are not tracked.
    func releaseAll() {
        released = true
        let live = entries.compactMap(\.object)
        entries = []
        for object in live { object.releaseReferences() }
    }

    // MARK: - The heap current on this thread

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The heap of the interpreter running on this thread, if any.
    static var current: PyHeap? {
        guard let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<PyHeap>.fromOpaque(raw).takeUnretainedValue()
    }

    /// Tracks `object` in the current heap, if there is one.
    @inline(__always)
    static func trackInCurrent(_ object: any PyReleasable) {
        current?.track(object)
    }

    /// Runs `body` with this heap current on the thread (nesting restores
    /// the outer one), so that what it makes is tracked here.
    func whileCurrent<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let previous = pthread_getspecific(PyHeap.key)
        let mine = Unmanaged.passUnretained(self).toOpaque()
        if previous == UnsafeMutableRawPointer(mine) { return try body() }
        pthread_setspecific(PyHeap.key, mine)
        defer { pthread_setspecific(PyHeap.key, previous) }
        return try body()
    }
}
