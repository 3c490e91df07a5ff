import AttnCore
import Foundation
import XCTest

final class NPYTests: XCTestCase {

    // MARK: Fixtures written by numpy

    func testEveryAcceptedFixtureMatchesNumpy() throws {
        let expectations = try Fixtures.expectations()
        let accepted = expectations.filter { $0.key.hasSuffix(".npy") && $0.value.reject != true }
        XCTAssertGreaterThanOrEqual(accepted.count, 20, "fixture list looks incomplete")
        for (name, expected) in accepted.sorted(by: { $0.key < $1.key }) {
            let path = try Fixtures.path(name)
            let shape = try XCTUnwrap(expected.shape, name)
            let values = try XCTUnwrap(expected.values, name)
            let tensor = try NPY.read(path: path)
            XCTAssertEqual(tensor.shape, shape, "\(name): shape")
            XCTAssertEqual(tensor.dtype.rawValue, expected.attn_dtype, "\(name): dtype")
            assertSameValues(tensor.scalars, values, name)
            if let ints = expected.ints {
                XCTAssertEqual(exactIntegers(tensor), ints, "\(name): exact integers")
            }
            // decode on the same bytes agrees with read.
            let decoded = try NPY.decode(Fixtures.bytes(name), path: name)
            XCTAssertEqual(decoded.shape, tensor.shape, "\(name): decode shape")
            XCTAssertEqual(bitPatterns(decoded), bitPatterns(tensor), "\(name): decode")
        }
    }

    func testEachFileTypeLoadsAsTheNearestDtype() throws {
        // The mapping the load docs promise, each held by a numpy fixture.
        let expectations = try Fixtures.expectations()
        let promised: [String: DType] = [
            "<f8": .float64, "<f4": .float32, "<f2": .float32, "<i8": .int64, "<i4": .int32, "<i2": .int32,
            "|i1": .int32, "<u8": .float64, "<u4": .int64, "<u2": .int32, "|u1": .int32, "|b1": .bool,
        ]
        var seen = Set<String>()
        for (name, expected) in expectations where name.hasSuffix(".npy") && expected.reject != true {
            guard let descr = expected.dtype, let dtype = promised[descr] else { continue }
            seen.insert(descr)
            XCTAssertEqual(try NPY.read(path: Fixtures.path(name)).dtype, dtype, name)
            XCTAssertEqual(expected.attn_dtype, dtype.rawValue, "\(name): numpy's safe cast disagrees with the docs")
        }
        XCTAssertEqual(seen, Set(promised.keys))
    }

    func testFixtureCoverage() throws {
        // The fixture set exercises what the task asks for; guard against the
        // script silently dropping one.
        let expectations = try Fixtures.expectations()
        XCTAssertEqual(expectations["fortran_3x2.npy"]?.fortran_order, true)
        XCTAssertEqual(expectations["fortran_2x3x4_i4.npy"]?.fortran_order, true)
        XCTAssertEqual(expectations["v2_f8_2x2.npy"]?.version, [2, 0])
        XCTAssertEqual(expectations["v3_f8_3.npy"]?.version, [3, 0])
        XCTAssertEqual(expectations["scalar_0d.npy"]?.shape, [])
        XCTAssertEqual(expectations["empty_0x3.npy"]?.shape, [0, 3])
        let dtypes = Set(expectations.values.compactMap(\.dtype))
        for dtype in ["<f8", "<f4", "<f2", "<i8", "<i4", "<i2", "|i1", "<u8", "<u4", "<u2", "|u1", "|b1"] {
            XCTAssertTrue(dtypes.contains(dtype), "no fixture for \(dtype)")
        }
        // Version bytes in the files themselves.
        XCTAssertEqual(Array(try Fixtures.bytes("v2_f8_2x2.npy")[6..<8]), [2, 0])
        XCTAssertEqual(Array(try Fixtures.bytes("v3_f8_3.npy")[6..<8]), [3, 0])
    }

