/// Parsers for the trace and sender-related header fields: Received, Authentication-Results
/// and List-Unsubscribe. Tolerant of the many non-conforming forms MTAs write.
enum SenderHeaderParser {
    /// Addresses scanned per Received field; bounds work on junk-filled fields.
    private static let ipsPerHopMax = 8

    // MARK: - Received

    static func receivedHop(_ raw: String) -> ReceivedHop {
        let b = Array(raw.utf8)
        var dateText: String?
        var clauseEnd = b.count
        if let semi = b.lastIndex(of: 0x3B) {
            dateText = String(decoding: b[(semi + 1)...], as: UTF8.self)
            clauseEnd = semi
        }
        // Clause keywords outside comments split the field.
        var fromRange: Range<Int>?
        var byRange: Range<Int>?
        var current: (name: String, start: Int)?
        var depth = 0
        var i = 0
        func close(at end: Int) {
            guard let c = current else { return }
            if c.name == "from", fromRange == nil { fromRange = c.start..<end }
            if c.name == "by", byRange == nil { byRange = c.start..<end }
            current = nil
        }
        while i < clauseEnd {
            let c = b[i]
            if c == 0x28 { depth += 1; i += 1; continue }
            if c == 0x29 { depth = max(0, depth - 1); i += 1; continue }
            if depth == 0, ByteScanning.isAlpha(c), i == 0 || ByteScanning.isWhitespace(b[i - 1]) || b[i - 1] == 0x29 {
                var j = i
                while j < clauseEnd, ByteScanning.isAlpha(b[j]) { j += 1 }
                if j == clauseEnd || ByteScanning.isWhitespace(b[j]), let word = clauseKeyword(b, i..<j) {
                    close(at: i)
                    current = (word, j)
                }
                i = j
                continue
            }
            i += 1
        }
        close(at: clauseEnd)
        func firstToken(_ r: Range<Int>?) -> String? {
            guard let r else { return nil }
            var k = r.lowerBound
            while k < r.upperBound, ByteScanning.isWhitespace(b[k]) { k += 1 }
            var e = k
            while e < r.upperBound, !ByteScanning.isWhitespace(b[e]), b[e] != 0x28, b[e] != 0x3B { e += 1 }
            guard e > k else { return nil }
            return ByteScanning.asciiLowercasedString(b, k..<e)
        }
        let ips = fromRange.map { ipLiterals(b, $0) } ?? []
        return ReceivedHop(
            from: firstToken(fromRange), by: firstToken(byRange), ips: ips,
            date: dateText.flatMap(MailDateParser.parse), raw: raw)
    }

    /// The clause keyword (from, by, via, with, id, for) spelt by the letters `b[r]`, in
    /// any case; nil for other words. Compares bytes: most words of a field are not keywords.
    private static func clauseKeyword(_ b: [UInt8], _ r: Range<Int>) -> String? {
        func at(_ k: Int) -> UInt8 { ByteScanning.lower(b[r.lowerBound + k]) }
        switch r.count {
        case 2:
            if at(0) == 0x62 && at(1) == 0x79 { return "by" }
            if at(0) == 0x69 && at(1) == 0x64 { return "id" }
        case 3:
            if at(0) == 0x76 && at(1) == 0x69 && at(2) == 0x61 { return "via" }
            if at(0) == 0x66 && at(1) == 0x6F && at(2) == 0x72 { return "for" }
        case 4:
            if at(0) == 0x66 && at(1) == 0x72 && at(2) == 0x6F && at(3) == 0x6D { return "from" }
            if at(0) == 0x77 && at(1) == 0x69 && at(2) == 0x74 && at(3) == 0x68 { return "with" }
        default:
            break
        }
        return nil
    }

