import Foundation
import QuellConnectors
import QuellCore
@testable import QuellEngine
import QuellStore
import Testing

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    // @unchecked Sendable: `now` is only touched under `lock`.
    private let lock = NSLock()
    private var now = Date(timeIntervalSince1970: 1_800_000_000)

    var clock: Clock { Clock { [self] in lock.withLock { now } } }
    func advance(_ seconds: Double) { lock.withLock { now = now.addingTimeInterval(seconds) } }
}

/// A real SQLite file and real Maildirs in a temp directory, driven through the service.
final class Fixture {
    let directory: URL
    let service: AIRService
    let time = ManualClock()
    let tenant: Tenant.ID = "acme"
    let admin: Principal
    let reader: Principal
    static let badURL = "http://bad.example/login"

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quell-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("quell.sqlite").path)
        service = AIRService(store: store, clock: time.clock, mailboxProvider: { _ in MaildirProvider() })
        try service.ensureTenant(tenant, name: "Acme", actor: .cli())
        admin = try service.issueToken(tenant: tenant, role: .securityAdmin, searchAndPurge: true, name: "admin", actor: .cli()).principal
        reader = try service.issueToken(tenant: tenant, role: .securityReader, searchAndPurge: true, name: "reader", actor: .cli()).principal
        _ = try service.addIntel(tenant: tenant, values: [Self.badURL], source: "test", actor: .cli())
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    static func phish(to recipient: String, _ n: Int) -> String {
        "From: IT <it@bad.example>\r\nTo: \(recipient)\r\nSubject: Verify your account\r\nMessage-ID: <p\(n)@bad.example>\r\n"
            + "Date: Thu, 03 Dec 2026 08:00:00 +0000\r\n\r\nClick \(badURL) now.\r\n"
    }

    static let ham = "From: news@good.example\r\nTo: a@acme.test\r\nSubject: News\r\nMessage-ID: <n1@good.example>\r\n\r\nRead https://good.example/news\r\n"

    /// Puts a message into a mailbox's Maildir and indexes it.
    @discardableResult
    func deliver(_ text: String, to mailbox: String, key: String, folder: String = "") throws -> IndexedMessage.ID {
        let root = directory.appendingPathComponent("mail").appendingPathComponent(mailbox)
        let folderURL = folder.isEmpty ? root : root.appendingPathComponent("." + folder)
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: folderURL.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try Data(text.utf8).write(to: folderURL.appendingPathComponent("cur").appendingPathComponent(key + ":2,S"))
        try service.registerMailbox(Mailbox(tenantID: tenant, address: mailbox, kind: .maildir, location: root.path))
        return try service.ingest(tenant: tenant, raw: Array(text.utf8),
                                  placement: MessagePlacement(mailbox: mailbox, folder: folder, locationKey: key)).messageID
    }

    func quarantined(_ mailbox: String, _ key: String) -> Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("mail/\(mailbox)/.Quarantine/cur/\(key):2,S").path)
    }

    func drainJobs() throws {
        var rounds = 0
        while try service.runNextJob(worker: "test"), rounds < 100 { rounds += 1 }
    }

    func investigation(_ id: Investigation.ID) throws -> Investigation {
        try #require(try service.store.read { try $0.investigation(tenant, id: id) })
    }

    func actions(_ id: Investigation.ID) throws -> [RemediationAction] {
        try service.store.read { try $0.actions(tenant, query: ActionQuery(investigationID: id)) }
    }

    func audit() throws -> [AuditRecord] {
        try service.store.read { try $0.auditRecords(tenant, afterSequence: 0, limit: 10_000) }.map(\.record)
    }
}