    func testFortranOrderIsRearrangedToRowMajor() throws {
        // numpy stored np.asfortranarray(np.arange(6.).reshape(3, 2)): the raw
        // data is column-major, 0 2 4 1 3 5.
        let bytes = try Fixtures.bytes("fortran_3x2.npy")
        let raw = (0..<6).map { i -> Double in
            let start = bytes.count - 48 + 8 * i
            var bits: UInt64 = 0
            for (k, byte) in bytes[start..<(start + 8)].enumerated() { bits |= UInt64(byte) << (8 * UInt64(k)) }
            return Double(bitPattern: bits)
        }
        XCTAssertEqual(raw, [0, 2, 4, 1, 3, 5], "fixture is not column-major on disk")
        let t = try NPY.read(path: Fixtures.path("fortran_3x2.npy"))
        XCTAssertEqual(t.shape, [3, 2])
        XCTAssertEqual(t.scalars, [0, 1, 2, 3, 4, 5])

        let t3 = try NPY.read(path: Fixtures.path("fortran_2x3x4_i4.npy"))
        XCTAssertEqual(t3.shape, [2, 3, 4])
        XCTAssertEqual(t3.storage, .int32((0..<24).map(Int32.init)))

        // Every dtype is rearranged, its bits kept.
        let f4 = try NPY.read(path: Fixtures.path("fortran_2x3_f4.npy"))
        XCTAssertEqual(f4.storage, .float32([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]))
        let i8 = try NPY.read(path: Fixtures.path("fortran_2x2_i8.npy"))
        XCTAssertEqual(i8.storage, .int64([(1 << 62) + 1, 2, 3, -(1 << 62) - 1]))
        let b1 = try NPY.read(path: Fixtures.path("fortran_2x2x2_b1.npy"))
        XCTAssertEqual(b1.storage, .bool((0..<8).map { $0 % 3 == 0 }))
    }

