/// A mailbox the tenant can remediate, and where its mail lives.
public struct Mailbox: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case maildir }

    public let tenantID: Tenant.ID
    /// Primary address (lowercased).
    public let address: String
    public let kind: Kind
    /// For `maildir`: the absolute path of the Maildir root (holding cur/, new/, tmp/).
    public let location: String

    public init(tenantID: Tenant.ID, address: String, kind: Kind, location: String) {
        self.tenantID = tenantID
        self.address = address.lowercased()
        self.kind = kind
        self.location = location
    }
}