@Suite struct UserReportedFlowTests {
    @Test func reportedPhishIsClusteredApprovedAndRemediated() throws {
        let f = try Fixture()
        try f.deliver(Fixture.phish(to: "a@acme.test", 1), to: "a@acme.test", key: "k1")
        try f.deliver(Fixture.phish(to: "b@acme.test", 2), to: "b@acme.test", key: "k2")
        try f.deliver(Fixture.phish(to: "c@acme.test", 3), to: "c@acme.test", key: "k3", folder: "Junk")
        try f.deliver(Fixture.ham, to: "a@acme.test", key: "k4")

        let receipt = try f.service.report(tenant: f.tenant, raw: Array(Fixture.phish(to: "a@acme.test", 1).utf8),
                                           reporter: "a@acme.test", actor: .principal(f.admin))
        #expect(receipt.investigation.status == .starting)
        try f.drainJobs()
        let investigation = try f.investigation(receipt.investigation.id)
        #expect(investigation.status == .pendingAction)
        #expect(investigation.threatCount == 1)
        let clusters = try f.service.store.read { try $0.clusters(f.tenant, investigation: investigation.id) }
        #expect(clusters.count == 1)
        #expect(clusters.first?.mailCount == 3)
        #expect(clusters.first?.query == "Url == \"\(Fixture.badURL)\"")
        let log = try f.service.store.read { try $0.log(f.tenant, investigation: investigation.id) }
        #expect(log.map(\.step) == ["User-reported emails indicators extraction", "URL reputation investigation",
                                    "Mail cluster identification"])
        #expect(log.allSatisfy { $0.outcome == .completed })
        let evidence = try f.service.store.read { try $0.evidence(f.tenant, investigation: investigation.id) }
        #expect(evidence.filter { $0.kind == .mailMessage && $0.verdict == .malicious }.count == 3)
        #expect(evidence.first { $0.kind == .url && $0.value == Fixture.badURL }?.verdict == .malicious)

        let action = try #require(try f.actions(investigation.id).first)
        #expect(action.type == .softDeleteEmail && action.status == .pending && action.decision == nil)

        // Nothing moved before approval; a reader may not approve.
        #expect(!f.quarantined("a@acme.test", "k1"))
        #expect(throws: EngineError.self) {
            try f.service.decide(tenant: f.tenant, actionID: action.id, decision: .approved, by: f.reader, comment: nil)
        }
        try f.drainJobs()
        #expect(!f.quarantined("a@acme.test", "k1"))

        let approved = try f.service.decide(tenant: f.tenant, actionID: action.id, decision: .approved, by: f.admin, comment: "phish")
        #expect(approved.decision == .approved && approved.status == .pending)
        #expect(try f.investigation(investigation.id).status == .running)
        try f.drainJobs()

        let done = try #require(try f.actions(investigation.id).first)
        #expect(done.status == .completed)
        #expect(done.counts == RemediationCounts(remediable: 3, succeeded: 3, failed: 0, alreadyInDestination: 0))
        #expect(f.quarantined("a@acme.test", "k1") && f.quarantined("b@acme.test", "k2") && f.quarantined("c@acme.test", "k3"))
        #expect(!f.quarantined("a@acme.test", "k4"))
        let final = try f.investigation(investigation.id)
        #expect(final.status == .remediated)
        #expect(final.endedAt != nil)
        let alert = try #require(try f.service.store.read { try $0.alert(f.tenant, id: receipt.alert.id) })
        #expect(alert.status == .resolved)

        // One audit record per transition, in order.
        let statuses = try f.audit().filter { $0.objectID == investigation.id.rawValue }.compactMap { $0.fields["Status"]?.stringValue }
        #expect(statuses == ["Starting", "Running", "Pending Action", "Running", "Remediated"])
        let actionOps = try f.audit().filter { $0.objectID == action.id.rawValue }.map(\.operation)
        #expect(actionOps == ["ActionCreated", "ActionApproved", "ActionStatusChanged", "ActionStatusChanged"])
        let alertStatuses = try f.audit().filter { $0.objectID == receipt.alert.id.rawValue }.compactMap { $0.fields["Status"]?.stringValue }
        #expect(alertStatuses == ["Active", "Investigating", "Resolved"])
    }

    @Test func rejectingMovesNothingAndClosesTheInvestigation() throws {
        let f = try Fixture()
        try f.deliver(Fixture.phish(to: "a@acme.test", 1), to: "a@acme.test", key: "k1")
        let receipt = try f.service.report(tenant: f.tenant, raw: Array(Fixture.phish(to: "a@acme.test", 1).utf8),
                                           reporter: "a@acme.test", actor: .principal(f.admin))
        try f.drainJobs()
        let action = try #require(try f.actions(receipt.investigation.id).first)
        let rejected = try f.service.decide(tenant: f.tenant, actionID: action.id, decision: .rejected, by: f.admin, comment: "fp")
        #expect(rejected.status == .completed && rejected.decision == .rejected)
        try f.drainJobs()
        #expect(!f.quarantined("a@acme.test", "k1"))
        #expect(try f.investigation(receipt.investigation.id).status == .remediated)
        #expect(try f.service.store.read { try $0.actionResults(f.tenant, action: action.id) }.isEmpty)
        #expect(throws: EngineError.self) {
            try f.service.decide(tenant: f.tenant, actionID: action.id, decision: .approved, by: f.admin, comment: nil)
        }
    }

    @Test func cleanReportEndsNoThreatsFoundAndMaliciousWithoutCopiesEndsThreatsFound() throws {
        let f = try Fixture()
        try f.deliver(Fixture.ham, to: "a@acme.test", key: "k4")
        let clean = try f.service.report(tenant: f.tenant, raw: Array(Fixture.ham.utf8), reporter: "a@acme.test", actor: .system)
        // A malicious URL, but no indexed copy anywhere: a threat with nothing to remediate.
        let orphan = try f.service.report(tenant: f.tenant, raw: Array(Fixture.phish(to: "z@acme.test", 9).utf8),
                                          reporter: "z@acme.test", actor: .system)
        try f.drainJobs()
        #expect(try f.investigation(clean.investigation.id).status == .noThreatsFound)
        #expect(try f.investigation(orphan.investigation.id).status == .threatsFound)
        #expect(try f.actions(orphan.investigation.id).isEmpty)
    }

    @Test func notAMessageIsRefusedWithoutWritingAnything() throws {
        let f = try Fixture()
        let before = try f.audit().count
        #expect(throws: EngineError.self) {
            try f.service.report(tenant: f.tenant, raw: Array("hello, this is not mail".utf8), reporter: "a@acme.test", actor: .system)
        }
        #expect(try f.audit().count == before)
        #expect(try f.service.store.read { try $0.investigations(f.tenant, query: InvestigationQuery()) }.isEmpty)
    }

    @Test func anInterruptedExecutionResumesWithoutRepeatingWork() throws {
        let f = try Fixture()
        let first = try f.deliver(Fixture.phish(to: "a@acme.test", 1), to: "a@acme.test", key: "k1")
        try f.deliver(Fixture.phish(to: "b@acme.test", 2), to: "b@acme.test", key: "k2")
        let receipt = try f.service.report(tenant: f.tenant, raw: Array(Fixture.phish(to: "a@acme.test", 1).utf8),
                                           reporter: "a@acme.test", actor: .system)
        try f.drainJobs()
        let action = try #require(try f.actions(receipt.investigation.id).first)
        _ = try f.service.decide(tenant: f.tenant, actionID: action.id, decision: .approved, by: f.admin, comment: nil)

        // A worker claims the job, moves the first message, records it, and dies.
        let job = try #require(try f.service.store.write { try $0.claimJob(owner: "dead", now: f.time.clock.now(), leaseUntil: f.time.clock.now().addingTimeInterval(120)) })
        #expect(job.kind == .executeAction)
        try f.service.store.write { tx in
            var current = try #require(try tx.action(f.tenant, id: action.id))
            current.status = .running
            try tx.updateAction(current, audit: AuditRecord(id: UUID().uuidString, tenantID: f.tenant, creationTime: f.time.clock.now(),
                                                            recordType: .airInvestigation, operation: "ActionStatusChanged",
                                                            actor: .system, objectID: action.id.rawValue))
            let mailbox = try #require(try tx.mailbox(f.tenant, address: "a@acme.test"))
            let outcome = MaildirProvider().softDelete(MessageLocation(mailbox: mailbox, folder: "", locationKey: "k1"))
            try tx.insertActionResult(ActionResult(actionID: action.id, messageID: first, mailbox: "a@acme.test",
                                                   result: outcome.result, detail: outcome.detail, at: f.time.clock.now()))
        }
        // Before the lease runs out nobody else takes it.
        #expect(try f.service.runNextJob(worker: "w2") == false)
        f.time.advance(EngineLimits.jobLeaseSeconds + 1)
        try f.drainJobs()
        let done = try #require(try f.actions(receipt.investigation.id).first)
        #expect(done.status == .completed)
        #expect(done.counts == RemediationCounts(remediable: 2, succeeded: 2, failed: 0, alreadyInDestination: 0))
        #expect(try f.service.store.read { try $0.actionResults(f.tenant, action: action.id) }.count == 2)
        #expect(try f.investigation(receipt.investigation.id).status == .remediated)
    }

    @Test func theSameClusterApprovedTwiceWithinAnHourRunsOnce() throws {
        let f = try Fixture()
        try f.deliver(Fixture.phish(to: "a@acme.test", 1), to: "a@acme.test", key: "k1")
        var actionIDs: [RemediationAction.ID] = []
        for _ in 0..<2 {
            let receipt = try f.service.report(tenant: f.tenant, raw: Array(Fixture.phish(to: "a@acme.test", 1).utf8),
                                               reporter: "a@acme.test", actor: .system)
            try f.drainJobs()
            actionIDs.append(try #require(try f.actions(receipt.investigation.id).first).id)
        }
        _ = try f.service.decide(tenant: f.tenant, actionID: actionIDs[0], decision: .approved, by: f.admin, comment: nil)
        try f.drainJobs()
        f.time.advance(600)
        _ = try f.service.decide(tenant: f.tenant, actionID: actionIDs[1], decision: .approved, by: f.admin, comment: nil)
        try f.drainJobs()
        let second = try #require(try f.service.store.read { try $0.action(f.tenant, id: actionIDs[1]) })
        #expect(second.status == .completed)
        #expect(second.counts == nil)
        #expect(second.lastError?.contains("within the last hour") == true)
        #expect(try f.service.store.read { try $0.actionResults(f.tenant, action: actionIDs[1]) }.isEmpty)
    }

    @Test func twoMaliciousURLsGiveTwoActionsAndPartialRemediation() throws {
        let f = try Fixture()
        _ = try f.service.addIntel(tenant: f.tenant, values: ["second-bad.example"], source: "test", actor: .cli())
        let both = "From: x@bad.example\r\nTo: a@acme.test\r\nSubject: two links\r\n\r\n\(Fixture.badURL) and https://login.second-bad.example/x\r\n"
        try f.deliver(both, to: "a@acme.test", key: "k1")
        try f.deliver(Fixture.phish(to: "b@acme.test", 2), to: "b@acme.test", key: "k2")
        let receipt = try f.service.report(tenant: f.tenant, raw: Array(both.utf8), reporter: "a@acme.test", actor: .system)
        try f.drainJobs()
        let actions = try f.actions(receipt.investigation.id)
        #expect(actions.count == 2)
        let clusters = try f.service.store.read { try $0.clusters(f.tenant, investigation: receipt.investigation.id) }
        #expect(clusters.map(\.mailCount).sorted() == [1, 2])
        // The subdomain matched the domain indicator.
        #expect(clusters.contains { $0.indicator == "https://login.second-bad.example/x" })
        let first = try #require(actions.first { $0.target.contains("bad.example/login") })
        _ = try f.service.decide(tenant: f.tenant, actionID: first.id, decision: .approved, by: f.admin, comment: nil)
        try f.drainJobs()
        #expect(try f.investigation(receipt.investigation.id).status == .partiallyRemediated)
        let second = try #require(actions.first { $0.id != first.id })
        _ = try f.service.decide(tenant: f.tenant, actionID: second.id, decision: .approved, by: f.admin, comment: nil)
        try f.drainJobs()
        #expect(try f.investigation(receipt.investigation.id).status == .remediated)
        // k1 was in both clusters: the second action finds it already quarantined.
        let counts = try #require(try f.service.store.read { try $0.action(f.tenant, id: second.id) }?.counts)
        #expect(counts == RemediationCounts(remediable: 1, succeeded: 0, failed: 0, alreadyInDestination: 1))
        let statuses = try f.audit().filter { $0.objectID == receipt.investigation.id.rawValue }.compactMap { $0.fields["Status"]?.stringValue }
        #expect(statuses == ["Starting", "Running", "Pending Action", "Running", "Partially Remediated", "Running", "Remediated"])
    }
}