    func testHandmadeFortranOrder() throws {
        // 2x3x2 in Fortran order: element (i, j, k) is stored at i + 2j + 6k.
        let shape = [2, 3, 2]
        var stored = [Double](repeating: 0, count: 12)
        var expected: [Double] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<2 {
            let value = Double(100 * i + 10 * j + k)
            stored[i + 2 * j + 6 * k] = value
            expected.append(value)
        }}}
        let bytes = npy(header: "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3, 2), }",
                        data: float64Bytes(stored))
        let t = try NPY.decode(bytes, path: "f.npy")
        XCTAssertEqual(t.shape, shape)
        XCTAssertEqual(t.scalars, expected)
        // Fortran order is a no-op for rank 0 and 1.
        let v = try NPY.decode(npy(header: "{'descr': '<f8', 'fortran_order': True, 'shape': (3,), }",
                                   data: float64Bytes([1, 2, 3])), path: "v.npy")
        XCTAssertEqual(v.scalars, [1, 2, 3])
    }

    func testRejectedFixtures() throws {
        let expectations = try Fixtures.expectations()
        let rejected = expectations.filter { $0.value.reject == true }
        XCTAssertEqual(Set(rejected.keys), ["be_f8.npy", "truncated_f8.npy", "object.npy",
                                            "structured.npy", "complex.npy", "unicode.npy"])
        let keywords: [String: [String]] = [
            "be_f8.npy": ["big-endian", ">f8"],
            "truncated_f8.npy": ["truncated", "48", "43"],
            "object.npy": ["object", "|O"],
            "structured.npy": ["structured"],
            "complex.npy": ["complex", "<c16"],
            "unicode.npy": ["string", "<U2"],
        ]
        for name in rejected.keys.sorted() {
            let path = try Fixtures.path(name)
            assertIOError({ () throws(CoreError) in try NPY.read(path: path) },
                          path: path, contains: keywords[name] ?? [], "reading \(name)")
            let bytes = try Fixtures.bytes(name)
            assertIOError({ () throws(CoreError) in try NPY.decode(bytes, path: name) },
                          path: name, contains: keywords[name] ?? [], "decoding \(name)")
        }
    }

    // MARK: Hand-made headers

    func testAcceptsHeaderVariants() throws {
        let data = float64Bytes([1, 2, 3, 4, 5, 6])
        let variants = [
            #"{"descr": "<f8", "fortran_order": False, "shape": (2, 3)}"#,
            "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f8'}",
            "{ 'descr' : '<f8' ,\n 'fortran_order' : False ,\t'shape' : ( 2 , 3 , ) , }",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }",   // Python 2
            "{'descr': '=f8', 'fortran_order': False, 'shape': (2, 3), }",     // native order
            "{'descr': u'<f8', 'fortran_order': False, 'shape': (2, 3), }",
        ]
        for header in variants {
            for version: UInt8 in [1, 2, 3] {
                let t = try NPY.decode(npy(header: header, data: data, version: version, align: false), path: "x.npy")
                XCTAssertEqual(t.shape, [2, 3], header)
                XCTAssertEqual(t.scalars, [1, 2, 3, 4, 5, 6], header)
            }
        }
        // One-byte types take any byte-order character.
        for descr in ["|u1", "<u1", ">u1", "=u1", "|b1", ">i1"] {
            let t = try NPY.decode(npy(header: "{'descr': '\(descr)', 'fortran_order': False, 'shape': (2,), }",
                                       data: [0, 1]), path: "b.npy")
            XCTAssertEqual(t.scalars, [0, 1], descr)
        }
        // Bool: any nonzero byte is True.
        let b = try NPY.decode(npy(header: "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
                                   data: [0, 1, 7]), path: "b.npy")
        XCTAssertEqual(b.scalars, [0, 1, 1])
        // A 0-d array of another dtype.
        let s = try NPY.decode(npy(header: "{'descr': '<i4', 'fortran_order': False, 'shape': (), }",
                                   data: [0xFE, 0xFF, 0xFF, 0xFF]), path: "s.npy")
        XCTAssertEqual(s.shape, [])
        XCTAssertEqual(s.scalars, [-2])
        XCTAssertTrue(s.isScalar)
    }

    func testRejectsMalformedHeaders() {
        let d6 = float64Bytes([1, 2, 3, 4, 5, 6])
        let cases: [(String, [UInt8], [String])] = [
            ("{'descr': '<f8', 'fortran_order': False}", d6, ["missing key", "'shape'"]),
            ("{'descr': '<f8', 'shape': (2, 3)}", d6, ["missing key", "'fortran_order'"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}", d6, ["unexpected key", "extra"]),
            ("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}", d6, ["twice"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), ", d6, ["malformed header"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)} junk", d6, ["malformed header", "after the dict"]),
            ("{'descr': '<f8' 'fortran_order': False, 'shape': (2, 3)}", d6, ["malformed header"]),
            ("{'descr: '<f8', 'fortran_order': False, 'shape': (2, 3)}", d6, ["malformed header"]),
            ("{descr: '<f8', 'fortran_order': False, 'shape': (2, 3)}", d6, ["malformed header", "descr"]),
            ("['descr', '<f8']", d6, ["expected a dict", "a list"]),
            ("", d6, ["malformed header", "end of header"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, -3)}", d6, ["negative"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3.5)}", d6, ["malformed header"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': [2, 3]}", d6, ["'shape' must be a tuple"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': 6}", d6, ["'shape' must be a tuple"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (6)}", d6, ["'shape' must be a tuple"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': ('2', 3)}", d6, ["'shape' must be a tuple"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}", d6, ["too large"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (1048576, 1048576)}", d6, ["too large", "limit"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4)}", d6, ["too large"]),
            ("{'descr': '<f8', 'fortran_order': 1, 'shape': (2, 3)}", d6, ["'fortran_order' must be True or False"]),
            ("{'descr': '<f8', 'fortran_order': 'False', 'shape': (2, 3)}", d6, ["'fortran_order' must be True or False"]),
            ("{'descr': '<f8', 'fortran_order': false, 'shape': (2, 3)}", d6, ["malformed header", "false"]),
            ("{'descr': 8, 'fortran_order': False, 'shape': (2, 3)}", d6, ["'descr' must be a string"]),
            ("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3)}", d6, ["big-endian", ">f8"]),
            ("{'descr': '>i4', 'fortran_order': False, 'shape': (2, 3)}", d6, ["big-endian", ">i4"]),
            ("{'descr': '|f8', 'fortran_order': False, 'shape': (2, 3)}", d6, ["byte order"]),
            ("{'descr': '<f16', 'fortran_order': False, 'shape': (2, 3)}", d6, ["unsupported dtype", "<f16"]),
            ("{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3)}", d6, ["complex"]),
            ("{'descr': '|O', 'fortran_order': False, 'shape': (2, 3)}", d6, ["object"]),
            ("{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (2, 3)}", d6, ["datetime"]),
            ("{'descr': '|V8', 'fortran_order': False, 'shape': (2, 3)}", d6, ["void"]),
            ("{'descr': 'f8', 'fortran_order': False, 'shape': (2, 3)}", d6, ["malformed dtype"]),
            ("{'descr': '', 'fortran_order': False, 'shape': (2, 3)}", d6, ["malformed dtype"]),
            ("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (6,)}", d6, ["structured"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}", Array(d6.dropLast(8)), ["truncated", "48", "40"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3)}", d6 + [0], ["does not match", "48", "49"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 4)}", d6, ["truncated"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 0)}", d6, ["does not match"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': ()}", [], ["truncated"]),
            ("{'descr': '<f8\n', 'fortran_order': False, 'shape': (2, 3)}", d6, ["malformed header"]),
            ("{'descr': '<f8', 'fortran_order': False, 'shape': " + String(repeating: "(", count: 200) + "}", d6,
             ["nested too deeply"]),
        ]
        for (header, data, fragments) in cases {
            let bytes = npy(header: header, data: data)
            assertIOError({ () throws(CoreError) in try NPY.decode(bytes, path: "m.npy") },
                          path: "m.npy", contains: fragments, "for header \(header.debugDescription)")
        }
    }

    func testHeaderExcerptsAreShortAndCannotDriveTheTerminal() {
        let secret = String(repeating: "root:x:0:0:secret-hash-", count: 20)
        let header = "{'descr': '<f8', \u{1B}[2J\u{1B}]0;title\u{7} \(secret)"
        let reason = assertIOError({ () throws(CoreError) in try NPY.decode(npy(header: header, data: []), path: "h.npy") },
                                   contains: ["malformed header", "..."]) ?? ""
        XCTAssertFalse(reason.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, reason)
        XCTAssertFalse(reason.contains("secret-hash-root"), "the message echoes the file at length: \(reason)")
        XCTAssertLessThan(reason.count, 160, reason)
        let dtype = assertIOError({ () throws(CoreError) in
            try NPY.decode(npy(header: "{'descr': '<\u{1B}[31m\(secret)', 'fortran_order': False, 'shape': (1,), }", data: []),
                           path: "d.npy")
        }, contains: ["dtype", "\\x1b[31m"]) ?? ""
        XCTAssertLessThan(dtype.count, 300, dtype)
    }

    func testRejectsBadPreambles() {
        let good = npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data: float64Bytes([1]))
        var badMagic = good
        badMagic[1] = UInt8(ascii: "X")
        assertIOError({ () throws(CoreError) in try NPY.decode(badMagic, path: "p") }, contains: ["magic"])
        let text = Array("x,y\n1,2\n".utf8)
        assertIOError({ () throws(CoreError) in try NPY.decode(text, path: "p") }, contains: ["not a .npy file", "x,y"])
        for (major, minor) in [(0, 0), (4, 0), (1, 1), (255, 0)] as [(UInt8, UInt8)] {
            var bytes = good
            bytes[6] = major
            bytes[7] = minor
            assertIOError({ () throws(CoreError) in try NPY.decode(bytes, path: "p") },
                          contains: ["version \(major).\(minor)"])
        }
        assertIOError({ () throws(CoreError) in try NPY.decode([], path: "p") }, contains: ["too short"])
        assertIOError({ () throws(CoreError) in try NPY.decode(Array(good.prefix(9)), path: "p") }, contains: ["too short"])
        // A header length beyond the end of the file.
        var long = Array(good.prefix(10))
        long[8] = 0xFF
        long[9] = 0x00
        assertIOError({ () throws(CoreError) in try NPY.decode(long + Array(repeating: 0x20, count: 100), path: "p") },
                      contains: ["ends inside the header", "255"])
        // An absurd version-2 header length.
        var huge = npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", data: float64Bytes([1]), version: 2)
        huge[8] = 0xFF; huge[9] = 0xFF; huge[10] = 0xFF; huge[11] = 0x7F
        assertIOError({ () throws(CoreError) in try NPY.decode(huge, path: "p") }, contains: ["implausibly large"])
        // Version 3 headers must be UTF-8; versions 1 and 2 are latin-1.
        let latin1 = Array("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }".utf8) + [0xE9]
        assertIOError({ () throws(CoreError) in try NPY.decode(npyRaw(header: latin1, data: float64Bytes([1]), version: 3), path: "p") },
                      contains: ["UTF-8"])
        assertIOError({ () throws(CoreError) in try NPY.decode(npyRaw(header: latin1, data: float64Bytes([1]), version: 1), path: "p") },
                      contains: ["malformed header"])
    }

    func testReadReportsFileProblems() throws {
        let dir = try makeTemporaryDirectory(self)
        let missing = dir.appendingPathComponent("missing.npy").path
        assertIOError({ () throws(CoreError) in try NPY.read(path: missing) }, path: missing, contains: ["no such file"])
        assertIOError({ () throws(CoreError) in try NPY.read(path: dir.path) }, path: dir.path, contains: ["directory"])
        let empty = dir.appendingPathComponent("empty.npy").path
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data()))
        assertIOError({ () throws(CoreError) in try NPY.read(path: empty) }, path: empty, contains: ["too short"])
        // read checks the data length against the file size before loading.
        let short = dir.appendingPathComponent("short.npy").path
        let bytes = npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (100000,), }", data: float64Bytes([1, 2]))
        XCTAssertTrue(FileManager.default.createFile(atPath: short, contents: Data(bytes)))
        assertIOError({ () throws(CoreError) in try NPY.read(path: short) }, path: short,
                      contains: ["truncated", "800000", "16"])
    }

    // MARK: Writing

    func testEncodeIsByteIdenticalToNumpySaveForEveryDtype() throws {
        // Every fixture np.save wrote from a C-order array of a dtype attn
        // has: loading and saving it again gives numpy's bytes.
        let expectations = try Fixtures.expectations()
        let saved = expectations.filter { $0.value.numpy_save == true }.keys.sorted()
        XCTAssertEqual(Set(saved.compactMap { expectations[$0]?.attn_dtype }), Set(DType.allCases.map(\.rawValue)))
        for name in saved {
            let ours = NPY.encode(try NPY.read(path: Fixtures.path(name)))
            XCTAssertEqual(ours, try Fixtures.bytes(name), "\(name): encode differs from np.save")
        }
    }

    func testEncodeIsByteIdenticalToNumpySave() throws {
        // These fixtures were written by np.save from float64 C-order arrays.
        for name in ["f8_c_2x3.npy", "f8_1d_5.npy", "f8_3d_2x3x4.npy", "scalar_0d.npy", "empty_0x3.npy",
                     "f8_rank16.npy", "fortran_3x2.npy"] {
            let tensor = try NPY.read(path: Fixtures.path(name))
            let ours = NPY.encode(tensor)
            if name == "fortran_3x2.npy" {
                // We write C order; the header says so, the data is row-major.
                XCTAssertTrue(String(decoding: ours.prefix(128), as: UTF8.self).contains("'fortran_order': False"))
                continue
            }
            let numpys = try Fixtures.bytes(name)
            XCTAssertEqual(ours, numpys, "\(name): encode differs from np.save")
        }
    }

    func testEncodedHeaderLayout() {
        for shape in [[], [0], [1], [7], [2, 3], [123456789, 0], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]] {
            let count = shape.reduce(1, *)
            let t = Tensor(unchecked: shape, (0..<count).map(Double.init))
            let bytes = NPY.encode(t)
            XCTAssertEqual(Array(bytes.prefix(8)), [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
            let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            let dataOffset = 10 + headerLength
            XCTAssertEqual(dataOffset % 64, 0, "shape \(shape): data not 64-byte aligned")
            XCTAssertEqual(bytes[dataOffset - 1], 0x0A, "shape \(shape): header does not end in a newline")
            XCTAssertEqual(bytes.count, dataOffset + 8 * count)
        }
    }

    func testHugeRankFallsBackToVersion2() throws {
        // A header over 65535 bytes cannot be version 1.0; numpy then writes 2.0.
        let shape = [Int](repeating: 1, count: 25_000)
        let t = Tensor(unchecked: shape, [2.5])
        let bytes = NPY.encode(t)
        XCTAssertEqual(Array(bytes[6..<8]), [2, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        XCTAssertGreaterThan(headerLength, 65_535)
        XCTAssertEqual((12 + headerLength) % 64, 0)
        let back = try NPY.decode(bytes, path: "rank.npy")
        XCTAssertEqual(back.shape, shape)
        XCTAssertEqual(back.scalars, [2.5])
        // Messages about such a shape stay short.
        let reason = assertIOError({ () throws(CoreError) in try NPY.decode(Array(bytes.dropLast()), path: "rank.npy") },
                                   contains: ["truncated", "..."])
        XCTAssertLessThan(reason?.count ?? 0, 400)
    }

    func testRoundTrip() throws {
        let dir = try makeTemporaryDirectory(self)
        var rng = SeededRandom(seed: 7)
        let shapes: [[Int]] = [[], [0], [1], [5], [2, 3], [0, 3], [3, 0, 2], [2, 3, 4], [1, 1, 1, 1, 2]]
        for (n, shape) in shapes.enumerated() {
            let count = shape.reduce(1, *)
            var scalars = (0..<count).map { _ in Double(bitPattern: rng.next()) }
            let specials: [Double] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
            for i in 0..<min(count, specials.count) { scalars[i] = specials[i] }
            let t = Tensor(unchecked: shape, scalars)
            let path = dir.appendingPathComponent("rt\(n).npy").path
            try NPY.write(t, path: path)
            let back = try NPY.read(path: path)
            XCTAssertEqual(back.shape, shape)
            XCTAssertEqual(back.scalars.map(\.bitPattern), scalars.map(\.bitPattern), "shape \(shape)")
            XCTAssertEqual(try NPY.decode(NPY.encode(t), path: "mem").scalars.map(\.bitPattern),
                           scalars.map(\.bitPattern))
        }
    }

    func testRoundTripKeepsEveryDtypeAndEveryBit() throws {
        let dir = try makeTemporaryDirectory(self)
        var rng = SeededRandom(seed: 11)
        for (n, shape) in [[], [0], [3], [2, 3], [0, 2], [2, 1, 3]].enumerated() {
            let count = shape.reduce(1, *)
            let storages: [TensorStorage] = [
                .float32((0..<count).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) }),
                .int64((0..<count).map { _ in Int64(bitPattern: rng.next()) }),
                .int32((0..<count).map { _ in Int32(truncatingIfNeeded: rng.next()) }),
                .bool((0..<count).map { _ in rng.next() % 2 == 0 }),
                .float64((0..<count).map { _ in Double(bitPattern: rng.next()) }),
            ]
            for storage in storages {
                let t = Tensor(unchecked: shape, storage: storage)
                let path = dir.appendingPathComponent("dt\(n)\(t.dtype).npy").path
                try NPY.write(t, path: path)
                let back = try NPY.read(path: path)
                XCTAssertEqual(back.shape, shape)
                XCTAssertEqual(back.dtype, t.dtype, "shape \(shape)")
                XCTAssertEqual(bitPatterns(back), bitPatterns(t), "\(t.dtype) shape \(shape)")
                let header = String(decoding: NPY.encode(t).prefix(64), as: UTF8.self)
                XCTAssertTrue(header.contains("'descr': '\(["float32": "<f4", "int64": "<i8", "int32": "<i4", "bool": "|b1", "float64": "<f8"][t.dtype.rawValue] ?? "?")'"), header)
            }
        }
    }

    func testWriteReplacesAtomicallyAndLeavesNoTemporaries() throws {
        let dir = try makeTemporaryDirectory(self)
        let path = dir.appendingPathComponent("out.npy").path
        try NPY.write(Tensor(vector: [1, 2, 3]), path: path)
        try NPY.write(Tensor(unchecked: [2, 2], [4, 3, 2, 1]), path: path)
        let back = try NPY.read(path: path)
        XCTAssertEqual(back.shape, [2, 2])
        XCTAssertEqual(back.scalars, [4, 3, 2, 1])
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        XCTAssertEqual(entries, ["out.npy"], "temporary files left behind")
        XCTAssertEqual([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))),
                       NPY.encode(Tensor(unchecked: [2, 2], [4, 3, 2, 1])))
    }

    func testWriteReportsFileProblems() throws {
        let dir = try makeTemporaryDirectory(self)
        let t = Tensor(vector: [1])
        let noDir = dir.appendingPathComponent("nope/x.npy").path
        assertIOError({ () throws(CoreError) in try NPY.write(t, path: noDir) }, path: noDir, contains: ["does not exist"])
        assertIOError({ () throws(CoreError) in try NPY.write(t, path: dir.path) }, path: dir.path, contains: ["directory"])
        let file = dir.appendingPathComponent("plain").path
        try NPY.write(t, path: file)
        let under = file + "/x.npy"
        assertIOError({ () throws(CoreError) in try NPY.write(t, path: under) }, path: under, contains: ["not a directory"])
        assertIOError({ () throws(CoreError) in try NPY.write(t, path: "") }, contains: ["empty file name"])
        let entries = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        XCTAssertEqual(entries, ["plain"])
    }

    func testNumpyLoadsWhatWeWrite() throws {
        try requireNumpy()
        let dir = try makeTemporaryDirectory(self)
        let cases: [(Tensor, String)] = [
            (Tensor(unchecked: [2, 3], [0, -1.5, 3.25, .nan, .infinity, -.infinity]),
             "float64 (2, 3) [[0.0, -1.5, 3.25], [nan, inf, -inf]]"),
            (Tensor(3.5), "float64 () 3.5"),
            (Tensor(vector: [1, 2]), "float64 (2,) [1.0, 2.0]"),
            (Tensor(unchecked: [0, 3], []), "float64 (0, 3) []"),
            (Tensor(unchecked: [2, 1, 2], [1, 2, 3, 4]), "float64 (2, 1, 2) [[[1.0, 2.0]], [[3.0, 4.0]]]"),
            (Tensor(unchecked: [2], storage: .float32([0.1, -2.5])), "float32 (2,) [0.10000000149011612, -2.5]"),
            (Tensor(unchecked: [2], storage: .int64([(1 << 53) + 1, -3])), "int64 (2,) [9007199254740993, -3]"),
            (Tensor(unchecked: [], storage: .int32([-7])), "int32 () -7"),
            (Tensor(unchecked: [3], storage: .bool([true, false, true])), "bool (3,) [True, False, True]"),
        ]
        for (n, (tensor, expected)) in cases.enumerated() {
            let path = dir.appendingPathComponent("for_numpy\(n).npy").path
            try NPY.write(tensor, path: path)
            let (status, output) = try python([
                "-c", "import numpy,sys; a=numpy.load(sys.argv[1]); print(a.dtype, a.shape, a.tolist())", path])
            XCTAssertEqual(status, 0, output)
            XCTAssertEqual(output.trimmingCharacters(in: .whitespacesAndNewlines), expected)
        }
    }

    // MARK: Fuzzing

    func testEveryTruncationThrows() throws {
        for name in ["f8_c_2x3.npy", "fortran_3x2.npy", "v2_f8_2x2.npy", "v3_f8_3.npy", "bool_5.npy",
                     "scalar_0d.npy", "empty_0x3.npy", "f4_2x2.npy"] {
            let bytes = try Fixtures.bytes(name)
            for length in 0..<bytes.count {
                assertIOError({ () throws(CoreError) in try NPY.decode(Array(bytes.prefix(length)), path: name) },
                              path: name, "truncating \(name) to \(length) bytes")
            }
        }
    }

    func testRandomMutationsNeverCrash() throws {
        var rng = SeededRandom(seed: 0x5EED)
        var threw = 0, total = 0
        for name in ["f8_c_2x3.npy", "fortran_2x3x4_i4.npy", "v2_f8_2x2.npy", "scalar_0d.npy", "i8_4.npy"] {
            let original = try Fixtures.bytes(name)
            let headerEnd = original.count - dataLength(name, original)
            for round in 0..<120 {
                var bytes = original
                let kind = round % 4
                switch kind {
                case 0: // overwrite 1-4 header bytes with random bytes
                    for _ in 0...(rng.next() % 4) {
                        bytes[Int(rng.next() % UInt64(headerEnd))] = UInt8(truncatingIfNeeded: rng.next())
                    }
                case 1: // overwrite a header byte with a character that matters to the parser
                    let interesting = Array("{}()[],:'\"-0123456789 \nLTFx<>|".utf8)
                    bytes[8 + Int(rng.next() % UInt64(headerEnd - 8))] = interesting[Int(rng.next() % UInt64(interesting.count))]
                case 2: // delete a byte anywhere: the length no longer matches
                    bytes.remove(at: Int(rng.next() % UInt64(bytes.count)))
                default: // insert a byte anywhere
                    bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: Int(rng.next() % UInt64(bytes.count + 1)))
                }
                total += 1
                do {
                    let t = try NPY.decode(bytes, path: name)
                    // Some header edits are harmless (a padding space turned
                    // into a tab); the result must still be consistent.
                    XCTAssertEqual(t.shape.reduce(1, *), t.scalars.count)
                    XCTAssertLessThan(kind, 2, "an insertion or deletion decoded without error")
                } catch {
                    threw += 1
                    guard case .io(let path, let reason) = error else {
                        XCTFail("mutation gave \(error), not an I/O error")
                        continue
                    }
                    XCTAssertEqual(path, name)
                    XCTAssertFalse(reason.isEmpty)
                }
            }
        }
        XCTAssertGreaterThan(threw, total * 3 / 4, "suspiciously many mutated files were accepted")
    }

    func testRandomGarbageAfterMagicNeverCrashes() {
        var rng = SeededRandom(seed: 42)
        let alphabet = Array("{}()[],:'\"-0123456789 \nLTrueFalseNone<>|f8i4descrshapefortran_order".utf8)
        for round in 0..<300 {
            let length = Int(rng.next() % 120)
            let header = (0..<length).map { _ in
                round % 2 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(truncatingIfNeeded: rng.next())
            }
            let data = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let bytes = npyRaw(header: header, data: data, version: UInt8(1 + round % 3))
            do {
                let t = try NPY.decode(bytes, path: "g")
                XCTAssertEqual(t.shape.reduce(1, *), t.scalars.count)
            } catch {
                guard case .io = error else { return XCTFail("garbage gave \(error)") }
            }
        }
    }

    // MARK: Helpers

    /// Byte count of the data section of a numpy fixture (header length from the file).
    private func dataLength(_ name: String, _ bytes: [UInt8]) -> Int {
        let major = bytes[6]
        let headerLength = major == 1
            ? Int(bytes[8]) | Int(bytes[9]) << 8
            : Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        return bytes.count - (major == 1 ? 10 : 12) - headerLength
    }

    private func float64Bytes(_ values: [Double]) -> [UInt8] {
        values.flatMap { value -> [UInt8] in
            let bits = value.bitPattern
            return (0..<8).map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) }
        }
    }

    /// A .npy file around `header`, padded with spaces and a newline to a
    /// multiple of 64 (or just a newline when `align` is false).
    private func npy(header: String, data: [UInt8], version: UInt8 = 1, align: Bool = true) -> [UInt8] {
        var text = Array(header.utf8)
        if align {
            let prefix = version == 1 ? 10 : 12
            while (prefix + text.count + 1) % 64 != 0 { text.append(0x20) }
        }
        text.append(0x0A)
        return npyRaw(header: text, data: data, version: version)
    }

    private func npyRaw(header: [UInt8], data: [UInt8], version: UInt8) -> [UInt8] {
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
        let length = header.count
        out += [UInt8(truncatingIfNeeded: length), UInt8(truncatingIfNeeded: length >> 8)]
        if version != 1 { out += [UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 24)] }
        return out + header + data
    }

    /// Skips unless `python3` can import numpy.
    private func requireNumpy() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/env"),
              let (status, _) = try? python(["-c", "import numpy"]), status == 0 else {
            throw XCTSkip("python3 with numpy is not available")
        }
    }

    /// Runs `python3 arguments...` (found on PATH); returns exit status and stdout+stderr.
    private func python(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

