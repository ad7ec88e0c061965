#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Converts labelled bytes to `String`. ASCII, UTF-8, ISO-8859-1 and Windows-1252 are
/// decoded here directly (they are most mail); every other charset goes through the C
/// library's iconv (glibc on Linux), which knows ISO-2022-JP, KOI8-R, Shift_JIS, GB18030,
/// Big5, the ISO-8859 and Windows code pages and more.
enum Charset {
    enum Kind: Equatable {
        case utf8
        case unlabelled
        case windows1252
        /// Converted by iconv from this (validated) iconv name.
        case iconv(String)
        case unknown
    }

    /// Result of decoding: the text, and whether the label was unknown or bytes did not
    /// fit the charset (each becomes a `MailDefect` at the caller).
    struct Decoded {
        var text: String
        var isUnknownCharset = false
        var hadInvalidBytes = false
    }

    /// Lowercased, unquoted name with any RFC 2231 `*language` suffix removed.
    static func canonicalName(_ raw: String) -> String {
        var name = ByteScanning.asciiLowercased(ByteScanning.trimmedString(raw))
        if name.hasPrefix("\"") || name.hasPrefix("'") { name.removeFirst() }
        if name.hasSuffix("\"") || name.hasSuffix("'") { name.removeLast() }
        if let star = name.firstIndex(ofASCII: "*") { name = String(name[..<star]) }
        return name
    }

    static func kind(of rawName: String?) -> Kind {
        guard let rawName else { return .unlabelled }
        let name = canonicalName(rawName)
        switch name {
        case "", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "default", "x-unknown", "unknown", "none":
            return .unlabelled
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode-2-0-utf-8":
            return .utf8
        // WHATWG decodes these labels as Windows-1252, and so does real mail software.
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252",
             "x-cp1252", "iso-ir-100", "ibm819", "cp819", "iso_8859-1:1987", "csisolatin1":
            return .windows1252
        default:
            return lookup(name)
        }
    }

    static func isKnown(_ rawName: String) -> Bool { kind(of: rawName) != .unknown }

    /// Names are attacker-controlled: the cache is bounded, and names that are too long
    /// or not ASCII never reach iconv_open.
    private static let cacheEntriesMax = 256
    private static let nameBytesMax = 40
    private static let cache = Mutex<[String: Kind]>([:])

