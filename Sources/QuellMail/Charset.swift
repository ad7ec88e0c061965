import CoreFoundation
import Foundation
import Synchronization

/// Converts labelled bytes to `String`. ASCII, UTF-8, ISO-8859-1 and Windows-1252 are
/// decoded here directly (they are most mail); everything else goes through
/// Foundation's IANA name mapping. An iconv-backed converter can replace `foundation`
/// later without changing callers.
enum Charset {
    enum Kind: Equatable {
        case utf8
        case unlabelled
        case windows1252
        case foundation(String.Encoding)
        case unknown
    }

    /// Lowercased, unquoted name with any RFC 2231 `*language` suffix removed.
    static func canonicalName(_ raw: String) -> String {
        var name = ByteScanning.asciiLowercased(ByteScanning.trimmedString(raw))
        if name.hasPrefix("\"") || name.hasPrefix("'") { name.removeFirst() }
        if name.hasSuffix("\"") || name.hasSuffix("'") { name.removeLast() }
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
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

    private static let cache = Mutex<[String: Kind]>([:])

    private static func lookup(_ name: String) -> Kind {
        if let hit = cache.withLock({ $0[name] }) { return hit }
        var ianaName = name
        switch name {
        case "gb2312", "x-gbk", "cp936", "euc-cn": ianaName = "gb18030"
        case "iso-8859-8-i": ianaName = "iso-8859-8"
        case "ks_c_5601-1987", "ks_c_5601", "x-windows-949", "cp949": ianaName = "euc-kr"
        case "x-sjis", "sjis", "ms_kanji", "cp932", "windows-31j": ianaName = "shift_jis"
        case "utf-16", "utf16": ianaName = "utf-16"
        default:
            if name.hasPrefix("cp125") { ianaName = "windows-" + name.dropFirst(2) }
            else if name.hasPrefix("iso8859-") { ianaName = "iso-" + name.dropFirst(3) }
            else if name.hasPrefix("iso_8859-") { ianaName = "iso-8859-" + name.dropFirst(9) }
        }
        let cf = CFStringConvertIANACharSetNameToEncoding(unsafeBitCast(NSString(string: ianaName), to: CFString.self))
        let result: Kind
        if cf == kCFStringEncodingInvalidId {
            result = .unknown
        } else {
            result = .foundation(String.Encoding(rawValue: UInt(CFStringConvertEncodingToNSStringEncoding(cf))))
        }
        cache.withLock { cache in
            if cache.count < 256 { cache[name] = result }
        }
        return result
    }

    static func isKnown(_ rawName: String?) -> Bool { kind(of: rawName) != .unknown }

    /// Decodes `bytes` labelled `charset`. Never fails: undecodable input falls back to
    /// UTF-8 when it validates and to Windows-1252 otherwise.
    static func decode<C: Collection>(_ bytes: C, charset: String?) -> String where C.Element == UInt8 {
        let isASCII = !bytes.contains(where: { $0 >= 0x80 })
        let kind = kind(of: charset)
        if isASCII {
            switch kind {
            case .foundation(let enc) where !isASCIICompatible(enc): break
            default: return String(decoding: bytes, as: UTF8.self)
            }
        }
        switch kind {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            return decodeWindows1252(bytes)
        case .unlabelled, .unknown:
            return fallback(bytes)
        case .foundation(let enc):
            if let s = String(bytes: Array(bytes), encoding: enc) { return s }
            return fallback(bytes)
        }
    }

    static func fallback<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return decodeWindows1252(bytes)
    }

    private static func isASCIICompatible(_ enc: String.Encoding) -> Bool {
        switch enc {
        case .utf16, .utf16BigEndian, .utf16LittleEndian, .utf32, .utf32BigEndian, .utf32LittleEndian,
             .unicode, .iso2022JP:
            return false
        default:
            return true
        }
    }

    /// True for charsets whose line breaks are the ASCII bytes, so CRLF can be
    /// normalised before decoding.
    static func isASCIICompatible(_ rawName: String?) -> Bool {
        if case .foundation(let enc) = kind(of: rawName) { return isASCIICompatible(enc) }
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
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 4)
        for b in bytes {
            if b < 0x80 { out.append(b); continue }
            appendUTF8(windows1252Scalar(b), to: &out)
        }
        return String(decoding: out, as: UTF8.self)
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
