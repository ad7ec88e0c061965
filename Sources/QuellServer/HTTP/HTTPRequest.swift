/// One complete HTTP request, body included, as handed to the application handler.
public struct HTTPRequest: Sendable {
    /// The method exactly as the client sent it (methods are case-sensitive, normally upper case).
    public let method: String
    /// The percent-decoded path, without the query string.
    public let path: String
    /// The path as sent on the request line, without the query string.
    public let rawPath: String
    /// Decoded query arguments; when a name repeats, the last value wins. See `queryItems` for all of them.
    public let query: [String: String]
    /// Decoded query arguments in the order they were sent. A name without `=` has the value "".
    public let queryItems: [(name: String, value: String)]
    /// Request headers keyed by lower-case name. Repeated headers are joined with ", " ("; " for cookie).
    public let headers: [String: String]
    public let body: [UInt8]
    /// The client IP address as text, or "" if unknown.
    public let remoteAddress: String

    public init(
        method: String,
        path: String,
        rawPath: String? = nil,
        query: [String: String] = [:],
        queryItems: [(name: String, value: String)]? = nil,
        headers: [String: String] = [:],
        body: [UInt8] = [],
        remoteAddress: String = ""
    ) {
        self.method = method
        self.path = path
        self.rawPath = rawPath ?? path
        self.query = query
        self.queryItems = queryItems ?? query.map { (name: $0.key, value: $0.value) }
        var lowered: [String: String] = [:]
        lowered.reserveCapacity(headers.count)
        for (name, value) in headers {
            lowered[name.lowercased()] = value
        }
        self.headers = lowered
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The server builds headers already lower-cased, so it skips the copy the public init makes.
    init(
        method: String,
        path: String,
        rawPath: String,
        queryItems: [(name: String, value: String)],
        lowercasedHeaders: [String: String],
        body: [UInt8],
        remoteAddress: String
    ) {
        self.method = method
        self.path = path
        self.rawPath = rawPath
        var query: [String: String] = [:]
        for item in queryItems {
            query[item.name] = item.value
        }
        self.query = query
        self.queryItems = queryItems
        self.headers = lowercasedHeaders
        self.body = body
        self.remoteAddress = remoteAddress
    }

    public var httpMethod: HTTPMethod { HTTPMethod(rawValue: method) }

    /// Case-insensitive header lookup.
    public func header(_ name: String) -> String? {
        if let value = headers[name] {
            return value
        }
        return headers[name.lowercased()]
    }
}
