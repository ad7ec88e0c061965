/// Someone (a person or an integration holding a token) acting inside one tenant.
public struct Principal: Hashable, Sendable, Codable {
    public typealias ID = Tagged<Principal, String>

    public let id: ID
    public let tenantID: Tenant.ID
    public var name: String
    public var role: Role
    /// The Search and Purge permission, required on top of an admin/operator role to approve or
    /// reject remediation (spec §4.4).
    public var hasSearchAndPurge: Bool

    public init(id: ID, tenantID: Tenant.ID, name: String, role: Role, hasSearchAndPurge: Bool) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.role = role
        self.hasSearchAndPurge = hasSearchAndPurge
    }
}

/// What a principal may try to do. The checks are pure, so HTTP, CLI and engine share them.
public enum Capability: String, Sendable, CaseIterable {
    case read
    case ingestMail
    case reportMessage
    case startInvestigation
    case decideActions
    case manageIntel
    case manageAccess
}

extension Principal {
    public func can(_ capability: Capability) -> Bool {
        switch capability {
        case .read:
            return true
        case .ingestMail, .reportMessage, .manageIntel:
            return role.isWriter
        case .startInvestigation, .decideActions:
            // Spec §4.4 (2021): an admin/operator role *and* Search and Purge. Readers never decide.
            return role.isWriter && hasSearchAndPurge
        case .manageAccess:
            return role == .globalAdmin || role == .securityAdmin
        }
    }
}
