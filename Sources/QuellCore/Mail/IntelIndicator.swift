import Foundation

/// A threat-intelligence indicator known to a tenant.
public struct IntelIndicator: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case url, domain }

    public let tenantID: Tenant.ID
    public let kind: Kind
    /// Normalised URL, or lowercased domain.
    public let value: String
    public let verdict: Verdict
    public let source: String
    public let addedAt: Date

    public init(tenantID: Tenant.ID, kind: Kind, value: String, verdict: Verdict = .malicious, source: String,
                addedAt: Date) {
        self.tenantID = tenantID
        self.kind = kind
        self.value = value
        self.verdict = verdict
        self.source = source
        self.addedAt = addedAt
    }
}
