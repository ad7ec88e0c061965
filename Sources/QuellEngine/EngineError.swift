import QuellCore
import QuellMail

/// Failures the engine reports to its callers (HTTP, CLI). Each maps to one clear message.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    case invalidMessage(MailParseError)
    case forbidden(String)
    case notFound(String)
    case conflict(String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case let .invalidMessage(error): "not a valid message: \(error)"
        case let .forbidden(message), let .notFound(message), let .conflict(message), let .invalidInput(message): message
        }
    }
}
