import AttnCore

// The elements of a non-empty tensor between `tensor(` and the suffixes:
// torch/_tensor_str.py's `_tensor_str`, `_tensor_str_with_formatter`,
// `_vector_str`, `get_summarized_data` and `_Formatter` (see
// TorchPrinter.swift for the rules).

extension TorchPrinter {
    /// The nested-list text of a tensor with at least one element, its
    /// first line starting at column `indent`.
    static func elements(_ t: Tensor, options: TorchPrintOptions, indent: Int) -> String {
        let summarize = Double(t.count) > options.threshold
        let layout = Layout(shape: t.shape, strides: t.strides, options: options, summarize: summarize)
        let formatter = ElementFormatter(t, shown: layout.shownIndices(), options: options)
        return layout.write(offset: 0, axis: 0, indent: indent, formatter: formatter)
    }

    /// Which indices of each axis are printed, and how the lines break.
    struct Layout {
        let shape: [Int]
        let strides: [Int]
        let options: TorchPrintOptions
        let summarize: Bool

        /// The indices of an axis of length n that are printed, with nil
        /// where `...` stands.
        func indices(_ n: Int) -> [Int?] {
            let e = options.edgeItems
            guard summarize, n > 2 * e else { return (0..<n).map { $0 } }
            return (0..<e).map { $0 } + [nil] + ((n - e)..<n).map { $0 }
        }

        /// The flat indices of the elements the formatter judges
        /// (`get_summarized_data`): those printed, except that a
        /// summarised 1-d tensor with `edgeItems` 0 is judged whole and a
        /// summarised higher one with `edgeItems` 0 not at all.
        func shownIndices() -> [Int] {
            if summarize, options.edgeItems == 0 {
                return shape.count == 1 ? Array(0..<shape[0]) : []
            }
            var out: [Int] = []
            func visit(_ axis: Int, _ offset: Int) {
                if axis == shape.count {
                    out.append(offset)
                    return
                }
                for case let i? in indices(shape[axis]) { visit(axis + 1, offset + i * strides[axis]) }
            }
            visit(0, 0)
            return out
        }

        /// `_tensor_str_with_formatter` for the sub-tensor at `axis`
        /// starting at flat index `offset`.
        func write(offset: Int, axis: Int, indent: Int, formatter: ElementFormatter) -> String {
            let rank = shape.count
            if axis == rank { return formatter.format(offset) }
            if axis == rank - 1 { return row(offset: offset, indent: indent, formatter: formatter) }
            let parts: [String]
            if summarize, options.edgeItems == 0 {
                parts = ["..."]
            } else {
                parts = indices(shape[axis]).map { i in
                    guard let i else { return "..." }
                    return write(offset: offset + i * strides[axis], axis: axis + 1, indent: indent + 1, formatter: formatter)
                }
            }
            let separator = "," + String(repeating: "\n", count: rank - axis - 1) + String(repeating: " ", count: indent + 1)
            return "[" + parts.joined(separator: separator) + "]"
        }

        /// `_vector_str`: one axis of elements, wrapped.
        func row(offset: Int, indent: Int, formatter: ElementFormatter) -> String {
            let n = shape[shape.count - 1]
            let stride = strides[shape.count - 1]
            let data: [String]
            if summarize, options.edgeItems == 0 {
                data = ["..."]
            } else {
                data = indices(n).map { i in
                    guard let i else { return " ..." }
                    return formatter.format(offset + i * stride)
                }
            }
            let elementLength = formatter.width + 2
            // Python's floor of a true division, which may be negative.
            let fit = (Double(options.lineWidth - indent) / Double(elementLength)).rounded(.down)
            let perLine = fit >= 1 ? Int(fit) : 1
            var lines: [String] = []
            var start = 0
            while start < data.count {
                let end = Swift.min(data.count, start + perLine)
                lines.append(data[start..<end].joined(separator: ", "))
                start = end
            }
            return "[" + lines.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + "]"
        }
    }

    /// `_Formatter`: one width and one notation for every element printed.
    struct ElementFormatter {
        enum Notation {
            /// Integers and booleans: their text.
            case plain
            /// Floats that are all whole numbers: `'.0f'` and a point.
            case integral
            case fixed
            case scientific
        }

        let tensor: Tensor
        let notation: Notation
        let precision: Int
        /// The widest element's text, at least 1.
        let width: Int

        init(_ t: Tensor, shown: [Int], options: TorchPrintOptions) {
            tensor = t
            precision = options.precision
            switch t.storage {
            case .float64, .float32:
                let values = shown.compactMap { i -> Double? in
                    let x = t.storage.double(at: i)
                    return x.isFinite && x != 0 ? x : nil
                }
                guard !values.isEmpty else {
                    notation = .integral
                    width = 1
                    return
                }
                let magnitudes = values.map { abs($0) }
                let largest = magnitudes.max() ?? 1
                let smallest = magnitudes.min() ?? 1
                let whole = values.allSatisfy { $0 == $0.rounded(.up) }
                let scientific = options.sciMode ?? (largest / smallest > 1000 || largest > 1e8 || smallest < 1e-4)
                let chosen: Notation = scientific ? .scientific : whole ? .integral : .fixed
                notation = chosen
                let p = options.precision
                width = values.reduce(1) { w, x in
                    switch chosen {
                    case .scientific: return Swift.max(w, TorchPrinter.python(x, .exponent(p)).count)
                    case .integral: return Swift.max(w, TorchPrinter.python(x, .fixed(0)).count + 1)
                    case .fixed, .plain: return Swift.max(w, TorchPrinter.python(x, .fixed(p)).count)
                    }
                }
            case .int64, .int32, .bool:
                notation = .plain
                var w = 1
                for i in shown { w = Swift.max(w, ElementFormatter.plainText(t.storage, i).count) }
                width = w
            }
        }

        static func plainText(_ storage: TensorStorage, _ i: Int) -> String {
            switch storage {
            case .int64(let a): return String(a[i])
            case .int32(let a): return String(a[i])
            case .bool(let a): return a[i] ? "True" : "False"
            case .float64(let a): return PyFormat.repr(a[i])
            case .float32(let a): return PyFormat.repr(Double(a[i]))
            }
        }

        /// The element at flat index `i`, right-aligned to `width`.
        func format(_ i: Int) -> String {
            let text: String
            switch notation {
            case .plain:
                text = ElementFormatter.plainText(tensor.storage, i)
            case .integral:
                let x = tensor.storage.double(at: i)
                text = TorchPrinter.python(x, .fixed(0)) + (x.isFinite ? "." : "")
            case .fixed:
                text = TorchPrinter.python(tensor.storage.double(at: i), .fixed(precision))
            case .scientific:
                text = TorchPrinter.python(tensor.storage.double(at: i), .exponent(precision))
            }
            return String(repeating: " ", count: Swift.max(0, width - text.count)) + text
        }
    }

    /// Python's `format(x, '.{p}f')` or `'.{p}e'`, through PyFormat.
    static func python(_ x: Double, _ style: FloatStyle) -> String {
        let n = PyFormat.floatText(x, style, alternate: false, upper: false, percent: false, sign: nil, coercesNegativeZero: false)
        return n.sign + n.digits + n.rest
    }
}
