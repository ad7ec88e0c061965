import Foundation

/// A proposed remediation. It waits in `Pending` until a principal allowed to decide approves or
/// rejects it; only approved actions ever execute.
public struct RemediationAction: Hashable, Sendable, Codable {
    public typealias ID = Tagged<RemediationAction, String>

    public let id: ID
    public let tenantID: Tenant.ID
    public let investigationID: Investigation.ID
    public let type: ActionType
    public var status: ActionStatus
    public var decision: ActionDecision?
    public var decidedBy: String?
    public var decidedAt: Date?
    public var comment: String?
    public let createdAt: Date
    public var updatedAt: Date
    public var startedAt: Date?
    public var endedAt: Date?
    /// The cluster it remediates, for email actions.
    public let clusterID: MailCluster.ID?
    /// The entity acted on, as shown in the action center (cluster query, URL, mailbox).
    public let target: String
    public let threats: [ThreatType]
    /// Filled once an email action executed.
    public var counts: RemediationCounts?
    public var lastError: String?

    public init(id: ID, tenantID: Tenant.ID, investigationID: Investigation.ID, type: ActionType,
                clusterID: MailCluster.ID?, target: String, threats: [ThreatType], createdAt: Date) {
        self.id = id
        self.tenantID = tenantID
        self.investigationID = investigationID
        self.type = type
        self.status = .pending
        self.decision = nil
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.clusterID = clusterID
        self.target = target
        self.threats = threats
    }

    /// Awaiting a reviewer.
    public var isAwaitingDecision: Bool { decision == nil && status == .pending }
}

public enum ActionDecisionError: Error, Hashable, Sendable, CustomStringConvertible {
    case notPermitted(role: Role, hasSearchAndPurge: Bool)
    case alreadyDecided(ActionDecision)
    case notPending(ActionStatus)

    public var description: String {
        switch self {
        case let .notPermitted(role, hasSearchAndPurge):
            "approving or rejecting needs an admin or operator role and the search-and-purge permission "
                + "(this principal: \(role.rawValue), search-and-purge \(hasSearchAndPurge ? "yes" : "no"))"
        case let .alreadyDecided(decision): "the action was already \(decision.rawValue.lowercased())"
        case let .notPending(status): "the action is \(status.rawValue), not Pending"
        }
    }
}

extension RemediationAction {
    /// Records a reviewer's decision. A rejected action is finished (`Completed`) and never runs; an
    /// approved one stays `Pending` until the executor picks it up.
    public mutating func decide(_ decision: ActionDecision, by principal: Principal, comment: String?, at now: Date)
        throws(ActionDecisionError) {
        guard principal.can(.decideActions) else {
            throw .notPermitted(role: principal.role, hasSearchAndPurge: principal.hasSearchAndPurge)
        }
        if let existing = self.decision { throw .alreadyDecided(existing) }
        guard status == .pending else { throw .notPending(status) }
        self.decision = decision
        self.decidedBy = principal.name
        self.decidedAt = now
        self.comment = comment
        self.updatedAt = now
        if decision == .rejected {
            status = .completed
            endedAt = now
        }
    }
}
