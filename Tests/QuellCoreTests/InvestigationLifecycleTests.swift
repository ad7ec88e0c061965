import Foundation
import QuellCore
import Testing

@Suite struct InvestigationLifecycleTests {
    static let legal: [(InvestigationStatus, InvestigationStatus)] = InvestigationLifecycle.transitions
        .flatMap { from, targets in targets.map { (from, $0) } }
        .sorted { ($0.0.rawValue, $0.1.rawValue) < ($1.0.rawValue, $1.1.rawValue) }

    @Test func everyStatusHasExactlyTheTwelveAIRDisplayNames() {
        #expect(InvestigationStatus.allCases.map(\.rawValue) == [
            "Starting", "Running", "No Threats Found", "Threats Found", "Pending Action", "Remediated",
            "Partially Remediated", "Terminated By System", "Terminated By User", "Failed", "Queued By Throttling",
            "Terminated By Throttling",
        ])
        #expect(Set(InvestigationLifecycle.transitions.keys) == Set(InvestigationStatus.allCases))
    }

    @Test func theTableHasTheExpectedNumberOfLegalMoves() {
        #expect(Self.legal.count == 25)
    }

    @Test(arguments: legal.map { "\($0.0.rawValue)→\($0.1.rawValue)" })
    func everyLegalTransitionValidates(_ move: String) throws {
        let parts = move.components(separatedBy: "→")
        let from = try #require(InvestigationStatus(rawValue: parts[0]))
        let to = try #require(InvestigationStatus(rawValue: parts[1]))
        #expect(InvestigationLifecycle.isLegal(from: from, to: to))
        #expect(throws: Never.self) { try InvestigationLifecycle.validate(from: from, to: to) }
    }

    @Test func everyIllegalTransitionThrowsATypedError() {
        var illegalCount = 0
        for from in InvestigationStatus.allCases {
            for to in InvestigationStatus.allCases where !InvestigationLifecycle.isLegal(from: from, to: to) {
                illegalCount += 1
                #expect(throws: InvestigationTransitionError.illegal(from: from, to: to)) {
                    try InvestigationLifecycle.validate(from: from, to: to)
                }
            }
        }
        #expect(illegalCount == 12 * 12 - 25)
    }

    @Test func sampleOfIllegalMoves() {
        let samples: [(InvestigationStatus, InvestigationStatus)] = [
            (.remediated, .running), (.noThreatsFound, .pendingAction), (.starting, .remediated),
            (.pendingAction, .noThreatsFound), (.failed, .running), (.terminatedByUser, .starting),
            (.queuedByThrottling, .running), (.starting, .starting),
        ]
        for (from, to) in samples {
            #expect(!InvestigationLifecycle.isLegal(from: from, to: to), "\(from) → \(to)")
        }
    }

    @Test func finalStatusesHaveNoWayOut() {
        for status in InvestigationStatus.allCases where status.isFinal {
            #expect(InvestigationLifecycle.transitions[status] == [], "\(status)")
        }
        #expect(!InvestigationStatus.partiallyRemediated.isFinal)
        #expect(InvestigationStatus.partiallyRemediated.isEnded)
    }

    @Test func userReportedFlowEndsRemediated() throws {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var investigation = Investigation(id: "inv-1", tenantID: "t", name: "n", playbook: .userReportedPhish,
                                          createdAt: t0, alertIDs: ["a-1"])
        #expect(investigation.status == .starting)
        #expect(try investigation.apply(.started, at: t0.addingTimeInterval(1)) == .starting)
        #expect(investigation.startedAt == t0.addingTimeInterval(1))
        try investigation.apply(.analysisCompleted(threats: 1, proposedActions: 1), at: t0.addingTimeInterval(2))
        #expect(investigation.status == .pendingAction)
        #expect(investigation.endedAt == nil)
        try investigation.apply(.actionApproved, at: t0.addingTimeInterval(3))
        #expect(investigation.status == .running)
        try investigation.apply(.actionsSettled(ActionTally(executed: 1)), at: t0.addingTimeInterval(4))
        #expect(investigation.status == .remediated)
        #expect(investigation.endedAt == t0.addingTimeInterval(4))
    }

    @Test func analysisOutcomes() throws {
        #expect(try InvestigationLifecycle.next(from: .running, on: .analysisCompleted(threats: 0, proposedActions: 0)) == .noThreatsFound)
        #expect(try InvestigationLifecycle.next(from: .running, on: .analysisCompleted(threats: 2, proposedActions: 0)) == .threatsFound)
        #expect(try InvestigationLifecycle.next(from: .running, on: .analysisCompleted(threats: 1, proposedActions: 3)) == .pendingAction)
        #expect(throws: InvestigationTransitionError.self) {
            try InvestigationLifecycle.next(from: .pendingAction, on: .analysisCompleted(threats: 0, proposedActions: 0))
        }
    }

    @Test func settlingFollowsTheApprovalRules() throws {
        // Rejecting the only action: everything decided → Remediated.
        #expect(try InvestigationLifecycle.next(from: .pendingAction, on: .actionsSettled(ActionTally(rejected: 1))) == .remediated)
        // One executed, one still undecided → Partially Remediated.
        #expect(try InvestigationLifecycle.next(from: .running, on: .actionsSettled(ActionTally(undecided: 1, executed: 1))) == .partiallyRemediated)
        // A rejection while another waits: nothing changes.
        #expect(try InvestigationLifecycle.next(from: .pendingAction, on: .actionsSettled(ActionTally(undecided: 1, rejected: 1))) == .pendingAction)
        // Still executing → Running.
        #expect(try InvestigationLifecycle.next(from: .pendingAction, on: .actionsSettled(ActionTally(inFlight: 1))) == .running)
        #expect(throws: InvestigationTransitionError.self) {
            try InvestigationLifecycle.next(from: .remediated, on: .actionsSettled(ActionTally()))
        }
    }

    @Test func throttlingAndTermination() throws {
        #expect(try InvestigationLifecycle.next(from: .starting, on: .throttled) == .queuedByThrottling)
        #expect(try InvestigationLifecycle.next(from: .queuedByThrottling, on: .dequeued) == .starting)
        #expect(try InvestigationLifecycle.next(from: .queuedByThrottling, on: .throttleExpired) == .terminatedByThrottling)
        #expect(try InvestigationLifecycle.next(from: .pendingAction, on: .expired) == .terminatedBySystem)
        #expect(try InvestigationLifecycle.next(from: .running, on: .terminatedByUser) == .terminatedByUser)
        #expect(throws: InvestigationTransitionError.self) { try InvestigationLifecycle.next(from: .running, on: .throttleExpired) }
        #expect(throws: InvestigationTransitionError.self) { try InvestigationLifecycle.next(from: .remediated, on: .expired) }
        #expect(throws: InvestigationTransitionError.self) { try InvestigationLifecycle.next(from: .remediated, on: .started) }
    }

    @Test func lenientParsingAcceptsAPISpellings() {
        #expect(InvestigationStatus(lenient: "pending action") == .pendingAction)
        #expect(InvestigationStatus(lenient: "Pending Actions") == .pendingAction)
        #expect(InvestigationStatus(lenient: "Terminated by throttling") == .terminatedByThrottling)
        #expect(InvestigationStatus(lenient: "Investigation Started") == .starting)
        #expect(InvestigationStatus(lenient: "nonsense") == nil)
    }
}
