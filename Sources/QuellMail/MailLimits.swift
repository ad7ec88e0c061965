/// Default resource limits for parsing one message. Every value states its unit.
///
/// These are the defaults behind `MailParseLimits.default`; callers that need other
/// values build a `MailParseLimits` instance instead of changing these.
public enum MailLimits {
    /// Raw message size, in bytes.
    public static let messageBytesMax = 50 * 1024 * 1024
    /// Header fields in one header section (the message's or one MIME part's), in fields.
    public static let headerCountMax = 1000
    /// One unfolded header field value, in bytes.
    public static let headerBytesMax = 256 * 1024
    /// One header section including line endings, in bytes.
    public static let headerSectionBytesMax = 1024 * 1024
    /// Nesting of multiparts and embedded messages, in levels below the root.
    public static let mimeDepthMax = 32
    /// MIME parts in the whole message including embedded messages, in parts.
    public static let partCountMax = 1000
    /// Extracted URLs kept per message, in URLs (extra URLs are dropped, not an error).
    public static let urlsPerMessageMax = 2000
    /// Transfer-decoded body bytes summed over all parts, in bytes. Embedded messages
    /// are decoded again at each level, so this bounds the total work, not the input.
    public static let decodedBytesMax = 128 * 1024 * 1024
    /// Rendered anchor text kept per HTML link, in characters.
    public static let anchorTextCharactersMax = 200
    /// Archive members listed per message over all archive attachments, in members
    /// (further members are not listed; a defect, not an error).
    public static let archiveMembersMax = 1000
    /// Content of one archive member read for hashing and type detection, in bytes.
    public static let archiveMemberBytesMax = 32 * 1024 * 1024
    /// Archive member content read per message, in bytes (bounds zip bombs).
    public static let archiveExpandedBytesMax = 128 * 1024 * 1024
    /// Archive nesting that is listed, in levels: 2 lists an archive inside an attachment.
    public static let archiveDepthMax = 2
}
