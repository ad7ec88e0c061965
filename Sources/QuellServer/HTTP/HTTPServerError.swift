import Foundation

public enum HTTPServerError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The daemon could not start; `reason` is libmicrohttpd's own message when it gave one
    /// (for example "Failed to bind to port 8080: Address already in use").
    case startFailed(host: String, port: UInt16, reason: String)

    public var description: String {
        switch self {
        case let .startFailed(host, port, reason):
            return "HTTP server could not listen on \(host):\(port): \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
