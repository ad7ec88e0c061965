import Foundation
import QuellCore

/// `StoreWriter` over one connection inside an open transaction (or a read snapshot).
struct SQLiteTransaction: StoreWriter {
    let db: SQLiteConnection

    init(_ db: SQLiteConnection) { self.db = db }

    // MARK: - Tenants and access

    func tenant(_ id: Tenant.ID) throws -> Tenant? {
        try db.query("SELECT id, name FROM tenants WHERE id = ?", [.text(id.rawValue)]) {
            Tenant(id: Tenant.ID($0.text(0)), name: $0.text(1))
        }.first
    }

    func tenants() throws -> [Tenant] {
        try db.query("SELECT id, name FROM tenants ORDER BY id") { Tenant(id: Tenant.ID($0.text(0)), name: $0.text(1)) }
    }

    func insertTenant(_ tenant: Tenant, audit: AuditRecord) throws {
        try db.run("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)",
                   [.text(tenant.id.rawValue), .text(tenant.name), .date(audit.creationTime)])
        try appendAudit(audit)
    }

    func principal(tokenHash: String) throws -> Principal? {
        try db.query("""
            SELECT principal_id, tenant_id, name, role, search_and_purge FROM tokens WHERE token_hash = ?
            """, [.text(tokenHash)]) { row -> Principal? in
            guard let role = Role(rawValue: row.text(3)) else { return nil }
            return Principal(id: Principal.ID(row.text(0)), tenantID: Tenant.ID(row.text(1)), name: row.text(2),
                             role: role, hasSearchAndPurge: row.bool(4))
        }.first ?? nil
    }

