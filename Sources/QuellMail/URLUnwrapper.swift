/// Recovers the target of links rewritten by mail link-protection services. Works on the
/// URL as found (not the normalised form, which drops fragments the target may need).
enum URLUnwrapper {
    /// Services wrap each other (Safe Links around Proofpoint); this bounds the peeling.
    static let layersMax = 4

    enum Outcome: Equatable {
        /// Not a rewriter URL.
        case none
        /// A rewriter URL that carries no recoverable target.
        case rewritten(URLRewriter)
        case unwrapped(URLRewriter, target: String)
    }

    static func unwrap(_ raw: String) -> Outcome {
        let b = Array(raw.utf8)
        guard mayBeRewriter(b), let parts = split(b) else { return .none }
        let host = parts.host
        let path = parts.path

        if host.hasSuffix(".safelinks.protection.outlook.com") || host.hasSuffix(".safelinks.protection.office365.us") {
            guard let t = queryValue(b, parts.query, "url") else { return .rewritten(.microsoftSafeLinks) }
            return .unwrapped(.microsoftSafeLinks, target: t)
        }
        if host == "urldefense.proofpoint.com" {
            if path.hasPrefix("/v2/url"), let u = rawQueryValue(b, parts.query, "u") {
                let swapped = u.map { c -> UInt8 in c == 0x2D ? 0x25 : (c == 0x5F ? 0x2F : c) }
                return .unwrapped(.proofpointV2, target: String(decoding: percentDecode(swapped[...]), as: UTF8.self))
            }
            if path.hasPrefix("/v1/url"), let t = queryValue(b, parts.query, "u") {
                return .unwrapped(.proofpointV2, target: t)
            }
            return .rewritten(.proofpointV2)
        }
        if host == "urldefense.com" {
            if path.hasPrefix("/v3/"), let t = proofpointV3(b, pathStart: parts.pathStart) {
                return .unwrapped(.proofpointV3, target: t)
            }
            return .rewritten(.proofpointV3)
        }
        if host == "mimecast.com" || host.hasSuffix(".mimecast.com") || host.hasSuffix(".mimecastprotect.com") {
            if let t = queryValue(b, parts.query, "url") { return .unwrapped(.mimecast, target: t) }
            if host.hasPrefix("protect") || host.hasPrefix("url.") || path.hasPrefix("/s/") { return .rewritten(.mimecast) }
            return .none
        }
        if path == "/url", isGoogleHost(host) {
            if let t = queryValue(b, parts.query, "q") ?? queryValue(b, parts.query, "url") {
                return .unwrapped(.googleRedirect, target: t)
            }
            return .rewritten(.googleRedirect)
        }
        return .none
    }

    /// `google.com`, `www.google.com`, `www.google.co.uk`, ... (not `google.evil.example`).
    private static func isGoogleHost(_ host: String) -> Bool {
        var h = Substring(host)
        if h.hasPrefix("www.") { h = h.dropFirst(4) }
        guard h.hasPrefix("google.") else { return false }
        let tld = h.dropFirst(7)
        return !tld.isEmpty && tld.count <= 6 && tld.allSatisfy { $0 == "." || ($0 >= "a" && $0 <= "z") }
    }

    /// Whether the host could be one `unwrap` knows, told from the bytes: nearly every link is not,
    /// and for those no String is made. Every host test in `unwrap` implies one of these.
    private static func mayBeRewriter(_ b: [UInt8]) -> Bool {
        guard let host = hostRange(b) else { return false }
        var end = host.upperBound
        while end > host.lowerBound, b[end - 1] == 0x2E { end -= 1 }
        func endsWith(_ suffix: StaticString) -> Bool {
            let n = suffix.utf8CodeUnitCount
            return end - host.lowerBound >= n && ByteScanning.hasPrefixIgnoringCase(b, at: end - n, end: end, suffix)
        }
        if endsWith("outlook.com") || endsWith("office365.us") || endsWith("proofpoint.com") || endsWith("urldefense.com")
            || endsWith("mimecast.com") || endsWith("mimecastprotect.com") {
            return true
        }
        var k = host.lowerBound
        while k + 7 <= end {
            if ByteScanning.hasPrefixIgnoringCase(b, at: k, end: end, "google.") { return true }
            k += 1
        }
        return false
    }

    /// The host of `scheme://[userinfo@]host[:port]...`, as `split` finds it.
    private static func hostRange(_ b: [UInt8]) -> Range<Int>? {
        var i = 0
        while i < b.count, i < 16, ByteScanning.isAlpha(b[i]) { i += 1 }
        guard i + 2 < b.count, b[i] == 0x3A, b[i + 1] == 0x2F, b[i + 2] == 0x2F else { return nil }
        let authorityStart = i + 3
        var j = authorityStart
        while j < b.count, b[j] != 0x2F, b[j] != 0x3F, b[j] != 0x23, b[j] != 0x5C { j += 1 }
        var hostStart = authorityStart
        if let at = b[authorityStart..<j].lastIndex(of: 0x40) { hostStart = at + 1 }
        var hostEnd = j
        if let colon = b[hostStart..<j].lastIndex(of: 0x3A) { hostEnd = colon }
        return hostStart..<hostEnd
    }

