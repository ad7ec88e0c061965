import Foundation
import Testing
@testable import QuellMail

@Suite struct MailParserFixtureTests {
    @Test func simpleTextMessage() throws {
        let m = try Fixture.parse("simple.eml")
        #expect(m.messageID == "abc123@mail.example.com")
        #expect(m.subject == "Quarterly report is ready")
        #expect(m.headers.first("subject")?.rawValue == "Quarterly report\n is ready".replacingOccurrences(of: "\n", with: ""))
        #expect(m.from == [MailAddress(displayName: "Alice Example", address: "Alice@example.com")])
        #expect(m.to == [
            MailAddress(displayName: "Bob", address: "bob@example.org"),
            MailAddress(displayName: "Carol C", address: "carol@example.org"),
        ])
        #expect(m.cc == [
            MailAddress(displayName: nil, address: "dave@example.org"),
            MailAddress(displayName: "Eve, E.", address: "eve@example.org"),
        ])
        #expect(m.returnPath == "bounce@example.com")
        #expect(m.date == Date(timeIntervalSince1970: 1_717_408_800))
        let received = m.headers.all("Received").map(\.rawValue)
        #expect(received.count == 2)
        #expect(received[0] == "from mx1.example.net (mx1.example.net [192.0.2.1])\tby mail.example.org with ESMTP id 1111;\tMon, 3 Jun 2024 10:00:02 +0000")
        #expect(received[1].hasPrefix("from sender.example.com by mx1.example.net"))
        #expect(m.headers.fields.map(\.name) == ["Received", "Received", "Return-Path", "From", "To", "Cc", "Subject", "Date", "Message-ID", "MIME-Version"])
        #expect(m.textBody.hasPrefix("Hi Bob,\n\nThe report is at https://reports.example.com/q2?id=7&x=1."))
        #expect(m.urls.map(\.url) == [
            "https://reports.example.com/q2?id=7&x=1",
            "http://example.com/path/To/File.html",
            "http://www.example.net/info",
            "ftp://files.example.org/pub/readme.txt",
        ])
        #expect(m.urls.map(\.original) == [
            "https://reports.example.com/q2?id=7&x=1",
            "http://Example.COM:80/path/To/File.html",
            "www.example.net/info",
            "ftp://files.example.org/pub/readme.txt",
        ])
        #expect(m.urls.allSatisfy { $0.source == .text && $0.anchorText == nil })
        #expect(m.htmlBody == nil)
        #expect(m.attachments.isEmpty)
        let raw = try Fixture.bytes("simple.eml")
        #expect(m.sizeBytes == raw.count)
        #expect(m.sha256 == SHA256.hex(raw))
        #expect(m.root.contentType.mimeType == "text/plain")
        #expect(m.root.children.isEmpty)
    }

    @Test func alternativeWithQuotedPrintableAndBase64() throws {
        let m = try Fixture.parse("alternative.eml")
        #expect(m.subject == "Your account is locked 🔒")
        #expect(m.date == Date(timeIntervalSince1970: 1_717_503_300))
        #expect(m.root.contentType.mimeType == "multipart/alternative")
        #expect(m.root.children.map(\.contentType.mimeType) == ["text/plain", "text/html"])
        #expect(m.root.children.map(\.transferEncoding) == [.quotedPrintable, .base64])
        #expect(m.textBody == "Hello,\nPlease verify your account at https://login.example-bank.com/verify/account-update-now?session=abcdefghijklmnopqrstuvwxyz0123456789 today.\nThanks\n")
        #expect(m.htmlBody?.hasPrefix("<html><head><title>Bank</title>") == true)
        #expect(m.htmlText == "Dear customer,\n\nVerify & continue")
        #expect(m.urls == [
            ExtractedURL(url: "https://login.example-bank.com/verify/account-update-now?session=abcdefghijklmnopqrstuvwxyz0123456789",
                         original: "https://login.example-bank.com/verify/account-update-now?session=abcdefghijklmnopqrstuvwxyz0123456789",
                         source: .text),
            ExtractedURL(url: "https://login.example-bank.com/verify", original: "https://login.example-bank.com/verify",
                         source: .htmlHref, anchorText: "Verify & continue"),
            ExtractedURL(url: "http://img.example-cdn.net/logo.png", original: "http://img.example-cdn.net/logo.png", source: .htmlSrc),
        ])
        #expect(!m.urls.contains { $0.url.contains("epilogue") })
    }

    @Test func nestedMixedWithAttachment() throws {
        let m = try Fixture.parse("mixed_attachment.eml")
        #expect(m.root.children.count == 3)
        #expect(m.root.children[0].children.map(\.contentType.mimeType) == ["text/plain", "text/html"])
        #expect(m.textBody == "Café invoice attached. Pay at http://pay.example.com/inv/42")
        #expect(m.htmlBody == "<p>Café invoice</p>")
        #expect(m.htmlText == "Café invoice")
        #expect(m.urls.map(\.url) == ["http://pay.example.com/inv/42"])
        // Expected hash from `sha256sum` of the decoded attachment bytes.
        #expect(m.attachments == [
            // The "PDF" is filler bytes and the PNG only its 8-byte signature, so libmagic
            // (rightly) does not call them PDF and PNG.
            Attachment(filename: "Rechnung März.pdf", contentType: "application/pdf", size: 2573,
                       sha256: "fecaba8aceebf0fd4f7f6f8296881344ce60badd34a30d0b6a7caf8031964039", detectedType: "image/x-tga"),
            Attachment(filename: nil, contentType: "image/png", size: 8,
                       sha256: SHA256.hex([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] as [UInt8]),
                       detectedType: "application/octet-stream"),
        ])
        let pdf = m.root.children[1]
        #expect(pdf.disposition == .attachment)
        #expect(pdf.isAttachment)
        #expect(pdf.body.count == 2573)
        #expect(m.root.children[2].disposition == .inline)
        #expect(m.root.children[0].children[0].charset == "iso-8859-1")
    }

    @Test func embeddedMessageURLsAreExtracted() throws {
        let m = try Fixture.parse("rfc822.eml")
        #expect(m.textBody == "Please look at the attached message.")
        let part = m.root.children[1]
        #expect(part.contentType.mimeType == "message/rfc822")
        let inner = try #require(part.embeddedMessage)
        #expect(inner.subject == "Konto gesperrt ä")
        #expect(inner.from == [MailAddress(displayName: "PayPal", address: "service@paypa1.example")])
        #expect(inner.messageID == "inner-1@paypa1.example")
        #expect(inner.urls.map(\.url) == ["https://paypa1.example/login"])
        #expect(m.urls == [ExtractedURL(url: "https://paypa1.example/login", original: "https://paypa1.example/login",
                                        source: .htmlHref, anchorText: "Log in")])
        #expect(m.attachments.count == 1)
        #expect(m.attachments.first?.filename == "phish.eml")
        #expect(m.attachments.first?.contentType == "message/rfc822")
        #expect(m.attachments.first?.size == part.body.count)
        #expect(m.embeddedMessages.count == 1)
        #expect(m.textBody.contains("paypa1") == false)
    }

    @Test func mboxFromLineAndLFOnly() throws {
        let m = try Fixture.parse("mbox_lf.eml")
        #expect(m.headers.fields.first?.name == "From")
        #expect(m.from.map(\.address) == ["sender@example.com"])
        #expect(m.subject == "mbox style")
        #expect(m.date == Date(timeIntervalSince1970: 1_310_141_280))
        #expect(m.urls.map(\.url) == ["http://mbox.example.com/a_b(c)"])
        #expect(m.defects.contains(.mboxFromLineSkipped))
    }

    @Test func missingFinalBoundary() throws {
        let m = try Fixture.parse("missing_final_boundary.eml")
        #expect(m.root.children.count == 2)
        #expect(m.textBody == "first part\nsecond part http://second.example.com/\n")
        #expect(m.urls.map(\.url) == ["http://second.example.com/"])
        #expect(m.defects.contains(.missingFinalBoundary))
    }

    @Test func boundaryThatIsAPrefixOfAnother() throws {
        let m = try Fixture.parse("boundary_prefix.eml")
        #expect(m.root.children.count == 2)
        #expect(m.root.children[0].contentType.mimeType == "multipart/alternative")
        #expect(m.root.children[0].children.count == 2)
        #expect(m.textBody == "plain one\nplain two\n--=_bogus\nnot a boundary line")
        #expect(m.htmlBody == "<b>html one</b>")
        #expect(!m.defects.contains(.missingFinalBoundary))
    }

    @Test func base64WithJunkAndNoPadding() throws {
        let m = try Fixture.parse("base64_junk.eml")
        #expect(m.root.body == Array("Hello, world!".utf8))
        #expect(m.textBody == "Hello, world!")
        #expect(m.defects.contains(.invalidBase64))
    }

    @Test func htmlEntitiesAndAnchorText() throws {
        let m = try Fixture.parse("html_entities.eml")
        #expect(m.urls == [
            ExtractedURL(url: "https://entity.example.com/a?b=1&c=2", original: "https://entity.example.com/a?b=1&c=2",
                         source: .htmlHref, anchorText: "Click here now"),
            ExtractedURL(url: "https://single.example.com/path", original: "https://single.example.com/path#frag",
                         source: .htmlHref, anchorText: "single"),
            ExtractedURL(url: "http://unquoted.example.com/u", original: "http://unquoted.example.com/u",
                         source: .htmlHref, anchorText: "unquoted"),
            ExtractedURL(url: "https://collect.example.net/post.php", original: "https://collect.example.net/post.php",
                         source: .htmlForm),
            ExtractedURL(url: "http://www.visible-text.example.org/", original: "www.visible-text.example.org",
                         source: .text),
        ])
        #expect(m.htmlText == "Hello & welcome <user> ☺ été\nClick here now single unquoted mail js rel\n\nVisit www.visible-text.example.org today.")
        #expect(m.htmlText?.contains("script.example.com") == false)
    }

    @Test func dataOverloadMatchesBytes() throws {
        let raw = try Fixture.bytes("simple.eml")
        let a = try MailParser.parse(Data(raw))
        let b = try MailParser.parse(raw)
        #expect(a.urls == b.urls)
        #expect(a.sha256 == b.sha256)
    }
}
