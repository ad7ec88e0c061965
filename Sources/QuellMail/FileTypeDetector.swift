import CMagic
import Synchronization

/// Content-based MIME type detection through libmagic (`file`'s database).
///
/// A libmagic handle must not be used by two threads at once, so handles live in a
/// small pool: a caller takes one exclusively, uses it, and returns it.
enum FileTypeDetector {
    /// Bytes of a buffer given to libmagic. The signatures of the formats that matter sit
    /// in the first kilobytes, but libmagic's text and encoding checks scan everything they
    /// are given. 16 KB detects the same types as 1 MB on the corpus and the fixtures.
    /// JSON, CSV and token checks are off (see CMagic/shim.h): such files read as text/plain.
    static let sampleBytesMax = 16 * 1024
    private static let pooledHandlesMax = 8

    /// NB: a handle is only touched by the thread that took it out of the pool.
    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private static let pool = Mutex<[Handle]>([])
    private static let isUnavailable = Atomic<Bool>(false)

    /// Whether libmagic and its database load; the handle opened to find out is pooled.
    private static let isAvailable: Bool = {
        guard let handle = open() else { return false }
        pool.withLock { $0.append(handle) }
        return true
    }()

    /// Lowercase `type/subtype` of `bytes`, or nil when libmagic or its database
    /// (Debian package `libmagic-mgc`) is missing.
    static func mimeType(_ bytes: [UInt8]) -> String? {
        mimeType(bytes, 0..<bytes.count)
    }

    static func mimeType(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        // Without libmagic there are no detected types at all, not just some.
        guard isAvailable, !isUnavailable.load(ordering: .relaxed) else { return nil }
        // What libmagic answers for no data; it also wants a non-null pointer.
        if range.isEmpty { return "application/x-empty" }
        if let known = signatureType(bytes, range) ?? cmsType(bytes, range) { return known }
        if let text = textType(bytes, range) { return text }
        return libmagicType(bytes, range)
    }

    /// Plain text, HTML, RTF and mail told apart without libmagic. libmagic spends 2-5 ms on a text
    /// buffer running its regular-expression rules (a third of all parse time on the corpus) only to
    /// name text dialects (`text/x-tex`, `text/x-lisp` ...) that no verdict uses. Anything that is not
    /// clearly text, and scripts (`#!`), XML and PostScript, which libmagic names usefully, still go to
    /// libmagic.
    static func textType(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        let end = range.lowerBound + min(range.count, sampleBytesMax)
        return bytes.withUnsafeBufferPointer { buf -> String? in
            var controls = 0
            for i in range.lowerBound..<end {
                let b = buf[i]
                if b == 0 { return nil }
                if b < 0x20, b != 0x09, b != 0x0A, b != 0x0D, b != 0x0C, b != 0x1B { controls += 1 }
            }
            // A few stray control bytes happen in real text; more means binary.
            guard controls * 100 <= (end - range.lowerBound) else { return nil }
            var start = range.lowerBound
            // A UTF-8 byte order mark, then leading white space.
            if start + 3 <= end, buf[start] == 0xEF, buf[start + 1] == 0xBB, buf[start + 2] == 0xBF { start += 3 }
            while start < end, buf[start] == 0x20 || buf[start] == 0x09 || buf[start] == 0x0A || buf[start] == 0x0D { start += 1 }
            let head = Array(buf[start..<min(end, start + 512)]).map(ByteScanning.lower)
            func starts(_ prefix: String) -> Bool { head.starts(with: Array(prefix.utf8)) }
            if starts("#!") || starts("<?xml") || starts("%!") { return nil }
            if starts("{\\rtf") { return "text/rtf" }
            for marker in ["<!doctype html", "<html", "<head", "<body", "<meta ", "<title", "<table", "<div", "<p>", "<script"]
            where starts(marker) {
                return "text/html"
            }
            if Self.looksLikeMail(head) { return "message/rfc822" }
            return "text/plain"
        }
    }

    /// Starts with a header libmagic's mail rules also key on.
    private static func looksLikeMail(_ lowered: [UInt8]) -> Bool {
        for name in ["received:", "return-path:", "delivered-to:", "message-id:", "mime-version:", "from:", "date:",
                     "subject:", "to:", "x-mailer:", "reply-to:"] where lowered.starts(with: Array(name.utf8)) {
            return true
        }
        return false
    }

