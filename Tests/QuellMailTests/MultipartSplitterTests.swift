import Testing
@testable import QuellMail

/// Delimiters are found by searching for `--boundary` anywhere and keeping the occurrences that
/// start a line; the line-by-line reading they replaced is the reference here.
@Suite struct MultipartSplitterTests {
    static func parts(_ body: String, _ boundary: String) -> (parts: [String], closed: Bool, found: Bool) {
        let b = Array(body.utf8)
        let r = MultipartSplitter.split(b, 0..<b.count, boundary: boundary)
        return (r.parts.map { String(decoding: b[$0], as: UTF8.self) }, r.closed, r.foundDelimiter)
    }

    @Test func delimitersOnlyAtTheStartOfALine() {
        let body = "preamble --b not here\r\n--b\r\none --b two\r\n--bb is longer\r\n--b  \r\nthree\n--b--\r\nepilogue\r\n--b\r\n"
        let r = Self.parts(body, "b")
        #expect(r.parts == ["one --b two\r\n--bb is longer", "three"])
        #expect(r.closed && r.found)
    }

    @Test func delimiterAtTheVeryStartAndNoCloseDelimiter() {
        let r = Self.parts("--x\nfirst\n--x\nsecond\n", "x")
        #expect(r.parts == ["first", "second\n"])
        #expect(!r.closed && r.found)
    }

    @Test func noDelimiterAndDelimiterAsLastBytes() {
        #expect(Self.parts("just text --q\n", "q").found == false)
        let r = Self.parts("--q\nbody\n--q--", "q")
        #expect(r.parts == ["body"])
        #expect(r.closed)
        #expect(Self.parts("", "q").parts.isEmpty)
    }

    /// Random bodies made of delimiter-like pieces: the search agrees with reading every line.
    @Test func agreesWithLineByLineReading() {
        let pieces = ["--b", "--b--", "--bb", "b", "-", "\r\n", "\n", " ", "x", "--", "\t", "--b \r\n"]
        var rng = SplitMix64(seed: 0xB0_0D)
        var delimitersSeen = 0
        for _ in 0..<20_000 {
            var body = ""
            for _ in 0..<Int(rng.next() % 16) { body += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let bytes = Array(body.utf8)
            let fast = MultipartSplitter.split(bytes, 0..<bytes.count, boundary: "b")
            let slow = Self.lineByLine(bytes, boundary: "b")
            #expect(fast.parts == slow.parts && fast.closed == slow.closed && fast.foundDelimiter == slow.foundDelimiter,
                    "\(body.debugDescription)")
            if fast.foundDelimiter { delimitersSeen += 1 }
        }
        #expect(delimitersSeen > 1_000)
    }

    /// The line-by-line splitter this replaced, kept as the reference.
    static func lineByLine(_ bytes: [UInt8], boundary: String) -> MultipartSplitter.Result {
        let delimiter: [UInt8] = [0x2D, 0x2D] + Array(boundary.utf8)
        let end = bytes.count
        var result = MultipartSplitter.Result()
        var partStart: Int?
        var lineStart = 0
        while lineStart < end {
            let (contentEnd, next) = ByteScanning.line(in: bytes, at: lineStart, end: end)
            if contentEnd - lineStart >= delimiter.count, Array(bytes[lineStart..<(lineStart + delimiter.count)]) == delimiter {
                var k = lineStart + delimiter.count
                var isClose = false
                if k + 1 < contentEnd, bytes[k] == 0x2D, bytes[k + 1] == 0x2D { k += 2; isClose = true }
                while k < contentEnd, ByteScanning.isWSP(bytes[k]) { k += 1 }
                if k == contentEnd {
                    result.foundDelimiter = true
                    if let s = partStart {
                        var pe = lineStart
                        if pe > s, bytes[pe - 1] == 0x0A { pe -= 1 }
                        if pe > s, bytes[pe - 1] == 0x0D { pe -= 1 }
                        result.parts.append(s..<pe)
                    }
                    if isClose { result.closed = true; return result }
                    partStart = next
                }
            }
            lineStart = next
        }
        if let s = partStart { result.parts.append(s..<end) }
        return result
    }
}
