/// A built-in alert policy that starts an automated investigation (spec §1.2). Policies are data:
/// stable ids, exact names, severities and the playbook they trigger.
public struct AlertPolicy: Hashable, Sendable, Codable, Identifiable {
    public typealias ID = Tagged<AlertPolicy, String>

    public let id: ID
    public let name: String
    public let severity: Severity
    public let category: String
    public let playbook: Playbook
    public let isEnabled: Bool
    /// URL-click alerts are never aggregated (spec §5.5).
    public let isAggregated: Bool

    public init(id: String, name: String, severity: Severity, playbook: Playbook, isAggregated: Bool = true) {
        self.id = ID(id)
        self.name = name
        self.severity = severity
        self.category = "ThreatManagement"
        self.playbook = playbook
        self.isEnabled = true
        self.isAggregated = isAggregated
    }
}

extension AlertPolicy {
    public static let maliciousURLClick = AlertPolicy(
        id: "malicious-url-click", name: "A potentially malicious URL click was detected",
        severity: .high, playbook: .urlClickVerdictChange, isAggregated: false)
    public static let userReportedPhish = AlertPolicy(
        id: "user-reported-phish", name: "Email reported by user as malware or phish",
        severity: .informational, playbook: .userReportedPhish)
    public static let malwareRemovedAfterDelivery = AlertPolicy(
        id: "malware-zap", name: "Email messages containing malware removed after delivery",
        severity: .informational, playbook: .malwareZAP)
    public static let phishURLsRemovedAfterDelivery = AlertPolicy(
        id: "phish-zap", name: "Email messages containing phish URLs removed after delivery",
        severity: .informational, playbook: .phishZAP)
    public static let maliciousFileRemovedAfterDelivery = AlertPolicy(
        id: "malicious-file-zap", name: "Email messages containing malicious file removed after delivery",
        severity: .informational, playbook: .zappedFile)
    public static let maliciousURLRemovedAfterDelivery = AlertPolicy(
        id: "malicious-url-zap", name: "Email messages containing malicious URL removed after delivery",
        severity: .informational, playbook: .zappedURL)
    public static let suspiciousSendingPatterns = AlertPolicy(
        id: "suspicious-sending-patterns", name: "Suspicious email sending patterns detected",
        severity: .medium, playbook: .compromisedUser)
    public static let userRestrictedFromSending = AlertPolicy(
        id: "user-restricted-from-sending", name: "User restricted from sending email",
        severity: .high, playbook: .compromisedUser)
    public static let manualEmailInvestigation = AlertPolicy(
        id: "manual-email-investigation", name: "Admin triggered manual investigation of email",
        severity: .informational, playbook: .manualEmail)
    public static let manualUserCompromiseInvestigation = AlertPolicy(
        id: "manual-user-compromise-investigation", name: "Admin triggered user compromise investigation",
        severity: .medium, playbook: .manualUserCompromise)

    /// The 10 default alert policies of the AIR reference, in the reference's order.
    public static let defaults: [AlertPolicy] = [
        .maliciousURLClick, .userReportedPhish, .malwareRemovedAfterDelivery, .phishURLsRemovedAfterDelivery,
        .maliciousFileRemovedAfterDelivery, .maliciousURLRemovedAfterDelivery, .suspiciousSendingPatterns,
        .userRestrictedFromSending, .manualEmailInvestigation, .manualUserCompromiseInvestigation,
    ]

    public static func named(id: ID) -> AlertPolicy? { defaults.first { $0.id == id } }
}