    /// Maximal runs of hex digits, '.' and ':' (after an optional `IPv6:`) that inet_pton
    /// accepts, delimited by anything that cannot continue a host name.
    static func ipLiterals(_ b: [UInt8], _ range: Range<Int>) -> [String] {
        var out: [String] = []
        var i = range.lowerBound
        func isIPByte(_ c: UInt8) -> Bool { ByteScanning.hexValue(c) != nil || c == 0x2E || c == 0x3A }
        while i < range.upperBound, out.count < ipsPerHopMax {
            var afterTag = false
            if ByteScanning.hasPrefixIgnoringCase(b, at: i, end: range.upperBound, "ipv6:") {
                i += 5
                afterTag = true
            }
            guard i < range.upperBound, isIPByte(b[i]) else { i += 1; continue }
            let prev: UInt8 = afterTag ? 0x20 : (i > range.lowerBound ? b[i - 1] : 0x20)
            var j = i
            while j < range.upperBound, isIPByte(b[j]) { j += 1 }
            let next: UInt8 = j < range.upperBound ? b[j] : 0x20
            let delimited = !(ByteScanning.isAlnum(prev) || prev == 0x2D || prev == 0x2E || prev == 0x5F)
                && !(ByteScanning.isAlnum(next) || next == 0x2D || next == 0x5F)
            // Trailing dots end a sentence or a host name, not the address.
            var e = j
            while e > i, b[e - 1] == 0x2E { e -= 1 }
            if delimited, e - i >= 3, couldBeIPLiteral(b, i..<e) {
                let text = String(decoding: b[i..<e], as: UTF8.self)
                if let p = IPAddress.parse(text) {
                    let canonical = IPAddress.canonical(p)
                    if !out.contains(canonical) { out.append(canonical) }
                }
            }
            i = j
        }
        return out
    }

    /// False for runs inet_pton cannot accept, so that hex-looking words ("bad", "cafe")
    /// cost no String: IPv6 needs a ':', IPv4 needs a '.' and only digits and dots.
    private static func couldBeIPLiteral(_ b: [UInt8], _ r: Range<Int>) -> Bool {
        var dot = false
        var letter = false
        for k in r {
            switch b[k] {
            case 0x3A: return true
            case 0x2E: dot = true
            case 0x30...0x39: break
            default: letter = true
            }
        }
        return dot && !letter
    }

    /// The first globally routable address, walking hops from the bottom (the first
    /// relay) up. Within a hop the bracketed (connecting) address comes before HELO text.
    static func originatingIP(_ hops: [ReceivedHop]) -> String? {
        for hop in hops.reversed() {
            for ip in hop.ips {
                if let p = IPAddress.parse(ip), IPAddress.isPublic(p) { return ip }
            }
        }
        return nil
    }

    // MARK: - Authentication-Results

    /// `i=N;` (the ARC instance, 1-50 per RFC 8617), then an Authentication-Results value.
    static func arcAuthenticationResults(_ raw: String) -> ARCAuthenticationResults? {
        let b = Array(raw.utf8)
        var i = 0
        while i < b.count, ByteScanning.isWhitespace(b[i]) { i += 1 }
        guard i + 1 < b.count, b[i] | 0x20 == 0x69 else { return nil }  // i
        i += 1
        while i < b.count, ByteScanning.isWhitespace(b[i]) { i += 1 }
        guard i < b.count, b[i] == 0x3D else { return nil }
        i += 1
        while i < b.count, ByteScanning.isWhitespace(b[i]) { i += 1 }
        var instance = 0
        let digits = i
        while i < b.count, ByteScanning.isDigit(b[i]), i - digits < 3 { instance = instance * 10 + Int(b[i] - 0x30); i += 1 }
        while i < b.count, ByteScanning.isWhitespace(b[i]) { i += 1 }
        guard i > digits, (1...50).contains(instance), i < b.count, b[i] == 0x3B,
              let results = authenticationResults(String(decoding: b[(i + 1)...], as: UTF8.self)) else { return nil }
        return ARCAuthenticationResults(instance: instance, results: results)
    }

    static func authenticationResults(_ raw: String) -> AuthenticationResults? {
        let b = stripComments(Array(raw.utf8))
        let pieces = splitOutsideQuotes(b, on: 0x3B)
        guard let first = pieces.first else { return nil }
        // Microsoft 365 omits the authserv-id and starts with the first result.
        let idTokens = tokens(first)
        let hasID = idTokens.first.map { !$0.containsASCII("=") } ?? false
        let id = hasID ? idTokens[0] : ""
        var results: [AuthenticationResult] = []
        for piece in hasID ? pieces.dropFirst() : pieces[...] {
            let t = tokens(piece)
            guard let head = t.first, let eq = head.firstIndex(ofASCII: "=") else { continue }
            var method = ByteScanning.asciiLowercased(String(head[..<eq]))
            if let slash = method.firstIndex(ofASCII: "/") { method = String(method[..<slash]) }
            let result = ByteScanning.asciiLowercased(unquote(String(head[head.index(after: eq)...])))
            guard !method.isEmpty, method != "none" else { continue }
            var reason: String?
            var properties: [String: String] = [:]
            for token in t.dropFirst() {
                guard let e = token.firstIndex(ofASCII: "=") else { continue }
                let key = ByteScanning.asciiLowercased(String(token[..<e]))
                let value = unquote(String(token[token.index(after: e)...]))
                if key == "reason" {
                    reason = reason ?? value
                } else if key.containsASCII("."), properties[key] == nil {
                    properties[key] = value
                }
            }
            results.append(AuthenticationResult(method: method, result: result, reason: reason, properties: properties))
        }
        return AuthenticationResults(authservID: ByteScanning.asciiLowercased(id), results: results)
    }

