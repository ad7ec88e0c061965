/// Remediation action types (spec §4.1, §4.2). Display names are the contract.
public enum ActionType: String, Sendable, Codable, CaseIterable, Hashable {
    case softDeleteEmail = "soft-delete-email"
    case blockURL = "block-url"
    case removeForwardingRule = "remove-forwarding-rule"
    case removeDelegationRule = "remove-delegation-rule"

    public var displayName: String {
        switch self {
        case .softDeleteEmail: "Soft delete email/cluster"
        case .blockURL: "Block URL (time-of-click)"
        case .removeForwardingRule: "Remove forwarding rule"
        case .removeDelegationRule: "Remove delegation rule"
        }
    }

    /// Whether the action changes users' mailboxes (and so has per-message results).
    public var isEmailAction: Bool { self == .softDeleteEmail }
}
