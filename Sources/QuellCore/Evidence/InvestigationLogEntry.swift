import Foundation

/// A row of the investigation Log tab: one analyzer step or one executed action.
public struct InvestigationLogEntry: Hashable, Sendable, Codable {
    public let investigationID: Investigation.ID
    /// The analyzer name (catalogue value) or action display name.
    public let step: String
    public let startedAt: Date
    public let endedAt: Date
    public let outcome: AnalyzerOutcome
    public let detail: String

    public init(investigationID: Investigation.ID, step: String, startedAt: Date, endedAt: Date,
                outcome: AnalyzerOutcome, detail: String) {
        self.investigationID = investigationID
        self.step = step
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.detail = detail
    }

    public var durationSeconds: Double { endedAt.timeIntervalSince(startedAt) }
}
