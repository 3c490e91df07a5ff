import Foundation

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
/// Accepted element types (`descr`), each loaded as a dtype attn has
/// (`ElementType.dtype`): its own where attn has it, else the first of bool,
/// int32, int64, float32, float64 that numpy casts it to safely
/// (`np.can_cast(t, d, "safe")`, which is also where numpy's promotion of
/// the type with attn's dtypes lands), so every value loads exactly except
/// uint64's beyond 2^53:
/// - little-endian floats `<f8` (float64), `<f4` (float32), `<f2` (float32,
///   exactly: numpy's float16 → float32);
/// - little-endian integers `<i8` (int64), `<i4` (int32), `<i2`, `|i1`,
///   `<u2`, `|u1` (int32), `<u4` (int64), and `<u8` (float64, as
///   `np.promote_types(np.uint64, np.int64)` gives; values beyond 2^53 are
///   rounded to the nearest float64). Any byte-order mark is accepted for
///   one-byte types;
/// - booleans `|b1` (bool; a nonzero byte is true).
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
/// `write`/`encode` write the tensor's own dtype (`<f8`, `<f4`, `<i8`, `<i4`,
/// `|b1`) in version 1.0, C order, with the header laid out byte for byte as
/// `numpy.save` lays it out for the same array (keys sorted, the same spare
/// room for the first axis to grow, padded with spaces so the data starts at
/// a multiple of 64 bytes, ending in `\n`). Only a header too long for
/// version 1.0's 16-bit length (a rank in the thousands) is written as
/// version 2.0, as numpy does. `write` goes through `SafeFile.write`, so
/// readers never see a partial file (see there for links, permissions and
/// what is refused). The element data is in `NPY+Data.swift`.
public enum NPY {
    /// The largest header `read` accepts, in bytes. numpy itself refuses
    /// headers over 10 000 characters unless told otherwise; this is looser
    /// but still stops a corrupt length from allocating gigabytes.
    public static let maxHeaderLength = 1 << 20

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59] // "\x93NUMPY"

    // MARK: Public API

    /// The largest `.npy` file `read` accepts, in bytes: the preamble, the
    /// largest header, and `Tensor.maxElements` elements of the widest type.
    public static var maxFileBytes: Int {
        let (data, overflow) = Tensor.maxElements.multipliedReportingOverflow(by: 8)
        return overflow ? Int.max : data + 12 + maxHeaderLength
    }

    /// Reads a `.npy` file. See the type's documentation for what is accepted.
    ///
    /// A file larger than `maxFileBytes` is refused before it is read; the
    /// rest is read whole (with `SafeFile`, which refuses FIFOs and devices
    /// at once) and decoded.
    public static func read(path: String) throws(CoreError) -> Tensor {
        let bytes: [UInt8]
        do {
            bytes = try SafeFile.read(path, limit: maxFileBytes).bytes
        } catch {
            guard case .tooLarge = error.problem else { throw CoreError(error) }
            throw ioError(path, error.reason + ", more than a tensor of --max-elements (\(Tensor.maxElements)) elements needs")
        }
        return try decode(bytes, path: path)
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
        return try convert(bytes[dataOffset...], header: header)
    }

    /// Writes `t` as a version 1.0, C-order `.npy` file of its own dtype
    /// with `SafeFile.write`: atomically, through a symbolic link to its
    /// target, keeping an existing file's mode and owner, and refusing
    /// read-only files, devices, FIFOs and directories.
    public static func write(_ t: Tensor, path: String) throws(CoreError) {
        do {
            try SafeFile.write(encode(t), to: path)
        } catch {
            throw CoreError(error)
        }
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

    /// A short excerpt of header text, for messages.
    static func excerpt(_ text: String) -> String {
        Excerpt.visible(text.trimmingCharacters(in: .whitespacesAndNewlines), limit: Excerpt.defaultLimit)
    }

    /// A name or type string from a header, shown whole up to a short
    /// excerpt's length, with control characters made visible.
    static func sanitize(_ text: String) -> String {
        Excerpt.visible(text, limit: Excerpt.defaultLimit)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