    /// The type of a few common formats told by their leading bytes, without libmagic
    /// (a libmagic call costs about 0.3 ms whatever the input). Each answer is the exact
    /// string libmagic gives for that signature (FileTypeDetectorTests checks this); every
    /// format whose libmagic answer depends on more than a fixed prefix (ZIP containers,
    /// OLE2, ELF, PE, text) is left to libmagic.
    static func signatureType(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        let n = range.count
        guard n >= 8 else { return nil }
        return bytes.withUnsafeBufferPointer { buf -> String? in
            let p = buf.baseAddress! + range.lowerBound
            func has(_ prefix: StaticString) -> Bool {
                let count = prefix.utf8CodeUnitCount
                guard n >= count else { return false }
                let q = prefix.utf8Start
                for i in 0..<count where p[i] != q[i] { return false }
                return true
            }
            switch p[0] {
            case 0x25: // %PDF-, and PostScript ("%!" alone on its line, or a "%!PS-Adobe-N.N" document or EPS header)
                if has("%PDF-") { return "application/pdf" }
                if p[1] == 0x21, p[2] == 0x0A || p[2] == 0x0D { return "application/postscript" }
                guard n >= 17, has("%!PS-Adobe-"), ByteScanning.isDigit(p[11]), p[12] == 0x2E, ByteScanning.isDigit(p[13]) else {
                    return nil
                }
                if p[14] == 0x0A || p[14] == 0x0D { return "application/postscript" }
                return n >= 20 && p[14] == 0x20 && p[15] == 0x45 && p[16] == 0x50 && p[17] == 0x53 && p[18] == 0x46 && p[19] == 0x2D
                    ? "application/postscript" : nil  // " EPSF-"
            case 0x2E: // Sun/NeXT audio: ".snd", then big-endian header words; encodings 1-7 are what libmagic calls audio/basic
                guard n >= 16, has(".snd"), p[12] == 0, p[13] == 0, p[14] == 0, p[15] >= 1, p[15] <= 7 else { return nil }
                return "audio/basic"
            case 0x50: // binary Netpbm: "P4"/"P5"/"P6", LF, width SP height LF (libmagic's names, greymap included)
                guard p[1] >= 0x34, p[1] <= 0x36, p[2] == 0x0A else { return nil }
                var k = 3
                for separator: UInt8 in [0x20, 0x0A] {
                    let start = k
                    while k < n, k - start <= 5, ByteScanning.isDigit(p[k]) { k += 1 }
                    guard k > start, k - start <= 5, k < n, p[k] == separator else { return nil }
                    k += 1
                }
                return ["image/x-portable-bitmap", "image/x-portable-greymap", "image/x-portable-pixmap"][Int(p[1] - 0x34)]
            case 0x47: // GIF87a / GIF89a
                return has("GIF87a") || has("GIF89a") ? "image/gif" : nil
            case 0x89: // PNG signature followed by the IHDR chunk
                guard n >= 16 else { return nil }
                let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
                for i in 1..<16 where p[i] != signature[i] { return nil }
                return "image/png"
            case 0xFF: // JPEG: SOI followed by a JFIF/Exif/ICC/Adobe APPn or a quantisation table
                guard p[1] == 0xD8, p[2] == 0xFF else { return nil }
                switch p[3] {
                case 0xE0, 0xE1, 0xE2, 0xEE, 0xDB: return "image/jpeg"
                default: return nil
                }
            case 0x1F: // gzip, deflate method
                return p[1] == 0x8B && p[2] == 0x08 ? "application/gzip" : nil
            case 0x42: // bzip2: "BZh" and the block size digit
                return has("BZh") && p[3] >= 0x31 && p[3] <= 0x39 ? "application/x-bzip2" : nil
            case 0x37: // 7z
                return p[1] == 0x7A && p[2] == 0xBC && p[3] == 0xAF && p[4] == 0x27 && p[5] == 0x1C
                    ? "application/x-7z-compressed" : nil
            default:
                return nil
            }
        }
    }

    /// CMS / PKCS #7 (RFC 5652, DER or BER): a SEQUENCE that starts with the content-type
    /// OID 1.2.840.113549.1.7.n. S/MIME signatures (`smime.p7s`) are the most common binary
    /// part of business mail; libmagic has no rule for them and answers
    /// `application/octet-stream` after running every rule it has (about 0.4 ms each).
    /// Signed data is `application/pkcs7-signature`, every other CMS type
    /// `application/pkcs7-mime` (RFC 8551's names).
    /// OBJECT IDENTIFIER 1.2.840.113549.1.7 (tag, length, value), the arc of the CMS content types.
    private static let cmsContentTypeOID: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07]

    static func cmsType(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        let n = range.count
        guard n >= 16 else { return nil }
        return bytes.withUnsafeBufferPointer { buf -> String? in
            let p = buf.baseAddress! + range.lowerBound
            guard p[0] == 0x30 else { return nil }
            var i = 2  // short form, or 0x80: BER indefinite length
            if p[1] > 0x80 {
                let lengthBytes = Int(p[1] & 0x7F)
                guard lengthBytes <= 4 else { return nil }
                i += lengthBytes
            }
            let oid = cmsContentTypeOID
            guard i + oid.count < n else { return nil }
            for (k, b) in oid.enumerated() where p[i + k] != b { return nil }
            switch p[i + oid.count] {
            case 2: return "application/pkcs7-signature"
            case 1, 3, 4, 5, 6: return "application/pkcs7-mime"
            default: return nil
            }
        }
    }

    static func libmagicType(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        guard !isUnavailable.load(ordering: .relaxed) else { return nil }
        if range.isEmpty { return "application/x-empty" }
        guard let handle = pool.withLock({ $0.popLast() }) ?? open() else { return nil }
        defer {
            let kept = pool.withLock { pool -> Bool in
                guard pool.count < pooledHandlesMax else { return false }
                pool.append(handle)
                return true
            }
            if !kept { magic_close(handle.pointer) }
        }
        let count = min(range.count, sampleBytesMax)
        let result: String? = bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, let r = magic_buffer(handle.pointer, base + range.lowerBound, count) else {
                return nil
            }
            return String(cString: r)
        }
        guard let result, !result.isEmpty else { return nil }
        // Some database entries append parameters ("text/plain; charset=...") to the type.
        let type = result.split(separator: ";", maxSplits: 1).first.map(String.init) ?? result
        return ByteScanning.asciiLowercased(ByteScanning.trimmedString(type))
    }

    private static func open() -> Handle? {
        guard let m = magic_open(cmagic_mime_type_flags()) else {
            isUnavailable.store(true, ordering: .relaxed)
            return nil
        }
        guard magic_load(m, nil) == 0 else {
            magic_close(m)
            isUnavailable.store(true, ordering: .relaxed)
            return nil
        }
        return Handle(pointer: m)
    }
}
