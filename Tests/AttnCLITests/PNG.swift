import Foundation

/// Reads the pixels of a PNG file (8 bits per channel, not interlaced: what
/// a headless browser's screenshot is), so a test can tell a blank page from
/// a drawn one. Inflate (RFC 1951) is written out here, from the RFC, since
/// Foundation on Linux offers none.
struct PNGImage {
    let width: Int
    let height: Int
    /// Channels per pixel: 1 grey, 2 grey and alpha, 3 RGB, 4 RGBA.
    let channels: Int
    /// Row-major pixels, `channels` bytes each.
    let pixels: [UInt8]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(data: [UInt8]) throws {
        guard data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else { throw Failure(description: "not a PNG file") }
        var offset = 8
        var header: [UInt8] = []
        var compressed: [UInt8] = []
        func u32(_ at: Int) -> Int { data[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        while offset + 12 <= data.count {
            let length = u32(offset)
            let type = String(decoding: data[(offset + 4)..<(offset + 8)], as: UTF8.self)
            guard offset + 12 + length <= data.count else { throw Failure(description: "a chunk runs past the end") }
            let body = data[(offset + 8)..<(offset + 8 + length)]
            if type == "IHDR" { header = Array(body) }
            if type == "IDAT" { compressed += body }
            if type == "IEND" { break }
            offset += 12 + length
        }
        guard header.count == 13 else { throw Failure(description: "no IHDR chunk") }
        width = header[0..<4].reduce(0) { $0 << 8 | Int($1) }
        height = header[4..<8].reduce(0) { $0 << 8 | Int($1) }
        let depth = header[8], colorType = header[9], interlace = header[12]
        guard depth == 8, interlace == 0 else { throw Failure(description: "bit depth \(depth), interlace \(interlace): not read here") }
        switch colorType {
        case 0: channels = 1
        case 2: channels = 3
        case 4: channels = 2
        case 6: channels = 4
        default: throw Failure(description: "colour type \(colorType) (a palette) is not read here")
        }
        // zlib: two header bytes, then deflate data.
        guard compressed.count > 2 else { throw Failure(description: "no image data") }
        var inflater = Inflater(Array(compressed[2...]))
        let raw = try inflater.inflate()
        pixels = try PNGImage.unfilter(raw, width: width, height: height, channels: channels)
    }

    /// Undoes each scanline's filter (none, sub, up, average, Paeth).
    static func unfilter(_ raw: [UInt8], width: Int, height: Int, channels: Int) throws -> [UInt8] {
        let stride = width * channels
        guard raw.count >= height * (stride + 1) else { throw Failure(description: "the image data is short") }
        var out = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let filter = raw[y * (stride + 1)]
            let line = y * (stride + 1) + 1
            for x in 0..<stride {
                let value = raw[line + x]
                let left = x >= channels ? Int(out[y * stride + x - channels]) : 0
                let up = y > 0 ? Int(out[(y - 1) * stride + x]) : 0
                let upLeft = x >= channels && y > 0 ? Int(out[(y - 1) * stride + x - channels]) : 0
                let predicted: Int
                switch filter {
                case 0: predicted = 0
                case 1: predicted = left
                case 2: predicted = up
                case 3: predicted = (left + up) / 2
                case 4:
                    let p = left + up - upLeft
                    let (pa, pb, pc) = (abs(p - left), abs(p - up), abs(p - upLeft))
                    predicted = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft
                default: throw Failure(description: "unknown filter \(filter)")
                }
                out[y * stride + x] = UInt8(truncatingIfNeeded: Int(value) + predicted)
            }
        }
        return out
    }

    /// The colour of pixel (x, y), alpha dropped.
    func color(_ x: Int, _ y: Int) -> [UInt8] {
        let at = (y * width + x) * channels
        return Array(pixels[at..<(at + min(3, channels))])
    }
}

/// A deflate decoder (RFC 1951): stored, fixed and dynamic Huffman blocks.
struct Inflater {
    let input: [UInt8]
    var position = 0
    var bitBuffer = 0
    var bitCount = 0
    var output: [UInt8] = []

    init(_ input: [UInt8]) {
        self.input = input
    }

    /// A canonical Huffman code: how many codes of each length, and the
    /// symbols in code order.
    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) {
            for length in lengths { counts[length] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<16 { offsets[length] = offsets[length - 1] + counts[length - 1] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (symbol, length) in lengths.enumerated() where length > 0 {
                symbols[offsets[length]] = symbol
                offsets[length] += 1
            }
        }
    }

    mutating func bits(_ n: Int) throws -> Int {
        while bitCount < n {
            guard position < input.count else { throw PNGImage.Failure(description: "the compressed data ends early") }
            bitBuffer |= Int(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << n) - 1)
        bitBuffer >>= n
        bitCount -= n
        return value
    }

    /// One symbol, read a bit at a time (codes are packed most significant bit first).
    mutating func decode(_ code: Huffman) throws -> Int {
        var value = 0, first = 0, index = 0
        for length in 1..<16 {
            value |= try bits(1)
            let count = code.counts[length]
            if value - first < count { return code.symbols[index + value - first] }
            index += count
            first = (first + count) << 1
            value <<= 1
        }
        throw PNGImage.Failure(description: "a Huffman code that does not exist")
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                               4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// The order the lengths of the code-length code are stored in.
    static let lengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    mutating func inflate() throws -> [UInt8] {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored()
            case 1:
                let literal = Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
                try codes(literal, Huffman(lengths: [Int](repeating: 5, count: 30)))
            case 2: try dynamic()
            default: throw PNGImage.Failure(description: "block type 3 does not exist")
            }
        }
        return output
    }

    mutating func stored() throws {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw PNGImage.Failure(description: "a stored block ends early") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        position += 4
        guard position + length <= input.count else { throw PNGImage.Failure(description: "a stored block ends early") }
        output += input[position..<(position + length)]
        position += length
    }

    mutating func dynamic() throws {
        let literals = try bits(5) + 257, distances = try bits(5) + 1, lengthCodes = try bits(4) + 4
        var lengthLengths = [Int](repeating: 0, count: 19)
        for n in 0..<lengthCodes { lengthLengths[Inflater.lengthOrder[n]] = try bits(3) }
        let lengthCode = Huffman(lengths: lengthLengths)
        var lengths: [Int] = []
        while lengths.count < literals + distances {
            let symbol = try decode(lengthCode)
            switch symbol {
            case 0..<16: lengths.append(symbol)
            case 16:
                guard let previous = lengths.last else { throw PNGImage.Failure(description: "a repeat with nothing before it") }
                lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
            case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
            default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
            }
        }
        try codes(Huffman(lengths: Array(lengths[0..<literals])), Huffman(lengths: Array(lengths[literals..<(literals + distances)])))
    }

    mutating func codes(_ literal: Huffman, _ distance: Huffman) throws {
        while true {
            let symbol = try decode(literal)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let n = symbol - 257
                guard n < Inflater.lengthBase.count else { throw PNGImage.Failure(description: "a length code that does not exist") }
                let length = Inflater.lengthBase[n] + (try bits(Inflater.lengthExtra[n]))
                let d = try decode(distance)
                guard d < Inflater.distanceBase.count else { throw PNGImage.Failure(description: "a distance code that does not exist") }
                let back = Inflater.distanceBase[d] + (try bits(Inflater.distanceExtra[d]))
                guard back <= output.count else { throw PNGImage.Failure(description: "a distance past the start") }
                let start = output.count - back
                for k in 0..<length { output.append(output[start + k]) }
            }
        }
    }
}
