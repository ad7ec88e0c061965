/// Roles of the AIR reference (§4.4). `search-and-purge` is a separate permission, see `Principal`.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case globalAdmin = "global-admin"
    case securityAdmin = "security-admin"
    case securityOperator = "security-operator"
    case securityReader = "security-reader"

    /// Roles that may change state (ingest, report, decide, configure); readers only read.
    public var isWriter: Bool { self != .securityReader }
}
