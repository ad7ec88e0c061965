import Testing
@testable import QuellMail

/// `URLExtractor.textCandidates` finds starts with memchr; this is the byte-by-byte scan it
/// replaced, kept as the reference the fast one must agree with.
enum ReferenceTextCandidates {
    static func candidates(_ b: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let n = b.count
        var i = 0
        while i < n {
            while i < n {
                let c = b[i] | 0x20
                if c == 0x68 || c == 0x66 || c == 0x77 { break }
                i += 1
            }
            guard i < n else { break }
            let prev: UInt8 = i > 0 ? b[i - 1] : 0x20
            var bodyStart = -1
            if ByteScanning.isAlnum(prev) {
                i += 1
                continue
            }
            if ByteScanning.hasPrefixIgnoringCase(b, at: i, end: n, "http://") { bodyStart = i + 7 }
            else if ByteScanning.hasPrefixIgnoringCase(b, at: i, end: n, "https://") { bodyStart = i + 8 }
            else if ByteScanning.hasPrefixIgnoringCase(b, at: i, end: n, "ftp://") { bodyStart = i + 6 }
            else if ByteScanning.hasPrefixIgnoringCase(b, at: i, end: n, "www."), prev != 0x2E, prev != 0x2F, prev != 0x40, prev != 0x2D {
                bodyStart = i + 4
            }
            guard bodyStart >= 0 else { i += 1; continue }
            var j = bodyStart
            while j < n, !URLExtractor.isURLTerminator(b, j, n) { j += 1 }
            let end = URLExtractor.trimTrailing(b, i, j)
            if end > bodyStart, URLExtractor.isPlausible(b, i, bodyStart, end) {
                result.append(i..<end)
            }
            i = max(j, i + 1)
        }
        return result
    }
}

@Suite struct URLCandidateTests {
    @Test(arguments: [
        "see http://a.example/x and www.b.example.", "hhttp://a.example", "xwww.a.example", "http://www.a.example/?u=www.b.example",
        "HTTPS://A.EXAMPLE/P", "WwW.A.Example", "-www.a.example @www.b.example /www.c.example .www.d.example", "a.www.b.example",
        "http://", "https:// x", "www.", "www.nodot", "(http://a.example/(b))", "ftp://f.example:21/x", "ftp:/x", "http:/x",
        "http://a.example/\u{00A0}b", "mailto:x@www.example", "https://a.example\"http://b.example", ":::http://a.example//.www",
    ])
    func agreesWithTheByteScan(text: String) {
        let b = Array(text.utf8)
        #expect(URLExtractor.textCandidates(b) == ReferenceTextCandidates.candidates(b), "\(text)")
    }

    /// Random texts built from the pieces that matter (scheme fragments, separators, dots,
    /// letters, terminators, multi-byte spaces): both scans must find the same ranges.
    @Test func agreesWithTheByteScanOnRandomText() {
        let pieces = ["http", "https", "ftp", "://", ":", "/", "//", "www", "WWW", ".", "w", "h", "x", "7", " ", "\n", "-", "@",
                      "(", ")", "\"", "<", "a.example", "\u{00A0}", "\u{2009}", "?", "#", ",", "Ww"].map { Array($0.utf8) }
        var rng = SplitMix64(seed: 0x5EED_0F_C0FFEE)
        var compared = 0
        for _ in 0..<100_000 {
            var b: [UInt8] = []
            for _ in 0..<Int(rng.next() % 24) { b += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let fast = URLExtractor.textCandidates(b)
            let reference = ReferenceTextCandidates.candidates(b)
            #expect(fast == reference, "\(String(decoding: b, as: UTF8.self))")
            if fast != reference { break }
            compared += fast.count
        }
        #expect(compared > 1_000)  // the generator does produce URLs
    }
}

/// Deterministic pseudo-random numbers for generated test inputs.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
