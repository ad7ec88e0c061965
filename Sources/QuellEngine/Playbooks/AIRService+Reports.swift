import Foundation
import QuellCore
import QuellMail

public struct ReportReceipt: Sendable {
    public let alert: Alert
    public let investigation: Investigation
}

extension AIRService {
    /// A user reports a message (spec §2.3): raises alert "Email reported by user as malware or phish"
    /// and queues the user-reported playbook. Nothing is written when the message does not parse.
    public func report(tenant: Tenant.ID, raw: [UInt8], reporter: String, reportType: Submission.ReportType = .phish,
                       actor: AuditActor) throws -> ReportReceipt {
        let parsed = try Self.parse(raw)
        let now = clock.now()
        let policy = AlertPolicy.userReportedPhish
        let subject = parsed.subject ?? "(no subject)"
        var alert = Alert(id: ids.next(), tenantID: tenant, policy: policy, source: reporter.lowercased(), createdAt: now,
                          details: ["subject": subject, "sender": parsed.from.first?.address ?? "",
                                    "reporter": reporter.lowercased(), "internetMessageId": parsed.messageID ?? ""])
        var investigation = Investigation(id: ids.next(), tenantID: tenant, name: "\(policy.name): \(subject)",
                                          playbook: policy.playbook, createdAt: now, alertIDs: [alert.id])
        investigation.summary = "Queued"
        let submission = Submission(id: ids.next(), tenantID: tenant, investigationID: investigation.id,
                                    reporter: reporter.lowercased(), reportType: reportType, raw: raw,
                                    contentHash: parsed.sha256, receivedAt: now)
        let receipt: ReportReceipt = try store.write { tx in
            guard try tx.tenant(tenant) != nil else { throw EngineError.notFound("tenant \(tenant) does not exist") }
            try tx.insertAlert(alert, audit: audit({ .alertChanged(alert, operation: "AlertTriggered", actor: actor, id: $0, at: $1) }, at: now))
            try tx.insertInvestigation(investigation, audit: audit({
                .investigationStatusChanged(investigation, from: nil, actor: actor, id: $0, at: $1)
            }, at: now))
            try tx.insertSubmission(submission)
            alert.status = .investigating
            alert.investigationID = investigation.id
            try tx.updateAlert(alert, audit: audit({ .alertChanged(alert, operation: "AlertUpdated", actor: .system, id: $0, at: $1) }, at: now))
            try tx.enqueueJob(tenant: tenant, kind: .runPlaybook, subjectID: investigation.id.rawValue, runAfter: now)
            return ReportReceipt(alert: alert, investigation: investigation)
        }
        jobSignal.notify()
        return receipt
    }
}
