/// Parses address-list header values (From, To, Cc, Reply-To, ...): quoted display
/// names, angle addresses, comments, groups, RFC 2047 in names, and the usual
/// breakage (unquoted commas in names are not recoverable and split the entry).
enum AddressListParser {
    static func parse(_ value: String) -> [MailAddress] {
        let b = Array(value.utf8)
        var result: [MailAddress] = []
        var entryStart = 0
        var i = 0
        var inQuote = false
        var angle = 0
        var comment = 0
        while i < b.count {
            let c = b[i]
            if inQuote {
                if c == 0x5C { i += 1 } else if c == 0x22 { inQuote = false }
            } else if comment > 0 {
                if c == 0x5C { i += 1 } else if c == 0x28 { comment += 1 } else if c == 0x29 { comment -= 1 }
            } else {
                switch c {
                case 0x22: inQuote = true
                case 0x28: comment = 1
                case 0x3C: angle += 1
                case 0x3E: if angle > 0 { angle -= 1 }
                case 0x2C, 0x3B:
                    if angle == 0 {
                        appendMailbox(b, entryStart..<i, to: &result)
                        entryStart = i + 1
                    }
                case 0x3A:
                    // A group name ends at ':' outside angle brackets, unless an '@'
                    // came first (then it is a route or junk and stays in the entry).
                    if angle == 0 && !b[entryStart..<i].contains(0x40) {
                        entryStart = i + 1
                    }
                default: break
                }
            }
            i += 1
        }
        appendMailbox(b, entryStart..<min(b.count, max(entryStart, b.count)), to: &result)
        return result
    }

    private static func appendMailbox(_ b: [UInt8], _ range: Range<Int>, to result: inout [MailAddress]) {
        guard !range.isEmpty else { return }
        var name: [UInt8] = []
        var commentText: [UInt8] = []
        var addr: [UInt8] = []
        var sawAngle = false
        var inAngle = false
        var i = range.lowerBound
        while i < range.upperBound {
            let c = b[i]
            if c == 0x22 && !inAngle {
                i += 1
                while i < range.upperBound && b[i] != 0x22 {
                    if b[i] == 0x5C && i + 1 < range.upperBound { i += 1 }
                    name.append(b[i])
                    i += 1
                }
            } else if c == 0x28 {
                var depth = 1
                i += 1
                var text: [UInt8] = []
                while i < range.upperBound && depth > 0 {
                    if b[i] == 0x5C && i + 1 < range.upperBound { i += 1; text.append(b[i]) } else if b[i] == 0x28 { depth += 1; text.append(b[i]) } else if b[i] == 0x29 { depth -= 1; if depth > 0 { text.append(b[i]) } } else { text.append(b[i]) }
                    i += 1
                }
                if commentText.isEmpty { commentText = text }
                continue
            } else if c == 0x3C && !inAngle {
                sawAngle = true
                inAngle = true
                addr.removeAll()
            } else if c == 0x3E && inAngle {
                inAngle = false
            } else if inAngle {
                addr.append(c)
            } else if sawAngle {
                // Text after the angle address is junk; ignore it.
            } else {
                name.append(c)
            }
            i += 1
        }
        var display: String?
        var address: String
        if sawAngle {
            address = String(decoding: addr, as: UTF8.self)
            // Obsolete source route: <@a,@b:user@host>
            if address.hasPrefix("@"), let colon = address.firstIndex(ofASCII: ":") {
                address = String(address[address.index(after: colon)...])
            }
            display = decodeName(name)
            if display == nil, !commentText.isEmpty { display = decodeName(commentText) }
        } else {
            address = String(decoding: name.filter { !ByteScanning.isWhitespace($0) }, as: UTF8.self)
            display = commentText.isEmpty ? nil : decodeName(commentText)
        }
        address = ByteScanning.trimmedString(address)
        guard !address.isEmpty || display != nil else { return }
        if address.isEmpty, !sawAngle { return }
        result.append(MailAddress(displayName: display, address: address))
    }

    private static func decodeName(_ bytes: [UInt8]) -> String? {
        let t = ByteScanning.trimmed(bytes, 0..<bytes.count)
        guard !t.isEmpty else { return nil }
        let raw = bytes[t].contains(where: { $0 >= 0x80 }) ? Charset.fallback(bytes[t]) : String(decoding: bytes[t], as: UTF8.self)
        // Collapsed on UTF-8 bytes: the blanks are ASCII, so this is the scalar-wise
        // collapse without building the String one scalar at a time.
        let decoded = EncodedWord.decode(raw)
        var collapsed: [UInt8] = []
        collapsed.reserveCapacity(decoded.utf8.count)
        var lastSpace = false
        for c in decoded.utf8 {
            if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A {
                if !lastSpace { collapsed.append(0x20) }
                lastSpace = true
            } else {
                collapsed.append(c)
                lastSpace = false
            }
        }
        let s = ByteScanning.trimmedString(String(decoding: collapsed, as: UTF8.self))
        return s.isEmpty ? nil : s
    }
}
