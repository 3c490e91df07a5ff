import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing numpy's `.npy` format.
///
/// ## Reading
///
/// `read`/`decode` accept format versions 1.0, 2.0 and 3.0 (a 2-byte header
/// length for 1.0, 4 bytes for the others; 3.0 allows a UTF-8 header). The
/// header is a Python dict literal such as
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`; it is parsed
/// by hand (no `eval`), must hold exactly the keys `descr`, `fortran_order`
/// and `shape` (as numpy requires), and may use either quote style, trailing
/// commas, and Python 2 `L` suffixes on integers.
///
/// Accepted element types (`descr`), all converted to `Double`:
/// - little-endian floats `<f8`, `<f4`, `<f2`;
/// - little-endian integers `<i8`, `<i4`, `<i2`, `<u8`, `<u4`, `<u2`, and the
///   one-byte `|i1`, `|u1` (any byte-order mark is accepted for one-byte
///   types). 64-bit integers beyond ±2^53 are rounded to the nearest `Double`;
/// - booleans `|b1` (a nonzero byte reads as 1, zero as 0).
///
/// Both C order and Fortran order are accepted; Fortran-order data is
/// rearranged into attn's row-major order. A 0-d array (shape `()`) becomes a
/// scalar tensor (shape `[]`); a shape with a zero length gives an empty
/// tensor of that shape.
///
/// Everything else is refused with `CoreError.io(path:reason:)` whose reason
/// says what is wrong: a bad magic string or unknown version, a malformed
/// header, big-endian or otherwise unsupported dtypes (complex, object,
/// string, datetime, structured...), negative or oversized shapes (over
/// `Tensor.maxElements`), and data whose length does not match the shape —
/// short (truncated) or long (trailing bytes) alike.
///
/// ## Writing
///
/// `write`/`encode` always produce version 1.0, dtype `<f8`, C order, with the
/// header laid out byte for byte as `numpy.save` lays it out for a float64
/// array (keys sorted, the same spare room for the first axis to grow, padded
/// with spaces so the data starts at a multiple of 64 bytes, ending in `\n`).
/// Only a header too long for version 1.0's 16-bit length (a rank in the
/// thousands) is written as version 2.0, as numpy does. `write` is atomic: it
/// writes a temporary file in the destination's directory and renames it
/// over the destination, so readers never see a partial file.
public enum NPY {
    /// The largest header `read` accepts, in bytes. numpy itself refuses
    /// headers over 10 000 characters unless told otherwise; this is looser
    /// but still stops a corrupt length from allocating gigabytes.
    public static let maxHeaderLength = 1 << 20

    private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59] // "\x93NUMPY"

    // MARK: Public API

    /// Reads a `.npy` file. See the type's documentation for what is accepted.
    ///
    /// The header is checked before the data is read, so a file whose shape is
    /// over the size limit is refused without reading it all.
    public static func read(path: String) throws(CoreError) -> Tensor {
        let file = try FileReader(path: path)
        defer { file.close() }

        let fixed = try file.read(count: 10)
        guard fixed.count == 10 else {
            throw ioError(path, "file is too short to be a .npy file (\(fixed.count) bytes; the fixed preamble alone is 10)")
        }
        let version = try parseMagic(fixed[...], path: path)
        var lengthBytes = Array(fixed[8..<10])
        if version.lengthFieldSize == 4 {
            let more = try file.read(count: 2)
            guard more.count == 2 else {
                throw ioError(path, "file ends inside the header length field")
            }
            lengthBytes += more
        }
        let headerLength = try headerLengthValue(lengthBytes, path: path)
        let headerBytes = try file.read(count: headerLength)
        guard headerBytes.count == headerLength else {
            throw ioError(path, "file ends inside the header: the header length field says \(headerLength) bytes but only \(headerBytes.count) follow")
        }
        let header = try parseHeader(headerBytes, version: version, path: path)
        let dataOffset = 8 + version.lengthFieldSize + headerLength
        let fileSize = try file.size()
        let available = fileSize > UInt64(dataOffset) ? fileSize - UInt64(dataOffset) : 0
        guard available == UInt64(header.dataByteCount) else {
            throw dataLengthError(path, header: header, available: available)
        }
        let data = try file.read(count: header.dataByteCount)
        guard data.count == header.dataByteCount else {
            throw dataLengthError(path, header: header, available: UInt64(data.count))
        }
        return convert(data[...], header: header)
    }

    /// Decodes the bytes of a `.npy` file. `path` only names the source in
    /// error messages. See the type's documentation for what is accepted.
    public static func decode(_ bytes: [UInt8], path: String) throws(CoreError) -> Tensor {
        guard bytes.count >= 10 else {
            if bytes.count >= 6 && Array(bytes[0..<6]) != magic {
                throw badMagicError(path, bytes)
            }
            throw ioError(path, "file is too short to be a .npy file (\(bytes.count) bytes; the fixed preamble alone is 10)")
        }
        let version = try parseMagic(bytes[0..<10], path: path)
        let lengthEnd = 8 + version.lengthFieldSize
        guard bytes.count >= lengthEnd else {
            throw ioError(path, "file ends inside the header length field")
        }
        let headerLength = try headerLengthValue(Array(bytes[8..<lengthEnd]), path: path)
        let available = bytes.count - lengthEnd
        guard available >= headerLength else {
            throw ioError(path, "file ends inside the header: the header length field says \(headerLength) bytes but only \(available) follow")
        }
        let dataOffset = lengthEnd + headerLength
        let header = try parseHeader(Array(bytes[lengthEnd..<dataOffset]), version: version, path: path)
        let dataCount = bytes.count - dataOffset
        guard dataCount == header.dataByteCount else {
            throw dataLengthError(path, header: header, available: UInt64(dataCount))
        }
        return convert(bytes[dataOffset...], header: header)
    }

    /// Writes `t` as a version 1.0, `<f8`, C-order `.npy` file, atomically
    /// (temporary file in the same directory, then rename). An existing file
    /// at `path` is replaced.
    public static func write(_ t: Tensor, path: String) throws(CoreError) {
        try AtomicFile.write(encode(t), to: path)
    }

    /// The bytes of `t` as a version 1.0, `<f8`, C-order `.npy` file, laid
    /// out exactly as `numpy.save` writes the same float64 array.
    public static func encode(_ t: Tensor) -> [UInt8] {
        // numpy: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"
        // followed by spare spaces so the first axis can grow to 21 digits.
        let shapeText: String
        switch t.shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(t.shape[0]),)"
        default: shapeText = "(" + t.shape.map(String.init).joined(separator: ", ") + ")"
        }
        var dict = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
        if let first = t.shape.first {
            let spare = 21 - String(first).count
            if spare > 0 { dict += String(repeating: " ", count: spare) }
        }
        var header = Array(dict.utf8)
        let headerLengthWithNewline = header.count + 1

        // Version 1.0 unless the header does not fit its 16-bit length.
        var lengthFieldSize = 2
        var padding = 64 - ((8 + 2 + headerLengthWithNewline) % 64)
        if headerLengthWithNewline + padding > Int(UInt16.max) {
            lengthFieldSize = 4
            padding = 64 - ((8 + 4 + headerLengthWithNewline) % 64)
        }
        header += [UInt8](repeating: 0x20, count: padding)
        header.append(0x0A)

        var out: [UInt8] = []
        out.reserveCapacity(8 + lengthFieldSize + header.count + 8 * t.scalars.count)
        out += magic
        out += lengthFieldSize == 2 ? [1, 0] : [2, 0]
        var length = UInt32(header.count)
        for _ in 0..<lengthFieldSize {
            out.append(UInt8(truncatingIfNeeded: length))
            length >>= 8
        }
        out += header
        for value in t.scalars {
            var bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: &bits) { out.append(contentsOf: $0) }
        }
        return out
    }

    // MARK: Preamble

    struct Version {
        var major: UInt8
        var minor: UInt8
        var lengthFieldSize: Int { major == 1 ? 2 : 4 }
        var headerIsUTF8: Bool { major >= 3 }
    }

    /// Checks the magic string and version in the first 10 bytes.
    static func parseMagic(_ bytes: ArraySlice<UInt8>, path: String) throws(CoreError) -> Version {
        let start = bytes.startIndex
        guard bytes.count >= 8, bytes[start..<(start + 6)].elementsEqual(magic) else {
            throw badMagicError(path, Array(bytes))
        }
        let major = bytes[start + 6], minor = bytes[start + 7]
        guard minor == 0, (1...3).contains(major) else {
            throw ioError(path, "unsupported .npy format version \(major).\(minor) (supported: 1.0, 2.0, 3.0)")
        }
        return Version(major: major, minor: minor)
    }

    static func headerLengthValue(_ bytes: [UInt8], path: String) throws(CoreError) -> Int {
        var value = 0
        for byte in bytes.reversed() { value = value << 8 | Int(byte) }
        guard value <= maxHeaderLength else {
            throw ioError(path, "header length \(value) bytes is implausibly large (limit \(maxHeaderLength)); the file is probably corrupt")
        }
        return value
    }

    // MARK: Header

    enum ElementType: Equatable {
        case float64, float32, float16
        case int64, int32, int16, int8
        case uint64, uint32, uint16, uint8
        case bool

        var size: Int {
            switch self {
            case .float64, .int64, .uint64: return 8
            case .float32, .int32, .uint32: return 4
            case .float16, .int16, .uint16: return 2
            case .int8, .uint8, .bool: return 1
            }
        }
    }

    struct Header {
        var descr: String
        var type: ElementType
        var fortranOrder: Bool
        var shape: [Int]
        var count: Int
        var dataByteCount: Int
    }

    static func parseHeader(_ bytes: [UInt8], version: Version, path: String) throws(CoreError) -> Header {
        // Versions 1.0 and 2.0 are latin-1, 3.0 is UTF-8. Everything the
        // parser needs is ASCII; other bytes can only appear inside strings.
        let text: String
        if version.headerIsUTF8 {
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                throw ioError(path, "the version \(version.major).0 header is not valid UTF-8")
            }
            text = decoded
        } else {
            text = String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        }
        let value: PyValue
        do {
            var parser = PyLiteralParser(Array(text.unicodeScalars))
            value = try parser.parseHeader()
        } catch let error {
            throw ioError(path, "malformed header: \(error.message) in \(excerpt(text))")
        }

        guard case .dict(let entries) = value else {
            throw ioError(path, "malformed header: expected a dict literal, found \(value.kind) in \(excerpt(text))")
        }
        var descrValue: PyValue?
        var fortranValue: PyValue?
        var shapeValue: PyValue?
        for (key, entry) in entries {
            switch key {
            case "descr" where descrValue == nil: descrValue = entry
            case "fortran_order" where fortranValue == nil: fortranValue = entry
            case "shape" where shapeValue == nil: shapeValue = entry
            case "descr", "fortran_order", "shape":
                throw ioError(path, "malformed header: key '\(key)' appears twice")
            default:
                throw ioError(path, "malformed header: unexpected key '\(sanitize(key))' (a .npy header holds exactly 'descr', 'fortran_order' and 'shape')")
            }
        }
        guard let descrValue, let fortranValue, let shapeValue else {
            let missing = [("descr", descrValue), ("fortran_order", fortranValue), ("shape", shapeValue)]
                .filter { $0.1 == nil }.map { "'\($0.0)'" }.joined(separator: ", ")
            throw ioError(path, "malformed header: missing key \(missing)")
        }

        let descr: String
        switch descrValue {
        case .string(let s): descr = s
        case .list, .tuple:
            throw ioError(path, "structured dtypes (records with named fields) are not supported: descr is \(excerpt(descrValue.description))")
        default:
            throw ioError(path, "malformed header: 'descr' must be a string, found \(descrValue.kind)")
        }
        let type = try elementType(descr, path: path)

        guard case .bool(let fortranOrder) = fortranValue else {
            throw ioError(path, "malformed header: 'fortran_order' must be True or False, found \(excerpt(fortranValue.description))")
        }

        let shapeText = excerpt(shapeValue.description)
        guard case .tuple(let items) = shapeValue else {
            throw ioError(path, "malformed header: 'shape' must be a tuple of integers, found \(shapeText)")
        }
        var shape: [Int] = []
        for item in items {
            guard case .int(let length) = item else {
                throw ioError(path, "malformed header: 'shape' must be a tuple of integers, found \(shapeText)")
            }
            guard length >= 0 else {
                throw ioError(path, "invalid shape \(shapeText): lengths cannot be negative")
            }
            shape.append(length)
        }
        let count: Int
        do {
            count = try Tensor.checkedCount(shape)
        } catch let error {
            throw ioError(path, "shape \(shapeText) is too large: \(error.message)")
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: type.size)
        guard !overflow else {
            throw ioError(path, "shape \(shapeText) is too large to address")
        }
        return Header(descr: descr, type: type, fortranOrder: fortranOrder, shape: shape,
                      count: count, dataByteCount: byteCount)
    }

    /// Maps a numpy type string to a supported element type, or explains why not.
    static func elementType(_ descr: String, path: String) throws(CoreError) -> ElementType {
        let shown = sanitize(descr)
        let scalars = Array(descr.unicodeScalars)
        guard let order = scalars.first, "<>|=".unicodeScalars.contains(order), scalars.count >= 2 else {
            throw ioError(path, "unsupported or malformed dtype '\(shown)' (expected a type string such as '<f8')")
        }
        let code = String(String.UnicodeScalarView(scalars.dropFirst()))
        let type: ElementType
        switch code {
        case "f8": type = .float64
        case "f4": type = .float32
        case "f2": type = .float16
        case "i8": type = .int64
        case "i4": type = .int32
        case "i2": type = .int16
        case "i1": type = .int8
        case "u8": type = .uint64
        case "u4": type = .uint32
        case "u2": type = .uint16
        case "u1": type = .uint8
        case "b1": type = .bool
        default:
            let kind: String
            switch code.first {
            case "c": kind = "complex dtypes are"
            case "O": kind = "object dtypes (pickled Python objects) are"
            case "U", "S", "a": kind = "string dtypes are"
            case "M", "m": kind = "datetime and timedelta dtypes are"
            case "V": kind = "void (raw or structured) dtypes are"
            case "f", "i", "u", "b": kind = "this size is"
            default: kind = "this dtype is"
            }
            throw ioError(path, "unsupported dtype '\(shown)': \(kind) not supported (supported: <f8 <f4 <f2 <i8 <i4 <i2 |i1 <u8 <u4 <u2 |u1 |b1)")
        }
        if type.size > 1 {
            switch order {
            case ">":
                throw ioError(path, "big-endian dtype '\(shown)' is not supported; convert it in numpy with a.astype('<\(code)')")
            case "|":
                throw ioError(path, "malformed dtype '\(shown)': a \(type.size)-byte type needs a byte order ('<')")
            case "=":
                // Native order; numpy never writes it, but it means little-endian here.
                guard 1.littleEndian == 1 else {
                    throw ioError(path, "native-order dtype '\(shown)' is ambiguous on this big-endian machine")
                }
            default: break
            }
        }
        return type
    }

    // MARK: Data

    static func convert(_ data: ArraySlice<UInt8>, header: Header) -> Tensor {
        var values = [Double](repeating: 0, count: header.count)
        data.withUnsafeBytes { raw in
            let n = header.count
            switch header.type {
            case .float64:
                for i in 0..<n { values[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
            case .float32:
                for i in 0..<n { values[i] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))) }
            case .float16:
                for i in 0..<n { values[i] = halfToDouble(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
            case .int64:
                for i in 0..<n { values[i] = Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
            case .int32:
                for i in 0..<n { values[i] = Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
            case .int16:
                for i in 0..<n { values[i] = Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
            case .int8:
                for i in 0..<n { values[i] = Double(Int8(bitPattern: raw[i])) }
            case .uint64:
                for i in 0..<n { values[i] = Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
            case .uint32:
                for i in 0..<n { values[i] = Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
            case .uint16:
                for i in 0..<n { values[i] = Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
            case .uint8:
                for i in 0..<n { values[i] = Double(raw[i]) }
            case .bool:
                for i in 0..<n { values[i] = raw[i] == 0 ? 0 : 1 }
            }
        }
        if header.fortranOrder && header.shape.count > 1 && header.count > 0 {
            values = fortranToRowMajor(values, shape: header.shape)
        }
        return Tensor(unchecked: header.shape, values)
    }

    /// Rearranges column-major (Fortran) elements into row-major order.
    static func fortranToRowMajor(_ source: [Double], shape: [Int]) -> [Double] {
        let rank = shape.count
        // Column-major strides: the first axis varies fastest.
        var fStrides = [Int](repeating: 1, count: rank)
        for axis in 1..<rank { fStrides[axis] = fStrides[axis - 1] * shape[axis - 1] }
        var result = [Double](repeating: 0, count: source.count)
        var index = [Int](repeating: 0, count: rank)
        var offset = 0 // source offset of `index`
        for destination in 0..<source.count {
            result[destination] = source[offset]
            // Advance the row-major odometer, last axis fastest.
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                offset += fStrides[axis]
                if index[axis] < shape[axis] { break }
                offset -= fStrides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return result
    }

    /// IEEE 754 binary16 to Double, by hand (Float16 is not on every platform).
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 != 0 ? -1 : 1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24 // zero and subnormals
        case 0x1F: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    // MARK: Errors

    static func ioError(_ path: String, _ reason: String) -> CoreError {
        .io(path: path, reason: reason)
    }

    static func badMagicError(_ path: String, _ bytes: [UInt8]) -> CoreError {
        let shown = bytes.prefix(6).map { byte in
            (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16, uppercase: false).leftPadded(to: 2)
        }.joined()
        return ioError(path, "not a .npy file: it does not start with the magic string \\x93NUMPY (found '\(shown)')")
    }

    static func dataLengthError(_ path: String, header: Header, available: UInt64) -> CoreError {
        let shape = excerpt("(" + header.shape.map(String.init).joined(separator: ", ") + (header.shape.count == 1 ? ",)" : ")"))
        let need = "shape \(shape) of '\(header.descr)' needs \(header.dataByteCount) data bytes"
        if available < UInt64(header.dataByteCount) {
            return ioError(path, "truncated data: \(need) but the file has only \(available)")
        }
        return ioError(path, "data length does not match the shape: \(need) but the file has \(available)")
    }

    /// At most 160 printable characters of a header, for messages.
    static func excerpt(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let clean = sanitize(trimmed)
        return clean.count > 160 ? String(clean.prefix(160)) + "..." : clean
    }

    /// Replaces control and non-ASCII characters with escapes.
    static func sanitize(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value < 0x7F {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

// MARK: - Python literal parser

/// The subset of Python literals that can appear in a `.npy` header.
enum PyValue: CustomStringConvertible {
    case string(String)
    case int(Int)
    case bool(Bool)
    case none
    case tuple([PyValue])
    case list([PyValue])
    case dict([(String, PyValue)])

    var kind: String {
        switch self {
        case .string: return "a string"
        case .int: return "an integer"
        case .bool: return "a bool"
        case .none: return "None"
        case .tuple: return "a tuple"
        case .list: return "a list"
        case .dict: return "a dict"
        }
    }

    var description: String {
        switch self {
        case .string(let s): return "'" + NPY.sanitize(s) + "'"
        case .int(let i): return String(i)
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        case .tuple(let items):
            if items.count == 1 { return "(\(items[0].description),)" }
            return "(" + items.map(\.description).joined(separator: ", ") + ")"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .dict(let entries):
            return "{" + entries.map { "'\(NPY.sanitize($0.0))': \($0.1.description)" }.joined(separator: ", ") + "}"
        }
    }
}

struct PyParseError: Error {
    var message: String
}

/// A recursive-descent parser for Python dict/tuple/list/str/int/bool/None
/// literals, with a nesting limit so corrupt input cannot exhaust the stack.
struct PyLiteralParser {
    private let text: [Unicode.Scalar]
    private var position = 0
    private var depth = 0
    private static let maxDepth = 32

    init(_ text: [Unicode.Scalar]) { self.text = text }

    /// One literal, then nothing but whitespace to the end.
    mutating func parseHeader() throws(PyParseError) -> PyValue {
        let value = try parseValue()
        skipSpace()
        guard position == text.count else {
            throw fail("unexpected \(describeCurrent()) after the dict")
        }
        return value
    }

    private var current: Unicode.Scalar? { position < text.count ? text[position] : nil }

    private func fail(_ message: String) -> PyParseError {
        PyParseError(message: "\(message) at character \(position + 1)")
    }

    private func describeCurrent() -> String {
        guard let c = current else { return "end of header" }
        if c.value >= 0x21 && c.value < 0x7F { return "'\(c)'" }
        return "character U+" + String(c.value, radix: 16, uppercase: true)
    }

    private mutating func skipSpace() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
            position += 1
        }
    }

    private mutating func parseValue() throws(PyParseError) -> PyValue {
        skipSpace()
        guard let c = current else { throw fail("unexpected end of header, expected a value") }
        switch c {
        case "{", "(", "[":
            guard depth < PyLiteralParser.maxDepth else { throw fail("literals nested too deeply") }
            depth += 1
            defer { depth -= 1 }
            if c == "{" { return try parseDict() }
            if c == "(" { return try parseTuple() }
            return .list(try parseSequence(close: "]"))
        case "'", "\"":
            return .string(try parseString())
        case "u", "U", "b", "B":
            if let next = peek(1), next == "'" || next == "\"" {
                position += 1
                return .string(try parseString())
            }
            return try parseWord()
        case "-", "+", "0"..."9":
            return .int(try parseInt())
        default:
            return try parseWord()
        }
    }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        position + offset < text.count ? text[position + offset] : nil
    }

    private mutating func parseWord() throws(PyParseError) -> PyValue {
        let start = position
        while let c = current, c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) {
            position += 1
        }
        let word = String(String.UnicodeScalarView(text[start..<position]))
        switch word {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        case "":
            throw fail("unexpected \(describeCurrent()), expected a value")
        default:
            position = start
            throw fail("unexpected name '\(NPY.sanitize(word))', expected a value")
        }
    }

    private mutating func parseInt() throws(PyParseError) -> Int {
        let start = position
        var negative = false
        if current == "-" || current == "+" {
            negative = current == "-"
            position += 1
            skipSpace()
        }
        var value = 0
        var digits = 0
        while let c = current, ("0"..."9").contains(c) {
            let digit = Int(c.value - 48)
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(digit)
            guard !o1 && !o2 else {
                position = start
                throw fail("integer too large")
            }
            value = plus
            digits += 1
            position += 1
        }
        guard digits > 0 else { throw fail("expected digits, found \(describeCurrent())") }
        if current == "L" || current == "l" { position += 1 } // Python 2 long
        if let c = current, c == "." || c == "_" || c.properties.isAlphabetic {
            throw fail("expected an integer, found \(describeCurrent()) inside a number")
        }
        return negative ? -value : value
    }

    private mutating func parseString() throws(PyParseError) -> String {
        guard let quote = current else { throw fail("expected a string") }
        position += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw fail("unterminated string") }
            position += 1
            if c == quote { break }
            if c == "\n" { throw fail("line break inside a string") }
            if c == "\\" {
                guard let e = current else { throw fail("unterminated string") }
                position += 1
                switch e {
                case "\\", "'", "\"": out.append(e)
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "0": out.append("\u{0}")
                default: out.append("\\"); out.append(e)
                }
            } else {
                out.append(c)
            }
        }
        return String(out)
    }

    /// Items up to `close`, comma-separated, trailing comma allowed.
    private mutating func parseSequence(close: Unicode.Scalar) throws(PyParseError) -> [PyValue] {
        position += 1 // the opening bracket
        var items: [PyValue] = []
        while true {
            skipSpace()
            if current == close { position += 1; return items }
            items.append(try parseValue())
            skipSpace()
            if current == "," { position += 1; continue }
            if current == close { position += 1; return items }
            throw fail("expected ',' or '\(close)', found \(describeCurrent())")
        }
    }

    /// `()` and `(x,)` and `(x, y)` are tuples; `(x)` is just `x`, as in Python.
    private mutating func parseTuple() throws(PyParseError) -> PyValue {
        position += 1
        var items: [PyValue] = []
        var sawComma = false
        while true {
            skipSpace()
            if current == ")" { position += 1; break }
            items.append(try parseValue())
            skipSpace()
            if current == "," { position += 1; sawComma = true; continue }
            if current == ")" { position += 1; break }
            throw fail("expected ',' or ')', found \(describeCurrent())")
        }
        if items.count == 1 && !sawComma { return items[0] }
        return .tuple(items)
    }

    private mutating func parseDict() throws(PyParseError) -> PyValue {
        position += 1
        var entries: [(String, PyValue)] = []
        while true {
            skipSpace()
            if current == "}" { position += 1; return .dict(entries) }
            let keyValue = try parseValue()
            guard case .string(let key) = keyValue else {
                throw fail("dict keys must be strings, found \(keyValue.kind)")
            }
            skipSpace()
            guard current == ":" else { throw fail("expected ':' after key '\(NPY.sanitize(key))', found \(describeCurrent())") }
            position += 1
            let value = try parseValue()
            entries.append((key, value))
            skipSpace()
            if current == "," { position += 1; continue }
            if current == "}" { position += 1; return .dict(entries) }
            throw fail("expected ',' or '}', found \(describeCurrent())")
        }
    }
}

// MARK: - Files

/// A read-only file, read in pieces so a header can be checked before the
/// data is loaded.
struct FileReader {
    let path: String
    private let handle: FileHandle

    init(path: String) throws(CoreError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CoreError.io(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw CoreError.io(path: path, reason: "is a directory, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: path),
              let handle = FileHandle(forReadingAtPath: path) else {
            throw CoreError.io(path: path, reason: "the file cannot be opened for reading (permission denied?)")
        }
        self.handle = handle
    }

    /// Up to `count` bytes from the current position; fewer only at the end.
    func read(count: Int) throws(CoreError) -> [UInt8] {
        guard count > 0 else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        do {
            while out.count < count {
                guard let chunk = try handle.read(upToCount: min(count - out.count, 1 << 26)), !chunk.isEmpty else { break }
                out += chunk
            }
        } catch {
            throw CoreError.io(path: path, reason: "read failed: \(error.localizedDescription)")
        }
        return out
    }

    /// The file's size in bytes.
    func size() throws(CoreError) -> UInt64 {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? NSNumber { return size.uint64Value }
            if let size = attributes[.size] as? UInt64 { return size }
            if let size = attributes[.size] as? Int, size >= 0 { return UInt64(size) }
        } catch {
            throw CoreError.io(path: path, reason: "cannot get the file size: \(error.localizedDescription)")
        }
        throw CoreError.io(path: path, reason: "cannot get the file size")
    }

    func close() { try? handle.close() }
}

/// Writes a whole file atomically: a uniquely named temporary file in the
/// same directory, flushed to disk, then renamed over the destination.
enum AtomicFile {
    static func write(_ bytes: [UInt8], to path: String) throws(CoreError) {
        guard !path.isEmpty else { throw CoreError.io(path: path, reason: "empty file name") }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CoreError.io(path: path, reason: "is a directory, not a file")
        }
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw CoreError.io(path: path, reason: "the directory '\(directory)' does not exist")
        }
        guard isDirectory.boolValue else {
            throw CoreError.io(path: path, reason: "'\(directory)' is not a directory")
        }

        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<16 {
            temporary = directory + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else {
            throw CoreError.io(path: path, reason: "cannot create a temporary file in '\(directory)': \(errorText())")
        }

        var failure: String?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                guard let base = raw.baseAddress else { break }
                let written = posixWrite(fd, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = "write failed: \(errorText())"
                    return
                }
                offset += written
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = "flush to disk failed: \(errorText())" }
        if close(fd) != 0 && failure == nil { failure = "close failed: \(errorText())" }
        if failure == nil && rename(temporary, path) != 0 { failure = "cannot rename the temporary file into place: \(errorText())" }
        if let failure {
            unlink(temporary)
            throw CoreError.io(path: path, reason: failure)
        }
    }

    private static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

/// The POSIX `write(2)`, under a name that does not clash with `NPY.write`.
@inline(__always)
private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
