import Foundation

/// Management Activity API record types Quell emits (spec §7.9).
public enum AuditRecordType: Int, Sendable, Codable, CaseIterable, Hashable {
    case threatIntelligence = 28
    case mailSubmission = 29
    case securityComplianceAlerts = 40
    case airInvestigation = 64
    case airManualInvestigation = 86
    case securityComplianceRBAC = 87
    case airAdminActionInvestigation = 89

    /// The service name the Activity API puts in `Workload`.
    public var workload: String {
        switch self {
        case .airInvestigation, .airManualInvestigation, .airAdminActionInvestigation: "AirInvestigation"
        case .threatIntelligence, .mailSubmission: "ThreatIntelligence"
        case .securityComplianceAlerts, .securityComplianceRBAC: "SecurityComplianceCenter"
        }
    }
}

/// Who did something, in audit terms (spec §7.8 `UserId`, `UserType`, `ClientIP`).
public struct AuditActor: Hashable, Sendable, Codable {
    public let userID: String
    /// 0 Regular, 2 Admin, 4 System, 5 Application.
    public let userType: Int
    public let clientIP: String

    public init(userID: String, userType: Int, clientIP: String = "") {
        self.userID = userID
        self.userType = userType
        self.clientIP = clientIP
    }

    public static let system = AuditActor(userID: "Quell", userType: 4)
    public static func principal(_ principal: Principal, clientIP: String = "") -> AuditActor {
        AuditActor(userID: principal.name, userType: principal.role == .securityReader ? 0 : 2, clientIP: clientIP)
    }
    public static func cli(_ name: String = "quell-cli") -> AuditActor { AuditActor(userID: name, userType: 2) }
}

/// One append-only audit record, in the common schema of the Management Activity API (spec §7.8).
/// Record-type specific fields (InvestigationId, Status, ...) live in `fields`.
public struct AuditRecord: Hashable, Sendable, Codable {
    public let id: String
    public let tenantID: Tenant.ID
    public let creationTime: Date
    public let recordType: AuditRecordType
    public let operation: String
    public let actor: AuditActor
    public let objectID: String
    public let resultStatus: String
    public let fields: [String: JSONValue]

    public init(id: String, tenantID: Tenant.ID, creationTime: Date, recordType: AuditRecordType, operation: String,
                actor: AuditActor, objectID: String, resultStatus: String = "Succeeded", fields: [String: JSONValue] = [:]) {
        self.id = id
        self.tenantID = tenantID
        self.creationTime = creationTime
        self.recordType = recordType
        self.operation = operation
        self.actor = actor
        self.objectID = objectID
        self.resultStatus = resultStatus
        self.fields = fields
    }
}

extension AuditRecord {
    /// The Management Activity API JSON shape: common fields plus the record-type fields, flattened.
    public func activityJSON(organizationID: String) -> [String: JSONValue] {
        var json = fields
        json["Id"] = .string(id)
        json["RecordType"] = .int(recordType.rawValue)
        json["CreationTime"] = .string(AuditRecord.timestamp(creationTime))
        json["Operation"] = .string(operation)
        json["OrganizationId"] = .string(organizationID)
        json["UserType"] = .int(actor.userType)
        json["UserKey"] = .string(actor.userID)
        json["UserId"] = .string(actor.userID)
        json["ClientIP"] = .string(actor.clientIP)
        json["Workload"] = .string(recordType.workload)
        json["ResultStatus"] = .string(resultStatus)
        json["ObjectId"] = .string(objectID)
        return json
    }

    /// `2026-12-04T16:10:28` — the API's UTC timestamp form, without a zone suffix.
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ v: Int?, _ width: Int = 2) -> String {
            let s = String(v ?? 0)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))"
    }
}
