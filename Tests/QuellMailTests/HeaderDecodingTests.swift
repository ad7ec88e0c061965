import Foundation
import Testing
@testable import QuellMail

@Suite struct HeaderDecodingTests {
    @Test(arguments: [
        ("=?UTF-8?B?SGVsbG8gV29ybGQ=?=", "Hello World"),
        ("=?utf-8?b?SGVsbG8gV29ybGQ?=", "Hello World"),  // lowercase, no padding
        ("=?ISO-8859-1?Q?Caf=E9_cr=E8me?=", "Café crème"),
        ("=?iso-8859-1?q?Gr=FC=DFe?= aus Berlin", "Grüße aus Berlin"),
        ("=?UTF-8?Q?a?= =?UTF-8?Q?b?=", "ab"),
        ("=?UTF-8?Q?a?=\t  =?UTF-8?Q?b?= c", "ab c"),
        ("x =?UTF-8?Q?a?= y", "x a y"),
        // A UTF-8 character split across two adjacent words.
        ("=?UTF-8?B?4pyU?= =?UTF-8?B?8J+Y?= =?UTF-8?B?gA==?=", "✔😀"),
        ("=?windows-1251?B?z/Do4uXy?=", "Привет"),
        ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ("=?iso-8859-15?Q?=A4uro?=", "€uro"),
        ("=?windows-1252?Q?=93quoted=94?=", "\u{201C}quoted\u{201D}"),
        ("=?utf-8*en?Q?lang?=", "lang"),
        ("=?x-unknown-charset?Q?plain?=", "plain"),
        ("=?UTF-8?X?bad?=", "=?UTF-8?X?bad?="),
        ("=?UTF-8?Q?unterminated", "=?UTF-8?Q?unterminated"),
        ("=??Q?nocharset?=", "=??Q?nocharset?="),
        ("no encoded words", "no encoded words"),
    ])
    func encodedWords(input: String, expected: String) {
        #expect(HeaderField(name: "Subject", rawValue: input).decodedValue == expected)
    }

    @Test func foldedHeadersAndObsoleteColonSpacing() throws {
        let raw = "From: a@example.com\nSubject : folded\n\tacross\n  three lines\nX-Empty:\nTo: b@example.com\n\nbody"
        let m = try MailParser.parse(Array(raw.utf8))
        #expect(m.subject == "folded\tacross  three lines")
        #expect(m.headers.first("SUBJECT")?.name == "Subject")
        #expect(m.headers.first("x-empty")?.rawValue == "")
        #expect(m.textBody == "body")
    }

    @Test func junkLineInsideHeaderSectionIsSkipped() throws {
        let raw = "From: a@example.com\nthis line has no colon\nSubject: still a header\n\nbody text"
        let m = try MailParser.parse(Array(raw.utf8))
        #expect(m.subject == "still a header")
        #expect(m.textBody == "body text")
        #expect(m.defects.contains(.invalidHeaderLineSkipped))
    }

    @Test func missingBlankLineStartsBody() throws {
        let raw = "From: a@example.com\nSubject: x\nThis is the body, not a header\nsecond line"
        let m = try MailParser.parse(Array(raw.utf8))
        #expect(m.headers.count == 2)
        #expect(m.textBody == "This is the body, not a header\nsecond line")
        #expect(m.defects.contains(.missingHeaderBodySeparator))
    }

    @Test func rawUTF8AndLatin1HeaderValues() throws {
        var raw = Array("From: \"Jörg\" <j@example.com>\nSubject: caf".utf8)
        raw.append(0xE9)  // Latin-1 é, invalid as UTF-8
        raw += Array("\n\n".utf8)
        let m = try MailParser.parse(raw)
        #expect(m.from.first?.displayName == "Jörg")
        #expect(m.subject == "café")
    }

