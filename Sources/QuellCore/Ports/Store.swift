import Foundation

public struct InvestigationQuery: Sendable, Hashable {
    public var status: InvestigationStatus?
    public var investigationType: String?
    public var createdFrom: Date?
    public var createdTo: Date?
    public var limit: Int
    public var offset: Int

    public init(status: InvestigationStatus? = nil, investigationType: String? = nil, createdFrom: Date? = nil,
                createdTo: Date? = nil, limit: Int = 100, offset: Int = 0) {
        self.status = status
        self.investigationType = investigationType
        self.createdFrom = createdFrom
        self.createdTo = createdTo
        self.limit = limit
        self.offset = offset
    }
}

public struct ActionQuery: Sendable, Hashable {
    public var status: ActionStatus?
    /// Only actions awaiting a decision.
    public var awaitingDecision: Bool
    public var decision: ActionDecision?
    public var investigationID: Investigation.ID?
    public var limit: Int

    public init(status: ActionStatus? = nil, awaitingDecision: Bool = false, decision: ActionDecision? = nil,
                investigationID: Investigation.ID? = nil, limit: Int = 500) {
        self.status = status
        self.awaitingDecision = awaitingDecision
        self.decision = decision
        self.investigationID = investigationID
        self.limit = limit
    }
}

/// One message's outcome under an executed email action.
public struct ActionResult: Hashable, Sendable, Codable {
    public let actionID: RemediationAction.ID
    public let messageID: IndexedMessage.ID
    public let mailbox: String
    public let result: MoveResult
    public let detail: String
    public let at: Date

    public init(actionID: RemediationAction.ID, messageID: IndexedMessage.ID, mailbox: String, result: MoveResult,
                detail: String, at: Date) {
        self.actionID = actionID
        self.messageID = messageID
        self.mailbox = mailbox
        self.result = result
        self.detail = detail
        self.at = at
    }
}

/// An audit record as stored, with its position in the tenant's append-only log.
public struct StoredAuditRecord: Hashable, Sendable {
    public let sequence: Int64
    public let record: AuditRecord

    public init(sequence: Int64, record: AuditRecord) {
        self.sequence = sequence
        self.record = record
    }
}

public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A status change reached the store without its audit record: a programming error upstream.
    case missingAudit(String)
    case notFound(String)
    case conflict(String)
    case database(code: Int32, message: String, sql: String)
    case corrupt(String)
    case invalidQuery(String)

    public var description: String {
        switch self {
        case let .missingAudit(what): "state change without an audit record: \(what)"
        case let .notFound(what): "not found: \(what)"
        case let .conflict(what): "conflict: \(what)"
        case let .database(code, message, sql): "database error \(code): \(message) (in: \(sql.prefix(120)))"
        case let .corrupt(what): "stored data could not be read: \(what)"
        case let .invalidQuery(what): "invalid search query: \(what)"
        }
    }
}

/// Read access, always scoped by tenant.
public protocol StoreReader {
    func tenant(_ id: Tenant.ID) throws -> Tenant?
    func tenants() throws -> [Tenant]
    func principal(tokenHash: String) throws -> Principal?

    func mailbox(_ tenant: Tenant.ID, address: String) throws -> Mailbox?
    func mailboxes(_ tenant: Tenant.ID) throws -> [Mailbox]

    func message(_ tenant: Tenant.ID, id: IndexedMessage.ID) throws -> IndexedMessage?
    func messages(_ tenant: Tenant.ID, ids: [IndexedMessage.ID]) throws -> [IndexedMessage]
    func messages(_ tenant: Tenant.ID, carryingURL url: String, limit: Int) throws -> [IndexedMessage]
    func messages(_ tenant: Tenant.ID, contentHash: String) throws -> [IndexedMessage]
    func messageCount(_ tenant: Tenant.ID) throws -> Int
    /// Whether a copy is already indexed at this place (lets an import skip it without parsing).
    func hasMessage(_ tenant: Tenant.ID, mailbox: String, locationKey: String) throws -> Bool
    /// Full-text search over subject and body text (SQLite FTS5 query syntax); newest first.
    /// Throws `StoreError.invalidQuery` for a query the engine cannot read.
    func searchMessages(_ tenant: Tenant.ID, query: String, limit: Int) throws -> [IndexedMessage]
    func messages(_ tenant: Tenant.ID, withAttachmentHash sha256: String, limit: Int) throws -> [IndexedMessage]
    func messages(_ tenant: Tenant.ID, toRecipient address: String, limit: Int) throws -> [IndexedMessage]
    func importCheckpoint(_ tenant: Tenant.ID, source: String) throws -> ImportCheckpoint?

