/// RFC 2047 encoded-word decoding for header values.
enum EncodedWord {
    private static let charsetBytesMax = 64
    /// Encoded words are limited to 75 characters by the RFC, but broken producers
    /// write whole subjects into one word; this bounds the rescanning on failure.
    private static let wordBytesMax = 16 * 1024

    /// Decodes every well-formed encoded word in `value`. Whitespace between adjacent
    /// encoded words is dropped, and adjacent words in the same charset are decoded
    /// together so multi-byte characters split across words survive. Malformed words
    /// are left as they are.
    static func decode(_ value: String) -> String {
        guard value.utf8.count >= 8, containsMarker(value) else { return value }
        let b = Array(value.utf8)
        let n = b.count
        var out = [UInt8]()
        out.reserveCapacity(n)
        var held = [UInt8]()
        var pendingBytes = [UInt8]()
        var pendingCharset: String?
        var afterWord = false

        func flush() {
            if let cs = pendingCharset {
                out.append(contentsOf: Charset.decode(pendingBytes, charset: cs).utf8)
                pendingCharset = nil
                pendingBytes.removeAll(keepingCapacity: true)
            }
        }

        var i = 0
        while i < n {
            let c = b[i]
            if c == 0x3D, i + 1 < n, b[i + 1] == 0x3F {
                switch parseWord(b, at: i) {
                case let .word(charset, decoded, end):
                    if afterWord, let pc = pendingCharset, pc == charset {
                        pendingBytes.append(contentsOf: decoded)
                    } else {
                        flush()
                        pendingCharset = charset
                        pendingBytes.append(contentsOf: decoded)
                    }
                    held.removeAll(keepingCapacity: true)
                    afterWord = true
                    i = end
                    continue
                case let .notAWord(resume):
                    flush()
                    out.append(contentsOf: held)
                    held.removeAll(keepingCapacity: true)
                    afterWord = false
                    out.append(contentsOf: b[i..<resume])
                    i = resume
                    continue
                }
            }
            if afterWord && ByteScanning.isWhitespace(c) {
                held.append(c)
            } else {
                flush()
                out.append(contentsOf: held)
                held.removeAll(keepingCapacity: true)
                afterWord = false
                out.append(c)
            }
            i += 1
        }
        flush()
        out.append(contentsOf: held)
        return String(decoding: out, as: UTF8.self)
    }

    private static func containsMarker(_ s: String) -> Bool {
        var prev: UInt8 = 0
        for c in s.utf8 {
            if prev == 0x3D && c == 0x3F { return true }
            prev = c
        }
        return false
    }

    private enum Parsed {
        case word(charset: String, decoded: [UInt8], end: Int)
        case notAWord(resume: Int)
    }

    /// `b[start...]` begins with "=?". Syntax: =?charset[*lang]?B|Q?text?=
    private static func parseWord(_ b: [UInt8], at start: Int) -> Parsed {
        let n = b.count
        var i = start + 2
        let csStart = i
        while i < n && i - csStart <= charsetBytesMax {
            let c = b[i]
            if c == 0x3F || c <= 0x20 || c >= 0x7F { break }
            i += 1
        }
        guard i < n, b[i] == 0x3F, i > csStart, i + 2 < n, b[i + 2] == 0x3F else {
            return .notAWord(resume: start + 1)
        }
        let csEnd = i
        let enc = ByteScanning.lower(b[i + 1])
        guard enc == 0x62 || enc == 0x71 else { return .notAWord(resume: start + 1) }
        let textStart = i + 3
        var j = textStart
        let limit = min(n, textStart + wordBytesMax)
        while j < limit {
            let c = b[j]
            if c == 0x3F && j + 1 < n && b[j + 1] == 0x3D { break }
            if c <= 0x20 || c >= 0x7F { break }
            j += 1
        }
        guard j < limit, b[j] == 0x3F, j + 1 < n, b[j + 1] == 0x3D else {
            // No terminator before whitespace: no word can start and end inside this run.
            return .notAWord(resume: max(start + 1, j))
        }
        var charset = String(decoding: b[csStart..<csEnd], as: UTF8.self)
        if let star = charset.firstIndex(ofASCII: "*") { charset = String(charset[..<star]) }
        charset = ByteScanning.asciiLowercased(charset)
        let text = b[textStart..<j]
        let decoded: [UInt8]
        if enc == 0x62 {
            decoded = TransferDecoding.decodeBase64(b, textStart..<j).bytes
        } else {
            decoded = TransferDecoding.decodeQ(text)
        }
        return .word(charset: charset, decoded: decoded, end: j + 2)
    }
}
