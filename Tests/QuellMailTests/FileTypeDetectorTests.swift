import Foundation
import Testing
@testable import QuellMail

/// The signature fast path must answer exactly what libmagic answers, or leave the
/// buffer to libmagic.
@Suite struct FileTypeDetectorTests {
    static let samples: [(String, [UInt8])] = [
        ("pdf", Array("%PDF-1.4\n%\u{e2}\u{e3}\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".utf8)),
        ("gif87", Array("GIF87a".utf8) + [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0]),
        ("gif89", Array("GIF89a".utf8) + [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0]),
        ("png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
                 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89]),
        ("jfif", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
        ("exif", [0xFF, 0xD8, 0xFF, 0xE1, 0, 0x10] + Array("Exif".utf8) + [0, 0, 0x4D, 0x4D, 0, 0x2A]),
        ("jpeg-dqt", [0xFF, 0xD8, 0xFF, 0xDB, 0, 0x43, 0, 8, 6, 6, 7, 6, 5, 8]),
        ("jpeg-icc", [0xFF, 0xD8, 0xFF, 0xE2, 0, 0x10] + Array("ICC_PROFILE".utf8) + [0]),
        ("jpeg-adobe", [0xFF, 0xD8, 0xFF, 0xEE, 0, 0x0E] + Array("Adobe".utf8) + [0, 100, 0]),
        ("gzip", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0x4B, 0x4C, 0x4A, 6, 0]),
        ("7z", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C, 0, 4, 1, 2, 3, 4, 5, 6, 7, 8]),
        ("bzip2", Array("BZh91AY&SY".utf8) + [0x4E, 0xEC, 0xE8, 0x36, 0, 0, 0x1B, 0x41, 0x80, 0]),
        ("ps", Array("%!PS-Adobe-3.0\n%%Title: x\nshowpage\n".utf8)),
        ("ps-crlf", Array("%!PS-Adobe-1.0\r\n%%Pages: 1\r\nshowpage\r\n".utf8)),
        ("eps", Array("%!PS-Adobe-2.0 EPSF-2.0\n%%BoundingBox: 0 0 1 1\n".utf8)),
        ("ps-bare", Array("%!\n%%BoundingBox: (atend)\nshowpage\n".utf8)),
        ("snd-mulaw", Array(".snd".utf8) + [0, 0, 0, 24, 0, 0, 0x03, 0xE8, 0, 0, 0, 1, 0, 0, 0x1F, 0x40, 0, 0, 0, 1, 0x7E, 0x2A]),
        ("snd-linear16", Array(".snd".utf8) + [0, 0, 0, 32, 0, 0, 0x03, 0xE8, 0, 0, 0, 3, 0, 0, 0x1F, 0x40, 0, 0, 0, 2, 1, 2]),
        ("pbm", Array("P4\n16 2\n".utf8) + [0xFF, 0x00, 0xAA, 0x55]),
        ("pgm", Array("P5\n2 2\n255\n".utf8) + [0x01, 0x02, 0x03, 0x04]),
        ("ppm", Array("P6\n1 1\n255\n".utf8) + [0x01, 0x02, 0x03, 0x00, 0x00, 0x00]),
        ("short", [0x25, 0x50, 0x44]),
        ("text", Array("Hello there, this is plain text.\n".utf8)),
    ]

    /// Close relatives that libmagic names differently (or not at all) are left to it.
    @Test func nearMissesGoToLibmagic() {
        for text in ["%!PS-AdobeFont-1.0: Foo\n", "%!PS-Adobe-3.0 Resource-Font\n", "%!PS-Adobe-3.0 Query\n", "%!PS\n"] {
            let bytes = Array((text + "%%Title: x\nshowpage\n").utf8)
            #expect(FileTypeDetector.signatureType(bytes, 0..<bytes.count) == nil, "\(text)")
        }
        for netpbm in ["P4 4 4\n\u{1}\u{2}\u{3}\u{4}", "P7\nWIDTH 4\n", "P5\n1234567 2\n255\n", "P6\n12\n34\n255\n"] {
            let bytes = Array(netpbm.utf8)
            #expect(FileTypeDetector.signatureType(bytes, 0..<bytes.count) == nil, "\(netpbm)")
        }
        for encoding: UInt8 in [0, 8, 23, 27] {
            let bytes = Array(".snd".utf8) + [0, 0, 0, 24, 0, 0, 0x03, 0xE8, 0, 0, 0, encoding, 0, 0, 0x1F, 0x40, 0, 0, 0, 1]
            #expect(FileTypeDetector.signatureType(bytes, 0..<bytes.count) == nil, "encoding \(encoding)")
        }
    }

    @Test func signaturesAgreeWithLibmagic() {
        for (name, bytes) in Self.samples {
            guard let fast = FileTypeDetector.signatureType(bytes, 0..<bytes.count) else {
                #expect(name == "short" || name == "text", "\(name) is not recognised")
                continue
            }
            #expect(fast == FileTypeDetector.libmagicType(bytes, 0..<bytes.count), "\(name)")
        }
    }

    /// Every attachment and archive member of the fixtures (and of the shared corpus when
    /// present) that the fast path recognises gets libmagic's answer.
    @Test func signaturesAgreeWithLibmagicOnMessages() throws {
        var inputs = try GoldenTests.names.map { try Fixture.bytes($0 + ".eml") }
        let root = CorpusTests.root
        for set in ["phish", "ham", "spam", "malformed"] {
            let dir = root + "/" + set
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                if let d = FileManager.default.contents(atPath: dir + "/" + name) { inputs.append([UInt8](d)) }
            }
        }
        var checked = 0
        for input in inputs {
            guard let m = try? MailParser.parse(input) else { continue }
            for part in m.root.leaves + m.embeddedMessages.flatMap(\.root.leaves) {
                let body = part.body
                guard let fast = FileTypeDetector.signatureType(body, 0..<body.count) else { continue }
                #expect(fast == FileTypeDetector.libmagicType(body, 0..<body.count))
                checked += 1
            }
        }
        #expect(checked > 0)
    }
}

