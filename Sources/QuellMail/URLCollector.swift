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
        guard !seen.contains(url.url) else { return }
        guard urls.count < limit else { limitReached = true; return }
        seen.insert(url.url)
        urls.append(url)
    }

    mutating func add(contentsOf list: [ExtractedURL]) {
        for u in list { add(u) }
    }
}
