/// Renders HTML to readable text and collects its links in one pass. Not a browser:
/// it drops script/style/head content, turns block elements into line breaks,
/// collapses whitespace and decodes character references.
public enum HTMLText {
    struct Link {
        var value: String
        var source: URLSource
        var anchorText: String?
    }

    struct Result {
        var text: String
        var links: [Link]
    }

    /// Readable text of `html`.
    public static func render(_ html: String) -> String {
        scan(Array(html.utf8), anchorTextCharactersMax: MailLimits.anchorTextCharactersMax).text
    }

    private enum Kind {
        case rawText, head, body, html, headContent, anchor, lineBreak, block, paragraph, cell, other
    }

    private static func key(_ b: [UInt8], _ r: Range<Int>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for i in r { h = (h ^ UInt64(ByteScanning.lower(b[i]))) &* 0x0000_0100_0000_01B3 }
        return h
    }

    private static func key(_ s: String) -> UInt64 {
        let b = Array(s.utf8)
        return key(b, 0..<b.count)
    }

    /// Open-addressing table from a name key to a value: the names are few and fixed, and a
    /// lookup per tag and attribute through `Dictionary` (SipHash of the key) cost more
    /// than the rest of the tag.
    private struct KeyTable<Value: Sendable>: Sendable {
        private var keys: [UInt64]
        private var values: [Value?]
        private let mask: Int

        init(_ d: [UInt64: Value]) {
            var size = 16
            while size < d.count * 4 { size *= 2 }
            keys = [UInt64](repeating: 0, count: size)
            values = [Value?](repeating: nil, count: size)
            mask = size - 1
            for (k, v) in d {
                var i = Self.slot(k, mask)
                while values[i] != nil { i = (i + 1) & mask }
                keys[i] = k
                values[i] = v
            }
        }

        @inline(__always)
        private static func slot(_ k: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: k ^ (k >> 32)) & mask }

