/// Parses structured header values of the form `value; key=value; key="quoted"`
/// (Content-Type, Content-Disposition), including RFC 2231 extended and continued
/// parameters. Tolerant: unquoted values may contain spaces, quotes may be unterminated,
/// the first occurrence of a repeated key wins.
enum HeaderParameters {
    /// Bounds RFC 2231 continuations so `name*99999=` cannot make us allocate.
    private static let sectionsMax = 256

    static func parse(_ value: String) -> (value: String, parameters: [String: String]) {
        let b = Array(value.utf8)
        let n = b.count
        var i = 0
        while i < n && b[i] != 0x3B { i += 1 }
        let main = String(decoding: b[ByteScanning.trimmed(b, 0..<i)], as: UTF8.self)
        var plain: [String: String] = [:]
        var extended: [String: [Int: (bytes: [UInt8], encoded: Bool)]] = [:]

        while i < n {
            while i < n && (b[i] == 0x3B || ByteScanning.isWhitespace(b[i])) { i += 1 }
            let keyStart = i
            while i < n && b[i] != 0x3D && b[i] != 0x3B { i += 1 }
            let keyRange = ByteScanning.trimmed(b, keyStart..<i)
            guard i < n, b[i] == 0x3D else { continue }
            i += 1
            while i < n && ByteScanning.isWSP(b[i]) { i += 1 }
            var raw: [UInt8] = []
            if i < n && b[i] == 0x22 {
                i += 1
                while i < n && b[i] != 0x22 {
                    if b[i] == 0x5C && i + 1 < n { i += 1 }
                    raw.append(b[i])
                    i += 1
                }
                if i < n { i += 1 }
                while i < n && b[i] != 0x3B { i += 1 }
            } else {
                let vStart = i
                while i < n && b[i] != 0x3B { i += 1 }
                raw.append(contentsOf: b[ByteScanning.trimmed(b, vStart..<i)])
            }
            guard !keyRange.isEmpty else { continue }
            let key = ByteScanning.asciiLowercased(String(decoding: b[keyRange], as: UTF8.self))
            if let star = key.firstIndex(ofASCII: "*") {
                let base = String(key[..<star])
                var rest = key[key.index(after: star)...]
                var encoded = false
                if rest.hasSuffix("*") { encoded = true; rest = rest.dropLast() }
                let section: Int
                if rest.isEmpty {
                    section = 0
                    encoded = true
                } else if let s = Int(rest), s >= 0, s < sectionsMax {
                    section = s
                } else {
                    continue
                }
                if extended[base]?[section] == nil {
                    extended[base, default: [:]][section] = (raw, encoded)
                }
            } else if plain[key] == nil {
                plain[key] = raw.contains(where: { $0 >= 0x80 }) ? Charset.fallback(raw) : String(decoding: raw, as: UTF8.self)
            }
        }
        for (base, sections) in extended {
            if let v = assemble(sections) { plain[base] = v }
        }
        return (main, plain)
    }

    /// RFC 2231: section 0 of an encoded value is `charset'language'percent-encoded`;
    /// later encoded sections are percent-encoded in the same charset.
    private static func assemble(_ sections: [Int: (bytes: [UInt8], encoded: Bool)]) -> String? {
        var charset: String?
        var out: [UInt8] = []
        var k = 0
        while let (raw, encoded) = sections[k] {
            var bytes = raw
            if encoded {
                if k == 0 {
                    let parts = bytes.split(separator: 0x27, maxSplits: 2, omittingEmptySubsequences: false)
                    if parts.count == 3 {
                        charset = String(decoding: parts[0], as: UTF8.self)
                        bytes = Array(parts[2])
                    }
                }
                out.append(contentsOf: percentDecode(bytes))
            } else {
                out.append(contentsOf: bytes)
            }
            k += 1
        }
        guard k > 0 else { return nil }
        return Charset.decode(out, charset: (charset?.isEmpty ?? true) ? nil : charset)
    }

    private static func percentDecode(_ b: [UInt8]) -> [UInt8] { URLUnwrapper.percentDecode(b[...]) }
}
