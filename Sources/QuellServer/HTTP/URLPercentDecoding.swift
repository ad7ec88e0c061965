import Glibc

/// "%HH" decoding for URL paths and query components. Malformed escapes are kept as written, like libmicrohttpd;
/// bytes that are not valid UTF-8 after decoding become U+FFFD.
enum URLPercentDecoding {
    static func decode(_ string: String) -> String {
        guard string.utf8.contains(0x25) else { return string }
        var copy = string
        return copy.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    static func decode(_ cString: UnsafePointer<CChar>) -> String {
        decode(UnsafeRawBufferPointer(start: cString, count: strlen(cString)))
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.contains(0x25) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x25, index + 2 < bytes.count, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }
}
