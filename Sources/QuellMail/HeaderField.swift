/// One header field as it appeared, unfolded.
public struct HeaderField: Sendable, Hashable {
    /// Field name as written (whitespace before the colon removed).
    public let name: String
    /// Unfolded value: line breaks of folds removed, leading and trailing blanks trimmed.
    public let rawValue: String

    public init(name: String, rawValue: String) {
        self.name = name
        self.rawValue = rawValue
    }

    /// The value with RFC 2047 encoded words decoded.
    public var decodedValue: String { EncodedWord.decode(rawValue) }

    public func hasName(_ other: String) -> Bool { ByteScanning.equalsIgnoringCase(name, other) }
}
