import Foundation
import Testing
@testable import QuellMail

@Suite struct ConcurrencyAndArchiveTests {
    /// libmagic handles are not thread-safe; libpsl, libidn2, libarchive and iconv are used
    /// per call. Four threads parse every fixture at once and must agree with one thread.
    @Test func parsingFromFourThreadsMatchesSerialParsing() throws {
        let names = GoldenTests.names
        let inputs = try names.map { try Fixture.bytes($0 + ".eml") }
        let serial = try inputs.map { try GoldenSnapshot(MailParser.parse($0)).encoded() }
        final class Results: @unchecked Sendable {
            // Each thread writes only its own slot; read after concurrentPerform returns.
            var slots: [[Data?]]
            init(threads: Int, count: Int) { slots = Array(repeating: Array(repeating: nil, count: count), count: threads) }
        }
        let results = Results(threads: 4, count: inputs.count)
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            for _ in 0..<3 {
                for (i, input) in inputs.enumerated() {
                    results.slots[t][i] = try? GoldenSnapshot(MailParser.parse(input)).encoded()
                }
            }
        }
        for t in 0..<4 {
            for i in inputs.indices {
                #expect(results.slots[t][i] == serial[i], "thread \(t) differs on \(names[i])")
            }
        }
    }

    @Test func archiveMemberLimitTruncatesWithDefect() throws {
        var limits = MailParseLimits.default
        limits.archiveMembersMax = 2
        let m = try MailParser.parse(Fixture.bytes("zip_attachment.eml"), limits: limits)
        let zip = try #require(m.attachments.first)
        #expect(zip.archiveMembers.map(\.path) == ["docs/hello.txt", "notes.txt"])
        #expect(zip.defects == [.archiveMemberLimitReached])
        #expect(m.defects.contains(.archiveMemberLimitReached))
    }

    @Test func archiveDepthOneDoesNotOpenNestedArchives() throws {
        var limits = MailParseLimits.default
        limits.archiveDepthMax = 1
        let m = try MailParser.parse(Fixture.bytes("zip_attachment.eml"), limits: limits)
        let zip = try #require(m.attachments.first)
        #expect(zip.archiveMembers.allSatisfy { $0.depth == 1 })
        #expect(zip.defects == [.archiveNestingLimitReached])
    }

    @Test func archiveMemberAndExpandedBytesLimits() throws {
        var limits = MailParseLimits.default
        limits.archiveMemberBytesMax = 30
        var m = try MailParser.parse(Fixture.bytes("zip_attachment.eml"), limits: limits)
        var members = try #require(m.attachments.first).archiveMembers
        #expect(members.first { $0.path == "docs/hello.txt" }?.sha256 == nil)
        #expect(members.first { $0.path == "notes.txt" }?.sha256 != nil)
        #expect(m.defects.contains(.archiveMemberTooLarge))

        limits = .default
        limits.archiveExpandedBytesMax = 100
        m = try MailParser.parse(Fixture.bytes("zip_attachment.eml"), limits: limits)
        members = try #require(m.attachments.first).archiveMembers
        #expect(members.count < 4)
        #expect(m.defects.contains(.archiveExpandedLimitReached))
    }

    @Test func damagedArchiveIsADefectNotAnError() throws {
        let good = try MailParser.parse(Fixture.bytes("zip_attachment.eml"))
        let body = try #require(good.root.leaves.last).body
        // A zip cut after its first member's header: libmagic still says zip, libarchive fails.
        let truncated = Data(body.prefix(70)).base64EncodedString()
        let raw = "From: a@example.com\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
            + "Content-Type: application/zip; name=x.zip\nContent-Transfer-Encoding: base64\n\n\(truncated)\n--b--\n"
        let m = try MailParser.parse(Array(raw.utf8))
        let a = try #require(m.attachments.first)
        #expect(a.detectedType == "application/zip")
        #expect(a.archiveMembers.allSatisfy { $0.sha256 == nil })
        #expect(a.defects == [.archiveUnsupported])
        #expect(m.defects.contains(.archiveUnsupported))
    }

    @Test func unwrappingKeepsUnknownHostsAndRejectsBadTargets() {
        #expect(URLExtractor.extract(fromText: "https://www.google.com/url?q=javascript:alert(1)").map(\.rewriter) == [.googleRedirect])
        #expect(URLExtractor.extract(fromText: "https://www.google.com/url?q=javascript:alert(1)").first?.isUnwrapped == false)
        #expect(URLExtractor.extract(fromText: "https://google.evil.example/url?q=https://x.example/").first?.rewriter == nil)
        let nested = "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.google.com%2Furl%3Fq%3Dhttps%3A%2F%2Fdeep.example.org%2F"
        let u = URLExtractor.extract(fromText: nested)
        #expect(u.map(\.url) == ["https://deep.example.org/"])
        #expect(u.first?.rewriter == .microsoftSafeLinks)
        #expect(u.first?.registrableDomain == "example.org")
    }

    @Test func ipAddressClassification() {
        for ip in ["10.1.2.3", "127.0.0.1", "192.168.1.1", "172.20.0.1", "100.64.0.1", "169.254.1.1", "::1", "fe80::1", "fd00::1",
                   "2001:db8::1", "::ffff:10.0.0.1", "192.0.2.7"] {
            #expect(IPAddress.parse(ip).map(IPAddress.isPublic) == false, "\(ip)")
        }
        for ip in ["81.2.69.142", "8.8.8.8", "2a01:4f8::1", "::ffff:8.8.4.4"] {
            #expect(IPAddress.parse(ip).map(IPAddress.isPublic) == true, "\(ip)")
        }
        #expect(IPAddress.parse("1.2.3") == nil)
        #expect(IPAddress.parse("999.1.1.1") == nil)
    }
}
