import Foundation
import Testing
@testable import QuellMail

@Suite struct TransferDecodingTests {
    @Test func base64() {
        #expect(TransferDecoding.decodeBase64(Array("SGVsbG8=".utf8)) == Array("Hello".utf8))
        #expect(TransferDecoding.decodeBase64(Array("SGVsbG8".utf8)) == Array("Hello".utf8))
        #expect(TransferDecoding.decodeBase64(Array("SG Vs\r\nbG8h".utf8)) == Array("Hello!".utf8))
        #expect(TransferDecoding.decodeBase64(Array("SGk=SGk=".utf8)) == Array("HiHi".utf8))
        #expect(TransferDecoding.decodeBase64(Array("***".utf8)) == [])
        #expect(TransferDecoding.decodeBase64([]) == [])
    }

    /// Foundation's strict decoder agrees on clean input of every length, with and without
    /// line breaks, and the lenient one-character-at-a-time reference agrees on input with
    /// junk, padding in the middle and URL-safe characters.
    @Test func base64AgreesWithReferences() {
        var rng = SplitMix64(seed: 64)
        for length in 0..<300 {
            let data = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let encoded = Array(Data(data).base64EncodedString(options: length % 2 == 0 ? [.lineLength76Characters] : []).utf8)
            #expect(TransferDecoding.decodeBase64(encoded) == data, "length \(length)")
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_= \r\n!*\u{7f}".utf8)
        for _ in 0..<3_000 {
            let input = (0..<Int(rng.next() % 64)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            #expect(TransferDecoding.decodeBase64(input) == Self.referenceBase64(input), "\(String(decoding: input, as: UTF8.self))")
        }
    }

    /// The documented lenient rules, one character at a time: characters outside the
    /// alphabet are skipped, `=` ends the quantum (flushing 1 or 2 bytes), `-`/`_` are 62/63.
    static func referenceBase64(_ input: [UInt8]) -> [UInt8] {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var acc: UInt32 = 0
        var n = 0
        func flush() {
            if n == 2 { out.append(UInt8(truncatingIfNeeded: acc >> 4)) }
            if n == 3 { out.append(UInt8(truncatingIfNeeded: acc >> 10)); out.append(UInt8(truncatingIfNeeded: acc >> 2)) }
            acc = 0
            n = 0
        }
        for c in input {
            let v: Int? = c == UInt8(ascii: "-") ? 62 : c == UInt8(ascii: "_") ? 63 : alphabet.firstIndex(of: c)
            if let v {
                acc = acc << 6 | UInt32(v)
                n += 1
                if n == 4 {
                    out += [UInt8(truncatingIfNeeded: acc >> 16), UInt8(truncatingIfNeeded: acc >> 8), UInt8(truncatingIfNeeded: acc)]
                    acc = 0
                    n = 0
                }
            } else if c == UInt8(ascii: "=") {
                flush()
            }
        }
        flush()
        return out
    }

    /// The appending decoder the buffer-writing one replaced, as the reference on random input.
    @Test func quotedPrintableAgreesWithTheAppendingDecoder() {
        func reference(_ b: [UInt8]) -> ([UInt8], Bool) {
            var out: [UInt8] = []
            var bad = false
            var i = 0
            while i < b.count {
                guard b[i] == 0x3D else { out.append(b[i]); i += 1; continue }
                i += 1
                if i + 1 < b.count, let hi = ByteScanning.hexValue(b[i]), let lo = ByteScanning.hexValue(b[i + 1]) {
                    out.append(hi << 4 | lo)
                    i += 2
                    continue
                }
                var j = i
                while j < b.count && (b[j] == 0x20 || b[j] == 0x09) { j += 1 }
                if j == b.count { i = j } else if b[j] == 0x0A { i = j + 1 } else if b[j] == 0x0D {
                    i = (j + 1 < b.count && b[j + 1] == 0x0A) ? j + 2 : j + 1
                } else { bad = true; out.append(0x3D) }
            }
            return (out, bad)
        }
        let alphabet = Array("=A3f9 \t\r\nxZ".utf8)
        var rng = SplitMix64(seed: 2045)
        for _ in 0..<5_000 {
            let input = (0..<Int(rng.next() % 30)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let fast = TransferDecoding.decodeQuotedPrintable(input, 0..<input.count)
            let slow = reference(input)
            #expect(fast.bytes == slow.0 && fast.invalid == slow.1, "\(String(decoding: input, as: UTF8.self).debugDescription)")
        }
    }

    @Test func crBeforeLFIsDroppedAndLoneCRKept() {
        func reference(_ b: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            for (i, c) in b.enumerated() where !(c == 0x0D && i + 1 < b.count && b[i + 1] == 0x0A) { out.append(c) }
            return out
        }
        let cases = ["", "abc", "a\r\nb", "\r", "a\rb", "\r\r\n", "x\r\n\r\n", "\r\n", "end\r"]
        for text in cases {
            #expect(MessageAssembler.dropCRBeforeLF(Array(text.utf8)) == reference(Array(text.utf8)), "\(text.debugDescription)")
        }
        var rng = SplitMix64(seed: 13)
        for _ in 0..<2_000 {
            let bytes = (0..<Int(rng.next() % 40)).map { _ in [0x0D, 0x0A, 0x61, 0x20][Int(rng.next() % 4)] as UInt8 }
            #expect(MessageAssembler.dropCRBeforeLF(bytes) == reference(bytes))
        }
    }

    @Test func quotedPrintable() {
        #expect(TransferDecoding.decodeQuotedPrintable(Array("a=3Db=\r\nc=\nd".utf8)) == Array("a=bcd".utf8))
        #expect(TransferDecoding.decodeQuotedPrintable(Array("soft=  \nbreak".utf8)) == Array("softbreak".utf8))
        #expect(TransferDecoding.decodeQuotedPrintable(Array("bad=ZZ =4 end=".utf8)) == Array("bad=ZZ =4 end".utf8))
        #expect(TransferDecoding.decodeQuotedPrintable([]) == [])
        #expect(TransferDecoding.decodeQuotedPrintable(Array("=".utf8)) == [])
        #expect(TransferDecoding.decodeQuotedPrintable(Array("==41=4".utf8)) == Array("=A=4".utf8))
        #expect(MessageAssembler.dropCRBeforeLF([]) == [])
        #expect(TransferDecoding.decodeQuotedPrintable(Array("lower=c3=a9".utf8)) == [0x6C, 0x6F, 0x77, 0x65, 0x72, 0xC3, 0xA9])
    }

    @Test func sha256KnownVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func transferEncodingNames() {
        #expect(TransferEncoding(headerValue: " Base64 ") == .base64)
        #expect(TransferEncoding(headerValue: "Quoted-Printable") == .quotedPrintable)
        #expect(TransferEncoding(headerValue: nil) == .sevenBit)
        #expect(TransferEncoding(headerValue: "x-uuencode") == .other("x-uuencode"))
    }
}
