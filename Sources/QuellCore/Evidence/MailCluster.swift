import Foundation

/// How a cluster was built (spec §2.8).
public enum ClusterKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// Same indicator (URL or file hash) as the original; inherits the indicator's verdict.
    case indicator = "Indicator"
    /// Similar sender and content.
    case similarity = "Similarity"
    /// Mail sent by a user under a compromise investigation: classification only, never remediated.
    case mailbox = "Mailbox"
}

/// A group of indexed messages found while hunting, frozen at query time (spec §3.6).
public struct MailCluster: Hashable, Sendable, Codable {
    public typealias ID = Tagged<MailCluster, String>

    public let id: ID
    public let tenantID: Tenant.ID
    public let investigationID: Investigation.ID
    public let kind: ClusterKind
    /// What the cluster is about: "Url", "FileHash", "Sender" ...
    public let source: String
    /// The indicator value the query matched.
    public let indicator: String
    /// The query that selected the members, as shown to analysts.
    public let query: String
    public let queryTime: Date
    public let messageIDs: [IndexedMessage.ID]
    public var verdict: Verdict
    public var threats: [ThreatType]

    public init(id: ID, tenantID: Tenant.ID, investigationID: Investigation.ID, kind: ClusterKind, source: String,
                indicator: String, query: String, queryTime: Date, messageIDs: [IndexedMessage.ID],
                verdict: Verdict, threats: [ThreatType]) {
        self.id = id
        self.tenantID = tenantID
        self.investigationID = investigationID
        self.kind = kind
        self.source = source
        self.indicator = indicator
        self.query = query
        self.queryTime = queryTime
        self.messageIDs = messageIDs
        self.verdict = verdict
        self.threats = threats
    }

    public var mailCount: Int { messageIDs.count }
}
