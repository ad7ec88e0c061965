/// A link-protection service that rewrites URLs in delivered mail.
public enum URLRewriter: String, Sendable, Hashable, Codable, CaseIterable {
    /// Microsoft Defender Safe Links, `*.safelinks.protection.outlook.com/?url=`.
    case microsoftSafeLinks = "microsoft-safelinks"
    /// Proofpoint URL Defense v1 and v2, `urldefense.proofpoint.com/v{1,2}/url?u=`.
    case proofpointV2 = "proofpoint-v2"
    /// Proofpoint URL Defense v3, `urldefense.com/v3/__URL__;...!!`.
    case proofpointV3 = "proofpoint-v3"
    /// Mimecast URL Protect. `protect-*.mimecast.com/s/...` links keep no target, so they
    /// are recorded as rewritten but cannot be unwrapped.
    case mimecast
    /// Google's redirector, `www.google.com/url?q=` or `?url=`.
    case googleRedirect = "google-redirect"
}
