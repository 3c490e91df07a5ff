import XCTest
@testable import AttnPython

/// PyGlobals behaves as the dictionary it stands for, whatever its cache
/// holds: names short and long (inline and heap strings), equal names as
/// different `String` instances, collisions in the cache, deletion and
/// binding again.
final class PyGlobalsTests: XCTestCase {
    func testAgreesWithADictionaryUnderRandomOperations() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20 {
            let globals = PyGlobals()
            var reference: [String: Int64] = [:]
            // Short names stay inline in the String; long ones live on the heap.
            let names = (0..<600).map { n in n % 2 == 0 ? "v\(n)" : "a_rather_long_variable_name_number_\(n)" }
            for step in 0..<4000 {
                let name = names[Int.random(in: 0..<names.count, using: &generator)]
                // Sometimes the same name as a new String instance, which the
                // cache does not recognise and the dictionary must.
                let key = step % 3 == 0 ? String(name.utf8.map { Character(Unicode.Scalar($0)) }) : name
                switch Int.random(in: 0..<4, using: &generator) {
                case 0, 1:
                    let value = Int64(step)
                    globals[key] = .int(value)
                    reference[name] = value
                case 2:
                    let removed = globals.removeValue(forKey: key)
                    let expected = reference.removeValue(forKey: name)
                    XCTAssertEqual(removed.flatMap(Self.int), expected, "round \(round) step \(step): del \(name)")
                default:
                    XCTAssertEqual(globals[key].flatMap(Self.int), reference[name], "round \(round) step \(step): \(name)")
                }
            }
            XCTAssertEqual(globals.count, reference.count)
            let listed = Dictionary(uniqueKeysWithValues: globals.map { ($0.key, Self.int($0.value) ?? -1) })
            XCTAssertEqual(listed, reference)
            for name in names { XCTAssertEqual(globals[name].flatMap(Self.int), reference[name], name) }
        }
    }

    func testAssigningNilUnbinds() {
        let globals = PyGlobals()
        globals["x"] = .int(1)
        XCTAssertEqual(globals["x"].flatMap(Self.int), 1)
        globals["x"] = nil
        XCTAssertNil(globals["x"])
        XCTAssertEqual(globals.count, 0)
        globals["x"] = .int(2)
        XCTAssertEqual(globals["x"].flatMap(Self.int), 2)
    }

    private static func int(_ v: PyValue) -> Int64? {
        if case .int(let i) = v { return i }
        return nil
    }
}
