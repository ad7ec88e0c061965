import Foundation
import QuellCore

extension AIRService {
    /// Approves or rejects a pending action (spec §4.3). Approval queues execution; nothing touches a
    /// mailbox here. Throws `EngineError.forbidden` for principals without the right role and
    /// search-and-purge, `.notFound` for ids of other tenants, `.conflict` when already decided.
    public func decide(tenant: Tenant.ID, actionID: RemediationAction.ID, decision: ActionDecision, by principal: Principal,
                       comment: String?, clientIP: String = "") throws -> RemediationAction {
        guard principal.tenantID == tenant else { throw EngineError.notFound("action \(actionID) not found") }
        guard principal.can(.decideActions) else {
            throw EngineError.forbidden(ActionDecisionError.notPermitted(role: principal.role,
                                                                         hasSearchAndPurge: principal.hasSearchAndPurge).description)
        }
        let actor = AuditActor.principal(principal, clientIP: clientIP)
        let decided: RemediationAction = try store.write { tx in
            guard var action = try tx.action(tenant, id: actionID) else {
                throw EngineError.notFound("action \(actionID) not found")
            }
            guard var investigation = try tx.investigation(tenant, id: action.investigationID) else {
                throw StoreError.notFound("investigation \(action.investigationID)")
            }
            let now = clock.now()
            do {
                try action.decide(decision, by: principal, comment: comment, at: now)
            } catch let error as ActionDecisionError {
                switch error {
                case .notPermitted: throw EngineError.forbidden(error.description)
                case .alreadyDecided, .notPending: throw EngineError.conflict(error.description)
                }
            }
            let operation = decision == .approved ? "ActionApproved" : "ActionRejected"
            try tx.updateAction(action, audit: audit({
                .actionChanged(action, operation: operation, actor: actor, playbook: investigation.playbook, id: $0, at: $1)
            }, at: now))
            if decision == .approved {
                try transition(&investigation, on: .actionApproved, actor: actor, at: now, in: tx)
                try tx.enqueueJob(tenant: tenant, kind: .executeAction, subjectID: action.id.rawValue, runAfter: now)
            } else {
                try settle(&investigation, actor: actor, at: now, in: tx)
            }
            return action
        }
        if decision == .approved { jobSignal.notify() }
        return decided
    }

    /// Moves an investigation through the lifecycle and writes the change with its audit record (and
    /// the alert's, when the investigation ends).
    func transition(_ investigation: inout Investigation, on event: InvestigationEvent, actor: AuditActor, at now: Date,
                    in tx: any StoreWriter) throws {
        guard let previous = try investigation.apply(event, at: now) else { return }
        let actions = try tx.actions(investigation.tenantID, query: ActionQuery(investigationID: investigation.id))
        let snapshot = investigation
        try tx.updateInvestigation(investigation, audit: audit({
            .investigationStatusChanged(snapshot, from: previous, actor: actor, id: $0, at: $1, actions: actions)
        }, at: now))
        if investigation.status.isFinal {
            for alertID in investigation.alertIDs {
                guard var alert = try tx.alert(investigation.tenantID, id: alertID), alert.status != .resolved else { continue }
                alert.status = .resolved
                alert.updatedAt = now
                alert.details["resolution"] = "Investigation ended: \(investigation.status.rawValue)"
                let alertSnapshot = alert
                try tx.updateAlert(alert, audit: audit({
                    .alertChanged(alertSnapshot, operation: "AlertUpdated", actor: .system, id: $0, at: $1)
                }, at: now))
            }
        }
    }

    /// Recomputes the investigation's status from its actions (spec §4.3).
    func settle(_ investigation: inout Investigation, actor: AuditActor, at now: Date, in tx: any StoreWriter) throws {
        let actions = try tx.actions(investigation.tenantID, query: ActionQuery(investigationID: investigation.id))
        var tally = ActionTally()
        for action in actions {
            switch (action.decision, action.status) {
            case (nil, _): tally.undecided += 1
            case (.rejected?, _): tally.rejected += 1
            case (.approved?, .completed), (.approved?, .failed): tally.executed += 1
            case (.approved?, _): tally.inFlight += 1
            }
        }
        try transition(&investigation, on: .actionsSettled(tally), actor: actor, at: now, in: tx)
    }
}
