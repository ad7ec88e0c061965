import Foundation
import QuellCore
import QuellMail

/// The application core that HTTP, CLI and workers share: ingestion, reports, decisions and jobs.
/// It owns no state of its own; everything lives in the `Store`.
public struct AIRService: Sendable {
    public let store: any Store
    public let clock: Clock
    public let ids: IDGenerator
    /// Chooses the connector for a mailbox (Maildir today, IMAP later).
    public let mailboxProvider: @Sendable (Mailbox) -> any MailboxProvider
    /// Poked after a job is enqueued so that an in-process worker wakes at once.
    public let jobSignal: JobSignal

    public init(store: any Store, clock: Clock = .system, ids: IDGenerator = .random,
                mailboxProvider: @escaping @Sendable (Mailbox) -> any MailboxProvider, jobSignal: JobSignal = JobSignal()) {
        self.store = store
        self.clock = clock
        self.ids = ids
        self.mailboxProvider = mailboxProvider
        self.jobSignal = jobSignal
    }

    func audit(_ build: (String, Date) -> AuditRecord, at now: Date) -> AuditRecord { build(ids.nextString(), now) }
}

/// Wakes waiting workers when work arrives in this process; workers also poll, for work enqueued by
/// other processes (the CLI, another node).
public final class JobSignal: Sendable {
    // NSCondition is thread-safe; the class holds no other state.
    private let condition = NSConditionBox()

    public init() {}

    public func notify() { condition.broadcast() }

    /// Waits until notified or `seconds` pass.
    public func wait(seconds: Double) { condition.wait(seconds: seconds) }
}

final class NSConditionBox: @unchecked Sendable {
    // @unchecked Sendable: NSCondition is documented thread-safe; `pending` is only touched under it.
    private let condition = NSCondition()
    private var pending = false

    func broadcast() {
        condition.lock()
        pending = true
        condition.broadcast()
        condition.unlock()
    }

    func wait(seconds: Double) {
        condition.lock()
        if !pending { _ = condition.wait(until: Date().addingTimeInterval(seconds)) }
        pending = false
        condition.unlock()
    }
}
