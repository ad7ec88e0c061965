import Foundation

/// Tolerant RFC 5322 date parsing: optional day name, missing seconds, two-digit
/// years, obsolete and military zones, comments, `-` separated dates, asctime order,
/// and ISO 8601 dates. Returns nil when no plausible date is present.
enum MailDateParser {
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "cet": 60, "met": 60, "cest": 120, "mest": 120,
        "eet": 120, "eest": 180, "msk": 180, "ist": 330, "jst": 540, "kst": 540, "hkt": 480, "sgt": 480,
        "aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780,
        "edt": -240, "est": -300, "cdt": -300, "cst": -360, "mdt": -360, "mst": -420, "pdt": -420, "pst": -480,
        "akst": -540, "akdt": -480, "hst": -600,
    ]

    static func parse(_ value: String) -> Date? {
        var fields = Fields()
        // Tokens are slices of one lowercased buffer, taken as they end: no array per token.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(min(value.utf8.count, 256))
        var tokenStart = 0
        var comment = 0
        for c in value.utf8.prefix(256) {
            if c == 0x28 { comment += 1; continue }
            if c == 0x29 { if comment > 0 { comment -= 1 }; continue }
            if comment > 0 { continue }
            if c == 0x20 || c == 0x09 || c == 0x2C || c == 0x0D || c == 0x0A {
                if buffer.count > tokenStart { fields.take(buffer[tokenStart...]); tokenStart = buffer.count }
            } else {
                buffer.append(ByteScanning.lower(c))
            }
        }
        if buffer.count > tokenStart { fields.take(buffer[tokenStart...]) }
        return fields.date
    }

    /// What the tokens of a date said so far.
    private struct Fields {
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0
        var offsetMinutes: Int?

        mutating func handleNumber(_ t: ArraySlice<UInt8>) {
            guard t.count <= 4, let v = int(t) else { return }
            if day == nil && t.count <= 2 && v >= 1 && v <= 31 { day = v } else if year == nil { year = t.count <= 2 ? (v < 50 ? 2000 + v : 1900 + v) : (t.count == 3 ? 1900 + v : v) }
        }

        mutating func take(_ token: ArraySlice<UInt8>) {
            if token.contains(0x3A) {
                // hh:mm[:ss], possibly with a trailing zone glued on ("12:00:00+0200")
                var t = token
                if let signIndex = t.firstIndex(where: { $0 == 0x2B || $0 == 0x2D }), signIndex > t.startIndex {
                    if let off = parseOffset(t[signIndex...]) { offsetMinutes = offsetMinutes ?? off }
                    t = t[..<signIndex]
                }
                if t.last == 0x7A { t = t.dropLast(); offsetMinutes = offsetMinutes ?? 0 }
                // Two or three ':'-separated parts (empty ones included), as `split` would give.
                var colons = (t.endIndex, t.endIndex)
                var colonCount = 0
                for k in t.indices where t[k] == 0x3A {
                    colonCount += 1
                    if colonCount == 1 { colons.0 = k } else if colonCount == 2 { colons.1 = k } else { return }
                }
                // The ':' can have gone with the zone ("12+00:00"): then this is no time.
                guard colonCount >= 1, let h = int(t[..<colons.0]), let m = int(t[(colons.0 + 1)..<colons.1]) else { return }
                var s = 0
                if colonCount == 2 {
                    let secDigits = t[(colons.1 + 1)...].prefix { ByteScanning.isDigit($0) }
                    s = int(secDigits) ?? 0
                }
                hour = h; minute = m; second = s
                return
            }
            if let first = token.first, first == 0x2B || first == 0x2D, token.count >= 3, token.dropFirst().allSatisfy(ByteScanning.isDigit) {
                offsetMinutes = offsetMinutes ?? parseOffset(token)
                return
            }
            if token.allSatisfy(ByteScanning.isDigit) {
                handleNumber(token)
                return
            }
            if token.contains(0x2D) || token.contains(0x2F) {
                // 02-Sep-2002, 2002-09-02, 2002-09-02T12:00 (time handled above when ':' present)
                let parts = token.split(whereSeparator: { $0 == 0x2D || $0 == 0x2F })
                if parts.count == 3, parts[0].count == 4, let y = int(parts[0]),
                   let m = int(parts[1]), let d = int(parts[2].prefix(2)) {
                    year = y; month = m; day = d
                    return
                }
                for p in parts {
                    if p.allSatisfy(ByteScanning.isDigit) { handleNumber(p) } else if let m = monthIndex(p) { month = m }
                }
                return
            }
            if let m = monthIndex(token), month == nil {
                month = m
                return
            }
            // Zone names are at most 4 letters.
            if token.count <= 4, let z = zoneOffset(token) {
                offsetMinutes = offsetMinutes ?? z
            } else if token.count == 1, let only = token.first, ByteScanning.isAlpha(only) {
                // Military zones are ambiguous in practice; RFC 5322 says treat as -0000.
                offsetMinutes = offsetMinutes ?? 0
            }
        }

        var date: Date? {
            guard let d = day, let m = month, let y = year,
                  (1...12).contains(m), (1...31).contains(d), (1000...9999).contains(y),
                  (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
            let days = daysFromCivil(year: y, month: m, day: d)
            let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - (offsetMinutes ?? 0) * 60
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
    }

    /// The zone name spelt by `t` (at most 4 lowercase bytes), without making a String.
    private static func zoneOffset(_ t: ArraySlice<UInt8>) -> Int? { zoneKeys[zoneKey(t)] }

    /// The bytes and their count packed in one integer (names are at most 4 bytes).
    private static func zoneKey<C: Collection<UInt8>>(_ t: C) -> UInt64 {
        var key: UInt64 = 0
        for c in t { key = key << 8 | UInt64(c) }
        return key | UInt64(t.count) << 32
    }

    private static let zoneKeys: [UInt64: Int] = Dictionary(uniqueKeysWithValues: zones.map { (zoneKey($0.key.utf8), $0.value) })

    /// What `Int(String(decoding: s, as: UTF8.self))` gives: an optional sign, then at
    /// least one decimal digit and nothing else, nil on overflow. No String is made.
    static func int(_ s: ArraySlice<UInt8>) -> Int? {
        var i = s.startIndex
        let end = s.endIndex
        guard i < end else { return nil }
        var negative = false
        if s[i] == 0x2B || s[i] == 0x2D {
            negative = s[i] == 0x2D
            i += 1
            guard i < end else { return nil }
        }
        var v = 0
        while i < end {
            let c = s[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            let d = Int(c - 0x30)
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (r, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            v = r
            i += 1
        }
        return v
    }

    private static let monthNames: [UInt8] = Array("janfebmaraprmayjunjulaugsepoctnovdec".utf8)

    private static func monthIndex(_ t: ArraySlice<UInt8>) -> Int? {
        guard t.count >= 3, t.allSatisfy(ByteScanning.isAlpha) else { return nil }
        let a = t[t.startIndex], b = t[t.startIndex + 1], c = t[t.startIndex + 2]
        for k in 0..<12 where monthNames[3 * k] == a && monthNames[3 * k + 1] == b && monthNames[3 * k + 2] == c {
            return k + 1
        }
        return nil
    }

    private static func parseOffset(_ t: ArraySlice<UInt8>) -> Int? {
        guard let sign = t.first, sign == 0x2B || sign == 0x2D else { return nil }
        var v = 0
        var count = 0
        for c in t.dropFirst() {
            if c == 0x3A { continue }
            guard ByteScanning.isDigit(c) else { break }
            count += 1
            if count > 4 { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        guard count == 4 || count == 2 else { return nil }
        let (h, m) = count == 4 ? (v / 100, v % 100) : (v, 0)
        guard h <= 23, m <= 59 else { return nil }
        return (sign == 0x2D ? -1 : 1) * (h * 60 + m)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
