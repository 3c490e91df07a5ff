import AttnCore
import Foundation
import XCTest

/// What numpy read from one fixture, as written by scripts/make_npy_fixtures.py.
struct FixtureExpectation: Decodable {
    var shape: [Int]?
    var values: [Double]?
    var dtype: String?
    var fortran_order: Bool?
    var version: [Int]?
    /// The dtype attn loads the file as (numpy's safe cast to attn's dtypes).
    var attn_dtype: String?
    /// The elements exactly, for files attn loads as integers or bools.
    var ints: [Int64]?
    /// Whether the file is numpy.save's output for a dtype attn writes.
    var numpy_save: Bool?
    var reject: Bool?
    var why: String?
}

enum Fixtures {
    static func directory() throws -> URL {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw XCTSkip("the Fixtures resource folder is missing from the test bundle")
        }
        return url
    }

    static func path(_ name: String) throws -> String {
        try directory().appendingPathComponent(name).path
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory().appendingPathComponent(name)))
    }

    static func expectations() throws -> [String: FixtureExpectation] {
        let data = try Data(contentsOf: directory().appendingPathComponent("npy_expected.json"))
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode([String: FixtureExpectation].self, from: data)
    }
}

/// Bitwise-faithful comparison: NaN equals NaN, and the sign of zero counts.
func assertSameValues(_ actual: [Double], _ expected: [Double], _ message: String,
                      file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "\(message): element count", file: file, line: line)
    for (index, (a, e)) in zip(actual, expected).enumerated() {
        let same = (a.isNaN && e.isNaN) || (a == e && a.sign == e.sign)
        XCTAssertTrue(same, "\(message): element \(index) is \(a), numpy says \(e)", file: file, line: line)
    }
}

/// The elements of an integer or bool tensor exactly (bool as 1 and 0); nil for floats.
func exactIntegers(_ t: Tensor) -> [Int64]? {
    switch t.storage {
    case .int64(let a): return a
    case .int32(let a): return a.map(Int64.init)
    case .bool(let a): return a.map { $0 ? 1 : 0 }
    case .float64, .float32: return nil
    }
}

/// The elements' bit patterns, widened to 64 bits: storage equality that
/// tells NaN payloads and the signs of zeros apart.
func bitPatterns(_ t: Tensor) -> [UInt64] {
    switch t.storage {
    case .float64(let a): return a.map(\.bitPattern)
    case .float32(let a): return a.map { UInt64($0.bitPattern) }
    case .int64(let a): return a.map { UInt64(bitPattern: $0) }
    case .int32(let a): return a.map { UInt64(UInt32(bitPattern: $0)) }
    case .bool(let a): return a.map { $0 ? 1 : 0 }
    }
}

/// Runs `body`, expecting `CoreError.io`; returns its reason (nil after a failure).
@discardableResult
func assertIOError<T>(_ body: () throws(CoreError) -> T, path expectedPath: String? = nil,
                      contains fragments: [String] = [], _ message: String = "",
                      file: StaticString = #filePath, line: UInt = #line) -> String? {
    do {
        let value = try body()
        XCTFail("expected an I/O error \(message), got \(value)", file: file, line: line)
        return nil
    } catch {
        guard case .io(let path, let reason) = error else {
            XCTFail("expected CoreError.io \(message), got \(error)", file: file, line: line)
            return nil
        }
        if let expectedPath {
            XCTAssertEqual(path, expectedPath, "error names the wrong path \(message)", file: file, line: line)
        }
        for fragment in fragments {
            XCTAssertTrue(reason.contains(fragment),
                          "reason '\(reason)' should mention '\(fragment)' \(message)", file: file, line: line)
        }
        return reason
    }
}

/// A fresh empty directory for one test, removed afterwards.
func makeTemporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("attn-io-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}
