import Testing
@testable import QuellMail

@Suite struct URLTests {
    @Test(arguments: [
        ("HTTP://Example.COM", "http://example.com/"),
        ("  https://Example.com:443/A/b?Q=1#frag  ", "https://example.com/A/b?Q=1"),
        ("http://example.com:80", "http://example.com/"),
        ("http://example.com:8080/x", "http://example.com:8080/x"),
        ("https://example.com:80/", "https://example.com:80/"),
        ("www.Example.org/path", "http://www.example.org/path"),
        ("WWW.example.org", "http://www.example.org/"),
        ("//cdn.example.net/a.js", "http://cdn.example.net/a.js"),
        ("http://example.com./x", "http://example.com/x"),
        ("http://example.com?q=1", "http://example.com/?q=1"),
        ("http://example.com/a b?c d", "http://example.com/a%20b?c%20d"),
        ("http://example.com/pfad/größe?q=ü", "http://example.com/pfad/gr%C3%B6%C3%9Fe?q=%C3%BC"),
        ("http://example.com/%7Euser/../A%2f", "http://example.com/%7Euser/../A%2f"),
        ("http://user:pw@Example.com/", "http://user:pw@example.com/"),
        ("http://paypal.com@Evil.example/", "http://paypal.com@evil.example/"),
        ("http://[2001:DB8::1]:8080/x", "http://[2001:db8::1]:8080/x"),
        ("https://BÜCHER.example/", "https://xn--bcher-kva.example/"),
        ("http://bücher.example/", "http://xn--bcher-kva.example/"),
        ("http://Xn--Bcher-Kva.Example/a", "http://xn--bcher-kva.example/a"),
        ("ftp://Files.example.org:21/pub", "ftp://files.example.org/pub"),
        ("http://example.com/#only-fragment", "http://example.com/"),
    ])
    func normalize(input: String, expected: String) {
        #expect(URLNormalizer.normalize(input) == expected)
    }

    @Test(arguments: ["", "   ", "mailto:a@example.com", "/relative/path", "example.com/path", "http://", "http:///", "http://:80/",
                      "http://exa mple.com/", "http://example.com:abc/", "javascript:alert(1)"])
    func normalizeRejects(input: String) {
        #expect(URLNormalizer.normalize(input) == nil)
    }

    @Test func textExtractionTrimsPunctuation() {
        let text = """
        See (https://example.com/a_(b)) and https://example.com/x.
        "http://quoted.example.com/q" 'www.single.example.com/'; <https://angle.example.com/p?x=1>
        Wikipedia: https://en.wikipedia.org/wiki/Foo_(bar), done!
        xhttp://not.example.com notwww.example.com https://nbsp.example.com/\u{00A0}tail
        """
        #expect(URLExtractor.extract(fromText: text).map(\.original) == [
            "https://example.com/a_(b)",
            "https://example.com/x",
            "http://quoted.example.com/q",
            "www.single.example.com/",
            "https://angle.example.com/p?x=1",
            "https://en.wikipedia.org/wiki/Foo_(bar)",
            "https://nbsp.example.com/",
        ])
    }

    @Test func htmlLinkSourcesAndFilters() {
        let html = """
        <a href="https://a.example.com/">A<img src="https://img.example.com/i.png"></a>
        <a href=" https://a.example.com/ ">dup</a>
        <table background="http://bg.example.com/b.jpg"><tr><td>cell</td></tr></table>
        <iframe SRC=https://frame.example.com/></iframe>
        <button formaction="https://fa.example.com/">b</button>
        <a href="tel:+123">t</a><a href="cid:x">c</a><a href="data:text/html,x">d</a><a href="#top">top</a>
        <a href="h&#x74;tp://split&#46;example&#46;com/p">entity host</a>
        <a href="https://tab.exa\tmple.com/">tab</a>
        """
        let urls = URLExtractor.extract(fromHTML: html)
        #expect(urls.map(\.url) == [
            "https://a.example.com/", "https://img.example.com/i.png", "https://a.example.com/",
            "http://bg.example.com/b.jpg", "https://frame.example.com/", "https://fa.example.com/",
            "http://split.example.com/p", "https://tab.example.com/",
        ])
        #expect(urls.map(\.source) == [.htmlHref, .htmlSrc, .htmlHref, .htmlSrc, .htmlSrc, .htmlForm, .htmlHref, .htmlHref])
        #expect(urls[0].anchorText == "A")
        #expect(urls[2].anchorText == "dup")
        #expect(urls[6].anchorText == "entity host")
    }

    @Test func anchorTextIsCapped() {
        let long = String(repeating: "word ", count: 100)
        let urls = URLExtractor.extract(fromHTML: "<a href='http://x.example.com/'>\(long)</a>")
        #expect(urls.first?.anchorText?.count == 200)
        #expect(urls.first?.anchorText?.hasPrefix("word word") == true)
    }

    @Test func htmlRendering() {
        let html = "<html><head><title>T</title><style>.a{}</style><script>x()</script></head><body>"
            + "<h1>Title</h1><p>One&nbsp;two&#8203;three</p>line<br>break<br><br>gap<ul><li>a</li><li>b</li></ul>"
            + "<table><tr><td>c1</td><td>c2</td></tr></table>&unknown; &#x1F600; &#150; &#0;</body></html>"
        #expect(HTMLText.render(html) == "Title\n\nOne twothree\n\nline\nbreak\n\ngap\na\nb\nc1 c2\n&unknown; 😀 – \u{FFFD}")
    }

    @Test func htmlWithoutHeadCloseStillRendersBody() {
        #expect(HTMLText.render("<head><title>x</title><div>visible</div>") == "visible")
        #expect(HTMLText.render("<script>never closed http://x.example.com") == "")
        #expect(HTMLText.render("a < b & c") == "a < b & c")
    }

    @Test func urlCapIsApplied() throws {
        var body = ""
        for i in 0..<30 { body += "http://h\(i).example.com/\n" }
        let raw = "From: a@example.com\nSubject: many\n\n" + body
        var limits = MailParseLimits.default
        limits.urlsPerMessageMax = 10
        let m = try MailParser.parse(Array(raw.utf8), limits: limits)
        #expect(m.urls.count == 10)
        #expect(m.urls.last?.url == "http://h9.example.com/")
        #expect(m.defects.contains(.urlLimitReached))
    }

    @Test func quotedPrintableSoftBreakInsideURL() throws {
        let raw = "From: a@example.com\nSubject: qp\nContent-Transfer-Encoding: quoted-printable\n\nGo to http://qp.exa=\nmple.com/pa=\r\nth?a=3D1 now"
        let m = try MailParser.parse(Array(raw.utf8))
        #expect(m.urls.map(\.url) == ["http://qp.example.com/path?a=1"])
    }

    @Test func formatFlowedJoinsSplitURL() throws {
        let raw = "From: a@example.com\nSubject: flowed\nContent-Type: text/plain; format=flowed; delsp=yes\n\nhttp://flowed.example.com/very/ \nlong/path end\n"
        let m = try MailParser.parse(Array(raw.utf8))
        #expect(m.urls.map(\.url) == ["http://flowed.example.com/very/long/path"])
    }
}
