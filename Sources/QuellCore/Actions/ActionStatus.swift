/// Action status values of the Management Activity API (spec §4.3, §7.10).
public enum ActionStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case pending = "Pending"
    case running = "Running"
    case waitingOnResource = "Waiting on resource"
    case completed = "Completed"
    case failed = "Failed"
}

/// A reviewer's decision on a pending action. Nothing executes without `approved`.
public enum ActionDecision: String, Sendable, Codable, CaseIterable, Hashable {
    case approved = "Approved"
    case rejected = "Rejected"
}

/// Per-message outcome of an email remediation (spec §4.3).
public enum MoveResult: String, Sendable, Codable, CaseIterable, Hashable {
    case success = "Success"
    case failure = "Failure"
    case alreadyInDestination = "Already in destination"
}

/// Counts of an executed email action. Invariant: `remediable = succeeded + failed + alreadyInDestination`.
public struct RemediationCounts: Hashable, Sendable, Codable {
    public var remediable: Int
    public var succeeded: Int
    public var failed: Int
    public var alreadyInDestination: Int

    public init(remediable: Int = 0, succeeded: Int = 0, failed: Int = 0, alreadyInDestination: Int = 0) {
        self.remediable = remediable
        self.succeeded = succeeded
        self.failed = failed
        self.alreadyInDestination = alreadyInDestination
    }

    public mutating func record(_ result: MoveResult) {
        switch result {
        case .success: succeeded += 1
        case .failure: failed += 1
        case .alreadyInDestination: alreadyInDestination += 1
        }
    }

    public var isBalanced: Bool { remediable == succeeded + failed + alreadyInDestination }
}
