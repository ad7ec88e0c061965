import Foundation

/// Builders for the records every state change emits (spec §7.10, §7.12, §7.13).
extension AuditRecord {
    public static func investigationStatusChanged(_ investigation: Investigation, from previous: InvestigationStatus?,
                                                  actor: AuditActor, id: String, at now: Date,
                                                  actions: [RemediationAction] = []) -> AuditRecord {
        AuditRecord(
            id: id, tenantID: investigation.tenantID, creationTime: now,
            recordType: investigation.playbook.auditRecordType,
            operation: previous == nil ? "InvestigationCreated" : "InvestigationStatusChanged",
            actor: actor, objectID: investigation.id.rawValue,
            fields: [
                "InvestigationId": .string(investigation.id.rawValue),
                "InvestigationName": .string(investigation.name),
                "InvestigationType": .string(investigation.investigationType),
                "Status": .string(investigation.status.rawValue),
                "PreviousStatus": .optional(previous?.rawValue),
                "StartTimeUtc": .string(timestamp(investigation.createdAt)),
                "LastUpdateTimeUtc": .string(timestamp(investigation.updatedAt)),
                "DeeplinkURL": .string("/investigations/\(investigation.id.rawValue)"),
                "Actions": .array(actions.map { .object(actionObject($0)) }),
            ])
    }

    public static func alertChanged(_ alert: Alert, operation: String, actor: AuditActor, id: String,
                                    at now: Date) -> AuditRecord {
        AuditRecord(
            id: id, tenantID: alert.tenantID, creationTime: now, recordType: .securityComplianceAlerts,
            operation: operation, actor: actor, objectID: alert.id.rawValue,
            fields: [
                "AlertId": .string(alert.id.rawValue),
                "AlertType": "System",
                "Name": .string(alert.name),
                "PolicyId": .string(alert.policyID.rawValue),
                "Status": .string(alert.status.rawValue),
                "Severity": .string(alert.severity.rawValue),
                "Category": .string(alert.category),
                "Source": "Quell",
                "Comments": "New alert",
                "InvestigationId": .optional(alert.investigationID?.rawValue),
            ])
    }

    /// `operation`: ActionCreated, ActionApproved, ActionRejected, ActionStatusChanged.
    public static func actionChanged(_ action: RemediationAction, operation: String, actor: AuditActor,
                                     playbook: Playbook, id: String, at now: Date) -> AuditRecord {
        AuditRecord(
            id: id, tenantID: action.tenantID, creationTime: now, recordType: playbook.auditRecordType,
            operation: operation, actor: actor, objectID: action.id.rawValue,
            resultStatus: action.status == .failed ? "Failed" : "Succeeded",
            fields: actionObject(action).merging(["InvestigationId": .string(action.investigationID.rawValue)]) { a, _ in a })
    }

    /// The action object of spec §7.10.
    static func actionObject(_ action: RemediationAction) -> [String: JSONValue] {
        var object: [String: JSONValue] = [
            "ID": .string(action.id.rawValue),
            "ActionId": .string(action.id.rawValue),
            "ActionType": .string(action.type.displayName),
            "ActionStatus": .string(action.status.rawValue),
            "Decision": .optional(action.decision?.rawValue),
            "ApprovedBy": .optional(action.decision == .approved ? action.decidedBy : nil),
            "TimestampUtc": .string(timestamp(action.updatedAt)),
            "InvestigationId": .string(action.investigationID.rawValue),
            "StartTimeUtc": .string(timestamp(action.createdAt)),
            "EndTimeUtc": .optional(action.endedAt.map(timestamp)),
            "Entities": .array([.string(action.target)]),
        ]
        if let counts = action.counts {
            object["Remediable"] = .int(counts.remediable)
            object["Succeeded"] = .int(counts.succeeded)
            object["Failed"] = .int(counts.failed)
            object["AlreadyInDestination"] = .int(counts.alreadyInDestination)
        }
        return object
    }
}
