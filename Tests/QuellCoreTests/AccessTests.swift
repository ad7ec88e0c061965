import QuellCore
import Testing

@Suite struct AccessTests {
    static func principal(_ role: Role, _ searchAndPurge: Bool) -> Principal {
        Principal(id: "p", tenantID: "t", name: "n", role: role, hasSearchAndPurge: searchAndPurge)
    }

    @Test(arguments: Role.allCases, [false, true])
    func decidingNeedsAWriterRoleAndSearchAndPurge(role: Role, searchAndPurge: Bool) {
        let expected = role != .securityReader && searchAndPurge
        #expect(Self.principal(role, searchAndPurge).can(.decideActions) == expected)
        #expect(Self.principal(role, searchAndPurge).can(.startInvestigation) == expected)
    }

    @Test(arguments: Role.allCases)
    func everyoneReadsOnlyWritersWrite(role: Role) {
        let principal = Self.principal(role, true)
        #expect(principal.can(.read))
        #expect(principal.can(.reportMessage) == (role != .securityReader))
        #expect(principal.can(.ingestMail) == (role != .securityReader))
        #expect(principal.can(.manageAccess) == (role == .globalAdmin || role == .securityAdmin))
    }

    @Test func roleWireNames() {
        #expect(Role.allCases.map(\.rawValue) == ["global-admin", "security-admin", "security-operator", "security-reader"])
    }

    @Test func decidingAnActionChecksPermissionAndState() throws {
        let t0 = Date(timeIntervalSince1970: 0)
        var action = RemediationAction(id: "a", tenantID: "t", investigationID: "i", type: .softDeleteEmail, clusterID: "c",
                                       target: "Url == x", threats: [.maliciousURL], createdAt: t0)
        #expect(throws: ActionDecisionError.notPermitted(role: .securityReader, hasSearchAndPurge: true)) {
            try action.decide(.approved, by: Self.principal(.securityReader, true), comment: nil, at: t0)
        }
        #expect(throws: ActionDecisionError.notPermitted(role: .securityAdmin, hasSearchAndPurge: false)) {
            try action.decide(.approved, by: Self.principal(.securityAdmin, false), comment: nil, at: t0)
        }
        #expect(action.decision == nil)
        try action.decide(.rejected, by: Self.principal(.securityOperator, true), comment: "false positive", at: t0)
        #expect(action.decision == .rejected)
        #expect(action.status == .completed)
        #expect(action.comment == "false positive")
        #expect(throws: ActionDecisionError.alreadyDecided(.rejected)) {
            try action.decide(.approved, by: Self.principal(.globalAdmin, true), comment: nil, at: t0)
        }
    }

    @Test func tenantIDValidation() {
        #expect(Tenant.isValidID("contoso-1_x"))
        #expect(!Tenant.isValidID(""))
        #expect(!Tenant.isValidID("Contoso"))
        #expect(!Tenant.isValidID("a/b"))
        #expect(!Tenant.isValidID(String(repeating: "a", count: 65)))
    }
}

import Foundation