    private struct Parts {
        var host: String
        var path: String
        var pathStart: Int
        var query: Range<Int>?
    }

    private static func split(_ b: [UInt8]) -> Parts? {
        guard let host = hostRange(b) else { return nil }
        var j = host.upperBound
        while j < b.count, b[j] != 0x2F, b[j] != 0x3F, b[j] != 0x23, b[j] != 0x5C { j += 1 }
        var hostBytes = b[host].map(ByteScanning.lower)
        while hostBytes.last == 0x2E { hostBytes.removeLast() }
        let pathStart = j
        var k = j
        while k < b.count, b[k] != 0x3F, b[k] != 0x23 { k += 1 }
        var query: Range<Int>?
        if k < b.count, b[k] == 0x3F {
            var e = k + 1
            while e < b.count, b[e] != 0x23 { e += 1 }
            query = (k + 1)..<e
        }
        return Parts(host: String(decoding: hostBytes, as: UTF8.self),
                     path: ByteScanning.asciiLowercased(String(decoding: b[pathStart..<k], as: UTF8.self)),
                     pathStart: pathStart, query: query)
    }

    private static func rawQueryValue(_ b: [UInt8], _ query: Range<Int>?, _ key: StaticString) -> ArraySlice<UInt8>? {
        guard let query else { return nil }
        var start = query.lowerBound
        while start < query.upperBound {
            var end = start
            while end < query.upperBound, b[end] != 0x26 { end += 1 }
            let n = key.utf8CodeUnitCount
            if end - start > n, b[start + n] == 0x3D, ByteScanning.hasPrefixIgnoringCase(b, at: start, end: end, key) {
                let v = b[(start + n + 1)..<end]
                return v.isEmpty ? nil : v
            }
            start = end + 1
        }
        return nil
    }

    private static func queryValue(_ b: [UInt8], _ query: Range<Int>?, _ key: StaticString) -> String? {
        rawQueryValue(b, query, key).map { String(decoding: percentDecode($0), as: UTF8.self) }
    }

    static func percentDecode(_ b: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = b.startIndex
        while i < b.endIndex {
            if b[i] == 0x25, i + 2 < b.endIndex, let h = ByteScanning.hexValue(b[i + 1]), let l = ByteScanning.hexValue(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }

    /// `/v3/__<url>__;<base64url substitutions>!!<...>`: each `*` in the URL stands for the
    /// next character of the decoded substitutions, and `**X` for a run of them whose length
    /// is X's index in `A-Za-z0-9-_` plus 2 (Proofpoint's published decoder).
    private static func proofpointV3(_ b: [UInt8], pathStart: Int) -> String? {
        let marker: [UInt8] = Array("/v3/__".utf8)
        guard b.count >= pathStart + marker.count, Array(b[pathStart..<(pathStart + marker.count)]) == marker else { return nil }
        let urlStart = pathStart + marker.count
        var end = urlStart
        while end + 2 < b.count, !(b[end] == 0x5F && b[end + 1] == 0x5F && b[end + 2] == 0x3B) { end += 1 }
        guard end + 2 < b.count, end > urlStart else { return nil }
        let encoded = percentDecode(b[urlStart..<end])
        var subStart = end + 3
        var subEnd = subStart
        while subEnd < b.count, b[subEnd] != 0x21 { subEnd += 1 }
        if subStart > subEnd { subStart = subEnd }
        let substitutions = Array(String(decoding: TransferDecoding.decodeBase64(Array(b[subStart..<subEnd])), as: UTF8.self).unicodeScalars)
        let text = Array(String(decoding: encoded, as: UTF8.self).unicodeScalars)
        var out = String.UnicodeScalarView()
        var next = 0
        var i = 0
        while i < text.count {
            guard text[i] == "*" else { out.append(text[i]); i += 1; continue }
            if i + 2 < text.count, text[i + 1] == "*", let run = runLength(text[i + 2]) {
                guard next + run <= substitutions.count else { return nil }
                out.append(contentsOf: substitutions[next..<(next + run)])
                next += run
                i += 3
            } else {
                guard next < substitutions.count else { return nil }
                out.append(substitutions[next])
                next += 1
                i += 1
            }
        }
        return String(out)
    }

    private static func runLength(_ c: Unicode.Scalar) -> Int? {
        let v = c.value
        switch v {
        case 0x41...0x5A: return Int(v - 0x41) + 2
        case 0x61...0x7A: return Int(v - 0x61) + 28
        case 0x30...0x39: return Int(v - 0x30) + 54
        case 0x2D: return 64
        case 0x5F: return 65
        default: return nil
        }
    }
}
