#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

/// Byte-level helpers shared by the scanners. Everything works on `[UInt8]` with
/// explicit index ranges so no slice or `String` of the whole message is made.
enum ByteScanning {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09

    /// Index of the first `byte` in `bytes[from..<to]`, or nil. Uses memchr, which is
    /// much faster than a Swift loop on long bodies.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in bytes: [UInt8], from: Int, to: Int) -> Int? {
        bytes.withUnsafeBufferPointer { firstIndex(of: byte, in: $0, from: from, to: to) }
    }

    /// The same in a buffer a caller already holds.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = buf.baseAddress,
              let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The line starting at `start`: `contentEnd` excludes CR/LF, `next` is the start
    /// of the following line (or `end`).
    @inline(__always)
    static func line(in bytes: [UInt8], at start: Int, end: Int) -> (contentEnd: Int, next: Int) {
        if let nl = firstIndex(of: lf, in: bytes, from: start, to: end) {
            let contentEnd = (nl > start && bytes[nl - 1] == cr) ? nl - 1 : nl
            return (contentEnd, nl + 1)
        }
        var contentEnd = end
        if contentEnd > start && bytes[contentEnd - 1] == cr { contentEnd -= 1 }
        return (contentEnd, end)
    }

    @inline(__always)
    static func isWSP(_ b: UInt8) -> Bool { b == space || b == tab }

    @inline(__always)
    static func isWhitespace(_ b: UInt8) -> Bool { b == space || b == tab || b == lf || b == cr || b == 0x0C || b == 0x0B }

    @inline(__always)
    static func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    @inline(__always)
    static func isAlpha(_ b: UInt8) -> Bool { let l = b | 0x20; return l >= 0x61 && l <= 0x7A }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always)
    static func isAlnum(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// True when `bytes[at...]` starts with `prefix`, compared ASCII case-insensitively.
    /// `prefix` must be lowercase.
    @inline(__always)
    static func hasPrefixIgnoringCase(_ bytes: [UInt8], at: Int, end: Int, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard at >= 0, end - at >= n else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where lower(bytes[at + k]) != p[k] { return false }
        return true
    }

    static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        let ua = a.utf8
        let ub = b.utf8
        guard ua.count == ub.count else { return false }
        // Native and small strings have contiguous UTF-8: compare the buffers directly.
        let fast: Bool?? = ua.withContiguousStorageIfAvailable { pa in
            ub.withContiguousStorageIfAvailable { pb in
                for k in 0..<pa.count where lower(pa[k]) != lower(pb[k]) { return false }
                return true
            }
        }
        if let fast, let result = fast { return result }
        var ia = ua.makeIterator()
        var ib = ub.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return true
            case let (x?, y?) where lower(x) == lower(y): continue
            default: return false
            }
        }
    }

    static func asciiLowercased(_ s: String) -> String {
        let fast: String?? = s.utf8.withContiguousStorageIfAvailable { p -> String? in
            guard p.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return nil }
            return String(unsafeUninitializedCapacity: p.count) { out in
                for k in 0..<p.count { out[k] = lower(p[k]) }
                return p.count
            }
        }
        if let fast { return fast ?? s }
        guard s.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return s }
        return String(decoding: s.utf8.map(lower), as: UTF8.self)
    }

    /// `asciiLowercased(String(decoding: bytes[range], as: UTF8.self))` with one copy.
    static func asciiLowercasedString(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { buf in
            let slice = UnsafeBufferPointer(rebasing: buf[range])
            var high: UInt8 = 0
            for c in slice { high |= c }
            // Invalid UTF-8 is repaired first, as String(decoding:) does; lowering then keeps it valid.
            guard high < 0x80 else { return asciiLowercased(String(decoding: slice, as: UTF8.self)) }
            return String(unsafeUninitializedCapacity: slice.count) { out in
                for k in 0..<slice.count { out[k] = lower(slice[k]) }
                return slice.count
            }
        }
    }

    /// True when no byte has the high bit set; eight bytes per step.
    static func isASCII(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return true }
        let n = p.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        var acc: UInt64 = 0
        while i + 32 <= n {
            acc |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            acc |= raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
            acc |= raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
            acc |= raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            if acc & 0x8080_8080_8080_8080 != 0 { return false }
            i += 32
        }
        var tail: UInt8 = 0
        while i < n { tail |= base[i]; i += 1 }
        return tail < 0x80
    }

    /// Header and body text that is not labelled: UTF-8 when it validates, otherwise
    /// Windows-1252, which is what such bytes are in practice.
    static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { buf in
            let slice = UnsafeBufferPointer(rebasing: buf[range])
            if isASCII(slice) { return String(decoding: slice, as: UTF8.self) }
            if let s = String(validating: slice, as: UTF8.self) { return s }
            return Charset.decodeWindows1252(slice)
        }
    }

    static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi && isWhitespace(bytes[lo]) { lo += 1 }
        while hi > lo && isWhitespace(bytes[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    static func trimmedString(_ s: String) -> String {
        let u = s.utf8
        guard let first = u.first, let last = u.last, isWhitespace(first) || isWhitespace(last) else { return s }
        let bytes = Array(u)
        return String(decoding: bytes[trimmed(bytes, 0..<bytes.count)], as: UTF8.self)
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

/// Searches for one ASCII character in the UTF-8 view. `firstIndex(of: Character)` runs the
/// grapheme-cluster machinery for every character it passes, which costs far more than the
/// byte comparison header parsing needs (and a protocol delimiter is a byte, whatever follows).
extension String {
    @inline(__always)
    func firstIndex(ofASCII c: Unicode.Scalar) -> Index? { utf8.firstIndex(of: UInt8(ascii: c)) }
    @inline(__always)
    func lastIndex(ofASCII c: Unicode.Scalar) -> Index? { utf8.lastIndex(of: UInt8(ascii: c)) }
    @inline(__always)
    func containsASCII(_ c: Unicode.Scalar) -> Bool { utf8.contains(UInt8(ascii: c)) }
}

extension Substring {
    @inline(__always)
    func firstIndex(ofASCII c: Unicode.Scalar) -> Index? { utf8.firstIndex(of: UInt8(ascii: c)) }
}
