import Foundation

/// One `Received:` header field, parsed. Hops are listed in header order, which is the
/// reverse of the path the message took (the first hop is the last relay).
public struct ReceivedHop: Sendable, Hashable, Codable {
    /// The name the sending side gave (HELO/EHLO), from the `from` clause.
    public let from: String?
    /// The receiving host, from the `by` clause.
    public let by: String?
    /// IPv4/IPv6 addresses in the `from` clause (in brackets, parentheses or bare), in
    /// canonical form and order of appearance.
    public let ips: [String]
    /// The date after the last `;`.
    public let date: Date?
    /// The unfolded header value.
    public let raw: String

    public init(from: String?, by: String?, ips: [String], date: Date?, raw: String) {
        self.from = from
        self.by = by
        self.ips = ips
        self.date = date
        self.raw = raw
    }
}

/// One `Authentication-Results:` header field (RFC 8601).
public struct AuthenticationResults: Sendable, Hashable, Codable {
    /// The authserv-id (the host that evaluated the results), version removed.
    public let authservID: String
    public let results: [AuthenticationResult]

    public init(authservID: String, results: [AuthenticationResult]) {
        self.authservID = authservID
        self.results = results
    }
}

/// One `ARC-Authentication-Results:` field (RFC 8617): the results an intermediary saw, numbered
/// by its place in the ARC chain (`i=1` is the first hop that sealed). Forwarded mail keeps the
/// original SPF/DKIM/DMARC outcome here after forwarding has broken SPF.
public struct ARCAuthenticationResults: Sendable, Hashable, Codable {
    public let instance: Int
    public let results: AuthenticationResults

    public init(instance: Int, results: AuthenticationResults) {
        self.instance = instance
        self.results = results
    }
}

/// One `method=result` entry, such as `dkim=pass header.d=example.com`.
public struct AuthenticationResult: Sendable, Hashable, Codable {
    /// Lowercased method: `spf`, `dkim`, `dmarc`, `arc`, `auth`, ...
    public let method: String
    /// Lowercased result: `pass`, `fail`, `softfail`, `neutral`, `none`, `temperror`, ...
    public let result: String
    public let reason: String?
    /// Properties by lowercased `ptype.property` name: `smtp.mailfrom`, `header.d`,
    /// `header.from`, `header.i`, `header.s`, ... (the first of repeated names is kept).
    public let properties: [String: String]

    public init(method: String, result: String, reason: String?, properties: [String: String]) {
        self.method = method
        self.result = result
        self.reason = reason
        self.properties = properties
    }
}

/// `List-Unsubscribe:` (RFC 2369) and whether one-click unsubscribe (RFC 8058) is offered.
public struct ListUnsubscribe: Sendable, Hashable, Codable {
    /// http(s) URIs, normalised when possible, in header order.
    public let urls: [String]
    /// `mailto:` URIs as written.
    public let mailto: [String]
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` is present.
    public let isOneClick: Bool

    public init(urls: [String], mailto: [String], isOneClick: Bool) {
        self.urls = urls
        self.mailto = mailto
        self.isOneClick = isOneClick
    }
}
