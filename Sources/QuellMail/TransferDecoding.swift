/// Lenient decoders for base64 and quoted-printable, as found in hostile mail.
public enum TransferDecoding {
    private static let invalid: UInt8 = 0xFF
    private static let pad: UInt8 = 0xFE

    private static let base64Table: [UInt8] = {
        var t = [UInt8](repeating: invalid, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        // URL-safe alphabet shows up in the wild; it does not collide with the standard one.
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        t[Int(UInt8(ascii: "="))] = pad
        return t
    }()

    /// One table per position in a quantum: OR-ing the four entries gives the three output
    /// bytes already in place (little-endian, byte 3 zero), or a value with bit 24 set when
    /// any of the four characters is outside the alphabet.
    private static let quantumTables: [UInt32] = {
        var t = [UInt32](repeating: 0x0100_0000, count: 4 * 256)
        for c in 0..<256 {
            let v = UInt32(base64Table[c])
            guard v < 64 else { continue }
            t[c] = v << 2
            t[256 + c] = (v >> 4) | ((v & 0x0F) << 12)
            t[512 + c] = ((v >> 2) << 8) | ((v & 0x03) << 22)
            t[768 + c] = v << 16
        }
        return t
    }()

    public static func decodeBase64(_ bytes: [UInt8]) -> [UInt8] {
        decodeBase64(bytes, 0..<bytes.count).bytes
    }

    /// Skips characters outside the alphabet and tolerates missing padding. Padding
    /// ends a quantum, so concatenated base64 blocks decode too.
    static func decodeBase64(_ bytes: [UInt8], _ range: Range<Int>) -> (bytes: [UInt8], junk: Bool) {
        var junk = false
        // A whole quantum writes 4 bytes at o <= 3 * (count / 4) - 3: count / 4 * 3 + 3 covers it.
        let capacity = range.count / 4 * 3 + 3
        let out = [UInt8](unsafeUninitializedCapacity: capacity) { dst, written in
            var o = 0
            base64Table.withUnsafeBufferPointer { table in
              quantumTables.withUnsafeBufferPointer { q in
                bytes.withUnsafeBufferPointer { input in
                    var acc: UInt32 = 0
                    var n = 0
                    var i = range.lowerBound
                    let end = range.upperBound
                    while i < end {
                        // Whole quanta of four alphabet characters (nearly all of a body)
                        // go in one step; anything else takes the byte-wise path below.
                        if n == 0 {
                            // Stay here across whole quanta and line breaks (which the
                            // byte-wise path would skip without effect).
                            let out = UnsafeMutableRawPointer(dst.baseAddress!)
                            while i + 4 <= end {
                                let w = q[Int(input[i])] | q[256 + Int(input[i + 1])]
                                    | q[512 + Int(input[i + 2])] | q[768 + Int(input[i + 3])]
                                if w < 0x0100_0000 {
                                    // Four bytes stored, the fourth overwritten by the next
                                    // quantum; the capacity keeps room for it (see below).
                                    out.storeBytes(of: w.littleEndian, toByteOffset: o, as: UInt32.self)
                                    o += 3
                                    i += 4
                                    continue
                                }
                                let c = input[i]
                                if c == 0x0A || c == 0x0D {
                                    i += 1
                                    continue
                                }
                                break
                            }
                            if i >= end { break }
                        }
                        let c = input[i]
                        i += 1
                        let v = table[Int(c)]
                        if v < 64 {
                            acc = (acc << 6) | UInt32(v)
                            n += 1
                            if n == 4 {
                                dst[o] = UInt8(truncatingIfNeeded: acc >> 16)
                                dst[o + 1] = UInt8(truncatingIfNeeded: acc >> 8)
                                dst[o + 2] = UInt8(truncatingIfNeeded: acc)
                                o += 3
                                acc = 0
                                n = 0
                            }
                        } else if v == pad {
                            o += flushPartial(acc: acc, n: n, into: dst, at: o)
                            acc = 0
                            n = 0
                        } else if c != 0x0A && c != 0x0D && c != 0x20 && c != 0x09 {
                            junk = true
                        }
                    }
                    o += flushPartial(acc: acc, n: n, into: dst, at: o)
                }
              }
            }
            written = o
        }
        return (out, junk)
    }

    /// Writes the 1 or 2 bytes of an incomplete quantum. The output capacity
    /// (count / 4 * 3 + 3) suffices: no input yields more than 3 bytes per 4 bytes.
    @inline(__always)
    private static func flushPartial(acc: UInt32, n: Int, into out: UnsafeMutableBufferPointer<UInt8>, at o: Int) -> Int {
        switch n {
        case 2:
            out[o] = UInt8(truncatingIfNeeded: acc >> 4)
            return 1
        case 3:
            out[o] = UInt8(truncatingIfNeeded: acc >> 10)
            out[o + 1] = UInt8(truncatingIfNeeded: acc >> 2)
            return 2
        default:
            return 0
        }
    }

    public static func decodeQuotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        decodeQuotedPrintable(bytes, 0..<bytes.count).bytes
    }

    /// Soft line breaks (`=` before CRLF or LF, optionally with trailing blanks) are
    /// removed; an `=` not followed by two hex digits is kept literally.
    static func decodeQuotedPrintable(_ bytes: [UInt8], _ range: Range<Int>) -> (bytes: [UInt8], invalid: Bool) {
        var bad = false
        // The output is never longer than the input; runs between '=' are copied in one go.
        let out = bytes.withUnsafeBufferPointer { src in
            [UInt8](unsafeUninitializedCapacity: range.count) { dst, written in
                written = 0
                guard let base = src.baseAddress, !range.isEmpty else { return }
                var o = 0
                var i = range.lowerBound
                let end = range.upperBound
                while i < end {
                    let eq = ByteScanning.firstIndex(of: 0x3D, in: src, from: i, to: end) ?? end
                    if eq > i {
                        (dst.baseAddress! + o).initialize(from: base + i, count: eq - i)
                        o += eq - i
                    }
                    guard eq < end else { break }
                    i = eq + 1
                    if i + 1 < end, let hi = ByteScanning.hexValue(src[i]), let lo = ByteScanning.hexValue(src[i + 1]) {
                        dst[o] = hi << 4 | lo
                        o += 1
                        i += 2
                        continue
                    }
                    var j = i
                    while j < end && ByteScanning.isWSP(src[j]) { j += 1 }
                    if j == end {
                        i = end
                    } else if src[j] == ByteScanning.lf {
                        i = j + 1
                    } else if src[j] == ByteScanning.cr {
                        i = (j + 1 < end && src[j + 1] == ByteScanning.lf) ? j + 2 : j + 1
                    } else {
                        bad = true
                        dst[o] = 0x3D
                        o += 1
                    }
                }
                written = o
            }
        }
        return (out, bad)
    }

    /// Q encoding of RFC 2047: like quoted-printable, plus `_` for space.
    static func decodeQ(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let c = bytes[i]
            if c == 0x5F {
                out.append(0x20)
            } else if c == 0x3D, i + 2 < end, let hi = ByteScanning.hexValue(bytes[i + 1]), let lo = ByteScanning.hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
                continue
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }
}
