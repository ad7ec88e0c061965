import Foundation
import QuellConnectors
import QuellCore
import Testing

@Suite final class MaildirProviderTests {
    let root: URL
    let mailbox: Mailbox

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("quell-maildir-\(UUID().uuidString)")
        for folder in ["", ".Junk"] {
            for sub in ["cur", "new", "tmp"] {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(folder).appendingPathComponent(sub),
                                                        withIntermediateDirectories: true)
            }
        }
        mailbox = Mailbox(tenantID: "t", address: "Alice@Example.test", kind: .maildir, location: root.path)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func put(_ relative: String, _ text: String = "Subject: x\r\n\r\nbody\r\n") throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(relative))
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path) }

    @Test func softDeleteMovesIntoQuarantineKeepingFlagsAndIsIdempotent() throws {
        try put("cur/100.M1.host:2,S", "Subject: keep me\r\n\r\nexact bytes\r\n")
        let provider = MaildirProvider()
        let location = MessageLocation(mailbox: mailbox, folder: "", locationKey: "100.M1.host")
        #expect(mailbox.address == "alice@example.test")
        #expect(provider.softDelete(location).result == .success)
        #expect(!exists("cur/100.M1.host:2,S"))
        #expect(exists(".Quarantine/cur/100.M1.host:2,S"))
        #expect(exists(".Quarantine/new") && exists(".Quarantine/tmp"))
        let moved = try String(contentsOf: root.appendingPathComponent(".Quarantine/cur/100.M1.host:2,S"), encoding: .utf8)
        #expect(moved == "Subject: keep me\r\n\r\nexact bytes\r\n")
        #expect(provider.softDelete(location).result == .alreadyInDestination)
    }

    @Test func findsMailInNewAndInOtherFolders() throws {
        try put("new/200.M2.host")
        try put(".Junk/cur/300.M3.host:2,")
        let provider = MaildirProvider()
        #expect(provider.softDelete(MessageLocation(mailbox: mailbox, folder: "", locationKey: "200.M2.host")).result == .success)
        #expect(exists(".Quarantine/cur/200.M2.host:2,"))
        // Indexed in the inbox, since moved to Junk by the user: still found.
        let outcome = provider.softDelete(MessageLocation(mailbox: mailbox, folder: "", locationKey: "300.M3.host"))
        #expect(outcome == MoveOutcome(.success, "moved from Junk to Quarantine"))
    }

    @Test func missingMessageOrMailboxIsAFailure() {
        let provider = MaildirProvider()
        #expect(provider.softDelete(MessageLocation(mailbox: mailbox, folder: "", locationKey: "nope")).result == .failure)
        let gone = Mailbox(tenantID: "t", address: "bob@example.test", kind: .maildir, location: root.path + "/missing")
        #expect(provider.softDelete(MessageLocation(mailbox: gone, folder: "", locationKey: "x")).result == .failure)
    }

    @Test func keysIgnoreFlags() {
        #expect(MaildirNaming.key(fileName: "1.M2,S=120:2,RS") == "1.M2,S=120")
        #expect(MaildirNaming.key(fileName: "plain") == "plain")
        #expect(MaildirLayout.folders(root: root) == ["", "Junk"])
    }
}
