import Foundation
import QuellCore

extension AIRService {
    /// Claims and runs one job. Returns false when there was nothing to do.
    @discardableResult
    public func runNextJob(worker: String) throws -> Bool {
        let now = clock.now()
        guard let job = try store.write({ try $0.claimJob(owner: worker, now: now, leaseUntil: now.addingTimeInterval(EngineLimits.jobLeaseSeconds)) })
        else { return false }
        do {
            switch job.kind {
            case .runPlaybook: try runPlaybook(job)
            case .executeAction: try executeAction(job)
            }
            try store.write { try $0.completeJob(job.id) }
        } catch {
            try giveUpOrRetry(job, error: error)
        }
        return true
    }

    /// Retries with backoff; after the last attempt the subject is marked Failed so nobody waits forever.
    private func giveUpOrRetry(_ job: Job, error: any Error) throws {
        let now = clock.now()
        if job.attempts < EngineLimits.jobAttemptsMax {
            let delay = min(60, pow(2, Double(job.attempts)))
            try store.write { try $0.failJob(job.id, error: "\(error)", retryAt: now.addingTimeInterval(delay)) }
            return
        }
        try store.write { tx in
            try tx.failJob(job.id, error: "\(error)", retryAt: nil)
            switch job.kind {
            case .runPlaybook:
                if var investigation = try tx.investigation(job.tenantID, id: Investigation.ID(job.subjectID)),
                   !investigation.status.isEnded {
                    try tx.appendLog(InvestigationLogEntry(investigationID: investigation.id, step: "Playbook", startedAt: now,
                                                           endedAt: now, outcome: .failed, detail: "\(error)"))
                    try transition(&investigation, on: .analyzerFailed, actor: .system, at: now, in: tx)
                }
            case .executeAction:
                if var action = try tx.action(job.tenantID, id: RemediationAction.ID(job.subjectID)),
                   action.status == .pending || action.status == .running,
                   var investigation = try tx.investigation(job.tenantID, id: action.investigationID) {
                    action.lastError = "\(error)"
                    try move(&action, to: .failed, playbook: investigation.playbook, at: now, in: tx)
                    try settle(&investigation, actor: .system, at: now, in: tx)
                }
            }
        }
    }

    // MARK: - Playbooks

    func runPlaybook(_ job: Job) throws {
        let tenant = job.tenantID
        let investigationID = Investigation.ID(job.subjectID)
        // Starting → Running in its own transaction, so the list shows progress while analyzers run.
        let started: (Investigation, Submission?)? = try store.write { tx in
            guard var investigation = try tx.investigation(tenant, id: investigationID) else { return nil }
            switch investigation.status {
            case .starting:
                try transition(&investigation, on: .started, actor: .system, at: clock.now(), in: tx)
            case .running:
                break // a re-run after a crash: the earlier run committed nothing else
            default:
                return nil // already concluded
            }
            return (investigation, try tx.submission(tenant, investigation: investigationID))
        }
        guard let (investigation, submission) = started else { return }

        let findings: PlaybookFindings
        if let submission {
            findings = try store.read { try UserReportedPlaybook(service: self).run(investigation, submission: submission, reader: $0) }
        } else {
            var missing = PlaybookFindings()
            missing.failed = true
            missing.summary = "No reported message is stored for this investigation"
            findings = missing
        }

        try store.write { tx in
            guard var investigation = try tx.investigation(tenant, id: investigationID), investigation.status == .running else { return }
            let now = clock.now()
            for entry in findings.log { try tx.appendLog(entry) }
            for evidence in findings.evidence { try tx.insertEvidence(evidence) }
            for cluster in findings.clusters { try tx.insertCluster(cluster) }
            for action in findings.actions {
                try tx.insertAction(action, audit: audit({
                    .actionChanged(action, operation: "ActionCreated", actor: .system, playbook: investigation.playbook, id: $0, at: $1)
                }, at: now))
            }
            investigation.threatCount = findings.threats.count
            investigation.actionCount = findings.actions.count
            investigation.summary = findings.summary
            let event: InvestigationEvent = findings.failed
                ? .analyzerFailed
                : .analysisCompleted(threats: findings.threats.count, proposedActions: findings.actions.count)
            try transition(&investigation, on: event, actor: .system, at: now, in: tx)
        }
    }

    // MARK: - Remediation

