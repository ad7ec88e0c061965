/// Per-message memo of what is derived from a URL's host (registrable domain through
/// libpsl, Unicode form through libidn2), since mail repeats the same hosts many times.
/// Not shared between threads: one instance lives for one parse.
final class HostCache {
    struct Info {
        var host: String?
        var displayURL: String
        var registrableDomain: String?
    }

    /// What a cleaned URL value resolves to: normalised (and unwrapped) URL, host facts,
    /// rewriter. `URLExtractor.make` keeps one per distinct value of a message.
    struct Resolved {
        var url: String
        var info: Info
        var rewriter: URLRewriter?
        var wrapped: String?
    }

    private static let entriesMax = 512
    private static let resolvedMax = 4096
    private var domains: [String: (registrable: String?, unicode: String?)] = [:]
    /// nil values record values that yield no URL.
    private(set) var resolved: [String: Resolved?] = [:]

    func remember(_ value: String, _ r: Resolved?) {
        if resolved.count < Self.resolvedMax { resolved[value] = .some(r) }
    }

    func info(forNormalized url: String) -> Info {
        guard let host = URLNormalizer.host(ofNormalized: url) else { return Info(host: nil, displayURL: url) }
        let entry: (registrable: String?, unicode: String?)
        if let hit = domains[host] {
            entry = hit
        } else {
            entry = (PublicSuffix.registrableDomain(host), IDNA.hasACELabel(host) ? IDNA.toUnicode(host) : nil)
            if domains.count < Self.entriesMax { domains[host] = entry }
        }
        let display = entry.unicode == nil ? url : URLNormalizer.displayForm(ofNormalized: url, host: host)
        return Info(host: host, displayURL: display, registrableDomain: entry.registrable)
    }
}
