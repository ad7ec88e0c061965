/// Append-only list of schema steps. An applied step is never edited; add a new one instead.
enum SQLiteMigrations {
    struct Step {
        let version: Int
        let name: String
        let sql: String
    }

    static let steps: [Step] = [
        Step(version: 1, name: "initial schema", sql: """
            CREATE TABLE tenants (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at REAL NOT NULL);
            CREATE TABLE tokens (
                token_hash TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id),
                principal_id TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
                search_and_purge INTEGER NOT NULL, created_at REAL NOT NULL);
            CREATE TABLE mailboxes (
                tenant_id TEXT NOT NULL REFERENCES tenants(id), address TEXT NOT NULL, kind TEXT NOT NULL,
                location TEXT NOT NULL, PRIMARY KEY (tenant_id, address));
            CREATE TABLE messages (
                tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, mailbox TEXT NOT NULL,
                folder TEXT NOT NULL, location_key TEXT NOT NULL, content_hash TEXT NOT NULL,
                internet_message_id TEXT, sender TEXT, recipients TEXT NOT NULL, subject TEXT, received_at REAL,
                size_bytes INTEGER NOT NULL, urls TEXT NOT NULL, ingested_at REAL NOT NULL,
                PRIMARY KEY (tenant_id, id), UNIQUE (tenant_id, mailbox, content_hash));
            CREATE INDEX messages_by_hash ON messages (tenant_id, content_hash);
            CREATE TABLE message_urls (
                tenant_id TEXT NOT NULL, url TEXT NOT NULL, message_id TEXT NOT NULL,
                PRIMARY KEY (tenant_id, url, message_id)) WITHOUT ROWID;
            CREATE TABLE intel (
                tenant_id TEXT NOT NULL REFERENCES tenants(id), kind TEXT NOT NULL, value TEXT NOT NULL,
                verdict TEXT NOT NULL, source TEXT NOT NULL, added_at REAL NOT NULL,
                PRIMARY KEY (tenant_id, kind, value));
            CREATE TABLE alerts (
                tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, policy_id TEXT NOT NULL,
                name TEXT NOT NULL, severity TEXT NOT NULL, category TEXT NOT NULL, status TEXT NOT NULL,
                source TEXT NOT NULL, investigation_id TEXT, details TEXT NOT NULL,
                created_at REAL NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (tenant_id, id));
            CREATE INDEX alerts_by_time ON alerts (tenant_id, created_at);
            CREATE TABLE investigations (
                tenant_id TEXT NOT NULL REFERENCES tenants(id), id TEXT NOT NULL, name TEXT NOT NULL,
                playbook TEXT NOT NULL, status TEXT NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL,
                started_at REAL, ended_at REAL, alert_ids TEXT NOT NULL, threat_count INTEGER NOT NULL,
                action_count INTEGER NOT NULL, summary TEXT NOT NULL, PRIMARY KEY (tenant_id, id));
            CREATE INDEX investigations_by_time ON investigations (tenant_id, created_at);
            CREATE TABLE evidence (
                tenant_id TEXT NOT NULL, investigation_id TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
                verdict TEXT NOT NULL, reasons TEXT NOT NULL, threats TEXT NOT NULL, details TEXT NOT NULL,
                first_seen REAL NOT NULL, PRIMARY KEY (tenant_id, investigation_id, kind, value));
            CREATE TABLE clusters (
                tenant_id TEXT NOT NULL, id TEXT NOT NULL, investigation_id TEXT NOT NULL, kind TEXT NOT NULL,
                source TEXT NOT NULL, indicator TEXT NOT NULL, query TEXT NOT NULL, query_time REAL NOT NULL,
                message_ids TEXT NOT NULL, verdict TEXT NOT NULL, threats TEXT NOT NULL,
                PRIMARY KEY (tenant_id, id));
            CREATE INDEX clusters_by_investigation ON clusters (tenant_id, investigation_id);
            CREATE TABLE investigation_log (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL, investigation_id TEXT NOT NULL,
                step TEXT NOT NULL, started_at REAL NOT NULL, ended_at REAL NOT NULL, outcome TEXT NOT NULL,
                detail TEXT NOT NULL);
            CREATE INDEX log_by_investigation ON investigation_log (tenant_id, investigation_id, seq);
            CREATE TABLE actions (
                tenant_id TEXT NOT NULL, id TEXT NOT NULL, investigation_id TEXT NOT NULL, type TEXT NOT NULL,
                status TEXT NOT NULL, decision TEXT, decided_by TEXT, decided_at REAL, comment TEXT,
                created_at REAL NOT NULL, updated_at REAL NOT NULL, started_at REAL, ended_at REAL,
                cluster_id TEXT, target TEXT NOT NULL, threats TEXT NOT NULL,
                remediable INTEGER, succeeded INTEGER, failed INTEGER, already_in_destination INTEGER,
                last_error TEXT, PRIMARY KEY (tenant_id, id));
            CREATE INDEX actions_by_investigation ON actions (tenant_id, investigation_id);
            CREATE TABLE action_results (
                tenant_id TEXT NOT NULL, action_id TEXT NOT NULL, message_id TEXT NOT NULL, mailbox TEXT NOT NULL,
                result TEXT NOT NULL, detail TEXT NOT NULL, at REAL NOT NULL,
                PRIMARY KEY (tenant_id, action_id, message_id));
            CREATE TABLE jobs (
                id INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL, kind TEXT NOT NULL,
                subject_id TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                lease_owner TEXT, lease_expires_at REAL, run_after REAL NOT NULL, last_error TEXT,
                created_at REAL NOT NULL, updated_at REAL NOT NULL);
            CREATE INDEX jobs_runnable ON jobs (state, run_after);
            CREATE TABLE submissions (
                tenant_id TEXT NOT NULL, id TEXT NOT NULL, investigation_id TEXT NOT NULL, reporter TEXT NOT NULL,
                report_type TEXT NOT NULL, raw BLOB NOT NULL, content_hash TEXT NOT NULL, received_at REAL NOT NULL,
                PRIMARY KEY (tenant_id, id));
            CREATE INDEX submissions_by_investigation ON submissions (tenant_id, investigation_id);
            CREATE TABLE audit (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, tenant_id TEXT NOT NULL,
                creation_time REAL NOT NULL, record_type INTEGER NOT NULL, operation TEXT NOT NULL,
                user_id TEXT NOT NULL, user_type INTEGER NOT NULL, client_ip TEXT NOT NULL,
                object_id TEXT NOT NULL, result_status TEXT NOT NULL, fields TEXT NOT NULL);
            CREATE INDEX audit_by_tenant ON audit (tenant_id, seq);
            CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """),
        Step(version: 2, name: "message search, attachments, recipients, import checkpoints", sql: """
            CREATE INDEX messages_by_location ON messages (tenant_id, mailbox, location_key);
            CREATE VIRTUAL TABLE message_text USING fts5(subject, body, content='', tokenize='unicode61 remove_diacritics 2');
            CREATE TABLE message_attachments (
                tenant_id TEXT NOT NULL, message_id TEXT NOT NULL, ordinal INTEGER NOT NULL, sha256 TEXT NOT NULL,
                filename TEXT, content_type TEXT NOT NULL, size_bytes INTEGER NOT NULL,
                PRIMARY KEY (tenant_id, message_id, ordinal));
            CREATE INDEX attachments_by_hash ON message_attachments (tenant_id, sha256);
            CREATE TABLE message_recipients (
                tenant_id TEXT NOT NULL, address TEXT NOT NULL, message_id TEXT NOT NULL,
                PRIMARY KEY (tenant_id, address, message_id)) WITHOUT ROWID;
            CREATE TABLE import_checkpoints (
                tenant_id TEXT NOT NULL, source TEXT NOT NULL, fingerprint TEXT NOT NULL, offset_bytes INTEGER NOT NULL,
                messages INTEGER NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (tenant_id, source));
            """),
    ]

    static var headVersion: Int { steps.last?.version ?? 0 }
}
