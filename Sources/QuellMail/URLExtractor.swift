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
    ///
    /// A candidate starts at `http://`, `https://` or `ftp://` (any case) not preceded by a
    /// letter or digit, or at `www.` not preceded by a letter, digit, `.`, `/`, `@` or `-`.
    /// Candidates are taken left to right; each runs to the first terminator and hides the
    /// starts inside it. The starts are found from the `:` of `://` and the `.` of `www.`
    /// with memchr, which skips prose far faster than looking at every letter.
    static func textCandidates(_ b: [UInt8]) -> [Range<Int>] {
        let n = b.count
        let schemeStarts = starts(in: b, at: 0x3A, schemeStart)
        let wwwStarts = starts(in: b, at: 0x2E, wwwStart)
        var result: [Range<Int>] = []
        var cursor = 0
        var si = 0
        var wi = 0
        while si < schemeStarts.count || wi < wwwStarts.count {
            let (start, bodyStart): (Int, Int)
            if wi >= wwwStarts.count || (si < schemeStarts.count && schemeStarts[si].0 < wwwStarts[wi].0) {
                (start, bodyStart) = schemeStarts[si]
                si += 1
            } else {
                (start, bodyStart) = wwwStarts[wi]
                wi += 1
            }
            guard start >= cursor else { continue }
            var j = bodyStart
            while j < n, !isURLTerminator(b, j, n) { j += 1 }
            let end = trimTrailing(b, start, j)
            if end > bodyStart, isPlausible(b, start, bodyStart, end) {
                result.append(start..<end)
            }
            cursor = max(j, start + 1)
        }
        return result
    }

    /// (start, body start) of every candidate whose anchor byte (`:` or `.`) is at a
    /// position `match` accepts.
    private static func starts(
        in b: [UInt8], at anchor: UInt8, _ match: ([UInt8], Int) -> (Int, Int)?
    ) -> [(Int, Int)] {
        var found: [(Int, Int)] = []
        var i = 0
        while let k = ByteScanning.firstIndex(of: anchor, in: b, from: i, to: b.count) {
            if let s = match(b, k) { found.append(s) }
            i = k + 1
        }
        return found
    }

    /// `http://`, `https://` or `ftp://` whose `:` is at `k`.
    private static func schemeStart(_ b: [UInt8], _ k: Int) -> (Int, Int)? {
        guard k + 2 < b.count, b[k + 1] == 0x2F, b[k + 2] == 0x2F, k >= 3 else { return nil }
        let start: Int
        if ByteScanning.hasPrefixIgnoringCase(b, at: k - 4, end: k, "http") {
            start = k - 4
        } else if ByteScanning.hasPrefixIgnoringCase(b, at: k - 5, end: k, "https") {
            start = k - 5
        } else if ByteScanning.hasPrefixIgnoringCase(b, at: k - 3, end: k, "ftp") {
            start = k - 3
        } else {
            return nil
        }
        if start > 0, ByteScanning.isAlnum(b[start - 1]) { return nil }
        return (start, k + 3)
    }

    /// `www.` whose `.` is at `k`.
    private static func wwwStart(_ b: [UInt8], _ k: Int) -> (Int, Int)? {
        guard k >= 3, ByteScanning.hasPrefixIgnoringCase(b, at: k - 3, end: k, "www") else { return nil }
        let start = k - 3
        if start > 0 {
            let prev = b[start - 1]
            if ByteScanning.isAlnum(prev) || prev == 0x2E || prev == 0x2F || prev == 0x40 || prev == 0x2D { return nil }
        }
        return (start, k + 1)
    }

    @inline(__always)
    static func isURLTerminator(_ b: [UInt8], _ j: Int, _ n: Int) -> Bool {
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

    static func trimTrailing(_ b: [UInt8], _ start: Int, _ endIn: Int) -> Int {
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
    static func isPlausible(_ b: [UInt8], _ start: Int, _ bodyStart: Int, _ end: Int) -> Bool {
        var hostEnd = bodyStart
        while hostEnd < end, b[hostEnd] != 0x2F, b[hostEnd] != 0x3F, b[hostEnd] != 0x23 { hostEnd += 1 }
        guard hostEnd > bodyStart else { return false }
        if b[start] | 0x20 == 0x77 {
            return b[bodyStart..<hostEnd].contains(0x2E) && ByteScanning.isAlnum(b[bodyStart])
        }
        return true
    }
}