    /// Runs an approved action exactly once: per-message results are committed as they happen and a
    /// re-run after a crash skips the messages already done.
    func executeAction(_ job: Job) throws {
        let tenant = job.tenantID
        let actionID = RemediationAction.ID(job.subjectID)
        let prepared: (RemediationAction, Investigation, [IndexedMessage], Set<IndexedMessage.ID>)? = try store.write { tx in
            guard var action = try tx.action(tenant, id: actionID),
                  let investigation = try tx.investigation(tenant, id: action.investigationID) else { return nil }
            // Invariant: nothing runs without an approval.
            guard action.decision == .approved else { return nil }
            guard action.status == .pending || action.status == .running else { return nil }
            let now = clock.now()
            if action.status == .pending {
                if let duplicate = try recentDuplicate(of: action, in: tx, now: now) {
                    action.lastError = "not executed again: the same cluster was remediated by action \(duplicate.id) within the last hour"
                    try move(&action, to: .completed, playbook: investigation.playbook, at: now, in: tx)
                    var settled = investigation
                    try settle(&settled, actor: .system, at: now, in: tx)
                    return nil
                }
                try move(&action, to: .running, playbook: investigation.playbook, at: now, in: tx)
            }
            let members = try action.clusterID.flatMap { try tx.cluster(tenant, id: $0) }?.messageIDs ?? []
            let messages = try tx.messages(tenant, ids: members)
            let done = Set(try tx.actionResults(tenant, action: action.id).map(\.messageID))
            return (action, investigation, messages, done)
        }
        guard let (action, investigation, messages, done) = prepared else { return }

        var mailboxes: [String: Mailbox?] = [:]
        for message in messages where !done.contains(message.id) {
            let mailbox: Mailbox? = try mailboxes[message.mailbox] ?? store.read { try $0.mailbox(tenant, address: message.mailbox) }
            mailboxes[message.mailbox] = mailbox
            let outcome: MoveOutcome
            if let mailbox {
                outcome = mailboxProvider(mailbox).softDelete(MessageLocation(mailbox: mailbox, folder: message.folder,
                                                                             locationKey: message.locationKey))
            } else {
                outcome = MoveOutcome(.failure, message.mailbox.isEmpty ? "the message is not in a known mailbox"
                                      : "mailbox \(message.mailbox) is not registered")
            }
            try store.write { tx in
                try tx.insertActionResult(ActionResult(actionID: action.id, messageID: message.id, mailbox: message.mailbox,
                                                       result: outcome.result, detail: outcome.detail, at: clock.now()))
            }
        }

        try store.write { tx in
            guard var action = try tx.action(tenant, id: actionID), action.status == .running,
                  var investigation = try tx.investigation(tenant, id: investigation.id) else { return }
            let now = clock.now()
            var counts = RemediationCounts(remediable: messages.count)
            for result in try tx.actionResults(tenant, action: action.id) { counts.record(result.result) }
            assert(counts.isBalanced, "remediable must equal succeeded + failed + already in destination")
            action.counts = counts
            // Spec §4.3: Completed when the remediable mail was processed (possibly with some failures),
            // Failed when none succeeded.
            let failed = counts.remediable > 0 && counts.succeeded + counts.alreadyInDestination == 0
            try move(&action, to: failed ? .failed : .completed, playbook: investigation.playbook, at: now, in: tx)
            try tx.appendLog(InvestigationLogEntry(
                investigationID: investigation.id, step: action.type.displayName, startedAt: action.startedAt ?? now, endedAt: now,
                outcome: action.status == .failed ? .failed : .completed,
                detail: "\(counts.remediable) remediable: \(counts.succeeded) succeeded, \(counts.failed) failed, \(counts.alreadyInDestination) already in destination"))
            try settle(&investigation, actor: .system, at: now, in: tx)
        }
    }

    /// Sets an action's status (and its start or end time) and writes it with its audit record.
    private func move(_ action: inout RemediationAction, to status: ActionStatus, playbook: Playbook, at now: Date,
                      in tx: any StoreWriter) throws {
        action.status = status
        action.updatedAt = now
        if status == .running { action.startedAt = now }
        if status == .completed || status == .failed { action.endedAt = now }
        let snapshot = action
        try tx.updateAction(action, audit: audit({
            .actionChanged(snapshot, operation: "ActionStatusChanged", actor: .system, playbook: playbook, id: $0, at: $1)
        }, at: now))
    }

    private func recentDuplicate(of action: RemediationAction, in tx: any StoreWriter, now: Date) throws -> RemediationAction? {
        let since = now.addingTimeInterval(-EngineLimits.duplicateApprovalWindowSeconds)
        return try tx.actions(action.tenantID, query: ActionQuery(status: .completed, decision: .approved, limit: 10_000))
            .first { $0.id != action.id && $0.type == action.type && $0.target == action.target && $0.counts != nil
                && ($0.endedAt ?? .distantPast) >= since }
    }
}
