/// Finds URLs in plain text and HTML.
public enum URLExtractor {
    /// URLs in plain text: `http://`, `https://`, `ftp://` and `www.` forms. Trailing
    /// punctuation is trimmed, closing brackets only when unbalanced.
    public static func extract(fromText text: String) -> [ExtractedURL] {
        extract(fromText: text, hosts: HostCache())
    }

    static func extract(fromText text: String, hosts: HostCache) -> [ExtractedURL] {
        var result: [ExtractedURL] = []
        let b = Array(text.utf8)
        for r in textCandidates(b) {
            let original = String(decoding: b[r], as: UTF8.self)
            if let u = make(original, source: .text, anchorText: nil, hosts: hosts) { result.append(u) }
        }
        return result
    }

    /// Links in HTML (`href`, `src`, `background`, form `action`/`formaction`, with
    /// anchor text for `<a href>`; CSS `url()` in `style` attributes and `<style>`)
    /// followed by URLs written in its rendered text.
    public static func extract(fromHTML html: String, anchorTextCharactersMax: Int = MailLimits.anchorTextCharactersMax) -> [ExtractedURL] {
        let scanned = HTMLText.scan(Array(html.utf8), anchorTextCharactersMax: anchorTextCharactersMax)
        return urls(from: scanned, hosts: HostCache())
    }

    static func urls(from scanned: HTMLText.Result, hosts: HostCache) -> [ExtractedURL] {
        var result: [ExtractedURL] = []
        for link in scanned.links {
            if let u = make(link.value, source: link.source, anchorText: link.anchorText, hosts: hosts) { result.append(u) }
        }
        result.append(contentsOf: extract(fromText: scanned.text, hosts: hosts))
        return result
    }

    /// Keeps absolute http(s)/ftp URLs, `www.` and protocol-relative forms; drops
    /// mailto:, tel:, cid:, data:, javascript:, other schemes and relative references.
    /// Links of known rewriters are unwrapped to their target (see `URLUnwrapper`).
    static func make(_ raw: String, source: URLSource, anchorText: String?, hosts: HostCache) -> ExtractedURL? {
        let value = cleaned(raw)
        // Mail repeats its links (HTML and text alternatives, headers and footers): what a
        // value resolves to is worked out once per message.
        let resolved: HostCache.Resolved?
        if let hit = hosts.resolved[value] {
            resolved = hit
        } else {
            resolved = resolve(value, hosts: hosts)
            hosts.remember(value, resolved)
        }
        guard let r = resolved else { return nil }
        return ExtractedURL(
            url: r.url, original: value, source: source, anchorText: anchorText, displayURL: r.info.displayURL,
            host: r.info.host, registrableDomain: r.info.registrableDomain, rewriter: r.rewriter, wrappedURL: r.wrapped)
    }

    private static func resolve(_ value: String, hosts: HostCache) -> HostCache.Resolved? {
        guard isAcceptable(value), let normalized = URLNormalizer.normalize(value) else { return nil }
        var url = normalized
        var rewriter: URLRewriter?
        var wrapped: String?
        var current = value
        layers: for _ in 0..<URLUnwrapper.layersMax {
            switch URLUnwrapper.unwrap(current) {
            case .none:
                break layers
            case .rewritten(let r):
                if rewriter == nil { rewriter = r }
                break layers
            case let .unwrapped(r, target):
                let t = cleaned(target)
                guard isAcceptable(t), let n = URLNormalizer.normalize(t) else {
                    if rewriter == nil { rewriter = r }
                    break layers
                }
                if rewriter == nil {
                    rewriter = r
                    wrapped = normalized
                }
                url = n
                current = t
            }
        }
        return HostCache.Resolved(url: url, info: hosts.info(forNormalized: url), rewriter: rewriter, wrapped: wrapped)
    }

    private static func cleaned(_ raw: String) -> String {
        var value = raw
        if hasTabOrNewline(value) {
            // Browsers drop tabs and newlines inside URLs; phishing mail hides links that way.
            value = String(decoding: value.utf8.filter { $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        }
        return ByteScanning.trimmedString(value)
    }

    @inline(__always)
    private static func hasTabOrNewline(_ value: String) -> Bool {
        func scan(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            for c in p where c <= 0x0D && (c == 0x09 || c == 0x0A || c == 0x0D) { return true }
            return false
        }
        if let r = value.utf8.withContiguousStorageIfAvailable(scan) { return r }
        return value.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D })
    }