    func insertToken(hash: String, principal: Principal, audit: AuditRecord) throws {
        try db.run("""
            INSERT INTO tokens (token_hash, tenant_id, principal_id, name, role, search_and_purge, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(hash), .text(principal.tenantID.rawValue), .text(principal.id.rawValue), .text(principal.name),
                  .text(principal.role.rawValue), .bool(principal.hasSearchAndPurge), .date(audit.creationTime)])
        try appendAudit(audit)
    }

    // MARK: - Mailboxes

    func mailbox(_ tenant: Tenant.ID, address: String) throws -> Mailbox? {
        try db.query("SELECT address, kind, location FROM mailboxes WHERE tenant_id = ? AND address = ?",
                     [.text(tenant.rawValue), .text(address.lowercased())]) { try Self.mailbox(tenant, $0) }.first
    }

    func mailboxes(_ tenant: Tenant.ID) throws -> [Mailbox] {
        try db.query("SELECT address, kind, location FROM mailboxes WHERE tenant_id = ? ORDER BY address",
                     [.text(tenant.rawValue)]) { try Self.mailbox(tenant, $0) }
    }

    private static func mailbox(_ tenant: Tenant.ID, _ row: Statement) throws -> Mailbox {
        guard let kind = Mailbox.Kind(rawValue: row.text(1)) else { throw StoreError.corrupt("mailbox kind \(row.text(1))") }
        return Mailbox(tenantID: tenant, address: row.text(0), kind: kind, location: row.text(2))
    }

    func upsertMailbox(_ mailbox: Mailbox) throws {
        try db.run("""
            INSERT INTO mailboxes (tenant_id, address, kind, location) VALUES (?, ?, ?, ?)
            ON CONFLICT (tenant_id, address) DO UPDATE SET kind = excluded.kind, location = excluded.location
            """, [.text(mailbox.tenantID.rawValue), .text(mailbox.address), .text(mailbox.kind.rawValue),
                  .text(mailbox.location)])
    }

    // MARK: - Messages

    private static let messageColumns = """
        id, mailbox, folder, location_key, content_hash, internet_message_id, sender, recipients, subject,
        received_at, size_bytes, urls, ingested_at
        """

    /// The message columns qualified with `m.`, for queries that join another table.
    private static let joinedMessageColumns = messageColumns.split(separator: ",")
        .map { "m." + $0.trimmingCharacters(in: .whitespacesAndNewlines) }.joined(separator: ", ")

    private func message(_ tenant: Tenant.ID, _ row: Statement) throws -> IndexedMessage {
        let id = row.text(0)
        let attachments = try db.query("""
            SELECT filename, content_type, size_bytes, sha256 FROM message_attachments
            WHERE tenant_id = ? AND message_id = ? ORDER BY ordinal
            """, [.text(tenant.rawValue), .text(id)]) {
            IndexedAttachment(filename: $0.optionalText(0), contentType: $0.text(1), sizeBytes: Int($0.int(2)), sha256: $0.text(3))
        }
        return IndexedMessage(
            id: IndexedMessage.ID(row.text(0)), tenantID: tenant, mailbox: row.text(1), folder: row.text(2),
            locationKey: row.text(3), contentHash: row.text(4), internetMessageID: row.optionalText(5),
            sender: row.optionalText(6), recipients: try JSONColumn.decode([String].self, row.text(7), column: "recipients"),
            subject: row.optionalText(8), receivedAt: row.optionalDate(9), sizeBytes: Int(row.int(10)),
            urls: try JSONColumn.decode([String].self, row.text(11), column: "urls"), attachments: attachments,
            ingestedAt: row.date(12))
    }

    func message(_ tenant: Tenant.ID, id: IndexedMessage.ID) throws -> IndexedMessage? {
        try db.query("SELECT \(Self.messageColumns) FROM messages WHERE tenant_id = ? AND id = ?",
                     [.text(tenant.rawValue), .text(id.rawValue)]) { try message(tenant, $0) }.first
    }

    func messages(_ tenant: Tenant.ID, ids: [IndexedMessage.ID]) throws -> [IndexedMessage] {
        try ids.compactMap { try message(tenant, id: $0) }
    }

    func messages(_ tenant: Tenant.ID, carryingURL url: String, limit: Int) throws -> [IndexedMessage] {
        try db.query("""
            SELECT \(Self.joinedMessageColumns)
            FROM message_urls u JOIN messages m ON m.tenant_id = u.tenant_id AND m.id = u.message_id
            WHERE u.tenant_id = ? AND u.url = ? ORDER BY m.mailbox, m.id LIMIT ?
            """, [.text(tenant.rawValue), .text(url), .int(Int64(limit))]) { try message(tenant, $0) }
    }

    func messages(_ tenant: Tenant.ID, contentHash: String) throws -> [IndexedMessage] {
        try db.query("SELECT \(Self.messageColumns) FROM messages WHERE tenant_id = ? AND content_hash = ? ORDER BY mailbox",
                     [.text(tenant.rawValue), .text(contentHash)]) { try message(tenant, $0) }
    }

    func messageCount(_ tenant: Tenant.ID) throws -> Int {
        try db.query("SELECT count(*) FROM messages WHERE tenant_id = ?", [.text(tenant.rawValue)]) { Int($0.int(0)) }.first ?? 0
    }

    func hasMessage(_ tenant: Tenant.ID, mailbox: String, locationKey: String) throws -> Bool {
        try !db.query("SELECT 1 FROM messages WHERE tenant_id = ? AND mailbox = ? AND location_key = ? LIMIT 1",
                      [.text(tenant.rawValue), .text(mailbox), .text(locationKey)]) { _ in true }.isEmpty
    }

    func searchMessages(_ tenant: Tenant.ID, query: String, limit: Int) throws -> [IndexedMessage] {
        do {
            return try db.query("""
                SELECT \(Self.joinedMessageColumns) FROM message_text t JOIN messages m ON m.rowid = t.rowid
                WHERE message_text MATCH ? AND m.tenant_id = ? ORDER BY m.received_at DESC, m.id LIMIT ?
                """, [.text(query), .text(tenant.rawValue), .int(Int64(limit))]) { try message(tenant, $0) }
        } catch let StoreError.database(_, message, _) {
            // FTS5 reports query syntax errors as ordinary errors: they are the caller's, not ours.
            throw StoreError.invalidQuery(message)
        }
    }

    func messages(_ tenant: Tenant.ID, toRecipient address: String, limit: Int) throws -> [IndexedMessage] {
        return try db.query("""
            SELECT \(Self.joinedMessageColumns) FROM message_recipients r
            JOIN messages m ON m.tenant_id = r.tenant_id AND m.id = r.message_id
            WHERE r.tenant_id = ? AND r.address = ? ORDER BY m.received_at DESC, m.id LIMIT ?
            """, [.text(tenant.rawValue), .text(address.lowercased()), .int(Int64(limit))]) { try message(tenant, $0) }
    }

    func messages(_ tenant: Tenant.ID, withAttachmentHash sha256: String, limit: Int) throws -> [IndexedMessage] {
        return try db.query("""
            SELECT DISTINCT \(Self.joinedMessageColumns) FROM message_attachments a
            JOIN messages m ON m.tenant_id = a.tenant_id AND m.id = a.message_id
            WHERE a.tenant_id = ? AND a.sha256 = ? ORDER BY m.mailbox, m.id LIMIT ?
            """, [.text(tenant.rawValue), .text(sha256.lowercased()), .int(Int64(limit))]) { try message(tenant, $0) }
    }

    func importCheckpoint(_ tenant: Tenant.ID, source: String) throws -> ImportCheckpoint? {
        try db.query("SELECT fingerprint, offset_bytes, messages FROM import_checkpoints WHERE tenant_id = ? AND source = ?",
                     [.text(tenant.rawValue), .text(source)]) {
            ImportCheckpoint(source: source, fingerprint: $0.text(0), offsetBytes: $0.int(1), messages: Int($0.int(2)))
        }.first
    }

    func saveImportCheckpoint(_ tenant: Tenant.ID, _ checkpoint: ImportCheckpoint, at now: Date) throws {
        try db.run("""
            INSERT INTO import_checkpoints (tenant_id, source, fingerprint, offset_bytes, messages, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, source) DO UPDATE SET fingerprint = excluded.fingerprint,
                offset_bytes = excluded.offset_bytes, messages = excluded.messages, updated_at = excluded.updated_at
            """, [.text(tenant.rawValue), .text(checkpoint.source), .text(checkpoint.fingerprint), .int(checkpoint.offsetBytes),
                  .int(Int64(checkpoint.messages)), .date(now)])
    }

    func insertMessage(_ message: IndexedMessage, searchText: String) throws -> Bool {
        let changed = try db.run("""
            INSERT INTO messages (tenant_id, id, mailbox, folder, location_key, content_hash, internet_message_id,
                                  sender, recipients, subject, received_at, size_bytes, urls, ingested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, mailbox, content_hash) DO NOTHING
            """, [.text(message.tenantID.rawValue), .text(message.id.rawValue), .text(message.mailbox),
                  .text(message.folder), .text(message.locationKey), .text(message.contentHash),
                  .optional(message.internetMessageID), .optional(message.sender),
                  .text(JSONColumn.encodeStrings(message.recipients)), .optional(message.subject),
                  .date(message.receivedAt), .int(Int64(message.sizeBytes)),
                  .text(JSONColumn.encodeStrings(message.urls)), .date(message.ingestedAt)])
        guard changed > 0 else { return false }
        let rowID = db.lastInsertRowID
        for url in Set(message.urls) {
            try db.run("INSERT OR IGNORE INTO message_urls (tenant_id, url, message_id) VALUES (?, ?, ?)",
                       [.text(message.tenantID.rawValue), .text(url), .text(message.id.rawValue)])
        }
        for address in Set(message.recipients.map { $0.lowercased() }) {
            try db.run("INSERT OR IGNORE INTO message_recipients (tenant_id, address, message_id) VALUES (?, ?, ?)",
                       [.text(message.tenantID.rawValue), .text(address), .text(message.id.rawValue)])
        }
        for (ordinal, attachment) in message.attachments.enumerated() {
            try db.run("""
                INSERT INTO message_attachments (tenant_id, message_id, ordinal, sha256, filename, content_type, size_bytes)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.text(message.tenantID.rawValue), .text(message.id.rawValue), .int(Int64(ordinal)),
                      .text(attachment.sha256), .optional(attachment.filename), .text(attachment.contentType),
                      .int(Int64(attachment.sizeBytes))])
        }
        try db.run("INSERT INTO message_text (rowid, subject, body) VALUES (?, ?, ?)",
                   [.int(rowID), .text(message.subject ?? ""), .text(searchText)])
        return true
    }

    // MARK: - Intel

    func intel(_ tenant: Tenant.ID, matchingAny values: [String]) throws -> [IntelIndicator] {
        var found: [IntelIndicator] = []
        for value in Set(values) {
            found += try db.query("""
                SELECT kind, value, verdict, source, added_at FROM intel WHERE tenant_id = ? AND value = ?
                """, [.text(tenant.rawValue), .text(value)]) { row -> IntelIndicator? in
                guard let kind = IntelIndicator.Kind(rawValue: row.text(0)), let verdict = Verdict(rawValue: row.text(2))
                else { return nil }
                return IntelIndicator(tenantID: tenant, kind: kind, value: row.text(1), verdict: verdict,
                                      source: row.text(3), addedAt: row.date(4))
            }.compactMap { $0 }
        }
        return found.sorted { ($0.kind.rawValue, $0.value) < ($1.kind.rawValue, $1.value) }
    }

    func intelCount(_ tenant: Tenant.ID) throws -> Int {
        try db.query("SELECT count(*) FROM intel WHERE tenant_id = ?", [.text(tenant.rawValue)]) { Int($0.int(0)) }.first ?? 0
    }

    func insertIntel(_ indicator: IntelIndicator, audit: AuditRecord) throws -> Bool {
        let changed = try db.run("""
            INSERT INTO intel (tenant_id, kind, value, verdict, source, added_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, kind, value) DO NOTHING
            """, [.text(indicator.tenantID.rawValue), .text(indicator.kind.rawValue), .text(indicator.value),
                  .text(indicator.verdict.rawValue), .text(indicator.source), .date(indicator.addedAt)])
        guard changed > 0 else { return false }
        try appendAudit(audit)
        return true
    }

    // MARK: - Alerts

    private static let alertColumns = """
        id, policy_id, name, severity, category, status, source, investigation_id, details, created_at, updated_at
        """

    private static func alert(_ tenant: Tenant.ID, _ row: Statement) throws -> Alert {
        guard let policy = AlertPolicy.named(id: AlertPolicy.ID(row.text(1))) else {
            throw StoreError.corrupt("alert policy \(row.text(1))")
        }
        guard let status = AlertStatus(rawValue: row.text(5)) else { throw StoreError.corrupt("alert status \(row.text(5))") }
        var alert = Alert(id: Alert.ID(row.text(0)), tenantID: tenant, policy: policy, source: row.text(6),
                          createdAt: row.date(9),
                          details: try JSONColumn.decode([String: String].self, row.text(8), column: "details"))
        alert.status = status
        alert.investigationID = row.optionalText(7).map { Investigation.ID($0) }
        alert.updatedAt = row.date(10)
        return alert
    }

    func alert(_ tenant: Tenant.ID, id: Alert.ID) throws -> Alert? {
        try db.query("SELECT \(Self.alertColumns) FROM alerts WHERE tenant_id = ? AND id = ?",
                     [.text(tenant.rawValue), .text(id.rawValue)]) { try Self.alert(tenant, $0) }.first
    }

    func alerts(_ tenant: Tenant.ID, limit: Int) throws -> [Alert] {
        try db.query("SELECT \(Self.alertColumns) FROM alerts WHERE tenant_id = ? ORDER BY created_at DESC, id LIMIT ?",
                     [.text(tenant.rawValue), .int(Int64(limit))]) { try Self.alert(tenant, $0) }
    }

    func insertAlert(_ alert: Alert, audit: AuditRecord) throws {
        try db.run("""
            INSERT INTO alerts (tenant_id, id, policy_id, name, severity, category, status, source, investigation_id,
                                details, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(alert.tenantID.rawValue), .text(alert.id.rawValue), .text(alert.policyID.rawValue),
                  .text(alert.name), .text(alert.severity.rawValue), .text(alert.category), .text(alert.status.rawValue),
                  .text(alert.source), .optional(alert.investigationID?.rawValue), .text(JSONColumn.encode(alert.details)),
                  .date(alert.createdAt), .date(alert.updatedAt)])
        try appendAudit(audit)
    }

    func updateAlert(_ alert: Alert, audit: AuditRecord) throws {
        let changed = try db.run("""
            UPDATE alerts SET status = ?, investigation_id = ?, details = ?, updated_at = ? WHERE tenant_id = ? AND id = ?
            """, [.text(alert.status.rawValue), .optional(alert.investigationID?.rawValue),
                  .text(JSONColumn.encode(alert.details)), .date(alert.updatedAt), .text(alert.tenantID.rawValue),
                  .text(alert.id.rawValue)])
        guard changed == 1 else { throw StoreError.notFound("alert \(alert.id)") }
        try appendAudit(audit)
    }

    // MARK: - Investigations

    private static let investigationColumns = """
        id, name, playbook, status, created_at, updated_at, started_at, ended_at, alert_ids, threat_count,
        action_count, summary
        """

    private static func investigation(_ tenant: Tenant.ID, _ row: Statement) throws -> Investigation {
        guard let playbook = Playbook(rawValue: row.text(2)) else { throw StoreError.corrupt("playbook \(row.text(2))") }
        guard let status = InvestigationStatus(rawValue: row.text(3)) else {
            throw StoreError.corrupt("investigation status \(row.text(3))")
        }
        return Investigation.restored(
            id: Investigation.ID(row.text(0)), tenantID: tenant, name: row.text(1), playbook: playbook, status: status,
            createdAt: row.date(4), updatedAt: row.date(5), startedAt: row.optionalDate(6), endedAt: row.optionalDate(7),
            alertIDs: try JSONColumn.decode([Alert.ID].self, row.text(8), column: "alert_ids"),
            threatCount: Int(row.int(9)), actionCount: Int(row.int(10)), summary: row.text(11))
    }

    func investigation(_ tenant: Tenant.ID, id: Investigation.ID) throws -> Investigation? {
        try db.query("SELECT \(Self.investigationColumns) FROM investigations WHERE tenant_id = ? AND id = ?",
                     [.text(tenant.rawValue), .text(id.rawValue)]) { try Self.investigation(tenant, $0) }.first
    }

    func investigations(_ tenant: Tenant.ID, query: InvestigationQuery) throws -> [Investigation] {
        var sql = "SELECT \(Self.investigationColumns) FROM investigations WHERE tenant_id = ?"
        var values: [SQLValue] = [.text(tenant.rawValue)]
        if let status = query.status {
            sql += " AND status = ?"
            values.append(.text(status.rawValue))
        }
        if let type = query.investigationType {
            let playbooks = Playbook.allCases.filter { $0.investigationType.lowercased() == type.lowercased() }
            if playbooks.isEmpty { return [] }
            sql += " AND playbook IN (" + Array(repeating: "?", count: playbooks.count).joined(separator: ",") + ")"
            values += playbooks.map { .text($0.rawValue) }
        }
        if let from = query.createdFrom {
            sql += " AND created_at >= ?"
            values.append(.date(from))
        }
        if let to = query.createdTo {
            sql += " AND created_at < ?"
            values.append(.date(to))
        }
        sql += " ORDER BY created_at DESC, id LIMIT ? OFFSET ?"
        values += [.int(Int64(query.limit)), .int(Int64(query.offset))]
        return try db.query(sql, values) { try Self.investigation(tenant, $0) }
    }

    func insertInvestigation(_ investigation: Investigation, audit: AuditRecord) throws {
        try db.run("""
            INSERT INTO investigations (tenant_id, id, name, playbook, status, created_at, updated_at, started_at,
                                        ended_at, alert_ids, threat_count, action_count, summary)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(investigation.tenantID.rawValue), .text(investigation.id.rawValue), .text(investigation.name),
                  .text(investigation.playbook.rawValue), .text(investigation.status.rawValue),
                  .date(investigation.createdAt), .date(investigation.updatedAt), .date(investigation.startedAt),
                  .date(investigation.endedAt), .text(JSONColumn.encode(investigation.alertIDs)),
                  .int(Int64(investigation.threatCount)), .int(Int64(investigation.actionCount)),
                  .text(investigation.summary)])
        try appendAudit(audit)
    }

    func updateInvestigation(_ investigation: Investigation, audit: AuditRecord?) throws {
        guard let stored = try self.investigation(investigation.tenantID, id: investigation.id) else {
            throw StoreError.notFound("investigation \(investigation.id)")
        }
        if stored.status != investigation.status {
            guard audit != nil else {
                throw StoreError.missingAudit("investigation \(investigation.id) \(stored.status.rawValue) → \(investigation.status.rawValue)")
            }
        }
        try db.run("""
            UPDATE investigations SET name = ?, status = ?, updated_at = ?, started_at = ?, ended_at = ?, alert_ids = ?,
                threat_count = ?, action_count = ?, summary = ? WHERE tenant_id = ? AND id = ?
            """, [.text(investigation.name), .text(investigation.status.rawValue), .date(investigation.updatedAt),
                  .date(investigation.startedAt), .date(investigation.endedAt),
                  .text(JSONColumn.encode(investigation.alertIDs)), .int(Int64(investigation.threatCount)),
                  .int(Int64(investigation.actionCount)), .text(investigation.summary),
                  .text(investigation.tenantID.rawValue), .text(investigation.id.rawValue)])
        if let audit { try appendAudit(audit) }
    }

    // MARK: - Evidence, clusters, log

    func evidence(_ tenant: Tenant.ID, investigation: Investigation.ID) throws -> [Evidence] {
        try db.query("""
            SELECT kind, value, verdict, reasons, threats, details, first_seen FROM evidence
            WHERE tenant_id = ? AND investigation_id = ? ORDER BY rowid
            """, [.text(tenant.rawValue), .text(investigation.rawValue)]) { row in
            guard let kind = EntityKind(rawValue: row.text(0)), let verdict = Verdict(rawValue: row.text(2)) else {
                throw StoreError.corrupt("evidence \(row.text(0)) \(row.text(2))")
            }
            return Evidence(investigationID: investigation, kind: kind, value: row.text(1), verdict: verdict,
                            reasons: try JSONColumn.decode([String].self, row.text(3), column: "reasons"),
                            threats: try JSONColumn.decode([ThreatType].self, row.text(4), column: "threats"),
                            details: try JSONColumn.decode([String: String].self, row.text(5), column: "details"),
                            firstSeen: row.date(6))
        }
    }

    func insertEvidence(_ evidence: Evidence) throws {
        try db.run("""
            INSERT INTO evidence (tenant_id, investigation_id, kind, value, verdict, reasons, threats, details, first_seen)
            SELECT tenant_id, ?, ?, ?, ?, ?, ?, ?, ? FROM investigations WHERE id = ?
            ON CONFLICT (tenant_id, investigation_id, kind, value) DO UPDATE SET verdict = excluded.verdict,
                reasons = excluded.reasons, threats = excluded.threats, details = excluded.details
            """, [.text(evidence.investigationID.rawValue), .text(evidence.kind.rawValue), .text(evidence.value),
                  .text(evidence.verdict.rawValue), .text(JSONColumn.encode(evidence.reasons)),
                  .text(JSONColumn.encode(evidence.threats)), .text(JSONColumn.encode(evidence.details)),
                  .date(evidence.firstSeen), .text(evidence.investigationID.rawValue)])
    }

    private static let clusterColumns = """
        id, investigation_id, kind, source, indicator, query, query_time, message_ids, verdict, threats
        """

    private static func cluster(_ tenant: Tenant.ID, _ row: Statement) throws -> MailCluster {
        guard let kind = ClusterKind(rawValue: row.text(2)), let verdict = Verdict(rawValue: row.text(8)) else {
            throw StoreError.corrupt("cluster \(row.text(2)) \(row.text(8))")
        }
        return MailCluster(
            id: MailCluster.ID(row.text(0)), tenantID: tenant, investigationID: Investigation.ID(row.text(1)), kind: kind,
            source: row.text(3), indicator: row.text(4), query: row.text(5), queryTime: row.date(6),
            messageIDs: try JSONColumn.decode([IndexedMessage.ID].self, row.text(7), column: "message_ids"),
            verdict: verdict, threats: try JSONColumn.decode([ThreatType].self, row.text(9), column: "threats"))
    }

    func clusters(_ tenant: Tenant.ID, investigation: Investigation.ID) throws -> [MailCluster] {
        try db.query("SELECT \(Self.clusterColumns) FROM clusters WHERE tenant_id = ? AND investigation_id = ? ORDER BY rowid",
                     [.text(tenant.rawValue), .text(investigation.rawValue)]) { try Self.cluster(tenant, $0) }
    }

    func cluster(_ tenant: Tenant.ID, id: MailCluster.ID) throws -> MailCluster? {
        try db.query("SELECT \(Self.clusterColumns) FROM clusters WHERE tenant_id = ? AND id = ?",
                     [.text(tenant.rawValue), .text(id.rawValue)]) { try Self.cluster(tenant, $0) }.first
    }

    func insertCluster(_ cluster: MailCluster) throws {
        try db.run("""
            INSERT INTO clusters (tenant_id, id, investigation_id, kind, source, indicator, query, query_time,
                                  message_ids, verdict, threats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(cluster.tenantID.rawValue), .text(cluster.id.rawValue), .text(cluster.investigationID.rawValue),
                  .text(cluster.kind.rawValue), .text(cluster.source), .text(cluster.indicator), .text(cluster.query),
                  .date(cluster.queryTime), .text(JSONColumn.encode(cluster.messageIDs)), .text(cluster.verdict.rawValue),
                  .text(JSONColumn.encode(cluster.threats))])
    }

    func log(_ tenant: Tenant.ID, investigation: Investigation.ID) throws -> [InvestigationLogEntry] {
        try db.query("""
            SELECT step, started_at, ended_at, outcome, detail FROM investigation_log
            WHERE tenant_id = ? AND investigation_id = ? ORDER BY seq
            """, [.text(tenant.rawValue), .text(investigation.rawValue)]) { row in
            guard let outcome = AnalyzerOutcome(rawValue: row.text(3)) else { throw StoreError.corrupt("log outcome \(row.text(3))") }
            return InvestigationLogEntry(investigationID: investigation, step: row.text(0), startedAt: row.date(1),
                                         endedAt: row.date(2), outcome: outcome, detail: row.text(4))
        }
    }

    func appendLog(_ entry: InvestigationLogEntry) throws {
        try db.run("""
            INSERT INTO investigation_log (tenant_id, investigation_id, step, started_at, ended_at, outcome, detail)
            SELECT tenant_id, id, ?, ?, ?, ?, ? FROM investigations WHERE id = ?
            """, [.text(entry.step), .date(entry.startedAt), .date(entry.endedAt), .text(entry.outcome.rawValue),
                  .text(entry.detail), .text(entry.investigationID.rawValue)])
    }

    // MARK: - Actions

    private static let actionColumns = """
        id, investigation_id, type, status, decision, decided_by, decided_at, comment, created_at, updated_at,
        started_at, ended_at, cluster_id, target, threats, remediable, succeeded, failed, already_in_destination,
        last_error
        """

    private static func action(_ tenant: Tenant.ID, _ row: Statement) throws -> RemediationAction {
        guard let type = ActionType(rawValue: row.text(2)), let status = ActionStatus(rawValue: row.text(3)) else {
            throw StoreError.corrupt("action \(row.text(2)) \(row.text(3))")
        }
        var action = RemediationAction(
            id: RemediationAction.ID(row.text(0)), tenantID: tenant, investigationID: Investigation.ID(row.text(1)),
            type: type, clusterID: row.optionalText(12).map { MailCluster.ID($0) }, target: row.text(13),
            threats: try JSONColumn.decode([ThreatType].self, row.text(14), column: "threats"), createdAt: row.date(8))
        action.status = status
        action.decision = row.optionalText(4).flatMap(ActionDecision.init(rawValue:))
        action.decidedBy = row.optionalText(5)
        action.decidedAt = row.optionalDate(6)
        action.comment = row.optionalText(7)
        action.updatedAt = row.date(9)
        action.startedAt = row.optionalDate(10)
        action.endedAt = row.optionalDate(11)
        if !row.isNull(15) {
            action.counts = RemediationCounts(remediable: Int(row.int(15)), succeeded: Int(row.int(16)),
                                              failed: Int(row.int(17)), alreadyInDestination: Int(row.int(18)))
        }
        action.lastError = row.optionalText(19)
        return action
    }

    func action(_ tenant: Tenant.ID, id: RemediationAction.ID) throws -> RemediationAction? {
        try db.query("SELECT \(Self.actionColumns) FROM actions WHERE tenant_id = ? AND id = ?",
                     [.text(tenant.rawValue), .text(id.rawValue)]) { try Self.action(tenant, $0) }.first
    }

    func actions(_ tenant: Tenant.ID, query: ActionQuery) throws -> [RemediationAction] {
        var sql = "SELECT \(Self.actionColumns) FROM actions WHERE tenant_id = ?"
        var values: [SQLValue] = [.text(tenant.rawValue)]
        if let status = query.status {
            sql += " AND status = ?"
            values.append(.text(status.rawValue))
        }
        if query.awaitingDecision { sql += " AND decision IS NULL AND status = 'Pending'" }
        if let decision = query.decision {
            sql += " AND decision = ?"
            values.append(.text(decision.rawValue))
        }
        if let investigation = query.investigationID {
            sql += " AND investigation_id = ?"
            values.append(.text(investigation.rawValue))
        }
        sql += " ORDER BY created_at, id LIMIT ?"
        values.append(.int(Int64(query.limit)))
        return try db.query(sql, values) { try Self.action(tenant, $0) }
    }

    func insertAction(_ action: RemediationAction, audit: AuditRecord) throws {
        try db.run("""
            INSERT INTO actions (tenant_id, id, investigation_id, type, status, created_at, updated_at, cluster_id,
                                 target, threats) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(action.tenantID.rawValue), .text(action.id.rawValue), .text(action.investigationID.rawValue),
                  .text(action.type.rawValue), .text(action.status.rawValue), .date(action.createdAt),
                  .date(action.updatedAt), .optional(action.clusterID?.rawValue), .text(action.target),
                  .text(JSONColumn.encode(action.threats))])
        try appendAudit(audit)
    }

    func updateAction(_ action: RemediationAction, audit: AuditRecord?) throws {
        guard let stored = try self.action(action.tenantID, id: action.id) else {
            throw StoreError.notFound("action \(action.id)")
        }
        if stored.status != action.status || stored.decision != action.decision {
            guard audit != nil else { throw StoreError.missingAudit("action \(action.id)") }
        }
        try db.run("""
            UPDATE actions SET status = ?, decision = ?, decided_by = ?, decided_at = ?, comment = ?, updated_at = ?,
                started_at = ?, ended_at = ?, remediable = ?, succeeded = ?, failed = ?, already_in_destination = ?,
                last_error = ? WHERE tenant_id = ? AND id = ?
            """, [.text(action.status.rawValue), .optional(action.decision?.rawValue), .optional(action.decidedBy),
                  .date(action.decidedAt), .optional(action.comment), .date(action.updatedAt), .date(action.startedAt),
                  .date(action.endedAt), action.counts.map { .int(Int64($0.remediable)) } ?? .null,
                  action.counts.map { .int(Int64($0.succeeded)) } ?? .null,
                  action.counts.map { .int(Int64($0.failed)) } ?? .null,
                  action.counts.map { .int(Int64($0.alreadyInDestination)) } ?? .null,
                  .optional(action.lastError), .text(action.tenantID.rawValue), .text(action.id.rawValue)])
        if let audit { try appendAudit(audit) }
    }

    func actionResults(_ tenant: Tenant.ID, action: RemediationAction.ID) throws -> [ActionResult] {
        try db.query("""
            SELECT message_id, mailbox, result, detail, at FROM action_results
            WHERE tenant_id = ? AND action_id = ? ORDER BY mailbox, message_id
            """, [.text(tenant.rawValue), .text(action.rawValue)]) { row in
            guard let result = MoveResult(rawValue: row.text(2)) else { throw StoreError.corrupt("result \(row.text(2))") }
            return ActionResult(actionID: action, messageID: IndexedMessage.ID(row.text(0)), mailbox: row.text(1),
                                result: result, detail: row.text(3), at: row.date(4))
        }
    }

    func insertActionResult(_ result: ActionResult) throws {
        try db.run("""
            INSERT INTO action_results (tenant_id, action_id, message_id, mailbox, result, detail, at)
            SELECT tenant_id, ?, ?, ?, ?, ?, ? FROM actions WHERE id = ?
            """, [.text(result.actionID.rawValue), .text(result.messageID.rawValue), .text(result.mailbox),
                  .text(result.result.rawValue), .text(result.detail), .date(result.at), .text(result.actionID.rawValue)])
    }

    // MARK: - Submissions

    func submission(_ tenant: Tenant.ID, investigation: Investigation.ID) throws -> Submission? {
        try db.query("""
            SELECT id, reporter, report_type, raw, content_hash, received_at FROM submissions
            WHERE tenant_id = ? AND investigation_id = ? ORDER BY received_at LIMIT 1
            """, [.text(tenant.rawValue), .text(investigation.rawValue)]) { row in
            guard let type = Submission.ReportType(rawValue: row.text(2)) else { throw StoreError.corrupt("report type") }
            return Submission(id: Submission.ID(row.text(0)), tenantID: tenant, investigationID: investigation,
                              reporter: row.text(1), reportType: type, raw: row.blob(3), contentHash: row.text(4),
                              receivedAt: row.date(5))
        }.first
    }

    func insertSubmission(_ submission: Submission) throws {
        try db.run("""
            INSERT INTO submissions (tenant_id, id, investigation_id, reporter, report_type, raw, content_hash, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(submission.tenantID.rawValue), .text(submission.id.rawValue),
                  .text(submission.investigationID.rawValue), .text(submission.reporter),
                  .text(submission.reportType.rawValue), .blob(submission.raw), .text(submission.contentHash),
                  .date(submission.receivedAt)])
    }

    // MARK: - Audit

    func appendAudit(_ record: AuditRecord) throws {
        try db.run("""
            INSERT INTO audit (id, tenant_id, creation_time, record_type, operation, user_id, user_type, client_ip,
                               object_id, result_status, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(record.id), .text(record.tenantID.rawValue), .date(record.creationTime),
                  .int(Int64(record.recordType.rawValue)), .text(record.operation), .text(record.actor.userID),
                  .int(Int64(record.actor.userType)), .text(record.actor.clientIP), .text(record.objectID),
                  .text(record.resultStatus), .text(JSONColumn.encode(record.fields))])
    }

    func auditRecords(_ tenant: Tenant.ID, afterSequence: Int64, limit: Int) throws -> [StoredAuditRecord] {
        try db.query("""
            SELECT seq, id, creation_time, record_type, operation, user_id, user_type, client_ip, object_id,
                   result_status, fields FROM audit WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?
            """, [.text(tenant.rawValue), .int(afterSequence), .int(Int64(limit))]) { row in
            guard let type = AuditRecordType(rawValue: Int(row.int(3))) else {
                throw StoreError.corrupt("audit record type \(row.int(3))")
            }
            let record = AuditRecord(
                id: row.text(1), tenantID: tenant, creationTime: row.date(2), recordType: type, operation: row.text(4),
                actor: AuditActor(userID: row.text(5), userType: Int(row.int(6)), clientIP: row.text(7)),
                objectID: row.text(8), resultStatus: row.text(9),
                fields: try JSONColumn.decode([String: JSONValue].self, row.text(10), column: "fields"))
            return StoredAuditRecord(sequence: row.int(0), record: record)
        }
    }

    // MARK: - Jobs

    private static func job(_ row: Statement) throws -> Job {
        guard let kind = Job.Kind(rawValue: row.text(2)) else { throw StoreError.corrupt("job kind \(row.text(2))") }
        return Job(id: row.int(0), tenantID: Tenant.ID(row.text(1)), kind: kind, subjectID: row.text(3),
                   attempts: Int(row.int(4)), leaseOwner: row.optionalText(5), leaseExpiresAt: row.optionalDate(6))
    }

    func jobs(_ tenant: Tenant.ID) throws -> [Job] {
        try db.query("""
            SELECT id, tenant_id, kind, subject_id, attempts, lease_owner, lease_expires_at FROM jobs
            WHERE tenant_id = ? AND state IN ('queued', 'running') ORDER BY id
            """, [.text(tenant.rawValue)], Self.job)
    }

    func enqueueJob(tenant: Tenant.ID, kind: Job.Kind, subjectID: String, runAfter: Date) throws {
        try db.run("""
            INSERT INTO jobs (tenant_id, kind, subject_id, state, run_after, created_at, updated_at)
            VALUES (?, ?, ?, 'queued', ?, ?, ?)
            """, [.text(tenant.rawValue), .text(kind.rawValue), .text(subjectID), .date(runAfter), .date(runAfter),
                  .date(runAfter)])
    }

    func claimJob(owner: String, now: Date, leaseUntil: Date) throws -> Job? {
        // A running job whose lease ran out belongs to a worker that died: take it over.
        let candidates = try db.query("""
            SELECT id FROM jobs
            WHERE (state = 'queued' AND run_after <= ?) OR (state = 'running' AND lease_expires_at <= ?)
            ORDER BY id LIMIT 1
            """, [.date(now), .date(now)]) { $0.int(0) }
        guard let id = candidates.first else { return nil }
        try db.run("""
            UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?,
                updated_at = ? WHERE id = ?
            """, [.text(owner), .date(leaseUntil), .date(now), .int(id)])
        return try db.query("""
            SELECT id, tenant_id, kind, subject_id, attempts, lease_owner, lease_expires_at FROM jobs WHERE id = ?
            """, [.int(id)], Self.job).first
    }

    func completeJob(_ id: Int64) throws {
        try db.run("UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL WHERE id = ?", [.int(id)])
    }

    func failJob(_ id: Int64, error: String, retryAt: Date?) throws {
        if let retryAt {
            try db.run("""
                UPDATE jobs SET state = 'queued', run_after = ?, last_error = ?, lease_owner = NULL,
                    lease_expires_at = NULL WHERE id = ?
                """, [.date(retryAt), .text(error), .int(id)])
        } else {
            try db.run("UPDATE jobs SET state = 'dead', last_error = ?, lease_owner = NULL, lease_expires_at = NULL WHERE id = ?",
                       [.text(error), .int(id)])
        }
    }
}
