import Foundation
import Testing
@testable import QuellMail

@Suite struct LimitAndRejectionTests {
    private func parse(_ s: String, limits: MailParseLimits = .default) throws(MailParseError) -> ParsedMessage {
        try MailParser.parse(Array(s.utf8), limits: limits)
    }

    @Test func emptyInput() {
        #expect(throws: MailParseError.empty) { try MailParser.parse([UInt8]()) }
        #expect(throws: MailParseError.empty) { try MailParser.parse(Data()) }
    }

    @Test(arguments: ["{\"a\":1}", "hello world", "hello world\nsecond line", "\n\n", "   \n", ": no name\n\nbody",
                      "Foo: bar\nBaz: qux\n\nbody"])
    func notAMessage(input: String) {
        #expect {
            _ = try parse(input)
        } throws: { error in
            if case .notAMessage = error as? MailParseError { return true }
            return false
        }
    }

    @Test func randomBinaryIsRejectedWithoutCrashing() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 1...2048, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            do {
                _ = try MailParser.parse(bytes)
            } catch {
                // Any MailParseError is fine; random bytes almost never form a header line.
                _ = error.description
            }
        }
        let pngLike: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00]
        #expect(throws: MailParseError.notAMessage(reason: "the first line is not a header field")) { try MailParser.parse(pngLike) }
    }

    @Test func messageTooLarge() {
        var limits = MailParseLimits.default
        limits.messageBytesMax = 100
        let raw = "From: a@example.com\nSubject: big\n\n" + String(repeating: "x", count: 200)
        #expect(throws: MailParseError.messageTooLarge(bytes: raw.utf8.count, limit: 100)) { try parse(raw, limits: limits) }
    }

    @Test func tooManyHeaders() {
        var raw = "From: a@example.com\n"
        for i in 0..<1500 { raw += "X-H\(i): v\n" }
        raw += "\nbody"
        #expect(throws: MailParseError.tooManyHeaders(count: 1001, limit: 1000)) { try parse(raw) }
    }

    @Test func headerTooLong() {
        let raw = "From: a@example.com\nSubject: " + String(repeating: "a", count: 300 * 1024) + "\n\nbody"
        #expect(throws: MailParseError.headerTooLong(name: "Subject", bytes: 300 * 1024, limit: 256 * 1024)) { try parse(raw) }
    }

    @Test func foldedHeaderTooLong() {
        var raw = "From: a@example.com\nSubject: start\n"
        let line = " " + String(repeating: "b", count: 999) + "\n"
        for _ in 0..<300 { raw += line }
        raw += "\nbody"
        #expect {
            _ = try parse(raw)
        } throws: { error in
            guard case let .headerTooLong(name, bytes, limit) = error as? MailParseError else { return false }
            return name == "Subject" && bytes > limit && bytes <= limit + 1000 && limit == 256 * 1024
        }
    }

    @Test func headerSectionTooLarge() {
        var raw = "From: a@example.com\n"
        for i in 0..<900 { raw += "X-Pad-\(i): " + String(repeating: "p", count: 1200) + "\n" }
        raw += "\nbody"
        #expect {
            _ = try parse(raw)
        } throws: { error in
            guard case let .headerSectionTooLarge(bytes, limit) = error as? MailParseError else { return false }
            return limit == 1024 * 1024 && bytes > limit
        }
    }

    @Test func mimeTooDeep() {
        var raw = "From: a@example.com\nSubject: deep\nContent-Type: multipart/mixed; boundary=\"b0\"\n\n"
        for d in 1..<40 {
            raw += "--b\(d - 1)\nContent-Type: multipart/mixed; boundary=\"b\(d)\"\n\n"
        }
        raw += "--b39\nContent-Type: text/plain\n\ndeep\n"
        #expect(throws: MailParseError.mimeTooDeep(depth: 33, limit: 32)) { try parse(raw) }
        var limits = MailParseLimits.default
        limits.mimeDepthMax = 64
        #expect(throws: Never.self) { _ = try parse(raw, limits: limits) }
    }

    @Test func tooManyParts() {
        var raw = "From: a@example.com\nSubject: parts\nContent-Type: multipart/mixed; boundary=\"p\"\n\n"
        for i in 0..<2000 { raw += "--p\nContent-Type: text/plain\n\npart \(i)\n" }
        raw += "--p--\n"
        #expect(throws: MailParseError.tooManyParts(count: 1001, limit: 1000)) { try parse(raw) }
    }

    @Test func embeddedMessagesCountAgainstDepth() {
        var inner = "From: z@example.com\nSubject: core\n\ncore"
        for _ in 0..<40 {
            inner = "From: a@example.com\nSubject: wrap\nContent-Type: message/rfc822\n\n" + inner
        }
        #expect(throws: MailParseError.mimeTooDeep(depth: 33, limit: 32)) { try parse(inner) }
    }

    @Test func decodedBytesLimit() {
        var limits = MailParseLimits.default
        limits.decodedBytesMax = 10
        let raw = "From: a@example.com\nSubject: d\n\n0123456789abcdef"
        #expect(throws: MailParseError.decodedTooLarge(bytes: 16, limit: 10)) { try parse(raw, limits: limits) }
    }

    @Test func errorDescriptions() {
        #expect(MailParseError.tooManyParts(count: 1001, limit: 1000).description == "The message has at least 1001 MIME parts; the limit is 1000.")
        #expect(MailParseError.empty.localizedDescription == "The input is empty.")
    }

    @Test func hostileInputsTerminate() throws {
        let cases: [String] = [
            "From: a@example.com\nContent-Type: multipart/mixed; boundary=\"\"\n\n--\n--\n",
            "From: a@example.com\nContent-Type: multipart/mixed\n\n--x\n",
            "From: a@example.com\nSubject: " + String(repeating: "=?", count: 50_000) + "\n\n",
            "From: a@example.com\nSubject: " + String(repeating: "=?utf-8?q?", count: 10_000) + "\n\n",
            "From: a@example.com\nContent-Type: text/html\n\n" + String(repeating: "<a href=", count: 20_000),
            "From: a@example.com\nContent-Type: text/html\n\n" + String(repeating: "<!--", count: 20_000),
            "From: a@example.com\nContent-Type: text/html\n\n" + String(repeating: "&#x", count: 20_000),
            "From: a@example.com\n\n" + String(repeating: "http://", count: 20_000),
            "From: a@example.com\n\n" + String(repeating: "www.", count: 20_000),
            "From: a@example.com\nDate: " + String(repeating: "1:", count: 10_000) + "\n\n",
            "From: a@example.com\nContent-Type: text/plain; " + String(repeating: "a*1*=%", count: 10_000) + "\n\n",
        ]
        for c in cases {
            let m = try parse(c)
            #expect(m.sizeBytes == c.utf8.count)
        }
    }
}
