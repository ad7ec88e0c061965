/// What happened to an investigation; the lifecycle turns it into the next status.
public enum InvestigationEvent: Sendable, Hashable {
    /// Too many investigations are running for the tenant.
    case throttled
    /// A throttled investigation got a slot.
    case dequeued
    /// It waited in the throttling queue too long.
    case throttleExpired
    /// A worker began running the playbook.
    case started
    /// The playbook finished its analyzers.
    case analysisCompleted(threats: Int, proposedActions: Int)
    /// An analyzer could not complete.
    case analyzerFailed
    /// A pending action was approved; the investigation runs again to execute it.
    case actionApproved
    /// Actions were decided or executed; `tally` counts them now.
    case actionsSettled(ActionTally)
    /// Pending actions stayed undecided past the expiry (one week, spec §4.3), or the scope grew past limits.
    case expired
    /// An analyst stopped it.
    case terminatedByUser
}

/// Counts of an investigation's actions, used to settle its status after a decision or an execution.
public struct ActionTally: Sendable, Hashable {
    /// Awaiting a decision.
    public var undecided: Int
    /// Approved and not yet finished executing.
    public var inFlight: Int
    /// Approved and executed (completed or failed).
    public var executed: Int
    /// Rejected.
    public var rejected: Int

    public init(undecided: Int = 0, inFlight: Int = 0, executed: Int = 0, rejected: Int = 0) {
        self.undecided = undecided
        self.inFlight = inFlight
        self.executed = executed
        self.rejected = rejected
    }
}

public enum InvestigationTransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    case illegal(from: InvestigationStatus, to: InvestigationStatus)
    case eventNotAllowed(status: InvestigationStatus, event: String)

    public var description: String {
        switch self {
        case let .illegal(from, to): "illegal investigation transition \(from.rawValue) → \(to.rawValue)"
        case let .eventNotAllowed(status, event): "event \(event) is not allowed in status \(status.rawValue)"
        }
    }
}

/// The investigation state machine (spec §3.1 proposal). Pure: it decides, the engine acts.
public enum InvestigationLifecycle {
    /// Every legal move. Anything else is an `InvestigationTransitionError.illegal`.
    public static let transitions: [InvestigationStatus: Set<InvestigationStatus>] = [
        .starting: [.running, .queuedByThrottling, .failed, .terminatedBySystem, .terminatedByUser],
        .queuedByThrottling: [.starting, .terminatedByThrottling, .terminatedByUser],
        .running: [.noThreatsFound, .threatsFound, .pendingAction, .partiallyRemediated, .remediated, .failed,
                   .terminatedBySystem, .terminatedByUser],
        .pendingAction: [.running, .remediated, .partiallyRemediated, .terminatedBySystem, .terminatedByUser],
        .partiallyRemediated: [.running, .remediated, .terminatedBySystem, .terminatedByUser],
        .noThreatsFound: [], .threatsFound: [], .remediated: [], .terminatedBySystem: [],
        .terminatedByUser: [], .failed: [], .terminatedByThrottling: [],
    ]

    public static func isLegal(from: InvestigationStatus, to: InvestigationStatus) -> Bool {
        transitions[from, default: []].contains(to)
    }

    /// Checks one move against the table.
    public static func validate(from: InvestigationStatus, to: InvestigationStatus)
        throws(InvestigationTransitionError) {
        guard isLegal(from: from, to: to) else { throw .illegal(from: from, to: to) }
    }

    /// The status after `event`. Returns `status` itself when the event changes nothing
    /// (for example a rejection while other actions are still undecided).
    public static func next(from status: InvestigationStatus, on event: InvestigationEvent)
        throws(InvestigationTransitionError) -> InvestigationStatus {
        let target: InvestigationStatus
        switch event {
        case .throttled:
            guard status == .starting else { throw .eventNotAllowed(status: status, event: "throttled") }
            target = .queuedByThrottling
        case .dequeued:
            guard status == .queuedByThrottling else { throw .eventNotAllowed(status: status, event: "dequeued") }
            target = .starting
        case .throttleExpired:
            target = .terminatedByThrottling
        case .started:
            guard status == .starting else { throw .eventNotAllowed(status: status, event: "started") }
            target = .running
        case let .analysisCompleted(threats, proposedActions):
            guard status == .running else { throw .eventNotAllowed(status: status, event: "analysisCompleted") }
            // Spec §3.7: threats with actions wait for approval; threats without any action end Threats Found.
            if proposedActions > 0 {
                target = .pendingAction
            } else {
                target = threats > 0 ? .threatsFound : .noThreatsFound
            }
        case .analyzerFailed:
            target = .failed
        case .actionApproved:
            guard status == .pendingAction || status == .partiallyRemediated || status == .running else {
                throw .eventNotAllowed(status: status, event: "actionApproved")
            }
            target = .running
        case let .actionsSettled(tally):
            guard [.running, .pendingAction, .partiallyRemediated].contains(status) else {
                throw .eventNotAllowed(status: status, event: "actionsSettled")
            }
            target = settle(tally)
        case .expired:
            target = .terminatedBySystem
        case .terminatedByUser:
            target = .terminatedByUser
        }
        if target == status { return status }
        try validate(from: status, to: target)
        return target
    }

    /// Spec §4.3: every action decided → Remediated; some executed while others still wait → Partially
    /// Remediated; nothing executed yet → Pending Action; an approved action still executing → Running.
    static func settle(_ tally: ActionTally) -> InvestigationStatus {
        if tally.inFlight > 0 { return .running }
        if tally.undecided == 0 { return .remediated }
        return tally.executed > 0 ? .partiallyRemediated : .pendingAction
    }
}
