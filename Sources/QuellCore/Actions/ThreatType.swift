/// Threats and risks of the threat → action table (spec §4.1), with the actions they lead to.
public enum ThreatType: String, Sendable, Codable, CaseIterable, Hashable {
    case malware = "Malware"
    case maliciousURL = "MaliciousUrl"
    case phish = "Phish"
    case zappedPhish = "ZappedPhish"
    case volumeAnomaly = "VolumeAnomaly"
    case userClickedMaliciousURL = "UserClickedMaliciousUrl"
    case userSendingMalwareOrPhish = "UserSendingMalwareOrPhish"
    case emailForwarding = "EmailForwarding"
    case emailDelegation = "EmailDelegation"
    case dataExfiltration = "DataExfiltration"
    case anomalousSending = "AnomalousSending"

    /// Spec §4.1. Threats mapped to no action end an investigation `Threats Found` (§3.7).
    public var recommendedActions: [ActionType] {
        switch self {
        case .malware, .maliciousURL, .phish, .zappedPhish: [.softDeleteEmail]
        case .emailForwarding: [.removeForwardingRule]
        case .emailDelegation: [.removeDelegationRule]
        case .volumeAnomaly, .userClickedMaliciousURL, .userSendingMalwareOrPhish, .dataExfiltration,
             .anomalousSending: []
        }
    }
}