        @inline(__always)
        subscript(_ k: UInt64) -> Value? {
            var i = Self.slot(k, mask)
            while let v = values[i] {
                if keys[i] == k { return v }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    private static let kinds = KeyTable<Kind>({
        var d: [UInt64: Kind] = [:]
        for t in ["script", "style", "title", "textarea", "xmp", "noembed", "noframes", "template"] { d[key(t)] = .rawText }
        for t in ["meta", "link", "base"] { d[key(t)] = .headContent }
        for t in ["div", "tr", "li", "dt", "dd", "ul", "ol", "dl", "table", "center", "form", "section", "article", "header",
                  "footer", "nav", "aside", "main", "figure", "figcaption", "address", "hr", "option", "caption", "fieldset",
                  "legend", "details", "summary", "pre", "tbody", "thead", "tfoot"] { d[key(t)] = .block }
        for t in ["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"] { d[key(t)] = .paragraph }
        for t in ["td", "th"] { d[key(t)] = .cell }
        d[key("a")] = .anchor
        d[key("br")] = .lineBreak
        d[key("head")] = .head
        d[key("body")] = .body
        d[key("html")] = .html
        return d
    }())

    private enum Attribute { case href, src, action, background, style }

    private static let attributes = KeyTable<Attribute>([
        key("href"): .href, key("src"): .src, key("action"): .action, key("formaction"): .action,
        key("background"): .background, key("style"): .style,
    ])

    private static let styleKey = key("style")

    /// Bytes that end a run of ordinary text: `<`, `&`, ASCII white space, and the lead
    /// bytes of NBSP (C2) and of the zero-width characters (E2) that the slow path handles.
    /// Branch-free: text mixes these bytes with letters unpredictably. C2 and E2 are the only
    /// bytes with `c | 0x20 == 0xE2`.
    @inline(__always)
    private static func isSpecial(_ c: UInt8) -> Bool {
        let low: UInt64 = 1 << 0x09 | 1 << 0x0A | 1 << 0x0C | 1 << 0x0D | 1 << 0x20 | 1 << 0x26 | 1 << 0x3C
        let inLow = (low &>> UInt64(c)) & (c < 64 ? 1 : 0)
        let lead: UInt64 = c | 0x20 == 0xE2 ? 1 : 0
        return inLow | lead != 0
    }

    private struct Writer {
        var out: [UInt8] = []
        var pendingSpace = false
        var pendingNewlines = 0
        var suppressed = false

        @inline(__always)
        mutating func flushPending() {
            if pendingNewlines > 0 {
                if !out.isEmpty {
                    for _ in 0..<min(pendingNewlines, 2) { out.append(0x0A) }
                }
                pendingNewlines = 0
                pendingSpace = false
            } else if pendingSpace {
                if !out.isEmpty && out[out.count - 1] != 0x0A { out.append(0x20) }
                pendingSpace = false
            }
        }

        @inline(__always)
        mutating func byte(_ c: UInt8) {
            if suppressed { return }
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C {
                pendingSpace = true
                return
            }
            flushPending()
            out.append(c)
        }

        /// A run of bytes that holds no markup, reference, white space or invisible character.
        @inline(__always)
        mutating func run(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            if suppressed { return }
            flushPending()
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
        }

        mutating func scalar(_ v: UInt32) {
            if suppressed { return }
            switch v {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
                pendingSpace = true
            case 0xAD, 0x200B...0x200D, 0x2060, 0xFEFF:
                break  // invisible characters used to split words for filters
            default:
                flushPending()
                Charset.appendUTF8(v, to: &out)
            }
        }

        mutating func breakLine(_ count: Int) {
            if suppressed { return }
            pendingNewlines = max(pendingNewlines, count)
        }

        mutating func lineBreak() {
            if suppressed { return }
            pendingNewlines = min(pendingNewlines + 1, 2)
        }
    }

    static func scan(_ b: [UInt8], anchorTextCharactersMax: Int) -> Result {
        let n = b.count
        var w = Writer()
        w.out.reserveCapacity(n / 2)
        var links: [Link] = []
        var openAnchor: (link: Int, start: Int)?
        var inHead = false

        var i = 0
        b.withUnsafeBufferPointer { p in
            while i < n {
                let c = p[i]
                if c == 0x3C, i + 1 < n {
                    let c1 = p[i + 1]
                    if c1 == 0x21 {
                        if i + 3 < n, p[i + 2] == 0x2D, p[i + 3] == 0x2D {
                            i = indexAfter(b, "-->", from: i + 4) ?? n
                        } else {
                            i = (ByteScanning.firstIndex(of: 0x3E, in: b, from: i + 2, to: n) ?? (n - 1)) + 1
                        }
                        continue
                    }
                    if c1 == 0x3F {
                        i = (ByteScanning.firstIndex(of: 0x3E, in: b, from: i + 2, to: n) ?? (n - 1)) + 1
                        continue
                    }
                    if c1 == 0x2F, i + 2 < n, ByteScanning.isAlpha(p[i + 2]) {
                        var j = i + 2
                        while j < n, !ByteScanning.isWhitespace(p[j]), p[j] != 0x3E, p[j] != 0x2F { j += 1 }
                        switch kinds[key(b, (i + 2)..<j)] ?? .other {
                        case .anchor: closeAnchor(&openAnchor, &w, &links, anchorTextCharactersMax)
                        case .head: inHead = false; w.suppressed = false
                        case .block: w.breakLine(1)
                        case .paragraph: w.breakLine(2)
                        case .cell: if !w.suppressed { w.pendingSpace = true }
                        default: break
                        }
                        i = (ByteScanning.firstIndex(of: 0x3E, in: b, from: j, to: n) ?? (n - 1)) + 1
                        continue
                    }
                    if ByteScanning.isAlpha(c1) {
                        var j = i + 1
                        while j < n, !ByteScanning.isWhitespace(p[j]), p[j] != 0x3E, p[j] != 0x2F { j += 1 }
                        let nameRange = (i + 1)..<j
                        let kind = kinds[key(b, nameRange)] ?? .other
                        var tagLinks: [(Attribute, [UInt8])] = []
                        // Attributes.
                        while j < n {
                            while j < n, ByteScanning.isWhitespace(p[j]) || p[j] == 0x2F { j += 1 }
                            if j >= n { break }
                            if p[j] == 0x3E { j += 1; break }
                            let aStart = j
                            while j < n, !ByteScanning.isWhitespace(p[j]), p[j] != 0x3D, p[j] != 0x3E, p[j] != 0x2F { j += 1 }
                            if j == aStart { j += 1; continue }
                            let aName = aStart..<j
                            while j < n, ByteScanning.isWhitespace(p[j]) { j += 1 }
                            guard j < n, p[j] == 0x3D else { continue }
                            j += 1
                            while j < n, ByteScanning.isWhitespace(p[j]) { j += 1 }
                            var vRange = j..<j
                            if j < n, p[j] == 0x22 || p[j] == 0x27 {
                                let q = p[j]
                                let close = ByteScanning.firstIndex(of: q, in: b, from: j + 1, to: n) ?? n
                                vRange = (j + 1)..<close
                                j = min(close + 1, n)
                            } else {
                                let vStart = j
                                while j < n, !ByteScanning.isWhitespace(p[j]), p[j] != 0x3E { j += 1 }
                                vRange = vStart..<j
                            }
                            if aName.count <= 10, let attr = attributes[key(b, aName)], attr != .style || p[vRange].contains(0x28) {
                                tagLinks.append((attr, decodeEntities(b, vRange)))
                            }
                        }
                        i = j
                        if inHead, kind != .headContent, kind != .rawText, kind != .head, kind != .html {
                            inHead = false
                            w.suppressed = false
                        }
                        if kind == .anchor { closeAnchor(&openAnchor, &w, &links, anchorTextCharactersMax) }
                        for (attr, value) in tagLinks {
                            let source: URLSource
                            switch attr {
                            case .href: source = .htmlHref
                            case .src, .background: source = .htmlSrc
                            case .action: source = .htmlForm
                            case .style:
                                for u in cssURLs(value, 0..<value.count) {
                                    links.append(Link(value: String(decoding: u, as: UTF8.self), source: .css, anchorText: nil))
                                }
                                continue
                            }
                            links.append(Link(value: String(decoding: value, as: UTF8.self), source: source, anchorText: nil))
                            if kind == .anchor && attr == .href { openAnchor = (links.count - 1, w.out.count) }
                        }
                        switch kind {
                        case .rawText:
                            let contentStart = i
                            i = endOfRawText(b, name: nameRange, from: i)
                            if key(b, nameRange) == styleKey {
                                let contentEnd = lastIndex(of: 0x3C, in: b, from: contentStart, to: i) ?? i
                                for u in cssURLs(b, contentStart..<contentEnd) {
                                    links.append(Link(value: String(decoding: decodeEntities(u, 0..<u.count), as: UTF8.self),
                                                      source: .css, anchorText: nil))
                                }
                            }
                        case .head:
                            inHead = true
                            w.suppressed = true
                        case .body:
                            inHead = false
                            w.suppressed = false
                        case .block: w.breakLine(1)
                        case .paragraph: w.breakLine(2)
                        case .lineBreak: w.lineBreak()
                        case .cell: if !w.suppressed { w.pendingSpace = true }
                        default: break
                        }
                        continue
                    }
                    w.byte(c)
                    i += 1
                    continue
                }
                if c == 0x26 {
                    if let (v, next) = entity(b, at: i, inAttribute: false) {
                        w.scalar(v)
                        i = next
                    } else {
                        w.byte(c)
                        i += 1
                    }
                    continue
                }
                if c == 0xC2, i + 1 < n, p[i + 1] == 0xA0 {
                    w.scalar(0xA0)
                    i += 2
                    continue
                }
                if c == 0xE2, i + 2 < n, p[i + 1] == 0x80, p[i + 2] >= 0x8B, p[i + 2] <= 0x8D {
                    i += 3
                    continue
                }
                if isSpecial(c) {
                    w.byte(c)
                    i += 1
                    continue
                }
                // Most of a document is runs of ordinary text: copy each in one go. A single space
                // between two ordinary bytes is what the writer would produce for it anyway.
                let runStart = i
                i += 1
                while i < n {
                    let d = p[i]
                    if !isSpecial(d) {
                        i += 1
                    } else if d == 0x20, i + 1 < n, !isSpecial(p[i + 1]) {
                        i += 2
                    } else {
                        break
                    }
                }
                w.run(p, runStart..<i)
            }
        }
        closeAnchor(&openAnchor, &w, &links, anchorTextCharactersMax)
        return Result(text: String(decoding: w.out, as: UTF8.self), links: links)
    }

    /// Ends the open `<a>`: its anchor text is what was written since it opened. (A static
    /// function, not a closure over the scan's state, which would box that state and check
    /// exclusive access at run time on every byte written.)
    private static func closeAnchor(
        _ openAnchor: inout (link: Int, start: Int)?, _ w: inout Writer, _ links: inout [Link], _ max: Int
    ) {
        guard let (index, start) = openAnchor else { return }
        openAnchor = nil
        let text = collapse(w.out, start..<w.out.count, maxCharacters: max)
        links[index].anchorText = text.isEmpty ? nil : text
    }

    private static func lastIndex(of byte: UInt8, in b: [UInt8], from: Int, to: Int) -> Int? {
        var k = to - 1
        while k >= from {
            if b[k] == byte { return k }
            k -= 1
        }
        return nil
    }

    /// Values of CSS `url(...)` references (quoted or not) in `b[range]`. CSS escapes are
    /// not decoded.
    static func cssURLs(_ b: [UInt8], _ range: Range<Int>) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var i = range.lowerBound
        let end = range.upperBound
        while let k = ByteScanning.firstIndex(of: 0x28, in: b, from: i, to: end) {
            i = k + 1
            guard k - 3 >= range.lowerBound, b[k - 3] | 0x20 == 0x75, b[k - 2] | 0x20 == 0x72, b[k - 1] | 0x20 == 0x6C else {
                continue
            }
            var j = k + 1
            while j < end, ByteScanning.isWhitespace(b[j]) { j += 1 }
            var value: Range<Int>
            if j < end, b[j] == 0x22 || b[j] == 0x27 {
                let close = ByteScanning.firstIndex(of: b[j], in: b, from: j + 1, to: end) ?? end
                value = (j + 1)..<close
                i = min(close + 1, end)
            } else {
                let close = ByteScanning.firstIndex(of: 0x29, in: b, from: j, to: end) ?? end
                value = j..<close
                i = close
            }
            value = ByteScanning.trimmed(b, value)
            if !value.isEmpty { result.append(Array(b[value])) }
        }
        return result
    }

    private static func indexAfter(_ b: [UInt8], _ needle: StaticString, from: Int) -> Int? {
        let n = b.count
        let first = needle.utf8Start[0]
        var i = from
        while let k = ByteScanning.firstIndex(of: first, in: b, from: i, to: n) {
            if ByteScanning.hasPrefixIgnoringCase(b, at: k, end: n, needle) { return k + needle.utf8CodeUnitCount }
            i = k + 1
        }
        return nil
    }

    /// After `</name ...>` following `from`, or the end of input when it never closes.
    private static func endOfRawText(_ b: [UInt8], name: Range<Int>, from: Int) -> Int {
        let n = b.count
        var i = from
        while let k = ByteScanning.firstIndex(of: 0x3C, in: b, from: i, to: n) {
            if k + 1 < n, b[k + 1] == 0x2F, k + 2 + name.count <= n {
                var match = true
                for (o, p) in name.enumerated() where ByteScanning.lower(b[k + 2 + o]) != ByteScanning.lower(b[p]) {
                    match = false
                    break
                }
                if match {
                    let after = k + 2 + name.count
                    if after == n || !ByteScanning.isAlnum(b[after]) {
                        return (ByteScanning.firstIndex(of: 0x3E, in: b, from: after, to: n) ?? (n - 1)) + 1
                    }
                }
            }
            i = k + 1
        }
        return n
    }

    /// Whitespace-collapsed, trimmed text of `out[range]`, at most `maxCharacters`.
    private static func collapse(_ out: [UInt8], _ range: Range<Int>, maxCharacters: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        var space = false
        for k in range {
            let c = out[k]
            if c == 0x20 || c == 0x0A {
                space = !bytes.isEmpty
            } else {
                if space { bytes.append(0x20); space = false }
                bytes.append(c)
            }
        }
        let s = String(decoding: bytes, as: UTF8.self)
        // Every Character is at least one byte: short texts need no Character count.
        if s.utf8.count <= maxCharacters { return s }
        return s.count > maxCharacters ? String(s.prefix(maxCharacters)) : s
    }

    static func decodeEntities(_ b: [UInt8], _ range: Range<Int>) -> [UInt8] {
        guard b[range].contains(0x26) else { return Array(b[range]) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            if b[i] == 0x26, let (v, next) = entity(b, at: i, inAttribute: true, end: range.upperBound) {
                Charset.appendUTF8(v, to: &out)
                i = next
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }

    /// Character reference at `b[i] == "&"`: the code point and the index after it.
    static func entity(_ b: [UInt8], at i: Int, inAttribute: Bool, end: Int? = nil) -> (UInt32, Int)? {
        let n = end ?? b.count
        var j = i + 1
        guard j < n else { return nil }
        if b[j] == 0x23 {
            j += 1
            var hex = false
            if j < n, b[j] | 0x20 == 0x78 { hex = true; j += 1 }
            var v: UInt32 = 0
            let digitsStart = j
            while j < n {
                let d: UInt8?
                if hex { d = ByteScanning.hexValue(b[j]) } else { d = ByteScanning.isDigit(b[j]) ? b[j] - 0x30 : nil }
                guard let d else { break }
                if v <= 0x10FFFF { v = v * (hex ? 16 : 10) + UInt32(d) }
                j += 1
            }
            guard j > digitsStart else { return nil }
            if j < n, b[j] == 0x3B { j += 1 }
            if v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { v = 0xFFFD }
            if v >= 0x80 && v < 0xA0 { v = Charset.windows1252Scalar(UInt8(v)) }
            return (v, j)
        }
        let nameStart = j
        while j < n, j - nameStart < 32, ByteScanning.isAlnum(b[j]) { j += 1 }
        guard j > nameStart else { return nil }
        let name = String(decoding: b[nameStart..<j], as: UTF8.self)
        if j < n, b[j] == 0x3B, let v = HTMLEntities.named[name] {
            return (v, j + 1)
        }
        // Legacy references without ';' that browsers still accept.
        if let v = HTMLEntities.legacy[name] {
            if inAttribute, j < n, ByteScanning.isAlnum(b[j]) || b[j] == 0x3D { return nil }
            return (v, j)
        }
        return nil
    }
}
