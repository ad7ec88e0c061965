/// A URL found in a message.
public struct ExtractedURL: Sendable, Hashable, Codable {
    /// Normalised form (see `URLNormalizer`); the deduplication and search key.
    public let url: String
    /// The URL as found, after HTML entity decoding.
    public let original: String
    public let source: URLSource
    /// Rendered text of the `<a>` element for `html-href` links, trimmed and capped.
    public let anchorText: String?

    public init(url: String, original: String, source: URLSource, anchorText: String? = nil) {
        self.url = url
        self.original = original
        self.source = source
        self.anchorText = anchorText
    }
}
