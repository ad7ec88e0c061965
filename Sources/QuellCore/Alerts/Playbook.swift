/// The AIR playbooks (spec §2). `investigationType` is the Management Activity API value (§7.10)
/// or, where the API has none, the investigations-page filter label (§3.2).
public enum Playbook: String, Sendable, Codable, CaseIterable, Hashable {
    case userReportedPhish = "user-reported-phish"
    case urlClickVerdictChange = "url-click-verdict-change"
    case malwareZAP = "malware-zap"
    case phishZAP = "phish-zap"
    case zappedFile = "zapped-file"
    case zappedURL = "zapped-url"
    case compromisedUser = "compromised-user"
    case manualEmail = "manual-email"
    case manualUserCompromise = "manual-user-compromise"

    public var displayName: String {
        switch self {
        case .userReportedPhish: "User-reported phish"
        case .urlClickVerdictChange: "URL click verdict change"
        case .malwareZAP: "Malware detected post-delivery (Malware ZAP)"
        case .phishZAP: "Phish detected post-delivery (Phish ZAP)"
        case .zappedFile: "Zapped file"
        case .zappedURL: "Zapped URL"
        case .compromisedUser: "User compromised"
        case .manualEmail: "Manual email investigation"
        case .manualUserCompromise: "Manual user-compromise investigation"
        }
    }

    public var investigationType: String {
        switch self {
        case .userReportedPhish: "User-Reported Messages"
        case .urlClickVerdictChange: "Url Verdict Change"
        case .malwareZAP: "Zapped Malware"
        case .phishZAP: "Zapped Phish"
        case .zappedFile: "Zapped File"
        case .zappedURL: "Zapped URL"
        case .compromisedUser, .manualUserCompromise: "User compromised"
        case .manualEmail: "Manual investigation"
        }
    }

    /// Spec §7.13: 64 AirInvestigation for alert-driven playbooks, 86 for manual ones.
    public var auditRecordType: AuditRecordType {
        switch self {
        case .manualEmail, .manualUserCompromise: .airManualInvestigation
        default: .airInvestigation
        }
    }
}
