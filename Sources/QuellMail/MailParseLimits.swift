/// Resource limits for one `MailParser.parse` call. See `MailLimits` for units.
public struct MailParseLimits: Sendable, Hashable {
    public var messageBytesMax: Int
    public var headerCountMax: Int
    public var headerBytesMax: Int
    public var headerSectionBytesMax: Int
    public var mimeDepthMax: Int
    public var partCountMax: Int
    public var urlsPerMessageMax: Int
    public var decodedBytesMax: Int
    public var anchorTextCharactersMax: Int
    public var archiveMembersMax: Int
    public var archiveMemberBytesMax: Int
    public var archiveExpandedBytesMax: Int
    public var archiveDepthMax: Int

    public init(
        messageBytesMax: Int = MailLimits.messageBytesMax,
        headerCountMax: Int = MailLimits.headerCountMax,
        headerBytesMax: Int = MailLimits.headerBytesMax,
        headerSectionBytesMax: Int = MailLimits.headerSectionBytesMax,
        mimeDepthMax: Int = MailLimits.mimeDepthMax,
        partCountMax: Int = MailLimits.partCountMax,
        urlsPerMessageMax: Int = MailLimits.urlsPerMessageMax,
        decodedBytesMax: Int = MailLimits.decodedBytesMax,
        anchorTextCharactersMax: Int = MailLimits.anchorTextCharactersMax,
        archiveMembersMax: Int = MailLimits.archiveMembersMax,
        archiveMemberBytesMax: Int = MailLimits.archiveMemberBytesMax,
        archiveExpandedBytesMax: Int = MailLimits.archiveExpandedBytesMax,
        archiveDepthMax: Int = MailLimits.archiveDepthMax
    ) {
        self.messageBytesMax = messageBytesMax
        self.headerCountMax = headerCountMax
        self.headerBytesMax = headerBytesMax
        self.headerSectionBytesMax = headerSectionBytesMax
        self.mimeDepthMax = mimeDepthMax
        self.partCountMax = partCountMax
        self.urlsPerMessageMax = urlsPerMessageMax
        self.decodedBytesMax = decodedBytesMax
        self.anchorTextCharactersMax = anchorTextCharactersMax
        self.archiveMembersMax = archiveMembersMax
        self.archiveMemberBytesMax = archiveMemberBytesMax
        self.archiveExpandedBytesMax = archiveExpandedBytesMax
        self.archiveDepthMax = archiveDepthMax
    }

    public static let `default` = MailParseLimits()
}