    private static func stripComments(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var depth = 0
        var inQuote = false
        var i = 0
        while i < b.count {
            let c = b[i]
            if inQuote {
                out.append(c)
                if c == 0x5C, i + 1 < b.count { out.append(b[i + 1]); i += 2; continue }
                if c == 0x22 { inQuote = false }
            } else if c == 0x5C, depth > 0 {
                i += 2
                continue
            } else if c == 0x28 {
                depth += 1
                out.append(0x20)
            } else if c == 0x29, depth > 0 {
                depth -= 1
            } else if depth == 0 {
                if c == 0x22 { inQuote = true }
                out.append(c)
            }
            i += 1
        }
        return out
    }

    private static func splitOutsideQuotes(_ b: [UInt8], on sep: UInt8) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var current: [UInt8] = []
        var inQuote = false
        for c in b {
            if c == 0x22 { inQuote.toggle() }
            if c == sep && !inQuote {
                out.append(current)
                current = []
            } else {
                current.append(c)
            }
        }
        out.append(current)
        return out
    }

    /// Whitespace-separated tokens, keeping quoted strings together; blanks around `=`
    /// outside quotes are dropped first, so `a = b` is the token `a=b`.
    private static func tokens(_ b: [UInt8]) -> [String] {
        var squeezed: [UInt8] = []
        squeezed.reserveCapacity(b.count)
        var inQuote = false
        var i = 0
        while i < b.count {
            let c = b[i]
            if c == 0x22 { inQuote.toggle() }
            if !inQuote && c == 0x3D {
                while let last = squeezed.last, ByteScanning.isWhitespace(last) { squeezed.removeLast() }
                squeezed.append(c)
                i += 1
                while i < b.count, ByteScanning.isWhitespace(b[i]) { i += 1 }
                continue
            }
            squeezed.append(c)
            i += 1
        }
        var out: [String] = []
        var current: [UInt8] = []
        inQuote = false
        for c in squeezed {
            if c == 0x22 { inQuote.toggle() }
            if !inQuote && ByteScanning.isWhitespace(c) {
                if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)); current = [] }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { out.append(String(decoding: current, as: UTF8.self)) }
        return out
    }

    private static func unquote(_ s: String) -> String {
        var v = s
        if v.count >= 2, v.hasPrefix("\""), v.hasSuffix("\"") { v = String(v.dropFirst().dropLast()) }
        return v.replacingOccurrencesOfBackslashEscapes()
    }

    // MARK: - List-Unsubscribe

    static func listUnsubscribe(_ raw: String, post: String?) -> ListUnsubscribe {
        var urls: [String] = []
        var mailto: [String] = []
        let b = Array(raw.utf8)
        var i = 0
        while let lt = ByteScanning.firstIndex(of: 0x3C, in: b, from: i, to: b.count) {
            let gt = ByteScanning.firstIndex(of: 0x3E, in: b, from: lt + 1, to: b.count) ?? b.count
            let uri = ByteScanning.trimmedString(String(decoding: b[(lt + 1)..<gt].filter { !ByteScanning.isWhitespace($0) }, as: UTF8.self))
            if uri.utf8.count > 7, ByteScanning.equalsIgnoringCase(String(uri.prefix(7)), "mailto:") {
                if !mailto.contains(uri) { mailto.append(uri) }
            } else if let n = URLNormalizer.normalize(uri), n.hasPrefix("http") {
                if !urls.contains(n) { urls.append(n) }
            }
            i = gt + 1
        }
        let oneClick = post.map { ByteScanning.asciiLowercased($0).replacingSpaces().contains("list-unsubscribe=one-click") } ?? false
        return ListUnsubscribe(urls: urls, mailto: mailto, isOneClick: oneClick)
    }
}

private extension String {
    func replacingOccurrencesOfBackslashEscapes() -> String {
        guard utf8.contains(0x5C) else { return self }
        var out: [UInt8] = []
        var escaped = false
        for c in utf8 {
            if !escaped && c == 0x5C { escaped = true; continue }
            escaped = false
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    func replacingSpaces() -> String { String(decoding: utf8.filter { !ByteScanning.isWhitespace($0) }, as: UTF8.self) }
}
