/// One entry of an archive attachment (directories are not listed).
public struct ArchiveMember: Sendable, Hashable, Codable {
    /// Path inside its archive, as stored.
    public let path: String
    /// Uncompressed size in bytes as read (or as declared, when the data was not read).
    public let size: Int
    /// Lowercase hex SHA-256 of the content; nil when it could not be read (encrypted,
    /// unsupported compression, or over `archiveMemberBytesMax`).
    public let sha256: String?
    /// libmagic's type of the content, when it was read.
    public let detectedType: String?
    public let isEncrypted: Bool
    /// 1 for members of the attachment itself, 2 for members of an archive inside it.
    public let depth: Int
    /// For depth 2: the `path` of the inner archive this member belongs to.
    public let container: String?

    public init(
        path: String, size: Int, sha256: String?, detectedType: String?, isEncrypted: Bool, depth: Int, container: String?
    ) {
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.detectedType = detectedType
        self.isEncrypted = isEncrypted
        self.depth = depth
        self.container = container
    }
}
