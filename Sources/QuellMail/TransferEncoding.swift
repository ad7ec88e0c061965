/// Content-Transfer-Encoding of a MIME part.
public enum TransferEncoding: Sendable, Hashable {
    case sevenBit
    case eightBit
    case binary
    case base64
    case quotedPrintable
    /// An encoding this parser does not decode (e.g. `x-uuencode`); the body is kept raw.
    case other(String)

    public init(headerValue: String?) {
        guard let headerValue else { self = .sevenBit; return }
        var v = ByteScanning.asciiLowercased(ByteScanning.trimmedString(headerValue))
        if let semi = v.firstIndex(ofASCII: ";") { v = ByteScanning.trimmedString(String(v[..<semi])) }
        v.removeAll { $0 == "\"" }
        switch v {
        case "", "7bit", "7-bit": self = .sevenBit
        case "8bit", "8-bit": self = .eightBit
        case "binary": self = .binary
        case "base64", "base-64": self = .base64
        case "quoted-printable", "quoted_printable", "qp": self = .quotedPrintable
        default: self = .other(v)
        }
    }

    public var name: String {
        switch self {
        case .sevenBit: return "7bit"
        case .eightBit: return "8bit"
        case .binary: return "binary"
        case .base64: return "base64"
        case .quotedPrintable: return "quoted-printable"
        case .other(let v): return v
        }
    }
}
