/// Canonical form of a URL, used as the key for finding other messages that carry
/// the same link.
public enum URLNormalizer {
    /// Trims whitespace, adds `http://` to `www.` and `//` forms, lowercases scheme
    /// and host, drops the default port, the fragment and a trailing dot on the host,
    /// turns an empty path into `/`, and percent-encodes spaces, controls and
    /// non-ASCII bytes in path and query; everything else in path and query is kept
    /// byte for byte. Returns nil when there is no host.
    ///
    /// Hosts with non-ASCII characters are converted to their ASCII (punycode) form with
    /// IDNA2008/UTS #46 (libidn2); a host libidn2 rejects is kept lowercased as written.
    public static func normalize(_ s: String) -> String? {
        let all = Array(s.utf8)
        let t = ByteScanning.trimmed(all, 0..<all.count)
        guard !t.isEmpty else { return nil }
        let b = Array(all[t])
        let n = b.count

        var scheme: [UInt8]
        var i: Int
        if let (sch, afterSlashes) = schemePrefix(b) {
            scheme = sch
            i = afterSlashes
        } else if ByteScanning.hasPrefixIgnoringCase(b, at: 0, end: n, "www.") {
            scheme = Array("http".utf8)
            i = 0
        } else if n > 2, b[0] == 0x2F, b[1] == 0x2F, b[2] != 0x2F {
            scheme = Array("http".utf8)
            i = 2
        } else {
            return nil
        }

        let authorityStart = i
        while i < n {
            let c = b[i]
            if c == 0x2F || c == 0x3F || c == 0x23 || c == 0x5C { break }
            i += 1
        }
        let authority = authorityStart..<i
        var hostStart = authority.lowerBound
        if let at = b[authority].lastIndex(of: 0x40) { hostStart = at + 1 }
        let userinfo = authority.lowerBound..<hostStart

        var hostEnd = authority.upperBound
        var port: [UInt8] = []
        if hostStart < authority.upperBound, b[hostStart] == 0x5B {
            if let close = b[hostStart..<authority.upperBound].firstIndex(of: 0x5D) {
                hostEnd = close + 1
                if hostEnd < authority.upperBound, b[hostEnd] == 0x3A { port = Array(b[(hostEnd + 1)..<authority.upperBound]) }
            }
        } else if let colon = b[hostStart..<authority.upperBound].lastIndex(of: 0x3A) {
            hostEnd = colon
            port = Array(b[(colon + 1)..<authority.upperBound])
        }
        var host = b[hostStart..<hostEnd].map(ByteScanning.lower)
        // Checked before IDNA: libidn2 reads a C string, so a NUL would cut the host short there
        // ("www.example.\0\0¤x" became "www.example.", found by FuzzMailParser, KI-2).
        guard !host.contains(where: { $0 <= 0x20 || $0 == 0x7F || isInvalidHostByte($0) }) else { return nil }
        while host.last == 0x2E { host.removeLast() }
        if host.contains(where: { $0 >= 0x80 }), let ascii = IDNA.toASCII(String(decoding: host, as: UTF8.self)) {
            host = Array(ascii.utf8)
            while host.last == 0x2E { host.removeLast() }
        }
        guard !host.isEmpty, !host.contains(where: { $0 <= 0x20 || $0 == 0x7F || isInvalidHostByte($0) }) else {
            return nil
        }
        // A ':' left in a host outside IPv6 brackets ("http://a:b:/") is not a URL: keeping it made the
        // output fail to normalise again (found by FuzzMailParser, KI-1).
        if host.first != 0x5B, host.contains(0x3A) { return nil }
        for k in scheme.indices { scheme[k] = ByteScanning.lower(scheme[k]) }

        var portText: [UInt8] = []
        if !port.isEmpty {
            guard port.allSatisfy(ByteScanning.isDigit), port.count <= 10, let p = Int(String(decoding: port, as: UTF8.self)) else {
                return nil
            }
            let schemeName = String(decoding: scheme, as: UTF8.self)
            let isDefault = (schemeName == "http" && p == 80) || (schemeName == "https" && p == 443) || (schemeName == "ftp" && p == 21)
            if !isDefault { portText = Array(String(p).utf8) }
        }

        var rest = i..<n
        if let hash = b[rest].firstIndex(of: 0x23) { rest = rest.lowerBound..<hash }

        var out: [UInt8] = []
        out.reserveCapacity(n + 16)
        out.append(contentsOf: scheme)
        out.append(0x3A)
        out.append(0x2F)
        out.append(0x2F)
        if !userinfo.isEmpty { appendEncoded(b[userinfo], to: &out) }
        appendEncoded(host[...], to: &out, encodeNonASCII: false)
        if !portText.isEmpty {
            out.append(0x3A)
            out.append(contentsOf: portText)
        }
        if rest.isEmpty || b[rest.lowerBound] == 0x3F {
            out.append(0x2F)
        }
        appendEncoded(b[rest], to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The host of a URL returned by `normalize` (without userinfo and port).
    static func host(ofNormalized url: String) -> String? {
        let b = Array(url.utf8)
        return hostRange(ofNormalized: b).map { r in String(decoding: b[r], as: UTF8.self) }
    }

    private static func hostRange(ofNormalized b: [UInt8]) -> Range<Int>? {
        guard let colon = b.firstIndex(of: 0x3A), colon + 2 < b.count, b[colon + 1] == 0x2F, b[colon + 2] == 0x2F else {
            return nil
        }
        let start = colon + 3
        var end = start
        while end < b.count, b[end] != 0x2F, b[end] != 0x3F, b[end] != 0x23 { end += 1 }
        var hostStart = start
        if let at = b[start..<end].lastIndex(of: 0x40) { hostStart = at + 1 }
        var hostEnd = end
        if hostStart < end, b[hostStart] == 0x5B {
            if let close = b[hostStart..<end].firstIndex(of: 0x5D) { hostEnd = close + 1 }
        } else if let c = b[hostStart..<end].lastIndex(of: 0x3A) {
            hostEnd = c
        }
        return hostStart < hostEnd ? hostStart..<hostEnd : nil
    }

    /// `url` with a punycode host shown in Unicode; `url` itself when there is nothing to convert.
    static func displayForm(ofNormalized url: String, host: String?) -> String {
        guard let host, IDNA.hasACELabel(host), let unicode = IDNA.toUnicode(host) else { return url }
        let b = Array(url.utf8)
        guard let r = hostRange(ofNormalized: b) else { return url }
        return String(decoding: b[..<r.lowerBound] + Array(unicode.utf8) + b[r.upperBound...], as: UTF8.self)
    }

    /// Membership by table: a `Set<UInt8>` hashed every host byte.
    private static let invalidHostByteTable: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for c in "<>\"{}|^`\\ /?#@".utf8 { t[Int(c)] = true }
        return t
    }()

    @inline(__always)
    private static func isInvalidHostByte(_ c: UInt8) -> Bool { invalidHostByteTable[Int(c)] }

    /// `scheme://` at the start: returns the scheme bytes and the index after "//".
    private static func schemePrefix(_ b: [UInt8]) -> ([UInt8], Int)? {
        guard let first = b.first, ByteScanning.isAlpha(first) else { return nil }
        var i = 1
        while i < b.count && i < 32 {
            let c = b[i]
            if ByteScanning.isAlnum(c) || c == 0x2B || c == 0x2D || c == 0x2E { i += 1; continue }
            break
        }
        guard i + 2 < b.count, b[i] == 0x3A, b[i + 1] == 0x2F || b[i + 1] == 0x5C, b[i + 2] == 0x2F || b[i + 2] == 0x5C else {
            return nil
        }
        var j = i + 3
        // Browsers accept extra slashes ("http:///host"); phishing mail uses that.
        while j < b.count && (b[j] == 0x2F || b[j] == 0x5C) { j += 1 }
        return (Array(b[0..<i]), j)
    }

    private static func appendEncoded(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8], encodeNonASCII: Bool = true) {
        for c in bytes {
            if c <= 0x20 || c == 0x7F || (encodeNonASCII && c >= 0x80) {
                out.append(0x25)
                out.append(upperHex(c >> 4))
                out.append(upperHex(c & 0x0F))
            } else {
                out.append(c)
            }
        }
    }

    @inline(__always)
    private static func upperHex(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x41 + v - 10 }
}
