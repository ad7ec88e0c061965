import CIDN2

#if canImport(Glibc)
import Glibc
#endif

/// Internationalised host names through libidn2 (IDNA2008 with UTS #46 mapping).
enum IDNA {
    private static let hostBytesMax = 253 * 4

    /// The ASCII (punycode, `xn--`) form of a host with non-ASCII characters, or nil when
    /// libidn2 rejects it under both non-transitional and transitional processing.
    static func toASCII(_ host: String) -> String? {
        guard host.utf8.count <= hostBytesMax else { return nil }
        let nonTransitional = Int32(bitPattern: IDN2_NFC_INPUT.rawValue | IDN2_NONTRANSITIONAL.rawValue)
        let transitional = Int32(bitPattern: IDN2_NFC_INPUT.rawValue | IDN2_TRANSITIONAL.rawValue)
        for flags in [nonTransitional, transitional] {
            var out: UnsafeMutablePointer<CChar>?
            let rc = idn2_to_ascii_8z(host, &out, flags)
            if rc == Int32(IDN2_OK.rawValue), let out {
                defer { idn2_free(out) }
                return String(cString: out)
            }
            if let out { idn2_free(out) }
        }
        return nil
    }

    /// The Unicode form of an ASCII host that has `xn--` labels, or nil when a label does
    /// not decode (then the ASCII form is what a reader should see).
    static func toUnicode(_ host: String) -> String? {
        guard host.utf8.count <= hostBytesMax else { return nil }
        var out: UnsafeMutablePointer<CChar>?
        let rc = idn2_to_unicode_8z8z(host, &out, 0)
        guard rc == Int32(IDN2_OK.rawValue), let out else {
            if let out { idn2_free(out) }
            return nil
        }
        defer { idn2_free(out) }
        return String(cString: out)
    }

    /// True when some label starts with the ACE prefix `xn--`.
    static func hasACELabel(_ host: String) -> Bool {
        let b = Array(host.utf8)
        var i = 0
        while i + 4 <= b.count {
            if (i == 0 || b[i - 1] == 0x2E), ByteScanning.hasPrefixIgnoringCase(b, at: i, end: b.count, "xn--") { return true }
            i += 1
        }
        return false
    }
}
