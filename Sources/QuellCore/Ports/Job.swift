import Foundation

/// A durable unit of background work, claimed by a worker under a lease so that a crashed worker's
/// job is picked up again once the lease runs out.
public struct Job: Hashable, Sendable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case runPlaybook = "run-playbook"
        case executeAction = "execute-action"
    }

    public let id: Int64
    public let tenantID: Tenant.ID
    public let kind: Kind
    /// The investigation (runPlaybook) or action (executeAction) the job is about.
    public let subjectID: String
    /// How many times it has been claimed, this claim included.
    public let attempts: Int
    public let leaseOwner: String?
    public let leaseExpiresAt: Date?

    public init(id: Int64, tenantID: Tenant.ID, kind: Kind, subjectID: String, attempts: Int, leaseOwner: String?,
                leaseExpiresAt: Date?) {
        self.id = id
        self.tenantID = tenantID
        self.kind = kind
        self.subjectID = subjectID
        self.attempts = attempts
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
    }
}
