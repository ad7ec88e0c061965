import Foundation

public enum LMTPServerError: Error, Equatable, CustomStringConvertible, LocalizedError {
    case startFailed(host: String, port: UInt16, reason: String)

    public var description: String {
        switch self {
        case let .startFailed(host, port, reason): "LMTP server could not listen on \(host):\(port): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
