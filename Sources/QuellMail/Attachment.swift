/// A leaf part that is a file rather than message text.
public struct Attachment: Sendable, Hashable, Codable {
    public let filename: String?
    /// Lowercased "type/subtype" as declared (not sniffed).
    public let contentType: String
    /// Size of the transfer-decoded content, in bytes.
    public let size: Int
    /// Lowercase hex SHA-256 of the transfer-decoded content.
    public let sha256: String
    /// Type detected from the content by libmagic; nil when libmagic is unavailable.
    public let detectedType: String?
    /// Entries of an archive attachment (zip, tar, gzip, 7z, rar, ...), bounded by the
    /// archive limits of `MailParseLimits`; empty for other attachments.
    public let archiveMembers: [ArchiveMember]
    /// Problems met while listing the archive (encrypted entries, unsupported format,
    /// limits reached). These are also in the message's `defects`.
    public let defects: [MailDefect]

    public init(
        filename: String?, contentType: String, size: Int, sha256: String, detectedType: String? = nil,
        archiveMembers: [ArchiveMember] = [], defects: [MailDefect] = []
    ) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.detectedType = detectedType
        self.archiveMembers = archiveMembers
        self.defects = defects
    }

    /// True when the detected (else declared) type is an archive format that is listed.
    public var isArchive: Bool { ArchiveInspector.isArchiveType(detectedType ?? contentType) }
}
