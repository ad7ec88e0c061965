import Foundation

/// One copy of a message in one mailbox, as the index knows it. Counting is per copy (spec §3.6).
public struct IndexedMessage: Hashable, Sendable, Codable {
    public typealias ID = Tagged<IndexedMessage, String>

    public let id: ID
    public let tenantID: Tenant.ID
    /// The mailbox address holding this copy; empty for mail ingested without a mailbox.
    public let mailbox: String
    /// Maildir++ folder name ("" for the inbox).
    public let folder: String
    /// Where the copy sits inside its mailbox: the Maildir unique name (the file name before ":2,").
    public let locationKey: String
    /// SHA-256 of the raw bytes; with `mailbox` it makes ingestion idempotent.
    public let contentHash: String
    public let internetMessageID: String?
    public let sender: String?
    public let recipients: [String]
    public let subject: String?
    public let receivedAt: Date?
    public let sizeBytes: Int
    /// Normalised URLs found in the message.
    public let urls: [String]
    public let ingestedAt: Date

    public init(id: ID, tenantID: Tenant.ID, mailbox: String, folder: String, locationKey: String, contentHash: String,
                internetMessageID: String?, sender: String?, recipients: [String], subject: String?, receivedAt: Date?,
                sizeBytes: Int, urls: [String], ingestedAt: Date) {
        self.id = id
        self.tenantID = tenantID
        self.mailbox = mailbox
        self.folder = folder
        self.locationKey = locationKey
        self.contentHash = contentHash
        self.internetMessageID = internetMessageID
        self.sender = sender
        self.recipients = recipients
        self.subject = subject
        self.receivedAt = receivedAt
        self.sizeBytes = sizeBytes
        self.urls = urls
        self.ingestedAt = ingestedAt
    }
}
