import CLibcExtras
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
        // Every delimiter line starts with the delimiter, so look for the delimiter itself (memmem
        // skips whole bodies at once) and keep the occurrences that start a line.
        var from = range.lowerBound
        while let lineStart = find(delimiter, in: bytes, from: from, to: end) {
            from = lineStart + 1
            guard lineStart == range.lowerBound || bytes[lineStart - 1] == ByteScanning.lf else { continue }
            let (contentEnd, next) = ByteScanning.line(in: bytes, at: lineStart, end: end)
            var k = lineStart + dn
            var isClose = false
            if k + 1 < contentEnd, bytes[k] == 0x2D, bytes[k + 1] == 0x2D {
                k += 2
                isClose = true
            }
            while k < contentEnd, ByteScanning.isWSP(bytes[k]) { k += 1 }
            guard k == contentEnd else { continue }
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
            from = max(from, next)
        }
        if let s = partStart {
            result.parts.append(s..<end)
        }
        return result
    }

    /// Index of the first occurrence of `needle` in `bytes[from..<to]` (glibc memmem).
    private static func find(_ needle: [UInt8], in bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard to - from >= needle.count else { return nil }
        return bytes.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { n in
                guard let h = hay.baseAddress, let p = n.baseAddress,
                      let hit = memmem(h + from, to - from, p, n.count) else { return nil }
                return h.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
        }
    }
}
