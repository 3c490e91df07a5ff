#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An object that can sit on a reference cycle: a container whose contents
/// a program can change (a list, a dict, an instance, a class, a module, a
/// function's attributes, a frame a closure captured, an iterator's state).
/// Each links itself into the heap current on its thread when it is made
/// (`track: true`), and out of it when it is freed.
class PyTracked {
    // The heap's doubly linked list, threaded through the objects
    // themselves: linking and unlinking allocate nothing and retain nothing.
    // The links are only touched on the interpreter's thread, and a heap
    // detaches every object still linked when it releases or ends.
    fileprivate unowned(unsafe) var heapPrevious: PyTracked?
    fileprivate unowned(unsafe) var heapNext: PyTracked?

    init(track: Bool) {
        if track { PyHeap.current?.link(self) }
    }

    /// Links this object into the current heap, if it is not linked yet.
    final func trackInCurrentHeap() {
        if heapPrevious == nil { PyHeap.current?.link(self) }
    }

    deinit {
        if let previous = heapPrevious {
            previous.heapNext = heapNext
            heapNext?.heapPrevious = previous
        }
    }

    /// Drops every reference to other Python objects (the interpreter is done).
    func releaseReferences() {}
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
/// Objects link themselves into the heap current on their thread
/// (`whileCurrent`, around everything a dialect runs); one made outside, or
/// a built-in class (shared by every interpreter), is not tracked. The heap
/// is a list threaded through the objects (`PyTracked`), so tracking costs
/// a few stores and never keeps an object alive. (A first version held weak
/// references: each cost a side-table allocation, and a program making
/// small objects in a loop ran 20–40% slower.)
final class PyHeap {
    /// The list's head (never itself tracked).
    private let head = PyTracked(track: false)
    private var released = false

    fileprivate func link(_ object: PyTracked) {
        guard !released else { return }
        object.heapPrevious = head
        object.heapNext = head.heapNext
        head.heapNext?.heapPrevious = object
        head.heapNext = object
    }

    /// The tracked objects alive now (for tests).
    var liveObjects: [AnyObject] {
        var out: [AnyObject] = []
        var node = head.heapNext
        while let n = node {
            out.append(n)
            node = n.heapNext
        }
        return out
    }

    /// Unlinks every object, keeping each alive in the array returned.
    private func detachAll() -> [PyTracked] {
        var live: [PyTracked] = []
        var node = head.heapNext
        while let n = node {
            live.append(n)
            node = n.heapNext
            n.heapPrevious = nil
            n.heapNext = nil
        }
        head.heapNext = nil
        return live
    }

    /// Empties every tracked object still alive. Later objects are not tracked.
    func releaseAll() {
        released = true
        let live = detachAll()
        for object in live { object.releaseReferences() }
    }

    deinit {
        // Objects that outlive the heap must not unlink into it later.
        released = true
        _ = detachAll()
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
