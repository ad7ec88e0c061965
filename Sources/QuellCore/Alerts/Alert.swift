import Foundation

/// Alert status as in the compliance alert model (spec §5.3).
public enum AlertStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case active = "Active"
    case investigating = "Investigating"
    case resolved = "Resolved"
    case dismissed = "Dismissed"
}

/// One raised alert. The alert that starts an investigation is linked to it.
public struct Alert: Hashable, Sendable, Codable {
    public typealias ID = Tagged<Alert, String>

    public let id: ID
    public let tenantID: Tenant.ID
    public let policyID: AlertPolicy.ID
    public let name: String
    public let severity: Severity
    public let category: String
    public var status: AlertStatus
    public let createdAt: Date
    public var updatedAt: Date
    /// Who or what raised it: the reporting user's address for a user report.
    public let source: String
    public var investigationID: Investigation.ID?
    /// Free-form facts shown in the alert flyout (subject, sender, reporter ...).
    public var details: [String: String]

    public init(id: ID, tenantID: Tenant.ID, policy: AlertPolicy, source: String, createdAt: Date,
                details: [String: String] = [:]) {
        self.id = id
        self.tenantID = tenantID
        self.policyID = policy.id
        self.name = policy.name
        self.severity = policy.severity
        self.category = policy.category
        self.status = .active
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.source = source
        self.investigationID = nil
        self.details = details
    }
}
