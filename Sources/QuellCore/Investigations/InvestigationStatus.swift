import Foundation

/// The 12 AIR investigation statuses, with their display names exactly as the wire values (spec §3.1).
public enum InvestigationStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case starting = "Starting"
    case running = "Running"
    case noThreatsFound = "No Threats Found"
    case threatsFound = "Threats Found"
    case pendingAction = "Pending Action"
    case remediated = "Remediated"
    case partiallyRemediated = "Partially Remediated"
    case terminatedBySystem = "Terminated By System"
    case terminatedByUser = "Terminated By User"
    case failed = "Failed"
    case queuedByThrottling = "Queued By Throttling"
    case terminatedByThrottling = "Terminated By Throttling"

    /// Whether the investigation has ended (the "Ended" rule of spec §3.4). Partially Remediated counts
    /// as ended for display but may still move on when its remaining actions are decided.
    public var isEnded: Bool {
        switch self {
        case .starting, .running, .pendingAction, .queuedByThrottling: false
        default: true
        }
    }

    /// No transition leaves these statuses.
    public var isFinal: Bool { isEnded && self != .partiallyRemediated }

    /// Parses a status case-insensitively, also accepting the API-log spellings of spec §7.10.
    public init?(lenient text: String) {
        let folded = text.lowercased().trimmingCharacters(in: .whitespaces)
        switch folded {
        case "investigation was created", "investigation started": self = .starting
        case "pending actions": self = .pendingAction
        default:
            guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == folded }) else { return nil }
            self = match
        }
    }
}