/// CMS (S/MIME) parts are named without libmagic, which has no rule for them.
@Suite struct CMSTypeTests {
    static let oid: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07]

    @Test func namesSignedAndEnvelopedData() {
        let signedDER: [UInt8] = [0x30, 0x82, 0x14, 0x5A] + Self.oid + [0x02, 0xA0, 0x82, 0x14, 0x4B, 0x30]
        let envelopedBER: [UInt8] = [0x30, 0x80] + Self.oid + [0x03, 0xA0, 0x80, 0x30, 0x80, 0x02]
        let shortForm: [UInt8] = [0x30, 0x40] + Self.oid + [0x02, 0xA0, 0x33, 0x30, 0x31, 0x02]
        #expect(FileTypeDetector.mimeType(signedDER) == "application/pkcs7-signature")
        #expect(FileTypeDetector.mimeType(envelopedBER) == "application/pkcs7-mime")
        #expect(FileTypeDetector.cmsType(shortForm, 0..<shortForm.count) == "application/pkcs7-signature")
    }

    @Test func leavesOtherASN1ToLibmagic() {
        // An X.509 certificate: SEQUENCE { SEQUENCE { ... } }.
        let certificate: [UInt8] = [0x30, 0x82, 0x03, 0x2E, 0x30, 0x82, 0x02, 0x16, 0xA0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x09, 0x00]
        let otherOID: [UInt8] = [0x30, 0x82, 0x14, 0x5A, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x02, 0xA0]
        let hugeLength: [UInt8] = [0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9] + Self.oid + [0x02]
        let truncated: [UInt8] = [0x30, 0x82, 0x14, 0x5A] + Self.oid
        for bytes in [certificate, otherOID, hugeLength, truncated] {
            #expect(FileTypeDetector.cmsType(bytes, 0..<bytes.count) == nil)
        }
    }

    /// On real S/MIME mail the fast path only ever replaces libmagic's "don't know".
    @Test func replacesOnlyLibmagicsUnknownOnTheCorpus() throws {
        var checked = 0
        for set in ["phish", "ham", "spam", "malformed"] {
            let dir = CorpusTests.root + "/" + set
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                guard let d = FileManager.default.contents(atPath: dir + "/" + name),
                      let m = try? MailParser.parse([UInt8](d)) else { continue }
                for part in m.root.leaves {
                    guard FileTypeDetector.cmsType(part.body, 0..<part.body.count) != nil else { continue }
                    #expect(FileTypeDetector.libmagicType(part.body, 0..<part.body.count) == "application/octet-stream")
                    checked += 1
                }
            }
        }
        #expect(checked > 0 || !FileManager.default.fileExists(atPath: CorpusTests.root))
    }
}

@Suite struct TextTypeTests {
    static func type(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        return FileTypeDetector.textType(bytes, 0..<bytes.count)
    }

    @Test func tellsTextKindsApartWithoutLibmagic() {
        #expect(Self.type("Dear customer,\nplease find the invoice attached.\n") == "text/plain")
        #expect(Self.type("\u{FEFF}  <!DOCTYPE HTML><html><body>x</body></html>") == "text/html")
        #expect(Self.type("<HTML><body>x</body></html>") == "text/html")
        #expect(Self.type("Received: from a by b\nFrom: x@y\n\nbody") == "message/rfc822")
        #expect(Self.type("{\\rtf1\\ansi hello}") == "text/rtf")
        #expect(Self.type("Grüße aus Köln\n") == "text/plain")
    }

    @Test func leavesScriptsXMLAndBinaryToLibmagic() {
        #expect(Self.type("#!/bin/sh\nrm -rf /tmp/x\n") == nil)
        #expect(Self.type("<?xml version=\"1.0\"?><svg/>") == nil)
        #expect(Self.type("%!PS-Adobe-3.0\n") == nil)
        #expect(FileTypeDetector.textType([0x4D, 0x5A, 0x90, 0x00, 0x03], 0..<5) == nil)
        let noisy = (0..<200).map { UInt8($0 % 31 + 1) }
        #expect(FileTypeDetector.textType(noisy, 0..<noisy.count) == nil)
    }
}
