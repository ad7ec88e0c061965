/// Per-message memo of what is derived from a URL's host (registrable domain through
/// libpsl, Unicode form through libidn2), since mail repeats the same hosts many times.
/// Not shared between threads: one instance lives for one parse.
final class HostCache {
    struct Info {
        var host: String?
        var displayURL: String
        var registrableDomain: String?
    }

    private static let entriesMax = 512
    private var domains: [String: (registrable: String?, unicode: String?)] = [:]

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
