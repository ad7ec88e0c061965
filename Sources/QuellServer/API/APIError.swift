import QuellCore
import QuellEngine
import QuellMail

/// Every error leaves the server as `{"error": {"code": "...", "message": "..."}}` with a fitting status.
struct APIError: Error {
    let status: Int
    let code: String
    let message: String

    static func badRequest(_ message: String, code: String = "bad_request") -> APIError { APIError(status: 400, code: code, message: message) }
    static let unauthorized = APIError(status: 401, code: "unauthorized", message: "a valid bearer token is required (Authorization: Bearer <token>)")
    static func forbidden(_ message: String) -> APIError { APIError(status: 403, code: "forbidden", message: message) }
    static func notFound(_ message: String) -> APIError { APIError(status: 404, code: "not_found", message: message) }
    static func methodNotAllowed(_ method: String) -> APIError { APIError(status: 405, code: "method_not_allowed", message: "method \(method) is not allowed here") }
    static func conflict(_ message: String) -> APIError { APIError(status: 409, code: "conflict", message: message) }
    static func unsupportedMediaType(_ message: String) -> APIError { APIError(status: 415, code: "unsupported_media_type", message: message) }

    /// Maps errors from the layers below; anything unexpected is a 500 without internals.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError: return error
        case let error as EngineError:
            switch error {
            case let .invalidMessage(parse):
                return APIError(status: parse.isSizeLimit ? 413 : 422, code: "invalid_message", message: "not a valid message: \(parse)")
            case let .forbidden(message): return .forbidden(message)
            case let .notFound(message): return .notFound(message)
            case let .conflict(message): return .conflict(message)
            case let .invalidInput(message): return .badRequest(message, code: "invalid_input")
            }
        case let error as StoreError:
            if case let .notFound(what) = error { return .notFound("not found: \(what)") }
            if case let .conflict(what) = error { return .conflict(what) }
            return APIError(status: 500, code: "internal", message: "storage error")
        default:
            return APIError(status: 500, code: "internal", message: "internal error")
        }
    }
}

extension MailParseError {
    var isSizeLimit: Bool {
        if case .messageTooLarge = self { return true }
        return false
    }
}
