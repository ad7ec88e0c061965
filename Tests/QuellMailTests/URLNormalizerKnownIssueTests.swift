import Testing
@testable import QuellMail

/// Reproducers for bugs FuzzMailParser found, kept as regression tests once fixed.
@Suite struct URLNormalizerFuzzRegressionTests {
    // KI-1 (fixed): "http://a:b:/" has authority "a:b:"; the last ':' gave an empty port and the host "a:b",
    // so the output "http://a:b/" did not normalise again. A ':' in a non-bracketed host is now refused.
    @Test(arguments: ["http://a:b:/", "http://bulkmail2.sun.cbelow:http://lists.ximian.ecom/mailman/listinfo/uom"])
    func normalizedURLIsAFixedPoint(raw: String) {
        let once = URLNormalizer.normalize(raw)
        #expect(once == nil)
        #expect(once.map { URLNormalizer.normalize($0) == $0 } ?? true, "normalize(\(raw)) = \(String(describing: once))")
    }

    @Test func validPortsStillWork() {
        #expect(URLNormalizer.normalize("http://Example.com:8080/a") == "http://example.com:8080/a")
        #expect(URLNormalizer.normalize("http://example.com:/a") == "http://example.com/a")
        #expect(URLNormalizer.normalize("http://[::1]:80/") == "http://[::1]/")
    }

    // KI-2 (fixed): a host with a NUL and a non-ASCII byte went to libidn2 as a C string, which ended
    // at the NUL: "www.lockergnome.\0…¤…" became "www.lockergnome." and kept its trailing dot, so the
    // output did not normalise again. Control bytes are now refused before IDNA, and a trailing dot
    // is dropped after it too.
    @Test(arguments: ["http://www.lockergnome.\0\0\0\0\0\0\u{A4}\u{13}ons.html#syndicate", "http://a.example.\0\u{E9}/", "http://\u{E9}x.example\u{3002}/"])
    func hostsWithControlBytesOrIDNADotsAreFixedPoints(raw: String) {
        let once = URLNormalizer.normalize(raw)
        #expect(once.map { URLNormalizer.normalize($0) == $0 } ?? true, "normalize(\(raw)) = \(String(describing: once))")
        if raw.utf8.contains(0) { #expect(once == nil) }
    }

    // KI-2 as the fuzzer met it: the link in an href.
    @Test func hrefWithNULInHostIsDropped() throws {
        let raw = "From: a@example.test\r\nContent-Type: text/html\r\n\r\n"
            + "<a href=\"http://www.lockergnome.\0\0\u{A4}\u{13}ons.html#x\">Tips</a> <a href=\"http://ok.example/\">ok</a>\r\n"
        let message = try MailParser.parse(Array(raw.utf8))
        #expect(message.urls.map(\.url) == ["http://ok.example/"])
    }

    // KI-1 as the fuzzer met it: a URL in a text body.
    @Test func extractedURLsAreFixedPoints() throws {
        let raw = "From: a@example.test\r\nSubject: x\r\n\r\nsee http://a:b:/x and http://ok.example:81/y\r\n"
        let message = try MailParser.parse(Array(raw.utf8))
        #expect(message.urls.map(\.url) == ["http://ok.example:81/y"])
        for url in message.urls {
            #expect(URLNormalizer.normalize(url.url) == url.url, "stored \(url.url) from \(url.original)")
        }
    }
}