    private static func isAcceptable(_ value: String) -> Bool {
        let b = Array(value.utf8)
        let n = b.count
        return ByteScanning.hasPrefixIgnoringCase(b, at: 0, end: n, "http:")
            || ByteScanning.hasPrefixIgnoringCase(b, at: 0, end: n, "https:")
            || ByteScanning.hasPrefixIgnoringCase(b, at: 0, end: n, "ftp:")
            || ByteScanning.hasPrefixIgnoringCase(b, at: 0, end: n, "www.")
            || (n > 2 && b[0] == 0x2F && b[1] == 0x2F && b[2] != 0x2F)
    }

    /// Byte ranges of URL candidates in text.
    static func textCandidates(_ b: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let n = b.count
        var i = 0
        while i < n {
            // Skip to the next h, f or w (either case) without bounds checks: most bytes are not.
            i = b.withUnsafeBufferPointer { p -> Int in
                var k = i
                while k < n {
                    let c = p[k] | 0x20
                    if c == 0x68 || c == 0x66 || c == 0x77 { break }  // h f w
                    k += 1
                }
                return k
            }
            guard i < n else { break }
            let prev: UInt8 = i > 0 ? b[i - 1] : 0x20
            var bodyStart = -1
            if ByteScanning.isAlnum(prev) {
                i += 1
                continue
            }
            if ByteScanning.hasPrefixIgnoringCase(b, at: i, end: n, "http://") { bodyStart = i + 7 }
            else if ByteScanning.hasPrefixIgnoringCase(b, at: i, end: n, "https://") { bodyStart = i + 8 }
            else if ByteScanning.hasPrefixIgnoringCase(b, at: i, end: n, "ftp://") { bodyStart = i + 6 }
            else if ByteScanning.hasPrefixIgnoringCase(b, at: i, end: n, "www."), prev != 0x2E, prev != 0x2F, prev != 0x40, prev != 0x2D {
                bodyStart = i + 4
            }
            guard bodyStart >= 0 else { i += 1; continue }
            var j = bodyStart
            while j < n, !isURLTerminator(b, j, n) { j += 1 }
            var end = j
            end = trimTrailing(b, i, end)
            if end > bodyStart, isPlausible(b, i, bodyStart, end) {
                result.append(i..<end)
            }
            i = max(j, i + 1)
        }
        return result
    }

    @inline(__always)
    private static func isURLTerminator(_ b: [UInt8], _ j: Int, _ n: Int) -> Bool {
        let c = b[j]
        if c <= 0x20 || c == 0x7F { return true }
        switch c {
        case 0x3C, 0x3E, 0x22, 0x60, 0x7B, 0x7D, 0x7C, 0x5E:  // < > " ` { } | ^
            return true
        case 0xC2:
            return j + 1 < n && b[j + 1] == 0xA0  // NBSP
        case 0xE2:
            // U+2000–U+206F general punctuation: spaces, zero-width, quotes, ellipsis.
            return j + 1 < n && (b[j + 1] == 0x80 || b[j + 1] == 0x81)
        case 0xE3:
            return j + 2 < n && b[j + 1] == 0x80 && (b[j + 2] == 0x80 || b[j + 2] == 0x82 || b[j + 2] == 0x81)  // ideographic space / full stop / comma
        case 0xEF:
            return j + 2 < n && ((b[j + 1] == 0xBB && b[j + 2] == 0xBF) || (b[j + 1] == 0xBC && b[j + 2] == 0x8C))
        default:
            return false
        }
    }

    private static func trimTrailing(_ b: [UInt8], _ start: Int, _ endIn: Int) -> Int {
        var end = endIn
        while end > start {
            let c = b[end - 1]
            switch c {
            case 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x27, 0x22, 0x2A, 0x3E:  // . , ; : ! ? ' " * >
                end -= 1
                continue
            case 0x29, 0x5D, 0x7D:  // ) ] }
                let open: UInt8 = c == 0x29 ? 0x28 : (c == 0x5D ? 0x5B : 0x7B)
                var balance = 0
                for k in start..<end {
                    if b[k] == open { balance += 1 } else if b[k] == c { balance -= 1 }
                }
                if balance < 0 { end -= 1; continue }
            default:
                break
            }
            break
        }
        return end
    }

    /// `www.` needs a dotted host after it; schemes need at least a host character.
    private static func isPlausible(_ b: [UInt8], _ start: Int, _ bodyStart: Int, _ end: Int) -> Bool {
        var hostEnd = bodyStart
        while hostEnd < end, b[hostEnd] != 0x2F, b[hostEnd] != 0x3F, b[hostEnd] != 0x23 { hostEnd += 1 }
        guard hostEnd > bodyStart else { return false }
        if b[start] | 0x20 == 0x77 {
            return b[bodyStart..<hostEnd].contains(0x2E) && ByteScanning.isAlnum(b[bodyStart])
        }
        return true
    }
}
