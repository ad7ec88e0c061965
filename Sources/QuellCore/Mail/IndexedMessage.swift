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
    public let attachments: [IndexedAttachment]
    public let ingestedAt: Date

    public init(id: ID, tenantID: Tenant.ID, mailbox: String, folder: String, locationKey: String, contentHash: String,
                internetMessageID: String?, sender: String?, recipients: [String], subject: String?, receivedAt: Date?,
                sizeBytes: Int, urls: [String], attachments: [IndexedAttachment] = [], ingestedAt: Date) {
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
        self.attachments = attachments
        self.ingestedAt = ingestedAt
    }
}

/// An attachment of an indexed message: enough to find every copy of a file by its hash.
public struct IndexedAttachment: Hashable, Sendable, Codable {
    public let filename: String?
    public let contentType: String
    public let sizeBytes: Int
    public let sha256: String

    public init(filename: String?, contentType: String, sizeBytes: Int, sha256: String) {
        self.filename = filename
        self.contentType = contentType
        self.sizeBytes = sizeBytes
        self.sha256 = sha256
    }
}

/// How far an import of one source (an mbox file) got, so an interrupted run resumes there.
public struct ImportCheckpoint: Hashable, Sendable {
    public let source: String
    /// Identifies the file's content at the start (size and hash of its first bytes), so a replaced
    /// file is not resumed at a stale offset.
    public let fingerprint: String
    public let offsetBytes: Int64
    public let messages: Int

    public init(source: String, fingerprint: String, offsetBytes: Int64, messages: Int) {
        self.source = source
        self.fingerprint = fingerprint
        self.offsetBytes = offsetBytes
        self.messages = messages
    }
}
