import Foundation

/// Entity kinds analysed by email AIR (spec §3.5), with the Management API `Type` strings (§7.11).
public enum EntityKind: String, Sendable, Codable, CaseIterable, Hashable {
    case mailMessage = "mail-message"
    case mailCluster = "MailCluster"
    case url = "url"
    case file = "file"
    case ip = "ip"
    case mailbox = "mailbox"
    case submission = "SubmissionMail"
}

/// One analysed entity with its verdict and the reasons for it.
public struct Evidence: Hashable, Sendable, Codable {
    public let investigationID: Investigation.ID
    public let kind: EntityKind
    /// Stable value of the entity: the URL, the address, the message id, the cluster id.
    public let value: String
    public var verdict: Verdict
    public var reasons: [String]
    public var threats: [ThreatType]
    public var details: [String: String]
    public let firstSeen: Date

    public init(investigationID: Investigation.ID, kind: EntityKind, value: String, verdict: Verdict,
                reasons: [String] = [], threats: [ThreatType] = [], details: [String: String] = [:], firstSeen: Date) {
        self.investigationID = investigationID
        self.kind = kind
        self.value = value
        self.verdict = verdict
        self.reasons = reasons
        self.threats = threats
        self.details = details
        self.firstSeen = firstSeen
    }
}
