/// Splits a header section into fields and finds where the body starts.
enum HeaderSectionParser {
    struct Result {
        var headers: HeaderList
        var bodyStart: Int
    }

    /// End of the field name when the line at `start` is a header field line
    /// (`name [WSP] ":"`, name in printable ASCII 33–126 except ':'), else nil.
    static func fieldNameEnd(_ bytes: [UInt8], lineStart start: Int, contentEnd: Int) -> (nameEnd: Int, colon: Int)? {
        var i = start
        while i < contentEnd {
            let c = bytes[i]
            if c < 33 || c > 126 || c == 0x3A { break }
            i += 1
        }
        guard i > start else { return nil }
        var j = i
        while j < contentEnd && ByteScanning.isWSP(bytes[j]) { j += 1 }
        guard j < contentEnd, bytes[j] == 0x3A else { return nil }
        return (i, j)
    }

    static func isFieldLine(_ bytes: [UInt8], at start: Int, end: Int) -> Bool {
        let (contentEnd, _) = ByteScanning.line(in: bytes, at: start, end: end)
        return fieldNameEnd(bytes, lineStart: start, contentEnd: contentEnd) != nil
    }

    static func isMboxFromLine(_ bytes: [UInt8], at start: Int, end: Int) -> Bool {
        if end - start >= 5, bytes[start] == 0x46, bytes[start + 1] == 0x72, bytes[start + 2] == 0x6F,
           bytes[start + 3] == 0x6D, bytes[start + 4] == 0x20 { return true }
        return end - start >= 6 && bytes[start] == 0x3E && isMboxFromLine(bytes, at: start + 1, end: end)
    }

    static func parse(
        _ bytes: [UInt8], _ range: Range<Int>, context: inout ParseContext
    ) throws(MailParseError) -> Result {
        let limits = context.limits
        let end = range.upperBound
        var fields: [HeaderField] = []
        var pos = range.lowerBound
        var sectionBytes = 0

        var currentName: String?
        var currentValue: [UInt8] = []

        func finish() {
            guard let name = currentName else { return }
            let t = ByteScanning.trimmed(currentValue, 0..<currentValue.count)
            fields.append(HeaderField(name: name, rawValue: ByteScanning.string(currentValue, t)))
            currentName = nil
            currentValue.removeAll(keepingCapacity: true)
        }

        while pos < end {
            let (contentEnd, next) = ByteScanning.line(in: bytes, at: pos, end: end)
            if contentEnd == pos {
                finish()
                return Result(headers: HeaderList(fields), bodyStart: next)
            }
            sectionBytes += next - pos
            if sectionBytes > limits.headerSectionBytesMax {
                throw .headerSectionTooLarge(bytes: sectionBytes, limit: limits.headerSectionBytesMax)
            }
            let first = bytes[pos]
            if ByteScanning.isWSP(first) {
                if let name = currentName {
                    currentValue.append(contentsOf: bytes[pos..<contentEnd])
                    if currentValue.count > limits.headerBytesMax {
                        throw .headerTooLong(name: name, bytes: currentValue.count, limit: limits.headerBytesMax)
                    }
                } else if fields.isEmpty {
                    // A part that starts with indented text has no header section.
                    context.record(.missingHeaderBodySeparator)
                    return Result(headers: HeaderList(), bodyStart: pos)
                } else {
                    context.record(.continuationLineWithoutField)
                }
                pos = next
                continue
            }
            if let (nameEnd, colon) = fieldNameEnd(bytes, lineStart: pos, contentEnd: contentEnd) {
                finish()
                if fields.count >= limits.headerCountMax {
                    throw .tooManyHeaders(count: fields.count + 1, limit: limits.headerCountMax)
                }
                // Printable ASCII only (fieldNameEnd checked), so no validation is needed.
                let name = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[pos..<nameEnd]), as: UTF8.self) }
                var v = colon + 1
                while v < contentEnd && ByteScanning.isWSP(bytes[v]) { v += 1 }
                if contentEnd - v > limits.headerBytesMax {
                    throw .headerTooLong(name: name, bytes: contentEnd - v, limit: limits.headerBytesMax)
                }
                currentName = name
                currentValue.append(contentsOf: bytes[v..<contentEnd])
                pos = next
                continue
            }
            // Not a field line. Python's email package treats it as the start of the body;
            // that loses the real headers when a junk line sits among them, so skip it
            // when a field line follows, and only otherwise let the body start here.
            if isMboxFromLine(bytes, at: pos, end: contentEnd) {
                context.record(.mboxFromLineSkipped)
                pos = next
                continue
            }
            if !fields.isEmpty || currentName != nil, next < end, isFieldLine(bytes, at: next, end: end) {
                finish()
                context.record(.invalidHeaderLineSkipped)
                pos = next
                continue
            }
            finish()
            context.record(.missingHeaderBodySeparator)
            return Result(headers: HeaderList(fields), bodyStart: pos)
        }
        finish()
        return Result(headers: HeaderList(fields), bodyStart: end)
    }
}
