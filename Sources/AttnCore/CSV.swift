import Foundation

/// Reading a numeric matrix from comma-separated text.
///
/// The format:
/// - Lines end in `\n` or `\r\n`; the file must be UTF-8 (a leading byte
///   order mark is ignored).
/// - Cells are separated by commas; spaces and tabs around a cell are ignored.
///   There is no quoting.
/// - Lines that are empty or hold only spaces and tabs are ignored.
/// - Lines whose first non-blank character is `#` are comments and ignored.
///   A `#` later in a line is not a comment (it makes the cell a non-number).
/// - The first non-blank, non-comment line is a header and skipped when *none*
///   of its cells is a number (e.g. `x, y, z`). Only that line can be a
///   header; it must have as many cells as the data rows. A first line that
///   mixes numbers and text is an error, not a header.
/// - A cell is a decimal number with an optional sign, fraction and exponent
///   (`3`, `-2.5`, `.5`, `1e-3`, `+4E2`), or `nan`, `inf`, `infinity` in
///   any letter case with an optional sign. Hex floats, digit separators,
///   NaN payloads and empty cells are errors. Out-of-range magnitudes
///   round to ±infinity or zero, as in numpy.
///
/// The result always has shape `[rows, columns]`, even for a single column
/// (`[rows, 1]`) or a single row (`[1, columns]`); `numpy.loadtxt` would
/// return a vector in those cases unless given `ndmin=2`, and attn's choice
/// matches `ndmin=2`. A file with no data rows gives shape `[0, columns]`
/// (columns from the header, or 0 without one).
///
/// Errors are `CoreError.io(path:reason:)`. A row with the wrong number of
/// cells or a cell that is not a number names the 1-based line and column
/// (column = cell number in the row) and the offending text, e.g.
/// `line 4, column 2: 'abc' is not a number`. More elements than
/// `Tensor.maxElements` is also an error.
public enum CSV {
    /// Reads a CSV file; see the type's documentation for the format.
    public static func read(path: String) throws(CoreError) -> Tensor {
        let file = try FileReader(path: path)
        defer { file.close() }
        let size = try file.size()
        let bytes = try file.read(count: Int(clamping: size))
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CoreError.io(path: path, reason: "the file is not valid UTF-8 text")
        }
        return try decode(text, path: path)
    }

    /// Parses CSV text; `path` only names the source in error messages. See
    /// the type's documentation for the format.
    public static func decode(_ text: String, path: String) throws(CoreError) -> Tensor {
        var utf8 = Array(text.utf8)
        if utf8.starts(with: [0xEF, 0xBB, 0xBF]) { utf8.removeFirst(3) }

        var values: [Double] = []
        var columns = -1          // unknown until the header or first data row
        var columnsLine = 0       // the line that fixed `columns`
        var columnsFromHeader = false
        var sawContent = false
        var rows = 0

        var lineNumber = 0
        var lineStart = 0
        while lineStart <= utf8.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < utf8.count && utf8[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd + 1
            var end = lineEnd
            if end > lineStart && utf8[end - 1] == 0x0D { end -= 1 }
            let line = utf8[lineStart..<end]
            lineStart = next
            if lineStart > utf8.count && line.isEmpty { break }

            let trimmed = trim(line)
            if trimmed.isEmpty || trimmed.first == UInt8(ascii: "#") { continue }

            let cells = split(line)
            let isFirstContent = !sawContent
            sawContent = true

            if isFirstContent && !cells.contains(where: { parseNumber($0) != nil }) && !cells.allSatisfy({ trim($0).isEmpty }) {
                columns = cells.count
                columnsLine = lineNumber
                columnsFromHeader = true
                continue
            }

            if columns < 0 {
                columns = cells.count
                columnsLine = lineNumber
            } else if cells.count != columns {
                let source = columnsFromHeader ? "the header on line \(columnsLine)" : "line \(columnsLine)"
                if cells.count > columns {
                    throw error(path, line: lineNumber, column: columns + 1,
                                "expected \(columns) column\(columns == 1 ? "" : "s") (as in \(source)) but this row has \(cells.count); extra cell \(show(cells[columns]))")
                }
                throw error(path, line: lineNumber, column: cells.count + 1,
                            "expected \(columns) columns (as in \(source)) but this row has only \(cells.count): \(show(line))")
            }

            for (index, cell) in cells.enumerated() {
                guard let value = parseNumber(cell) else {
                    if trim(cell).isEmpty {
                        throw error(path, line: lineNumber, column: index + 1, "empty cell in \(show(line))")
                    }
                    throw error(path, line: lineNumber, column: index + 1, "\(show(trim(cell))) is not a number")
                }
                values.append(value)
            }
            rows += 1
            guard values.count <= Tensor.maxElements else {
                throw CoreError.io(path: path, reason: "line \(lineNumber): more than \(Tensor.maxElements) elements (see --max-elements)")
            }
        }
        return Tensor(unchecked: [rows, max(columns, 0)], values)
    }

    // MARK: Helpers

    private static func error(_ path: String, line: Int, column: Int, _ message: String) -> CoreError {
        .io(path: path, reason: "line \(line), column \(column): \(message)")
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    private static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end && isBlank(bytes[start]) { start += 1 }
        while end > start && isBlank(bytes[end - 1]) { end -= 1 }
        return bytes[start..<end]
    }

    private static func split(_ line: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var cells: [ArraySlice<UInt8>] = []
        var start = line.startIndex
        for index in line.indices where line[index] == UInt8(ascii: ",") {
            cells.append(line[start..<index])
            start = index + 1
        }
        cells.append(line[start..<line.endIndex])
        return cells
    }

    /// At most 60 characters of `bytes`, quoted, with control characters escaped.
    private static func show(_ bytes: ArraySlice<UInt8>) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if out.count > 60 { out = String(out.prefix(60)) + "..." }
        return "'" + out + "'"
    }

    /// The cell's value when it is a number in the accepted syntax, else nil.
    static func parseNumber(_ raw: ArraySlice<UInt8>) -> Double? {
        let cell = trim(raw)
        guard !cell.isEmpty, isNumberSyntax(cell) else { return nil }
        return Double(String(decoding: cell, as: UTF8.self))
    }

    private static func isNumberSyntax(_ cell: ArraySlice<UInt8>) -> Bool {
        var i = cell.startIndex
        let end = cell.endIndex
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        if i < end && (cell[i] == UInt8(ascii: "+") || cell[i] == UInt8(ascii: "-")) { i += 1 }
        let word = String(decoding: cell[i..<end], as: UTF8.self).lowercased()
        if word == "nan" || word == "inf" || word == "infinity" { return true }
        var digits = 0
        while i < end && isDigit(cell[i]) { i += 1; digits += 1 }
        if i < end && cell[i] == UInt8(ascii: ".") {
            i += 1
            while i < end && isDigit(cell[i]) { i += 1; digits += 1 }
        }
        guard digits > 0 else { return false }
        if i < end && (cell[i] == UInt8(ascii: "e") || cell[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (cell[i] == UInt8(ascii: "+") || cell[i] == UInt8(ascii: "-")) { i += 1 }
            var exponentDigits = 0
            while i < end && isDigit(cell[i]) { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return i == end
    }
}
