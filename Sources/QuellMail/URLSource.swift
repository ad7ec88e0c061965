/// Where in a message a URL was found.
public enum URLSource: String, Sendable, Hashable, Codable {
    case text
    case htmlHref = "html-href"
    case htmlSrc = "html-src"
    case htmlForm = "html-form"
    /// CSS `url(...)`, in a `style` attribute or a `<style>` element.
    case css
}
