/// A URL found in a message.
public struct ExtractedURL: Sendable, Hashable, Codable {
    /// Normalised form (see `URLNormalizer`) with the host in ASCII (punycode) form; the
    /// deduplication and matching key. For an unwrapped link, the target's normalised form.
    public let url: String
    /// The URL as found, after HTML entity decoding (for an unwrapped link: the wrapper).
    public let original: String
    public let source: URLSource
    /// Rendered text of the `<a>` element for `html-href` links, trimmed and capped.
    public let anchorText: String?
    /// `url` with the host in Unicode form, for display. Equal to `url` for ASCII hosts.
    public let displayURL: String
    /// Lowercase ASCII host of `url` (punycode for IDNs; `[...]` for IPv6 literals).
    public let host: String?
    /// Registrable domain of `host` per the Public Suffix List; nil for IP literals,
    /// single-label hosts and public suffixes.
    public let registrableDomain: String?
    /// The link-protection service whose URL this was found as, if any.
    public let rewriter: URLRewriter?
    /// The normalised wrapper URL when the target was recovered from it (`url` is then
    /// the target). Nil when not wrapped, or when the rewriter keeps no target (Mimecast
    /// `/s/` links: `url` is then the wrapper itself).
    public let wrappedURL: String?

    /// True when `url` was recovered from a rewriter's wrapper.
    public var isUnwrapped: Bool { wrappedURL != nil }

    /// `url` must already be normalised; host, registrable domain and display form are
    /// derived from it.
    public init(url: String, original: String, source: URLSource, anchorText: String? = nil) {
        self.init(url: url, original: original, source: source, anchorText: anchorText, rewriter: nil, wrappedURL: nil)
    }

    public init(
        url: String, original: String, source: URLSource, anchorText: String?, rewriter: URLRewriter?, wrappedURL: String?
    ) {
        let host = URLNormalizer.host(ofNormalized: url)
        self.init(
            url: url, original: original, source: source, anchorText: anchorText,
            displayURL: URLNormalizer.displayForm(ofNormalized: url, host: host),
            host: host, registrableDomain: host.flatMap(PublicSuffix.registrableDomain),
            rewriter: rewriter, wrappedURL: wrappedURL)
    }

    init(
        url: String, original: String, source: URLSource, anchorText: String?, displayURL: String, host: String?,
        registrableDomain: String?, rewriter: URLRewriter?, wrappedURL: String?
    ) {
        self.url = url
        self.original = original
        self.source = source
        self.anchorText = anchorText
        self.displayURL = displayURL
        self.host = host
        self.registrableDomain = registrableDomain
        self.rewriter = rewriter
        self.wrappedURL = wrappedURL
    }
}
