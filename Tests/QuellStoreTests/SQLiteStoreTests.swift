import Foundation
import QuellCore
@testable import QuellStore
import Testing

/// Runs against a real SQLite file in a temporary directory.
final class TempStore {
    let directory: URL
    let path: String
    let store: SQLiteStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quell-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("quell.sqlite").path
        store = try SQLiteStore(path: path)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

let t0 = Date(timeIntervalSince1970: 1_800_000_000)

func audit(_ tenant: Tenant.ID, _ operation: String, _ id: String = UUID().uuidString) -> AuditRecord {
    AuditRecord(id: id, tenantID: tenant, creationTime: t0, recordType: .airInvestigation, operation: operation,
                actor: .system, objectID: "x")
}

func message(_ tenant: Tenant.ID, _ id: String, mailbox: String, hash: String, urls: [String]) -> IndexedMessage {
    IndexedMessage(id: IndexedMessage.ID(id), tenantID: tenant, mailbox: mailbox, folder: "", locationKey: "k-\(id)",
                   contentHash: hash, internetMessageID: "\(id)@x", sender: "s@x", recipients: [mailbox], subject: "s",
                   receivedAt: t0, sizeBytes: 10, urls: urls, ingestedAt: t0)
}

@Suite struct SQLiteStoreTests {
    @Test func migratesAnEmptyDatabaseToHeadAndReopens() throws {
        let temp = try TempStore()
        #expect(try temp.store.appliedMigrations() == SQLiteMigrations.steps.map(\.version))
        let reopened = try SQLiteStore(path: temp.path)
        #expect(try reopened.appliedMigrations() == SQLiteMigrations.steps.map(\.version))
        let mode = try temp.store.write { _ in
            try TempStoreAccess.journalMode(temp.path)
        }
        #expect(mode == "wal")
    }

    @Test func tenantsAreIsolated() throws {
        let temp = try TempStore()
        try temp.store.write { tx in
            try tx.insertTenant(Tenant(id: "a", name: "A"), audit: audit("a", "TenantCreated"))
            try tx.insertTenant(Tenant(id: "b", name: "B"), audit: audit("b", "TenantCreated"))
            #expect(try tx.insertMessage(message("a", "m1", mailbox: "x@a", hash: "h1", urls: ["http://evil.example/"]), searchText: "body words"))
            #expect(try tx.insertMessage(message("b", "m2", mailbox: "y@b", hash: "h1", urls: ["http://evil.example/"]), searchText: "body words"))
        }
        try temp.store.read { reader throws in
            #expect(try reader.messages("a", carryingURL: "http://evil.example/", limit: 10).map(\.id) == ["m1"])
            #expect(try reader.messages("b", carryingURL: "http://evil.example/", limit: 10).map(\.id) == ["m2"])
            #expect(try reader.message("a", id: "m2") == nil)
            #expect(try reader.messageCount("a") == 1)
        }
    }

    @Test func messageIngestionIsIdempotentPerMailboxAndContent() throws {
        let temp = try TempStore()
        try temp.store.write { tx in
            try tx.insertTenant(Tenant(id: "a", name: "A"), audit: audit("a", "TenantCreated"))
            #expect(try tx.insertMessage(message("a", "m1", mailbox: "x@a", hash: "h1", urls: ["u1", "u2"]), searchText: "body words"))
            #expect(try !tx.insertMessage(message("a", "m1b", mailbox: "x@a", hash: "h1", urls: ["u1"]), searchText: "body words"))
            #expect(try tx.insertMessage(message("a", "m2", mailbox: "y@a", hash: "h1", urls: ["u1"]), searchText: "body words"))
        }
        let stored = try temp.store.read { try $0.message("a", id: "m1") }
        #expect(stored?.urls == ["u1", "u2"])
        #expect(try temp.store.read { try $0.messageCount("a") } == 2)
        #expect(try temp.store.read { try $0.messages("a", carryingURL: "u1", limit: 10) }.map(\.id) == ["m1", "m2"])
    }

