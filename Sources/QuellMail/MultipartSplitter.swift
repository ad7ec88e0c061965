/// Finds the body parts of a multipart body. A delimiter line is `--boundary`,
/// optionally `--`, then optional blanks, then the end of the line, so a boundary
/// that is a prefix of another does not match the longer one's lines.
enum MultipartSplitter {
    struct Result {
        var parts: [Range<Int>] = []
        var foundDelimiter = false
        var closed = false
    }

    static func split(_ bytes: [UInt8], _ range: Range<Int>, boundary: String) -> Result {
        let delimiter: [UInt8] = [0x2D, 0x2D] + Array(boundary.utf8)
        let dn = delimiter.count
        let end = range.upperBound
        var result = Result()
        var partStart: Int?
        var lineStart = range.lowerBound
        while lineStart < end {
            let (contentEnd, next) = ByteScanning.line(in: bytes, at: lineStart, end: end)
            if bytes[lineStart] == 0x2D, contentEnd - lineStart >= dn, matches(bytes, at: lineStart, delimiter) {
                var k = lineStart + dn
                var isClose = false
                if k + 1 < contentEnd, bytes[k] == 0x2D, bytes[k + 1] == 0x2D {
                    k += 2
                    isClose = true
                }
                while k < contentEnd, ByteScanning.isWSP(bytes[k]) { k += 1 }
                if k == contentEnd {
                    result.foundDelimiter = true
                    if let s = partStart {
                        // The line break before a delimiter belongs to the delimiter.
                        var pe = lineStart
                        if pe > s, bytes[pe - 1] == ByteScanning.lf { pe -= 1 }
                        if pe > s, bytes[pe - 1] == ByteScanning.cr { pe -= 1 }
                        result.parts.append(s..<pe)
                    }
                    if isClose {
                        result.closed = true
                        return result
                    }
                    partStart = next
                }
            }
            lineStart = next
        }
        if let s = partStart {
            result.parts.append(s..<end)
        }
        return result
    }

    @inline(__always)
    private static func matches(_ bytes: [UInt8], at start: Int, _ delimiter: [UInt8]) -> Bool {
        for k in 0..<delimiter.count where bytes[start + k] != delimiter[k] { return false }
        return true
    }
}
