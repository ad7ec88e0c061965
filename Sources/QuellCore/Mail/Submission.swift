import Foundation

/// A message a user reported (spec §7.12 SubmissionMail), kept whole so the playbook can re-read it.
public struct Submission: Hashable, Sendable {
    public typealias ID = Tagged<Submission, String>

    public enum ReportType: String, Sendable, Codable, CaseIterable { case phish = "Phish", malware = "Malware", junk = "Junk", notJunk = "NotJunk" }

    public let id: ID
    public let tenantID: Tenant.ID
    public let investigationID: Investigation.ID
    public let reporter: String
    public let reportType: ReportType
    public let raw: [UInt8]
    public let contentHash: String
    public let receivedAt: Date

    public init(id: ID, tenantID: Tenant.ID, investigationID: Investigation.ID, reporter: String, reportType: ReportType,
                raw: [UInt8], contentHash: String, receivedAt: Date) {
        self.id = id
        self.tenantID = tenantID
        self.investigationID = investigationID
        self.reporter = reporter
        self.reportType = reportType
        self.raw = raw
        self.contentHash = contentHash
        self.receivedAt = receivedAt
    }
}