    @Test func aFailedWriteRollsBackEverything() throws {
        let temp = try TempStore()
        try temp.store.write { try $0.insertTenant(Tenant(id: "a", name: "A"), audit: audit("a", "TenantCreated")) }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try temp.store.write { tx in
                _ = try tx.insertMessage(message("a", "m1", mailbox: "x@a", hash: "h1", urls: []), searchText: "body words")
                throw Boom()
            }
        }
        #expect(try temp.store.read { try $0.messageCount("a") } == 0)
        #expect(try temp.store.read { try $0.auditRecords("a", afterSequence: 0, limit: 10) }.count == 1)
    }

    @Test func statusChangesWithoutAuditAreRefused() throws {
        let temp = try TempStore()
        var investigation = Investigation(id: "i1", tenantID: "a", name: "n", playbook: .userReportedPhish, createdAt: t0, alertIDs: [])
        try temp.store.write { tx in
            try tx.insertTenant(Tenant(id: "a", name: "A"), audit: audit("a", "TenantCreated"))
            try tx.insertInvestigation(investigation, audit: audit("a", "InvestigationCreated"))
        }
        try investigation.apply(.started, at: t0)
        #expect(throws: StoreError.self) { try temp.store.write { try $0.updateInvestigation(investigation, audit: nil) } }
        #expect(try temp.store.read { try $0.investigation("a", id: "i1") }?.status == .starting)
        try temp.store.write { try $0.updateInvestigation(investigation, audit: audit("a", "InvestigationStatusChanged")) }
        #expect(try temp.store.read { try $0.investigation("a", id: "i1") }?.status == .running)
        // A change that is not a status change needs no audit record.
        investigation.summary = "working"
        try temp.store.write { try $0.updateInvestigation(investigation, audit: nil) }
        #expect(try temp.store.read { try $0.auditRecords("a", afterSequence: 0, limit: 10) }.map(\.record.operation)
                == ["TenantCreated", "InvestigationCreated", "InvestigationStatusChanged"])
    }

    @Test func theAuditLogIsAppendOnly() throws {
        let temp = try TempStore()
        try temp.store.write { try $0.insertTenant(Tenant(id: "a", name: "A"), audit: audit("a", "TenantCreated")) }
        #expect(throws: StoreError.self) {
            try temp.store.write { _ in try TempStoreAccess.exec(temp.path, "UPDATE audit SET operation = 'x'") }
        }
        #expect(throws: StoreError.self) {
            try temp.store.write { _ in try TempStoreAccess.exec(temp.path, "DELETE FROM audit") }
        }
        #expect(try temp.store.read { try $0.auditRecords("a", afterSequence: 0, limit: 10) }.first?.record.operation == "TenantCreated")
    }

    @Test func jobsAreClaimedOnceAndReclaimedAfterTheLeaseRunsOut() throws {
        let temp = try TempStore()
        try temp.store.write { tx in
            try tx.insertTenant(Tenant(id: "a", name: "A"), audit: audit("a", "TenantCreated"))
            try tx.enqueueJob(tenant: "a", kind: .runPlaybook, subjectID: "i1", runAfter: t0)
            try tx.enqueueJob(tenant: "a", kind: .runPlaybook, subjectID: "i2", runAfter: t0.addingTimeInterval(100))
        }
        let first = try temp.store.write { try $0.claimJob(owner: "w1", now: t0, leaseUntil: t0.addingTimeInterval(60)) }
        #expect(first?.subjectID == "i1")
        #expect(first?.attempts == 1)
        // i1 is leased, i2 not yet runnable.
        #expect(try temp.store.write { try $0.claimJob(owner: "w2", now: t0.addingTimeInterval(30), leaseUntil: t0.addingTimeInterval(90)) } == nil)
        // w1 died: after the lease, w2 takes i1 over.
        let again = try temp.store.write { try $0.claimJob(owner: "w2", now: t0.addingTimeInterval(61), leaseUntil: t0.addingTimeInterval(121)) }
        #expect(again?.subjectID == "i1")
        #expect(again?.attempts == 2)
        #expect(again?.leaseOwner == "w2")
        try temp.store.write { try $0.completeJob(again!.id) }
        let next = try temp.store.write { try $0.claimJob(owner: "w2", now: t0.addingTimeInterval(200), leaseUntil: t0.addingTimeInterval(260)) }
        #expect(next?.subjectID == "i2")
        try temp.store.write { try $0.failJob(next!.id, error: "boom", retryAt: nil) }
        #expect(try temp.store.write { try $0.claimJob(owner: "w2", now: t0.addingTimeInterval(999), leaseUntil: t0.addingTimeInterval(1999)) } == nil)
        #expect(try temp.store.read { try $0.jobs("a") }.isEmpty)
    }

    @Test func actionsRoundTripWithCountsAndResults() throws {
        let temp = try TempStore()
        var action = RemediationAction(id: "act", tenantID: "a", investigationID: "i1", type: .softDeleteEmail, clusterID: "c1",
                                       target: "Url == \"u\"", threats: [.maliciousURL], createdAt: t0)
        try temp.store.write { tx in
            try tx.insertTenant(Tenant(id: "a", name: "A"), audit: audit("a", "TenantCreated"))
            try tx.insertAction(action, audit: audit("a", "ActionCreated"))
        }
        #expect(try temp.store.read { try $0.actions("a", query: ActionQuery(awaitingDecision: true)) }.map(\.id) == ["act"])
        action.status = .completed
        action.decision = .approved
        action.decidedBy = "admin"
        action.counts = RemediationCounts(remediable: 2, succeeded: 1, failed: 0, alreadyInDestination: 1)
        #expect(throws: StoreError.self) { try temp.store.write { try $0.updateAction(action, audit: nil) } }
        try temp.store.write { tx in
            try tx.updateAction(action, audit: audit("a", "ActionStatusChanged"))
            try tx.insertActionResult(ActionResult(actionID: "act", messageID: "m1", mailbox: "x@a", result: .success, detail: "", at: t0))
        }
        let stored = try temp.store.read { try $0.action("a", id: "act") }
        #expect(stored == action)
        #expect(try temp.store.read { try $0.actions("a", query: ActionQuery(awaitingDecision: true)) }.isEmpty)
        #expect(try temp.store.read { try $0.actionResults("a", action: "act") }.map(\.result) == [.success])
        #expect(try temp.store.read { try $0.action("b", id: "act") } == nil)
    }

    @Test func aNewerSchemaIsRefused() throws {
        let temp = try TempStore()
        try TempStoreAccess.exec(temp.path, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)")
        #expect(throws: StoreError.self) { _ = try SQLiteStore(path: temp.path) }
    }
}

