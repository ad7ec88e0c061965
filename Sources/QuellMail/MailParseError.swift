/// Why a byte sequence could not be parsed as a message. Recoverable irregularities
/// are not errors; they are reported as `MailDefect`s on the parsed message.
public enum MailParseError: Error, Equatable, Hashable, Sendable {
    case empty
    case messageTooLarge(bytes: Int, limit: Int)
    case notAMessage(reason: String)
    case tooManyHeaders(count: Int, limit: Int)
    case headerTooLong(name: String, bytes: Int, limit: Int)
    case headerSectionTooLarge(bytes: Int, limit: Int)
    case mimeTooDeep(depth: Int, limit: Int)
    case tooManyParts(count: Int, limit: Int)
    case decodedTooLarge(bytes: Int, limit: Int)
}

extension MailParseError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .empty:
            return "The input is empty."
        case let .messageTooLarge(bytes, limit):
            return "The message is \(bytes) bytes; the limit is \(limit) bytes."
        case let .notAMessage(reason):
            return "The input is not an e-mail message: \(reason)."
        case let .tooManyHeaders(count, limit):
            return "A header section has at least \(count) fields; the limit is \(limit)."
        case let .headerTooLong(name, bytes, limit):
            return "The header field \"\(name)\" is at least \(bytes) bytes unfolded; the limit is \(limit) bytes."
        case let .headerSectionTooLarge(bytes, limit):
            return "A header section is at least \(bytes) bytes; the limit is \(limit) bytes."
        case let .mimeTooDeep(depth, limit):
            return "MIME parts are nested \(depth) levels deep; the limit is \(limit)."
        case let .tooManyParts(count, limit):
            return "The message has at least \(count) MIME parts; the limit is \(limit)."
        case let .decodedTooLarge(bytes, limit):
            return "Decoded bodies total at least \(bytes) bytes; the limit is \(limit) bytes."
        }
    }

    /// Same text as `description`, for callers that expect the Foundation name.
    public var localizedDescription: String { description }
}