    @Test func addressLists() {
        #expect(AddressListParser.parse("=?UTF-8?Q?J=C3=B6rg_M?= <jm@EXAMPLE.de>, \"Last, First\" <lf@Example.com>") == [
            MailAddress(displayName: "Jörg M", address: "jm@example.de"),
            MailAddress(displayName: "Last, First", address: "lf@example.com"),
        ])
        #expect(AddressListParser.parse("undisclosed-recipients:;") == [])
        #expect(AddressListParser.parse("<@relay.example:user@Host.Example>") == [MailAddress(displayName: nil, address: "user@host.example")])
        #expect(AddressListParser.parse("jm@jmason.org (Justin Mason)") == [MailAddress(displayName: "Justin Mason", address: "jm@jmason.org")])
        #expect(AddressListParser.parse("MAILER-DAEMON") == [MailAddress(displayName: nil, address: "MAILER-DAEMON")])
        #expect(AddressListParser.parse("") == [])
    }

    @Test(arguments: [
        ("Mon, 2 Sep 2002 12:34:56 -0400", 1_030_984_496.0),
        ("2 Sep 2002 12:34:56 EDT", 1_030_984_496.0),
        ("Mon, 02 Sep 02 16:34:56 GMT", 1_030_984_496.0),
        ("Mon, 2 Sep 2002 16:34:56 +0000 (UTC)", 1_030_984_496.0),
        ("Mon,  2 Sep 2002 18:34:56 +0200", 1_030_984_496.0),
        ("Mon Sep  2 16:34:56 2002", 1_030_984_496.0),
        ("02-Sep-2002 16:34:56 Z", 1_030_984_496.0),
        ("Fri, 31 Dec 1999 23:59 +0000", 946_684_740.0),
        ("Fri, 31 Dec 99 18:59 EST", 946_684_740.0),
        ("Fri, 31 Dec 1999 23:59:00 A", 946_684_740.0),
        ("Mon, 2 Sep 2002 16:34:56+0000", 1_030_984_496.0),
        ("Mon, 2 Sep 2002 16:34:56z", 1_030_984_496.0),
        ("Mon, 2 Sep 2002 16:34:56.123 +0000", 1_030_984_496.0),
        ("Mon, 2 Sep 2002 16:34 +0000 pdt cest", 1_030_984_440.0),
        ("Mon, 2 Sep 2002 16:34:56 CEST", 1_030_977_296.0),
    ])
    func dates(input: String, epoch: Double) {
        #expect(MailDateParser.parse(input) == Date(timeIntervalSince1970: epoch))
    }

    @Test func arcAuthenticationResults() throws {
        let arc = try #require(SenderHeaderParser.arcAuthenticationResults(
            " i=2; mx.microsoft.com 1; spf=pass (sender ip is 52.100.163.201) smtp.mailfrom=eagleacct.com;\r\n dkim=fail (signature did not verify) header.d=txbo.onmicrosoft.com; arc=fail (48)"))
        #expect(arc.instance == 2)
        #expect(arc.results.authservID == "mx.microsoft.com")
        #expect(arc.results.results.map(\.method) == ["spf", "dkim", "arc"])
        #expect(arc.results.results.map(\.result) == ["pass", "fail", "fail"])
        #expect(SenderHeaderParser.arcAuthenticationResults("I = 50 ; mx.example; dmarc=pass")?.instance == 50)
        for bad in ["mx.example; spf=pass", "i=0; mx.example; spf=pass", "i=51; mx.example; spf=pass", "i=; mx; spf=pass",
                    "i=1 mx.example; spf=pass", "i=1234; mx; spf=pass", ""] {
            #expect(SenderHeaderParser.arcAuthenticationResults(bad) == nil, "\(bad)")
        }
    }

    @Test func groupedLookupMatchesOneLookupPerName() {
        let list = HeaderList([HeaderField(name: "received", rawValue: "1"), HeaderField(name: "To", rawValue: "a"),
                               HeaderField(name: "RECEIVED", rawValue: "2"), HeaderField(name: "X-To", rawValue: "x"),
                               HeaderField(name: "to", rawValue: "b"), HeaderField(name: "Subject", rawValue: "s")])
        let names = ["To", "Received", "Cc", "subject"]
        #expect(list.grouped(names) == names.map { list.all($0) })
        #expect(list.grouped(names).map { $0.map(\.rawValue) } == [["a", "b"], ["1", "2"], [], ["s"]])
    }

    @Test func invalidDates() {
        #expect(MailDateParser.parse("") == nil)
        #expect(MailDateParser.parse("yesterday") == nil)
        #expect(MailDateParser.parse("Mon, 45 Foo 2002 12:00:00") == nil)
        #expect(MailDateParser.parse("Mon, 2 Sep 2002 25:00:00 +0000") == nil)
    }

    /// Tokens whose ':' belongs to the zone, or that have too many parts, set no time: the date
    /// stays at midnight (found by FuzzMailParser: "12+00:00" once made an inverted range).
    @Test(arguments: ["Mon, 2 Sep 2002 12+00:00", "2 Sep 2002 1:2:3:4", "2 Sep 2002 :", "2 Sep 2002 -:", "2 Sep 2002 ::"])
    func timesThatAreNotTimes(input: String) {
        #expect(MailDateParser.parse(input) == Date(timeIntervalSince1970: 1_030_924_800))
    }

    /// Random tokens from the pieces dates are made of: parsing never traps, and a date that
    /// parses lies in the years the parser accepts.
    @Test func randomDatesNeverTrap() {
        let pieces = ["Mon", ",", " ", "2", "02", "2002", "99", "Sep", ":", "12", "34", "56", "+", "-", "0000", "0200", "z", "Z",
                      "GMT", "pdt", "(", ")", "T", "/", ".", "A", "\t", "\u{0}", "é", "12:34", "+00:00"]
        var rng = SplitMix64(seed: 2002)
        var parsed = 0
        for _ in 0..<50_000 {
            var text = rng.next() % 4 == 0 ? "" : "2 Sep 2002 "
            for _ in 0..<Int(rng.next() % 12) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
            if let date = MailDateParser.parse(text) {
                parsed += 1
                #expect(date.timeIntervalSince1970 > -32_000_000_000 && date.timeIntervalSince1970 < 254_000_000_000, "\(text)")
            }
        }
        #expect(parsed > 10_000)
    }

    @Test func contentTypeParameters() {
        let ct = ContentType(headerValue: "Multipart/Mixed; BOUNDARY=\"a;b\\\"c\"; charset=UTF-8; name=my file.pdf")
        #expect(ct.mimeType == "multipart/mixed")
        #expect(ct.parameters == ["boundary": "a;b\"c", "charset": "UTF-8", "name": "my file.pdf"])
        #expect(ct.charset == "utf-8")
        #expect(ContentType(headerValue: "text").mimeType == "text/plain")
        #expect(ContentType(headerValue: "garbage").mimeType == "text/plain")
        #expect(ContentType(headerValue: "").mimeType == "text/plain")
        let c2231 = ContentType(headerValue: "application/pdf; name*0*=utf-8''Rech; name*1*=nung%20M%C3%A4rz; name*2=.pdf")
        #expect(c2231.parameters["name"] == "Rechnung März.pdf")
    }
}