/// Direct access to the file for checks the store API deliberately does not offer.
enum TempStoreAccess {
    static func exec(_ path: String, _ sql: String) throws {
        let connection = try SQLiteConnection(path: path)
        try connection.execute(sql)
    }

    static func journalMode(_ path: String) throws -> String {
        let connection = try SQLiteConnection(path: path)
        return try connection.query("PRAGMA journal_mode") { $0.text(0) }.first ?? ""
    }
}

@Suite struct SQLiteIndexTests {
    @Test func fullTextSearchIsPerTenantAndReportsBadQueries() throws {
        let temp = try TempStore()
        try temp.store.write { tx in
            try tx.insertTenant(Tenant(id: "a", name: "A"), audit: audit("a", "TenantCreated"))
            try tx.insertTenant(Tenant(id: "b", name: "B"), audit: audit("b", "TenantCreated"))
            _ = try tx.insertMessage(message("a", "m1", mailbox: "x@a", hash: "h1", urls: []), searchText: "Your invoice is overdue, pay now")
            _ = try tx.insertMessage(message("a", "m2", mailbox: "x@a", hash: "h2", urls: []), searchText: "Lunch on Friday?")
            _ = try tx.insertMessage(message("b", "m3", mailbox: "y@b", hash: "h3", urls: []), searchText: "invoice for tenant b")
        }
        try temp.store.read { reader throws in
            #expect(try reader.searchMessages("a", query: "invoice", limit: 10).map(\.id) == ["m1"])
            #expect(try reader.searchMessages("a", query: "INVOICE OR lunch", limit: 10).map(\.id).sorted() == ["m1", "m2"])
            #expect(try reader.searchMessages("a", query: "\"pay now\"", limit: 10).map(\.id) == ["m1"])
            #expect(try reader.searchMessages("a", query: "overd*", limit: 10).map(\.id) == ["m1"])
            #expect(try reader.searchMessages("b", query: "invoice", limit: 10).map(\.id) == ["m3"])
            #expect(throws: StoreError.self) { try reader.searchMessages("a", query: "\"unbalanced", limit: 10) }
        }
    }

