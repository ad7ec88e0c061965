import Foundation
import QuellCore
import QuellMail

public struct IssuedToken: Sendable {
    /// Shown once; only its SHA-256 is stored.
    public let token: String
    public let principal: Principal
}

extension AIRService {
    /// Creates a tenant (idempotent: an existing tenant is returned unchanged).
    @discardableResult
    public func ensureTenant(_ id: Tenant.ID, name: String, actor: AuditActor) throws -> Tenant {
        guard Tenant.isValidID(id.rawValue) else {
            throw EngineError.invalidInput("tenant id \"\(id)\" must be 1-64 characters of a-z, 0-9, - and _")
        }
        return try store.write { tx in
            if let existing = try tx.tenant(id) { return existing }
            let tenant = Tenant(id: id, name: name)
            let now = clock.now()
            try tx.insertTenant(tenant, audit: AuditRecord(
                id: ids.nextString(), tenantID: id, creationTime: now, recordType: .securityComplianceRBAC,
                operation: "TenantCreated", actor: actor, objectID: id.rawValue, fields: ["Name": .string(name)]))
            return tenant
        }
    }

    /// Issues a bearer token for a new principal of `tenant`.
    public func issueToken(tenant: Tenant.ID, role: Role, searchAndPurge: Bool, name: String?, actor: AuditActor) throws -> IssuedToken {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let token = "qk_" + secret
        let principalID: Principal.ID = ids.next()
        let principal = Principal(id: principalID, tenantID: tenant, name: name ?? "\(role.rawValue)-\(principalID.rawValue.prefix(8))",
                                  role: role, hasSearchAndPurge: searchAndPurge)
        try store.write { tx in
            guard try tx.tenant(tenant) != nil else { throw EngineError.notFound("tenant \(tenant) does not exist") }
            try tx.insertToken(hash: Self.tokenHash(token), principal: principal, audit: AuditRecord(
                id: ids.nextString(), tenantID: tenant, creationTime: clock.now(), recordType: .securityComplianceRBAC,
                operation: "TokenCreated", actor: actor, objectID: principal.id.rawValue,
                fields: ["Principal": .string(principal.name), "Role": .string(role.rawValue),
                         "SearchAndPurge": .bool(searchAndPurge)]))
        }
        return IssuedToken(token: token, principal: principal)
    }

    /// The principal a bearer token belongs to, or nil.
    public func authenticate(token: String) throws -> Principal? {
        guard token.hasPrefix("qk_"), token.utf8.count < 200 else { return nil }
        return try store.read { try $0.principal(tokenHash: Self.tokenHash(token)) }
    }

    static func tokenHash(_ token: String) -> String { SHA256.hex(Array(token.utf8)) }

    /// Registers (or re-points) a mailbox the tenant can remediate.
    public func registerMailbox(_ mailbox: Mailbox) throws {
        try store.write { tx in
            guard try tx.tenant(mailbox.tenantID) != nil else { throw EngineError.notFound("tenant \(mailbox.tenantID) does not exist") }
            try tx.upsertMailbox(mailbox)
        }
    }

    /// Adds intel indicators: URLs are normalised; bare domains become domain indicators.
    public func addIntel(tenant: Tenant.ID, values: [String], source: String, actor: AuditActor) throws -> (added: Int, known: Int) {
        var indicators: [IntelIndicator] = []
        let now = clock.now()
        for raw in values {
            let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { continue }
            if value.contains("://") || value.lowercased().hasPrefix("www.") {
                guard let url = URLNormalizer.normalize(value) else {
                    throw EngineError.invalidInput("\"\(value)\" is not a URL Quell can read")
                }
                indicators.append(IntelIndicator(tenantID: tenant, kind: .url, value: url, source: source, addedAt: now))
            } else {
                let domain = value.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))
                guard domain.contains("."), !domain.contains("/"), !domain.contains(" ") else {
                    throw EngineError.invalidInput("\"\(value)\" is neither a URL nor a domain")
                }
                indicators.append(IntelIndicator(tenantID: tenant, kind: .domain, value: domain, source: source, addedAt: now))
            }
        }
        return try store.write { tx in
            guard try tx.tenant(tenant) != nil else { throw EngineError.notFound("tenant \(tenant) does not exist") }
            var added = 0
            for indicator in indicators {
                let record = AuditRecord(
                    id: ids.nextString(), tenantID: tenant, creationTime: now, recordType: .threatIntelligence,
                    operation: "IndicatorAdded", actor: actor, objectID: indicator.value,
                    fields: ["Kind": .string(indicator.kind.rawValue), "Verdict": .string(indicator.verdict.rawValue),
                             "Source": .string(source)])
                if try tx.insertIntel(indicator, audit: record) { added += 1 }
            }
            return (added, indicators.count - added)
        }
    }
}
