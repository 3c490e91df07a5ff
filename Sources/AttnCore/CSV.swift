import Foundation

/// Reading a numeric matrix from comma-separated text.
///
/// The format:
/// - Lines end in `\n`, `\r\n` or a lone `\r` (old Mac files), mixed
///   freely; the file must be UTF-8 (a leading byte order mark is ignored).
/// - Cells are separated by commas; spaces and tabs around a cell are ignored.
///   There is no quoting.
/// - `#` starts a comment that runs to the end of the line, wherever it is
///   (`1, 2  # note`), as in `numpy.loadtxt`. Lines that are empty, or hold
///   only spaces, tabs and a comment, are ignored.
/// - The first non-blank, non-comment line is a header and skipped when *none*
///   of its cells is a number (e.g. `x, y, z`). Only that line can be a
///   header; it must have as many cells as the data rows. A first line that
///   mixes numbers and text is an error, not a header. A header with no data
///   row after it is an error too: a file whose only line is not numbers is
///   far more often the wrong delimiter (`1;2;3`) than a matrix with no
///   rows, and `numpy.loadtxt` refuses it as well.
/// - A cell is a decimal number with an optional sign, fraction and exponent
///   (`3`, `-2.5`, `.5`, `1e-3`, `+4E2`), or `nan`, `inf`, `infinity` in
///   any letter case with an optional sign. Hex floats, digit separators,
///   NaN payloads and empty cells are errors. Out-of-range magnitudes
///   round to ±infinity or zero, as in numpy.
///
/// The result always has shape `[rows, columns]`, even for a single column
/// (`[rows, 1]`) or a single row (`[1, columns]`); `numpy.loadtxt` would
/// return a vector in those cases unless given `ndmin=2`, and attn's choice
/// matches `ndmin=2`. A file with no lines but blanks and comments gives
/// shape `[0, 0]`.
///
/// Errors are `CoreError.io(path:reason:)`. A row with the wrong number of
/// cells or a cell that is not a number names the 1-based line and column
/// (column = cell number in the row) and the offending text, e.g.
/// `line 4, column 2: 'abc' is not a number`. Quoted file text is at most
/// `Excerpt.defaultLimit` characters with control characters made visible,
/// so a hostile file can neither drive the terminal nor be echoed at
/// length. More elements than `Tensor.maxElements` is also an error.
public enum CSV {
    /// The largest CSV file `read` accepts, in bytes: 32 bytes per element
    /// allowed by `Tensor.maxElements` (a long number and its comma), and
    /// never less than 64 MiB, which leaves room for comments; and never
    /// more than a quarter of what is left of the memory budget (the text,
    /// its bytes and the values are all in memory while it is parsed).
    public static var maxFileBytes: Int {
        let (perElement, overflow) = Tensor.maxElements.multipliedReportingOverflow(by: 32)
        let budget = max(0, MemoryBudget.limit - MemoryBudget.liveBytes) / 4
        return min(overflow ? Int.max : max(64 << 20, perElement), max(64 << 20, budget))
    }

    /// Reads a CSV file; see the type's documentation for the format.
    public static func read(path: String) throws(CoreError) -> Tensor {
        let text: String
        do {
            text = try SafeFile.readText(path, limit: maxFileBytes).text
        } catch {
            throw CoreError(error)
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
        var headerText: ArraySlice<UInt8> = []
        var sawContent = false
        var rows = 0

        var lineNumber = 0
        var lineStart = 0
        while lineStart <= utf8.count {
            lineNumber += 1
            if lineNumber & 1023 == 0 { try Interrupt.check() }
            var end = lineStart
            while end < utf8.count && utf8[end] != 0x0A && utf8[end] != 0x0D { end += 1 }
            // "\r\n" ends one line, as do "\n" and a lone "\r".
            var next = end + 1
            if end < utf8.count && utf8[end] == 0x0D && end + 1 < utf8.count && utf8[end + 1] == 0x0A { next += 1 }
            let physical = utf8[lineStart..<end]
            lineStart = next
            if lineStart > utf8.count && physical.isEmpty { break }

            let line = withoutComment(physical)
            if trim(line).isEmpty { continue }

            let cells = split(line)
            let isFirstContent = !sawContent
            sawContent = true

            if isFirstContent && !cells.contains(where: { parseNumber($0) != nil }) && !cells.allSatisfy({ trim($0).isEmpty }) {
                columns = cells.count
                columnsLine = lineNumber
                columnsFromHeader = true
                headerText = line
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
        if columnsFromHeader && rows == 0 {
            throw CoreError.io(path: path, reason: "line \(columnsLine): \(notNumbers(headerText))")
        }
        return Tensor(unchecked: [rows, max(columns, 0)], values)
    }

    /// Why a file whose only content line, `line`, holds no numbers is
    /// refused, with a guess at the delimiter when another one separates
    /// numbers.
    private static func notNumbers(_ line: ArraySlice<UInt8>) -> String {
        let base = "\(show(trim(line))) is not comma-separated numbers, and no data rows follow it"
        let names: [(UInt8, String)] = [(UInt8(ascii: ";"), "semicolons"), (0x09, "tabs"), (UInt8(ascii: "|"), "'|'"),
                                        (UInt8(ascii: " "), "spaces")]
        for (separator, name) in names {
            let pieces = trim(line).split(separator: separator, omittingEmptySubsequences: true)
            if pieces.count > 1 && pieces.allSatisfy({ parseNumber($0) != nil }) {
                return base + " (the numbers look separated by \(name); attn reads commas)"
            }
        }
        return base + " (a header with nothing below it?)"
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

    /// A short excerpt of `bytes`, quoted, with control characters made visible.
    private static func show(_ bytes: ArraySlice<UInt8>) -> String {
        "'" + Excerpt.visible(bytes) + "'"
    }

    /// `line` up to its first `#`, which starts a comment.
    private static func withoutComment(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let hash = line.firstIndex(of: UInt8(ascii: "#")) else { return line }
        return line[line.startIndex..<hash]
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
