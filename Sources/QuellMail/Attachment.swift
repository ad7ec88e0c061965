/// A leaf part that is a file rather than message text.
public struct Attachment: Sendable, Hashable, Codable {
    public let filename: String?
    /// Lowercased "type/subtype" as declared (not sniffed).
    public let contentType: String
    /// Size of the transfer-decoded content, in bytes.
    public let size: Int
    /// Lowercase hex SHA-256 of the transfer-decoded content.
    public let sha256: String

    public init(filename: String?, contentType: String, size: Int, sha256: String) {
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
    }
}
