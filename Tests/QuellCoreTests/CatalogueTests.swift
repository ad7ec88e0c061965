import Foundation
import QuellCore
import Testing

@Suite struct CatalogueTests {
    @Test func theTenDefaultAlertPolicies() {
        let policies = AlertPolicy.defaults
        #expect(policies.count == 10)
        #expect(Set(policies.map(\.id)).count == 10)
        #expect(policies.map(\.name) == [
            "A potentially malicious URL click was detected",
            "Email reported by user as malware or phish",
            "Email messages containing malware removed after delivery",
            "Email messages containing phish URLs removed after delivery",
            "Email messages containing malicious file removed after delivery",
            "Email messages containing malicious URL removed after delivery",
            "Suspicious email sending patterns detected",
            "User restricted from sending email",
            "Admin triggered manual investigation of email",
            "Admin triggered user compromise investigation",
        ])
        #expect(policies.map(\.severity) == [.high, .informational, .informational, .informational, .informational,
                                             .informational, .medium, .high, .informational, .medium])
        #expect(AlertPolicy.userReportedPhish.playbook.investigationType == "User-Reported Messages")
        #expect(AlertPolicy.maliciousURLClick.isAggregated == false)
        #expect(policies.filter { !$0.isAggregated }.count == 1)
    }

    @Test func everyThreatMapsToTheSpecActions() {
        var table: [String: [String]] = [:]
        for threat in ThreatType.allCases { table[threat.rawValue] = threat.recommendedActions.map(\.displayName) }
        #expect(table == [
            "Malware": ["Soft delete email/cluster"], "MaliciousUrl": ["Soft delete email/cluster"],
            "Phish": ["Soft delete email/cluster"], "ZappedPhish": ["Soft delete email/cluster"],
            "VolumeAnomaly": [], "UserClickedMaliciousUrl": [], "UserSendingMalwareOrPhish": [],
            "EmailForwarding": ["Remove forwarding rule"], "EmailDelegation": ["Remove delegation rule"],
            "DataExfiltration": [], "AnomalousSending": [],
        ])
    }

    @Test func analyzerCatalogueHasTheSeventeenLogNames() {
        #expect(Analyzer.allCases.count == 17)
        #expect(Set(Analyzer.allCases.map(\.rawValue)).count == 17)
        #expect(Analyzer.userReportedEmailsIndicatorsExtraction.rawValue == "User-reported emails indicators extraction")
    }

    @Test func actionStatusWireNames() {
        #expect(ActionStatus.allCases.map(\.rawValue) == ["Pending", "Running", "Waiting on resource", "Completed", "Failed"])
        #expect(MoveResult.allCases.map(\.rawValue) == ["Success", "Failure", "Already in destination"])
    }

    @Test func remediationCountsBalance() {
        var counts = RemediationCounts(remediable: 3)
        #expect(!counts.isBalanced)
        counts.record(.success)
        counts.record(.failure)
        counts.record(.alreadyInDestination)
        #expect(counts.isBalanced)
        #expect(counts == RemediationCounts(remediable: 3, succeeded: 1, failed: 1, alreadyInDestination: 1))
    }

    @Test func auditRecordCarriesTheActivitySchema() {
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let investigation = Investigation(id: "inv", tenantID: "t", name: "Email reported", playbook: .userReportedPhish,
                                          createdAt: t0, alertIDs: [])
        let record = AuditRecord.investigationStatusChanged(investigation, from: nil, actor: .system, id: "rec-1", at: t0)
        let json = record.activityJSON(organizationID: "t")
        #expect(json["RecordType"] == .int(64))
        #expect(json["Status"] == "Starting")
        #expect(json["InvestigationType"] == "User-Reported Messages")
        #expect(json["CreationTime"] == "2027-01-15T08:00:00")
        #expect(json["UserType"] == .int(4))
        #expect(json["Operation"] == "InvestigationCreated")
    }
}
