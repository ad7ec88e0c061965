import Foundation

/// One automated (or manual) investigation: the record behind the investigations list.
public struct Investigation: Hashable, Sendable, Codable {
    public typealias ID = Tagged<Investigation, String>

    public let id: ID
    public let tenantID: Tenant.ID
    public var name: String
    public let playbook: Playbook
    public private(set) var status: InvestigationStatus
    public let createdAt: Date
    public private(set) var updatedAt: Date
    public private(set) var startedAt: Date?
    public private(set) var endedAt: Date?
    public var alertIDs: [Alert.ID]
    public var threatCount: Int
    public var actionCount: Int
    /// A one-line summary of the outcome shown in lists ("2 malicious URLs, 5 messages in 1 cluster").
    public var summary: String

    public init(id: ID, tenantID: Tenant.ID, name: String, playbook: Playbook, createdAt: Date, alertIDs: [Alert.ID]) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.playbook = playbook
        self.status = .starting
        self.createdAt = createdAt
        self.updatedAt = createdAt
        self.alertIDs = alertIDs
        self.threatCount = 0
        self.actionCount = 0
        self.summary = ""
    }

    public var investigationType: String { playbook.investigationType }

    /// Applies `event` through the lifecycle. Returns the previous status when the status changed,
    /// nil when the event changed nothing.
    @discardableResult
    public mutating func apply(_ event: InvestigationEvent, at now: Date)
        throws(InvestigationTransitionError) -> InvestigationStatus? {
        let next = try InvestigationLifecycle.next(from: status, on: event)
        guard next != status else { return nil }
        let previous = status
        status = next
        updatedAt = now
        if next == .running, startedAt == nil { startedAt = now }
        endedAt = next.isEnded ? now : nil
        return previous
    }

    /// Restores a stored investigation without replaying its history (store use only).
    public static func restored(id: ID, tenantID: Tenant.ID, name: String, playbook: Playbook,
                                status: InvestigationStatus, createdAt: Date, updatedAt: Date,
                                startedAt: Date?, endedAt: Date?, alertIDs: [Alert.ID],
                                threatCount: Int, actionCount: Int, summary: String) -> Investigation {
        var investigation = Investigation(id: id, tenantID: tenantID, name: name, playbook: playbook,
                                          createdAt: createdAt, alertIDs: alertIDs)
        investigation.status = status
        investigation.updatedAt = updatedAt
        investigation.startedAt = startedAt
        investigation.endedAt = endedAt
        investigation.threatCount = threatCount
        investigation.actionCount = actionCount
        investigation.summary = summary
        return investigation
    }
}
