import Foundation
import QuellCore
@testable import QuellEngine
import Testing

@Suite struct MailImporterTests {
    static func message(_ n: Int, body: String = "hello") -> String {
        "From: sender\(n)@example.test\nTo: user@acme.test\nSubject: Message \(n)\nMessage-ID: <m\(n)@example.test>\n\n\(body) \(n)\n"
    }

    static func mbox(_ range: Range<Int>) -> String {
        range.map { "From sender\($0)@example.test Thu Dec  3 08:00:00 2026\n" + message($0) + "\n" }.joined()
    }

    @Test func mboxImportResumesAfterAnInterruptionAndNoticesAReplacedFile() throws {
        let f = try Fixture()
        let path = f.directory.appendingPathComponent("archive.mbox")
        try Data(Self.mbox(0..<3).utf8).write(to: path)
        let importer = MailImporter(service: f.service, tenant: f.tenant, mailbox: "archive@acme.test")
        let first = try importer.run(.mbox(path.path))
        #expect(first.added == 3 && first.seen == 3 && first.resumed == 0 && first.failed == 0)
        // More mail appended: only the new messages are read.
        try Data(Self.mbox(0..<5).utf8).write(to: path)
        let second = try importer.run(try ImportSource.detect(path.path))
        #expect(second.added == 2 && second.seen == 2 && second.resumed == 3)
        // A different file under the same name: read again from the start; content already indexed is known.
        try Data((Self.mbox(5..<6) + Self.mbox(0..<2)).utf8).write(to: path)
        let third = try importer.run(.mbox(path.path))
        #expect(third.added == 1 && third.known == 2 && third.resumed == 0)
        #expect(try f.service.store.read { try $0.messageCount(f.tenant) } == 6)
        let found = try f.service.store.read { try $0.searchMessages(f.tenant, query: "hello", limit: 100) }
        #expect(found.count == 6 && found.allSatisfy { $0.mailbox == "archive@acme.test" })
    }

    @Test func messageFilesImportReportsBadOnesAndSkipsDoneOnesOnRerun() throws {
        let f = try Fixture()
        let root = f.directory.appendingPathComponent("eml")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try Data(Self.message(1).utf8).write(to: root.appendingPathComponent("one.eml"))
        try Data(Self.message(2, body: "<p>only in <b>html</b></p>").utf8).write(to: root.appendingPathComponent("sub/two.eml"))
        try Data("just some words, no headers".utf8).write(to: root.appendingPathComponent("bad.eml"))
        try Data(Self.mbox(10..<12).utf8).write(to: root.appendingPathComponent("old.mbox"))
        let importer = MailImporter(service: f.service, tenant: f.tenant)
        var reported: [Double] = []
        let summary = try importer.run(try ImportSource.detect(root.path)) { _, fraction in reported.append(fraction) }
        #expect(summary.added == 4)
        #expect(summary.failed == 1)
        #expect(summary.failures.first?.source.hasSuffix("bad.eml") == true)
        #expect(summary.failures.first?.reason.contains("not a valid message") == true)
        #expect(reported.last == 1)
        let again = try importer.run(.messageFiles(root: root.path))
        #expect(again.added == 0 && again.resumed == 4 && again.failed == 1)
        #expect(summary.description.contains("imported 4 new messages"))
    }

    @Test func maildirImportIsIdempotentAndRegistersMailboxes() throws {
        let f = try Fixture()
        try f.deliver(Fixture.ham, to: "a@acme.test", key: "k1")
        let root = f.directory.appendingPathComponent("mail")
        let summary = try MailImporter(service: f.service, tenant: f.tenant).run(try ImportSource.detect(root.path))
        // `deliver` indexed it already at the same place: skipped without being read.
        #expect(summary.resumed == 1 && summary.added == 0 && summary.mailboxes == 1)
        #expect(try f.service.store.read { try $0.mailbox(f.tenant, address: "a@acme.test") }?.location == root.appendingPathComponent("a@acme.test").path)
    }

    @Test func searchTextIsCappedOnACharacterBoundary() throws {
        let long = String(repeating: "é", count: EngineLimits.searchTextBytesMax)
        let parsed = try AIRService.parse(Array("Subject: x\nContent-Type: text/plain; charset=utf-8\n\n\(long)\n".utf8))
        let text = AIRService.searchText(parsed)
        #expect(text.utf8.count <= EngineLimits.searchTextBytesMax)
        #expect(text.utf8.count >= EngineLimits.searchTextBytesMax - 1)
        #expect(text.unicodeScalars.allSatisfy { $0 == "é" })
    }

    @Test func batchIngestKeepsGoingPastBadMessages() throws {
        let f = try Fixture()
        let results = try f.service.ingestMany(tenant: f.tenant, [
            (Array(Self.message(1).utf8), MessagePlacement()),
            (Array("garbage".utf8), MessagePlacement()),
            (Array(Self.message(2).utf8), MessagePlacement()),
        ])
        #expect(results.map { (try? $0.get())?.isNew } == [true, nil, true])
    }
}

@Suite struct ParallelMapTests {
    final class Tracked: @unchecked Sendable {
        // @unchecked Sendable: `alive` is only touched under `lock`.
        nonisolated(unsafe) static var alive = 0
        static let lock = NSLock()
        let value: Int
        init(_ value: Int) {
            self.value = value
            Self.lock.withLock { Self.alive += 1 }
        }
        deinit { Self.lock.withLock { Self.alive -= 1 } }
    }

    @Test func keepsOrderAndReleasesEveryResult() {
        do {
            let results = ParallelMap.map(Array(0..<1000)) { Tracked($0 * 2) }
            #expect(results.map(\.value) == (0..<1000).map { $0 * 2 })
            #expect(Tracked.lock.withLock { Tracked.alive } == 1000)
        }
        // A leak here once kept every parsed message of an import alive.
        #expect(Tracked.lock.withLock { Tracked.alive } == 0)
    }
}
