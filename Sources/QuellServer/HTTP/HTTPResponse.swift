import QuellCore
/// A complete response. `Content-Length` and `Date` are added by the server; do not set them.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with `Content-Type: application/json`; `body` must already be encoded JSON.
    public static func json(_ status: Int, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: body)
    }

    /// A response with `Content-Type: application/json`; `json` must already be encoded JSON.
    public static func json(_ status: Int, _ json: String) -> HTTPResponse {
        .json(status, Array(json.utf8))
    }

    /// A response with `Content-Type: text/plain; charset=utf-8`.
    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// The standard error envelope: `{"error":{"code":"...","message":"..."}}`.
    public static func jsonError(_ status: Int, code: String, message: String) -> HTTPResponse {
        .json(status, #"{"error":{"code":"# + JSONText.quote(code) + #","message":"# + JSONText.quote(message) + "}}")
    }

    /// Value of the first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.0.lowercased() == wanted }?.1
    }
}
