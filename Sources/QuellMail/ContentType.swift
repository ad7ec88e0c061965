/// A parsed Content-Type. `type` and `subtype` are lowercased, parameter keys too.
public struct ContentType: Sendable, Hashable {
    public let type: String
    public let subtype: String
    public let parameters: [String: String]

    public init(type: String, subtype: String, parameters: [String: String] = [:]) {
        self.type = ByteScanning.asciiLowercased(type)
        self.subtype = ByteScanning.asciiLowercased(subtype)
        self.parameters = parameters
    }

    /// Parses a header value. An unparseable type becomes text/plain, keeping the
    /// parameters (as Python's email package does); a bare `text` becomes text/plain.
    public init(headerValue: String) {
        let (main, params) = HeaderParameters.parse(headerValue)
        let lowered = ByteScanning.asciiLowercased(main)
        var type = "text"
        var subtype = "plain"
        if let slash = lowered.firstIndex(ofASCII: "/") {
            let t = Self.token(lowered[..<slash])
            let s = Self.token(lowered[lowered.index(after: slash)...])
            if !t.isEmpty {
                type = t
                subtype = s.isEmpty ? (t == "text" ? "plain" : "octet-stream") : s
            }
        } else if Self.token(lowered[...]) == "text" {
            type = "text"
        }
        self.init(type: type, subtype: subtype, parameters: params)
    }

    private static func token(_ s: Substring) -> String {
        let trimmed = ByteScanning.trimmedString(String(s))
        var out = ""
        for ch in trimmed.unicodeScalars {
            let v = ch.value
            // RFC 2045 token characters.
            if v > 0x20 && v < 0x7F && !"()<>@,;:\\\"/[]?=".unicodeScalars.contains(ch) {
                out.unicodeScalars.append(ch)
            } else {
                break
            }
        }
        return out
    }

    public static let textPlain = ContentType(type: "text", subtype: "plain")
    public static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// "type/subtype".
    public var mimeType: String { "\(type)/\(subtype)" }
    public var isMultipart: Bool { type == "multipart" }
    public var isText: Bool { type == "text" }
    public var isEmbeddedMessage: Bool { type == "message" && (subtype == "rfc822" || subtype == "global") }
    public var charset: String? { parameters["charset"].map(Charset.canonicalName).flatMap { $0.isEmpty ? nil : $0 } }
    public var boundary: String? { parameters["boundary"].flatMap { $0.isEmpty ? nil : $0 } }
}