    func intel(_ tenant: Tenant.ID, matchingAny values: [String]) throws -> [IntelIndicator]
    func intelCount(_ tenant: Tenant.ID) throws -> Int

    func alert(_ tenant: Tenant.ID, id: Alert.ID) throws -> Alert?
    func alerts(_ tenant: Tenant.ID, limit: Int) throws -> [Alert]

    func investigation(_ tenant: Tenant.ID, id: Investigation.ID) throws -> Investigation?
    func investigations(_ tenant: Tenant.ID, query: InvestigationQuery) throws -> [Investigation]
    func evidence(_ tenant: Tenant.ID, investigation: Investigation.ID) throws -> [Evidence]
    func clusters(_ tenant: Tenant.ID, investigation: Investigation.ID) throws -> [MailCluster]
    func cluster(_ tenant: Tenant.ID, id: MailCluster.ID) throws -> MailCluster?
    func log(_ tenant: Tenant.ID, investigation: Investigation.ID) throws -> [InvestigationLogEntry]

    func action(_ tenant: Tenant.ID, id: RemediationAction.ID) throws -> RemediationAction?
    func actions(_ tenant: Tenant.ID, query: ActionQuery) throws -> [RemediationAction]
    func actionResults(_ tenant: Tenant.ID, action: RemediationAction.ID) throws -> [ActionResult]

    func submission(_ tenant: Tenant.ID, investigation: Investigation.ID) throws -> Submission?

    func auditRecords(_ tenant: Tenant.ID, afterSequence: Int64, limit: Int) throws -> [StoredAuditRecord]
    func jobs(_ tenant: Tenant.ID) throws -> [Job]
}

/// Writes inside one transaction. Every method that changes the state of an alert, investigation or
/// action takes the audit record of that change, so the two always commit together.
public protocol StoreWriter: StoreReader {
    func insertTenant(_ tenant: Tenant, audit: AuditRecord) throws
    func insertToken(hash: String, principal: Principal, audit: AuditRecord) throws
    func upsertMailbox(_ mailbox: Mailbox) throws

    /// Returns false (and changes nothing) when the same content is already indexed in that mailbox.
    /// `searchText` (subject aside) is what full-text search sees of the body.
    func insertMessage(_ message: IndexedMessage, searchText: String) throws -> Bool
    func saveImportCheckpoint(_ tenant: Tenant.ID, _ checkpoint: ImportCheckpoint, at now: Date) throws
    /// Returns false when the indicator was already known.
    func insertIntel(_ indicator: IntelIndicator, audit: AuditRecord) throws -> Bool

    func insertAlert(_ alert: Alert, audit: AuditRecord) throws
    func updateAlert(_ alert: Alert, audit: AuditRecord) throws

    func insertInvestigation(_ investigation: Investigation, audit: AuditRecord) throws
    /// `audit` must be present when the status changes; throws `StoreError.missingAudit` otherwise.
    func updateInvestigation(_ investigation: Investigation, audit: AuditRecord?) throws
    func insertEvidence(_ evidence: Evidence) throws
    func insertCluster(_ cluster: MailCluster) throws
    func appendLog(_ entry: InvestigationLogEntry) throws

    func insertAction(_ action: RemediationAction, audit: AuditRecord) throws
    /// `audit` must be present when the status or decision changes.
    func updateAction(_ action: RemediationAction, audit: AuditRecord?) throws
    func insertActionResult(_ result: ActionResult) throws

    func insertSubmission(_ submission: Submission) throws

    func appendAudit(_ record: AuditRecord) throws

    func enqueueJob(tenant: Tenant.ID, kind: Job.Kind, subjectID: String, runAfter: Date) throws
    /// Claims the oldest runnable job (queued, or whose lease expired) for `owner` until `leaseUntil`.
    func claimJob(owner: String, now: Date, leaseUntil: Date) throws -> Job?
    func completeJob(_ id: Int64) throws
    /// Puts the job back for another attempt at `retryAt`, or marks it dead when `retryAt` is nil.
    func failJob(_ id: Int64, error: String, retryAt: Date?) throws
}

/// The storage port. `write` runs its body in one transaction and rolls back on a throw.
public protocol Store: Sendable {
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T
    func write<T>(_ body: (any StoreWriter) throws -> T) throws -> T
}
