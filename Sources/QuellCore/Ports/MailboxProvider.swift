/// Where a message copy lives, as handed to a mailbox provider.
public struct MessageLocation: Hashable, Sendable {
    public let mailbox: Mailbox
    public let folder: String
    public let locationKey: String

    public init(mailbox: Mailbox, folder: String, locationKey: String) {
        self.mailbox = mailbox
        self.folder = folder
        self.locationKey = locationKey
    }
}

public struct MoveOutcome: Hashable, Sendable {
    public let result: MoveResult
    public let detail: String

    public init(_ result: MoveResult, _ detail: String = "") {
        self.result = result
        self.detail = detail
    }
}

/// Changes users' mailboxes. Implementations must be idempotent per message: a second soft delete of
/// the same copy answers `alreadyInDestination`.
public protocol MailboxProvider: Sendable {
    /// Moves the copy into the mailbox's quarantine (soft-deleted) folder.
    func softDelete(_ location: MessageLocation) -> MoveOutcome
}
