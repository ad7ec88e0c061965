/// Deduplicates extracted URLs by normalised form, keeps first-seen order, and stops
/// at the per-message cap.
struct URLCollector {
    let limit: Int
    private(set) var urls: [ExtractedURL] = []
    private var seen: Set<String> = []
    private(set) var limitReached = false

    init(limit: Int) {
        self.limit = limit
    }

    mutating func add(_ url: ExtractedURL) {
        guard urls.count < limit else {
            if !seen.contains(url.url) { limitReached = true }
            return
        }
        // One hash lookup for the common case (a URL seen before, or a new one under the limit).
        guard seen.insert(url.url).inserted else { return }
        urls.append(url)
    }

    mutating func add(contentsOf list: [ExtractedURL]) {
        for u in list { add(u) }
    }
}
