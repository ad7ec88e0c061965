/// Content-Disposition type. Unrecognised types are treated as attachments (RFC 2183).
public enum ContentDisposition: String, Sendable, Hashable, Codable {
    case inline
    case attachment

    init?(headerValue: String?) {
        guard let headerValue else { return nil }
        let main = ByteScanning.asciiLowercased(HeaderParameters.parse(headerValue).value)
        if main.isEmpty { return nil }
        self = main == "inline" ? .inline : .attachment
    }
}
