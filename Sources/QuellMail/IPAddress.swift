#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// IPv4/IPv6 literals: validation through inet_pton, canonical text through inet_ntop,
/// and whether an address is globally routable (for the originating IP of a message).
enum IPAddress {
    enum Parsed: Equatable {
        case v4([UInt8])
        case v6([UInt8])
    }

    /// Accepts `1.2.3.4`, `2001:db8::1`, `[2001:db8::1]` and `IPv6:2001:db8::1`.
    static func parse(_ text: String) -> Parsed? {
        // Byte-wise checks: anything that is not ASCII fails inet_pton anyway, so these
        // agree with the Character-based ones they replace (and avoid Foundation's search).
        var s = Substring(text)
        if let f = s.utf8.first, f == 0x5B, let l = s.utf8.last, l == 0x5D, s.utf8.count >= 2 {
            s = s.dropFirst().dropLast()
        }
        let u = s.utf8
        if u.count > 5, u.prefix(5).map(ByteScanning.lower).elementsEqual("ipv6:".utf8) { s = s.dropFirst(5) }
        guard !s.isEmpty, s.utf8.count <= 45 else { return nil }
        if s.utf8.contains(0x3A) {
            var a = in6_addr()
            guard inet_pton(AF_INET6, String(s), &a) == 1 else { return nil }
            return .v6(withUnsafeBytes(of: &a) { Array($0) })
        }
        var a = in_addr()
        // inet_pton accepts only the dotted-quad form (no "1.2.3" or octal), as wanted.
        guard inet_pton(AF_INET, String(s), &a) == 1 else { return nil }
        return .v4(withUnsafeBytes(of: &a) { Array($0) })
    }

    static func isLiteral(_ host: String) -> Bool {
        if host.utf8.first == 0x5B { return true }
        guard let last = host.utf8.last, ByteScanning.isDigit(last) else { return false }
        return parse(host) != nil
    }

    /// Canonical text (lowercase, compressed IPv6; IPv4-mapped IPv6 as IPv4).
    static func canonical(_ p: Parsed) -> String {
        switch p {
        case .v4(let b):
            var text: [UInt8] = []
            text.reserveCapacity(15)
            for k in 0..<4 {
                if k > 0 { text.append(0x2E) }
                let v = b[k]
                if v >= 100 { text.append(0x30 + v / 100) }
                if v >= 10 { text.append(0x30 + (v / 10) % 10) }
                text.append(0x30 + v % 10)
            }
            return String(decoding: text, as: UTF8.self)
        case .v6(let b):
            if b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xFF, b[11] == 0xFF { return canonical(.v4(Array(b[12..<16]))) }
            var a = in6_addr()
            withUnsafeMutableBytes(of: &a) { $0.copyBytes(from: b) }
            var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &a, &buf, socklen_t(buf.count)) != nil else { return "" }
            return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// False for private, loopback, link-local, shared (CGNAT), documentation, benchmark,
    /// multicast, reserved and unspecified ranges (IANA special-purpose registries).
    static func isPublic(_ p: Parsed) -> Bool {
        switch p {
        case .v4(let b):
            let (a, c) = (b[0], b[1])
            if a == 0 || a == 10 || a == 127 || a >= 224 { return false }
            if a == 100 && (c & 0xC0) == 64 { return false }
            if a == 169 && c == 254 { return false }
            if a == 172 && (c & 0xF0) == 16 { return false }
            if a == 192 && c == 168 { return false }
            if a == 192 && c == 0 && (b[2] == 0 || b[2] == 2) { return false }
            if a == 198 && (c == 18 || c == 19) { return false }
            if a == 198 && c == 51 && b[2] == 100 { return false }
            if a == 203 && c == 0 && b[2] == 113 { return false }
            return true
        case .v6(let b):
            if b[0..<10].allSatisfy({ $0 == 0 }), b[10] == 0xFF, b[11] == 0xFF { return isPublic(.v4(Array(b[12..<16]))) }
            if b[0..<15].allSatisfy({ $0 == 0 }) { return false }  // :: and ::1
            if (b[0] & 0xFE) == 0xFC { return false }  // fc00::/7 unique local
            if b[0] == 0xFE && (b[1] & 0xC0) == 0x80 { return false }  // fe80::/10 link-local
            if b[0] == 0xFF { return false }  // multicast
            if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8 { return false }  // 2001:db8::/32
            return (b[0] & 0xE0) == 0x20  // 2000::/3 is the global unicast space
        }
    }
}
