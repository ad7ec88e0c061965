/// One mailbox. `address` is `local@domain` with the domain lowercased and the local
/// part kept as written (it is case-sensitive in principle).
public struct MailAddress: Sendable, Hashable, Codable {
    public let displayName: String?
    public let address: String

    public init(displayName: String?, address: String) {
        let name = displayName.map(ByteScanning.trimmedString)
        self.displayName = (name?.isEmpty ?? true) ? nil : name
        self.address = Self.normalize(address)
    }

    public var domain: String? {
        guard let at = address.lastIndex(ofASCII: "@") else { return nil }
        let d = address[address.index(after: at)...]
        return d.isEmpty ? nil : String(d)
    }

    static func normalize(_ raw: String) -> String {
        if let ascii = normalizeASCII(raw) { return ascii }
        var a = ByteScanning.trimmedString(raw)
        if a.hasPrefix("<") { a.removeFirst() }
        if a.hasSuffix(">") { a.removeLast() }
        a = ByteScanning.trimmedString(a)
        if a.count > 7, ByteScanning.equalsIgnoringCase(String(a.prefix(7)), "mailto:") { a = String(a.dropFirst(7)) }
        guard let at = a.lastIndex(ofASCII: "@") else { return a }
        return String(a[..<at]) + "@" + ByteScanning.asciiLowercased(String(a[a.index(after: at)...]))
    }

    /// `normalize` on bytes for ASCII input (nearly all addresses), where each byte is one
    /// Character for everything it looks at; nil for other input.
    private static func normalizeASCII(_ raw: String) -> String? {
        let result: String?? = raw.utf8.withContiguousStorageIfAvailable { p -> String? in
            for c in p where c >= 0x80 { return nil }
            var lo = 0
            var hi = p.count
            while lo < hi && ByteScanning.isWhitespace(p[lo]) { lo += 1 }
            while hi > lo && ByteScanning.isWhitespace(p[hi - 1]) { hi -= 1 }
            if lo < hi && p[lo] == 0x3C { lo += 1 }
            if lo < hi && p[hi - 1] == 0x3E { hi -= 1 }
            while lo < hi && ByteScanning.isWhitespace(p[lo]) { lo += 1 }
            while hi > lo && ByteScanning.isWhitespace(p[hi - 1]) { hi -= 1 }
            if hi - lo > 7 {
                let m: StaticString = "mailto:"
                var isMailto = true
                for k in 0..<7 where ByteScanning.lower(p[lo + k]) != m.utf8Start[k] { isMailto = false; break }
                if isMailto { lo += 7 }
            }
            var at = hi - 1
            while at >= lo && p[at] != 0x40 { at -= 1 }
            guard at >= lo else { return String(decoding: UnsafeBufferPointer(rebasing: p[lo..<hi]), as: UTF8.self) }
            var out = [UInt8](UnsafeBufferPointer(rebasing: p[lo...at]))
            out.reserveCapacity(hi - lo)
            for k in (at + 1)..<hi { out.append(ByteScanning.lower(p[k])) }
            return String(decoding: out, as: UTF8.self)
        }
        return result ?? nil
    }
}
