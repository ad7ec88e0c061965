import Testing
@testable import QuellMail

/// Reproducers for bugs FuzzMailParser found, kept red-in-spirit: each asserts the correct behaviour inside
/// `withKnownIssue`, so the suite stays green while the bug is open and fails ("known issue was not recorded")
/// the day it is fixed. Then drop the `withKnownIssue` wrapper and the matching filter in
/// Fuzz/FuzzMailParser/FuzzMailParser.swift (`isKnownHostColonIssue`).
@Suite struct URLNormalizerKnownIssueTests {
    // KI-1. "http://a:b:/" has authority "a:b:"; the last ':' gives an empty port, so the host becomes "a:b"
    // (':' is not rejected in a non-bracketed host) and the output is "http://a:b/". Normalising that again
    // reads port "b", which is not digits, and returns nil: the index key is not a fixed point, so an
    // indicator entered as the stored URL never matches.
    @Test(arguments: ["http://a:b:/", "http://bulkmail2.sun.cbelow:http://lists.ximian.ecom/mailman/listinfo/uom"])
    func normalizedURLIsAFixedPoint(raw: String) {
        withKnownIssue("KI-1: URLNormalizer keeps ':' in a host when the port after the last ':' is empty") {
            let once = URLNormalizer.normalize(raw)
            #expect(once.map { URLNormalizer.normalize($0) == $0 } ?? true, "normalize(\(raw)) = \(String(describing: once))")
        }
    }

    // KI-1 as the fuzzer met it: a URL in a text body.
    @Test func extractedURLsAreFixedPoints() throws {
        let raw = "From: a@example.test\r\nSubject: x\r\n\r\nsee http://a:b:/x\r\n"
        let message = try MailParser.parse(Array(raw.utf8))
        #expect(!message.urls.isEmpty)
        withKnownIssue("KI-1: URLNormalizer keeps ':' in a host when the port after the last ':' is empty") {
            for url in message.urls {
                #expect(URLNormalizer.normalize(url.url) == url.url, "stored \(url.url) from \(url.original)")
            }
        }
    }
}
