import AttnLang

/// Number literals, as Python writes them:
///
///     number  -> hex | octal | binary | decimal | float
///     hex     -> "0" ("x"|"X") ("_"? hexdigit)+          (octal "0o", binary "0b" alike)
///     decimal -> nonzero ("_"? digit)* | "0"+ ("_"? "0")*
///     float   -> digits? "." digits? exponent? | digits exponent
///     exponent -> ("e"|"E") ("+"|"-")? digits
///
/// An underscore only stands between two digits. A `j` suffix (an imaginary
/// number) is refused: attn has no complex numbers. Integers must fit in 64
/// bits (attn's Python ints are 64-bit: see docs/python.md).
extension PyLexer {
    mutating func number() throws(Diagnostic) {
        let start = pos
        if bytes[pos] == UInt8(ascii: "0"), pos + 1 < limit, let radix = PyLexer.radix(bytes[pos + 1]) {
            pos += 2
            let digits = try digitRun(start: start) { PyLexer.digitValue($0, radix: radix) != nil }
            guard !digits.isEmpty else { throw syntaxError("invalid \(PyLexer.radixName(radix)) literal", start, pos) }
            try checkEnd(start, what: PyLexer.radixName(radix))
            guard let value = Int64(digits, radix: radix) else { throw tooLarge(start) }
            emit(.int(value), start, pos)
            return
        }
        var text = try digitRun(start: start) { PyLexer.isDigit($0) }
        var isFloat = false
        if pos < limit, bytes[pos] == UInt8(ascii: ".") {
            isFloat = true
            pos += 1
            text += "."
            if pos < limit, isDigit(bytes[pos]) { text += try digitRun(start: start) { PyLexer.isDigit($0) } }
        }
        if pos < limit, bytes[pos] == UInt8(ascii: "e") || bytes[pos] == UInt8(ascii: "E") {
            var look = pos + 1
            if look < limit, bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-") { look += 1 }
            if look < limit, isDigit(bytes[look]) {
                isFloat = true
                text += "e" + String(decoding: bytes[(pos + 1)..<look], as: UTF8.self)
                pos = look
                text += try digitRun(start: start) { PyLexer.isDigit($0) }
            }
        }
        if pos < limit, bytes[pos] == UInt8(ascii: "j") || bytes[pos] == UInt8(ascii: "J") {
            pos += 1
            throw Diagnostic("imaginary numbers (complex) are not supported yet: attn's Python dialect has no complex type",
                             at: SourceRange(start, pos))
        }
        try checkEnd(start, what: "decimal")
        if isFloat {
            emit(.float(Double(text) ?? .nan), start, pos)
            return
        }
        if text.count > 1, text.first == "0", text.contains(where: { $0 != "0" }) {
            throw syntaxError("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", start, pos)
        }
        guard let value = Int64(text) else { throw tooLarge(start) }
        emit(.int(value), start, pos)
    }

    /// Digits accepted by `isDigit`, with single underscores between them.
    private mutating func digitRun(start: Int, _ accepts: (UInt8) -> Bool) throws(Diagnostic) -> String {
        var out: [UInt8] = []
        while pos < limit {
            let c = bytes[pos]
            if accepts(c) {
                out.append(c)
                pos += 1
            } else if c == UInt8(ascii: "_") {
                guard pos + 1 < limit, accepts(bytes[pos + 1]), !out.isEmpty || pos > start else {
                    throw syntaxError("invalid decimal literal", start, pos + 1)
                }
                pos += 1
            } else {
                break
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A letter or digit right after a number is an error, as in CPython
    /// (`1abc`, `0x1g`).
    private func checkEnd(_ start: Int, what: String) throws(Diagnostic) {
        guard pos < limit else { return }
        let c = bytes[pos]
        if isIdentifierStart(c) || isDigit(c) {
            throw syntaxError("invalid \(what) literal", start, pos + 1)
        }
    }

    private func tooLarge(_ start: Int) -> Diagnostic {
        Diagnostic("OverflowError: the integer \(String(decoding: bytes[start..<pos], as: UTF8.self)) does not fit in 64 bits (attn's Python ints are 64-bit)",
                   at: SourceRange(start, pos))
    }

    private static func radix(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "x"), UInt8(ascii: "X"): return 16
        case UInt8(ascii: "o"), UInt8(ascii: "O"): return 8
        case UInt8(ascii: "b"), UInt8(ascii: "B"): return 2
        default: return nil
        }
    }

    private static func radixName(_ radix: Int) -> String {
        radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
    }

    private static func digitValue(_ c: UInt8, radix: Int) -> Int? {
        let v: Int
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): v = Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): v = Int(c - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): v = Int(c - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return v < radix ? v : nil
    }
}
