import Foundation
import QuellCore

// Wire shapes of the v1 API. Status strings are AIR's display names exactly.

struct InvestigationView: Encodable {
    let id: String
    let name: String
    let type: String
    let playbook: String
    let status: String
    let createdAt: Date
    let updatedAt: Date
    let startedAt: Date?
    let endedAt: Date?
    let alertIds: [String]
    let threatCount: Int
    let actionCount: Int
    let summary: String

    init(_ i: Investigation) {
        id = i.id.rawValue
        name = i.name
        type = i.investigationType
        playbook = i.playbook.rawValue
        status = i.status.rawValue
        createdAt = i.createdAt
        updatedAt = i.updatedAt
        startedAt = i.startedAt
        endedAt = i.endedAt
        alertIds = i.alertIDs.map(\.rawValue)
        threatCount = i.threatCount
        actionCount = i.actionCount
        summary = i.summary
    }
}

struct CountsView: Encodable {
    let remediable: Int
    let succeeded: Int
    let failed: Int
    let alreadyInDestination: Int

    init(_ c: RemediationCounts) {
        remediable = c.remediable
        succeeded = c.succeeded
        failed = c.failed
        alreadyInDestination = c.alreadyInDestination
    }
}

struct ActionView: Encodable {
    let id: String
    let investigationId: String
    let type: String
    let typeId: String
    let status: String
    let decision: String?
    let decidedBy: String?
    let decidedAt: Date?
    let comment: String?
    let createdAt: Date
    let updatedAt: Date
    let startedAt: Date?
    let endedAt: Date?
    let clusterId: String?
    let target: String
    let threats: [String]
    let counts: CountsView?
    let note: String?

    init(_ a: RemediationAction) {
        id = a.id.rawValue
        investigationId = a.investigationID.rawValue
        type = a.type.displayName
        typeId = a.type.rawValue
        status = a.status.rawValue
        decision = a.decision?.rawValue
        decidedBy = a.decidedBy
        decidedAt = a.decidedAt
        comment = a.comment
        createdAt = a.createdAt
        updatedAt = a.updatedAt
        startedAt = a.startedAt
        endedAt = a.endedAt
        clusterId = a.clusterID?.rawValue
        target = a.target
        threats = a.threats.map(\.rawValue)
        counts = a.counts.map(CountsView.init)
        note = a.lastError
    }
}

struct AlertView: Encodable {
    let id: String
    let policyId: String
    let name: String
    let severity: String
    let category: String
    let status: String
    let source: String
    let investigationId: String?
    let createdAt: Date
    let updatedAt: Date
    let details: [String: String]

    init(_ a: Alert) {
        id = a.id.rawValue
        policyId = a.policyID.rawValue
        name = a.name
        severity = a.severity.rawValue
        category = a.category
        status = a.status.rawValue
        source = a.source
        investigationId = a.investigationID?.rawValue
        createdAt = a.createdAt
        updatedAt = a.updatedAt
        details = a.details
    }
}

struct EvidenceView: Encodable {
    let kind: String
    let value: String
    let verdict: String
    let reasons: [String]
    let threats: [String]
    let details: [String: String]

    init(_ e: Evidence) {
        kind = e.kind.rawValue
        value = e.value
        verdict = e.verdict.rawValue
        reasons = e.reasons
        threats = e.threats.map(\.rawValue)
        details = e.details
    }
}

struct ClusterView: Encodable {
    let id: String
    let kind: String
    let source: String
    let indicator: String
    let query: String
    let queryTime: Date
    let mailCount: Int
    let messageIds: [String]
    let verdict: String
    let threats: [String]

    init(_ c: MailCluster) {
        id = c.id.rawValue
        kind = c.kind.rawValue
        source = c.source
        indicator = c.indicator
        query = c.query
        queryTime = c.queryTime
        mailCount = c.mailCount
        messageIds = c.messageIDs.map(\.rawValue)
        verdict = c.verdict.rawValue
        threats = c.threats.map(\.rawValue)
    }
}

struct LogView: Encodable {
    let step: String
    let startedAt: Date
    let endedAt: Date
    let durationMs: Int
    let outcome: String
    let detail: String

    init(_ l: InvestigationLogEntry) {
        step = l.step
        startedAt = l.startedAt
        endedAt = l.endedAt
        durationMs = Int((l.durationSeconds * 1000).rounded())
        outcome = l.outcome.rawValue
        detail = l.detail
    }
}

struct ActionResultView: Encodable {
    let messageId: String
    let mailbox: String
    let result: String
    let detail: String

    init(_ r: ActionResult) {
        messageId = r.messageID.rawValue
        mailbox = r.mailbox
        result = r.result.rawValue
        detail = r.detail
    }
}

struct ActionDetailView: Encodable {
    let action: ActionView
    let results: [ActionResultView]
}

struct InvestigationDetailView: Encodable {
    let investigation: InvestigationView
    let alerts: [AlertView]
    let evidence: [EvidenceView]
    let clusters: [ClusterView]
    let log: [LogView]
    let actions: [ActionDetailView]
}

struct AuditView: Encodable {
    let sequence: Int64
    let record: [String: JSONValue]
}

struct MessageView: Encodable {
    struct AttachmentView: Encodable {
        let filename: String?
        let contentType: String
        let sizeBytes: Int
        let sha256: String
    }

    let id: String
    let mailbox: String
    let folder: String
    let internetMessageId: String?
    let sender: String?
    let recipients: [String]
    let subject: String?
    let receivedAt: Date?
    let sizeBytes: Int
    let urls: [String]
    let attachments: [AttachmentView]

    init(_ m: IndexedMessage) {
        id = m.id.rawValue
        mailbox = m.mailbox
        folder = m.folder
        internetMessageId = m.internetMessageID
        sender = m.sender
        recipients = m.recipients
        subject = m.subject
        receivedAt = m.receivedAt
        sizeBytes = m.sizeBytes
        urls = m.urls
        attachments = m.attachments.map { AttachmentView(filename: $0.filename, contentType: $0.contentType, sizeBytes: $0.sizeBytes, sha256: $0.sha256) }
    }
}