    @Test func attachmentsAreStoredAndFoundByHash() throws {
        let temp = try TempStore()
        let base = message("a", "m1", mailbox: "x@a", hash: "h1", urls: [])
        let withFile = IndexedMessage(
            id: base.id, tenantID: base.tenantID, mailbox: base.mailbox, folder: base.folder, locationKey: base.locationKey,
            contentHash: base.contentHash, internetMessageID: base.internetMessageID, sender: base.sender,
            recipients: base.recipients, subject: base.subject, receivedAt: base.receivedAt, sizeBytes: base.sizeBytes,
            urls: [], attachments: [IndexedAttachment(filename: "invoice.pdf", contentType: "application/pdf", sizeBytes: 42, sha256: "abc")],
            ingestedAt: base.ingestedAt)
        try temp.store.write { tx in
            try tx.insertTenant(Tenant(id: "a", name: "A"), audit: audit("a", "TenantCreated"))
            _ = try tx.insertMessage(withFile, searchText: "")
        }
        #expect(try temp.store.read { try $0.message("a", id: "m1") }?.attachments == withFile.attachments)
        #expect(try temp.store.read { try $0.messages("a", withAttachmentHash: "ABC", limit: 10) }.map(\.id) == ["m1"])
        #expect(try temp.store.read { try $0.messages("a", toRecipient: "X@A", limit: 10) }.map(\.id) == ["m1"])
        #expect(try temp.store.read { try $0.messages("a", toRecipient: "nobody@a", limit: 10) }.isEmpty)
        #expect(try temp.store.read { try $0.hasMessage("a", mailbox: "x@a", locationKey: "k-m1") })
        #expect(try !temp.store.read { try $0.hasMessage("a", mailbox: "x@a", locationKey: "k-other") })
    }

    @Test func importCheckpointsRoundTrip() throws {
        let temp = try TempStore()
        try temp.store.write { tx in
            try tx.insertTenant(Tenant(id: "a", name: "A"), audit: audit("a", "TenantCreated"))
            try tx.saveImportCheckpoint("a", ImportCheckpoint(source: "/x.mbox", fingerprint: "f", offsetBytes: 10, messages: 1), at: t0)
            try tx.saveImportCheckpoint("a", ImportCheckpoint(source: "/x.mbox", fingerprint: "f", offsetBytes: 99, messages: 5), at: t0)
        }
        #expect(try temp.store.read { try $0.importCheckpoint("a", source: "/x.mbox") }
                == ImportCheckpoint(source: "/x.mbox", fingerprint: "f", offsetBytes: 99, messages: 5))
        #expect(try temp.store.read { try $0.importCheckpoint("b", source: "/x.mbox") } == nil)
    }
}