    private static func lookup(_ name: String) -> Kind {
        if let hit = cache.withLock({ $0[name] }) { return hit }
        var iconvName = name
        switch name {
        // Supersets that decode what real senders put under these labels.
        case "gb2312", "x-gbk", "gbk", "cp936", "euc-cn", "x-euc-cn", "x-gb2312": iconvName = "gb18030"
        case "iso-8859-8-i": iconvName = "iso-8859-8"
        case "ks_c_5601-1987", "ks_c_5601", "x-windows-949", "cp949", "euc-kr", "x-euc-kr": iconvName = "cp949"
        case "x-sjis", "sjis", "ms_kanji", "cp932", "windows-31j", "shift_jis", "shift-jis", "x-shift_jis": iconvName = "cp932"
        case "big5", "x-big5", "big5-hkscs", "cn-big5": iconvName = "big5-hkscs"
        case "iso-2022-jp", "csiso2022jp": iconvName = "iso-2022-jp-2"
        case "x-mac-roman", "macintosh", "mac": iconvName = "macintosh"
        default:
            if name.hasPrefix("cp125") { iconvName = "windows-" + name.dropFirst(2) }
            else if name.hasPrefix("x-cp125") { iconvName = "windows-" + name.dropFirst(4) }
            else if name.hasPrefix("iso8859-") { iconvName = "iso-" + name.dropFirst(3) }
            else if name.hasPrefix("iso_8859-") { iconvName = "iso-8859-" + name.dropFirst(9) }
        }
        let result: Kind
        if iconvName.utf8.count > nameBytesMax || iconvName.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == 0x2F }) {
            result = .unknown
        } else if let cd = openConverter(iconvName) {
            iconv_close(cd)
            result = .iconv(iconvName)
        } else {
            result = .unknown
        }
        cache.withLock { cache in
            if cache.count < cacheEntriesMax { cache[name] = result }
        }
        return result
    }

    private static func openConverter(_ name: String) -> iconv_t? {
        let cd = iconv_open("UTF-8", name)
        if cd == nil || cd == iconv_t(bitPattern: -1) { return nil }
        return cd
    }

    /// Decodes `bytes` labelled `charset`. Never fails: an unknown label decodes as UTF-8
    /// with U+FFFD for invalid sequences; bytes that do not fit a known charset become
    /// U+FFFD one byte at a time.
    static func decode<C: Collection>(_ bytes: C, charset: String?) -> String where C.Element == UInt8 {
        decodeReporting(bytes, charset: charset).text
    }

    static func decodeReporting<C: Collection>(_ bytes: C, charset: String?) -> Decoded where C.Element == UInt8 {
        let kind = kind(of: charset)
        let isASCII = bytes.withContiguousStorageIfAvailable(ByteScanning.isASCII) ?? !bytes.contains(where: { $0 >= 0x80 })
        if isASCII {
            switch kind {
            case .iconv(let name) where !isASCIITransparent(iconvName: name): break
            case .unknown: return Decoded(text: String(decoding: bytes, as: UTF8.self), isUnknownCharset: true)
            default: return Decoded(text: String(decoding: bytes, as: UTF8.self))
            }
        }
        switch kind {
        case .utf8:
            return Decoded(text: String(decoding: bytes, as: UTF8.self))
        case .windows1252:
            return Decoded(text: decodeWindows1252(bytes))
        case .unlabelled:
            return Decoded(text: fallback(bytes))
        case .unknown:
            return Decoded(text: String(decoding: bytes, as: UTF8.self), isUnknownCharset: true)
        case .iconv(let name):
            return convert(Array(bytes), from: name) ?? Decoded(text: fallback(bytes), isUnknownCharset: true)
        }
    }

    /// Output is produced in chunks so no worst-case buffer is allocated up front.
    private static let chunkBytes = 16 * 1024

    private static func convert(_ input: [UInt8], from name: String) -> Decoded? {
        guard let cd = openConverter(name) else { return nil }
        defer { iconv_close(cd) }
        var out: [UInt8] = []
        out.reserveCapacity(input.count + input.count / 2)
        var invalid = false
        var chunk = [UInt8](repeating: 0, count: chunkBytes)
        input.withUnsafeBufferPointer { inBuf in
            chunk.withUnsafeMutableBufferPointer { outBuf in
                guard let inBase = inBuf.baseAddress, let outBase = outBuf.baseAddress else { return }
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: inBase).assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                // Each iteration consumes input or emits a chunk, so this ends.
                while true {
                    var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBase).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuf.count
                    let rc = inLeft > 0 ? iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) : iconv(cd, nil, nil, &outPtr, &outLeft)
                    let err = rc == -1 ? errno : 0
                    out.append(contentsOf: UnsafeBufferPointer(start: outBase, count: outBuf.count - outLeft))
                    if rc != -1 {
                        if inLeft == 0 { break }
                        continue
                    }
                    if err == E2BIG { continue }
                    // EILSEQ: an invalid sequence; EINVAL: an incomplete one at the end.
                    invalid = true
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    if err == EINVAL || inLeft <= 1 { inLeft = 0; continue }
                    inPtr = inPtr.map { $0 + 1 }
                    inLeft -= 1
                }
            }
        }
        return Decoded(text: String(decoding: out, as: UTF8.self), hadInvalidBytes: invalid)
    }

    static func fallback<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return decodeWindows1252(bytes)
    }

    /// False for charsets in which ASCII bytes do not stand for themselves: escape-based
    /// ones (ISO-2022-*, HZ, UTF-7) and the 16/32-bit encodings.
    private static func isASCIITransparent(iconvName name: String) -> Bool {
        !(name.hasPrefix("iso-2022") || name.hasPrefix("utf-16") || name.hasPrefix("utf-32") || name.hasPrefix("utf16")
            || name.hasPrefix("utf32") || name.hasPrefix("ucs") || name == "utf-7" || name == "utf7" || name.hasPrefix("hz")
            || name == "unicode" || name.hasPrefix("csiso2022"))
    }

    /// True for charsets whose line breaks are the ASCII bytes, so CRLF can be
    /// normalised before decoding (ISO-2022-JP and UTF-7 are; UTF-16 and UTF-32 are not).
    static func isASCIICompatible(_ rawName: String?) -> Bool {
        if case .iconv(let name) = kind(of: rawName) {
            return !(name.hasPrefix("utf-16") || name.hasPrefix("utf-32") || name.hasPrefix("utf16") || name.hasPrefix("utf32")
                     || name.hasPrefix("ucs") || name == "unicode")
        }
        return true
    }

    private static let cp1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Code point for a Windows-1252 byte (also used for HTML numeric references 128–159).
    @inline(__always)
    static func windows1252Scalar(_ b: UInt8) -> UInt32 {
        (b >= 0x80 && b < 0xA0) ? UInt32(cp1252High[Int(b - 0x80)]) : UInt32(b)
    }

    static func decodeWindows1252<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        // Every byte becomes at most 3 UTF-8 bytes (the high table is all BMP), so the
        // output is written straight into the string's storage.
        let count = bytes.count
        guard count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: count * 3) { out in
            var o = 0
            for b in bytes {
                if b < 0x80 {
                    out[o] = b
                    o += 1
                    continue
                }
                let c = windows1252Scalar(b)
                if c < 0x800 {
                    out[o] = UInt8(0xC0 | (c >> 6))
                    out[o + 1] = UInt8(0x80 | (c & 0x3F))
                    o += 2
                } else {
                    out[o] = UInt8(0xE0 | (c >> 12))
                    out[o + 1] = UInt8(0x80 | ((c >> 6) & 0x3F))
                    out[o + 2] = UInt8(0x80 | (c & 0x3F))
                    o += 3
                }
            }
            return o
        }
    }

    @inline(__always)
    static func appendUTF8(_ cp: UInt32, to out: inout [UInt8]) {
        var c = cp
        if c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) { c = 0xFFFD }
        switch c {
        case 0..<0x80:
            out.append(UInt8(c))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (c >> 6)))
            out.append(UInt8(0x80 | (c & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (c >> 12)))
            out.append(UInt8(0x80 | ((c >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (c & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (c >> 18)))
            out.append(UInt8(0x80 | ((c >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((c >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (c & 0x3F)))
        }
    }
}
