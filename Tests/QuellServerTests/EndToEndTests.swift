import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Drives the real `quell` binary: CLI set-up, `quell serve` on a free port, the whole reported-phish
/// flow over HTTP, a restart, and the audit trail.
@Suite(.serialized) struct EndToEndTests {
    static let badURL = "http://bad.example/login"

    static func phish(to recipient: String, _ n: Int) -> String {
        "From: IT Desk <it@bad.example>\r\nTo: \(recipient)\r\nSubject: Verify your account\r\nMessage-ID: <p\(n)@bad.example>\r\n"
            + "Date: Thu, 03 Dec 2026 08:00:00 +0000\r\nContent-Type: text/html\r\n\r\n<a href=\"\(badURL)\">Verify</a>\r\n"
    }

    static let ham = "From: news@good.example\r\nTo: a@acme.test\r\nSubject: News\r\nMessage-ID: <n1@good.example>\r\n\r\nhttps://good.example/n\r\n"

    @Test func reportedPhishFlowOverHTTP() async throws {
        let q = try QuellProcess()
        defer { q.cleanUp() }

        // Set-up through the CLI, on the same data directory the server will use.
        let admin = try q.token("acme", "security-admin", searchAndPurge: true)
        let reader = try q.token("acme", "security-reader", searchAndPurge: true)
        let operatorNoPurge = try q.token("acme", "security-operator", searchAndPurge: false)
        let otherAdmin = try q.token("other", "global-admin", searchAndPurge: true)
        try q.maildir("a@acme.test", key: "k1", Self.phish(to: "a@acme.test", 1))
        try q.maildir("b@acme.test", key: "k2", Self.phish(to: "b@acme.test", 2))
        try q.maildir("c@acme.test", key: "k3", Self.phish(to: "c@acme.test", 3), folder: "Junk")
        try q.maildir("a@acme.test", key: "k4", Self.ham)
        let imported = try q.cli(["import", q.mailRoot.path, "--tenant", "acme"])
        #expect(imported.status == 0)
        #expect(imported.out.contains("imported 4 new messages from 3 mailboxes (0 already indexed, 0 skipped as done earlier, 0 unreadable)"))
        #expect(try q.cli(["intel", "add", Self.badURL, "--tenant", "acme"]).status == 0)
        #expect(try q.cli(["intel", "add", Self.badURL, "--tenant", "nope"]).status == 1)
        #expect(try q.cli(["token", "create", "--tenant", "acme", "--role", "king"]).status == 2)

        try q.start()
        let api = API(base: q.baseURL)
        #expect(try await api.call("GET", "/health").status == 200)

        // Auth and malformed input: clear JSON errors, nothing stored.
        #expect(try await api.call("GET", "/api/v1/investigations").status == 401)
        let garbage = try await api.call("POST", "/api/v1/reports?reporter=a@acme.test", token: admin, body: "hello, not mail",
                                         contentType: "message/rfc822")
        #expect(garbage.status == 422)
        #expect(try garbage.errorCode() == "invalid_message")
        #expect(try await api.call("POST", "/api/v1/reports?reporter=a@acme.test", token: admin, body: "").status == 400)
        #expect(try await api.call("POST", "/api/v1/reports", token: admin, body: Self.phish(to: "a@acme.test", 1)).status == 400)
        #expect(try await api.call("POST", "/api/v1/reports?reporter=a@acme.test", token: admin, body: "{}",
                                   contentType: "application/json").status == 415)
        #expect(try await api.call("POST", "/api/v1/reports?reporter=a@acme.test", token: reader,
                                   body: Self.phish(to: "a@acme.test", 1)).status == 403)
        #expect(try await api.call("GET", "/api/v1/nothing", token: admin).status == 404)
        #expect(try await api.call("GET", "/api/v1/investigations?status=Bogus", token: admin).status == 400)
        #expect(try await api.json("GET", "/api/v1/investigations", token: admin)["count"] as? Int == 0)

        // Ingestion over HTTP: new, then idempotent, then refused.
        let ingested = try await api.json("POST", "/api/v1/messages?mailbox=d@acme.test", token: admin,
                                          body: Self.phish(to: "d@acme.test", 4), expect: 201)
        #expect(ingested["isNew"] as? Bool == true && ingested["urlCount"] as? Int == 1)
        let again = try await api.json("POST", "/api/v1/messages?mailbox=d@acme.test", token: admin,
                                       body: Self.phish(to: "d@acme.test", 4), expect: 200)
        #expect(again["id"] as? String == ingested["id"] as? String && again["isNew"] as? Bool == false)
        #expect(try await api.call("POST", "/api/v1/messages", token: admin, body: "\u{0}\u{1}binary").status == 422)
        #expect(try await api.call("POST", "/api/v1/messages", token: reader, body: Self.ham).status == 403)
        #expect(try await api.call("DELETE", "/api/v1/messages", token: admin).status == 405)

        // Batches: an mbox stream and a JSON list; one bad message does not stop the others.
        let mbox = "From x@y Thu Dec  3 08:00:00 2026\n" + Self.ham.replacingOccurrences(of: "\r\n", with: "\n")
            + "\nFrom x@y Thu Dec  3 08:00:00 2026\nnot a message at all\n"
            + "\nFrom x@y Thu Dec  3 08:00:00 2026\nFrom: a@b.example\nSubject: Second\n\n>From the archive\n"
        let batch = try await api.json("POST", "/api/v1/messages?mailbox=e@acme.test", token: admin, body: mbox,
                                       contentType: "application/mbox")
        #expect(batch["added"] as? Int == 2 && batch["failed"] as? Int == 1)
        #expect((batch["results"] as? [[String: Any]])?[1]["error"] is String)
        let encoded = Data(Self.phish(to: "f@acme.test", 5).utf8).base64EncodedString()
        let jsonBatch = try await api.json("POST", "/api/v1/messages", token: admin,
                                           body: #"{"messages":[{"raw":"\#(encoded)","mailbox":"f@acme.test"}]}"#,
                                           contentType: "application/json")
        #expect(jsonBatch["added"] as? Int == 1)
        #expect(try await api.call("POST", "/api/v1/messages", token: admin, body: #"{"messages":"#,
                                   contentType: "application/json").status == 400)

        // Full-text search over subject and body.
        let found = try await api.json("GET", "/api/v1/messages?q=verify", token: reader)
        #expect(found["count"] as? Int == 5)
        let archive = try await api.json("GET", "/api/v1/messages?q=%22from%20the%20archive%22", token: reader)
        #expect((archive["messages"] as? [[String: Any]])?.first?["subject"] as? String == "Second")
        #expect(try await api.call("GET", "/api/v1/messages?q=%22unbalanced", token: reader).status == 400)
        #expect(try await api.call("GET", "/api/v1/messages", token: reader).status == 400)

        // The report starts an investigation that proposes a soft delete of all three copies.
        let report = try await api.json("POST", "/api/v1/reports?reporter=a@acme.test", token: admin,
                                        body: Self.phish(to: "a@acme.test", 1), expect: 202)
        let investigationID = try #require((report["investigation"] as? [String: Any])?["id"] as? String)
        let pending = try await api.waitForStatus(investigationID, "Pending Action", token: reader)
        let clusters = try #require(pending["clusters"] as? [[String: Any]])
        #expect(clusters.first?["mailCount"] as? Int == 5)
        let log = try #require(pending["log"] as? [[String: Any]]).compactMap { $0["step"] as? String }
        #expect(log == ["User-reported emails indicators extraction", "URL reputation investigation", "Mail cluster identification"])
        let actionID = try #require(((pending["actions"] as? [[String: Any]])?.first?["action"] as? [String: Any])?["id"] as? String)
        let listed = try await api.json("GET", "/api/v1/actions?status=pending", token: reader)
        #expect(((listed["actions"] as? [[String: Any]])?.compactMap { $0["id"] as? String }) == [actionID])

        // A clean report ends No Threats Found.
        let clean = try await api.json("POST", "/api/v1/reports?reporter=a@acme.test", token: admin, body: Self.ham, expect: 202)
        let cleanID = try #require((clean["investigation"] as? [String: Any])?["id"] as? String)
        _ = try await api.waitForStatus(cleanID, "No Threats Found", token: reader)

        // Who may decide: readers and principals without search-and-purge get 403, other tenants 404.
        #expect(try await api.call("POST", "/api/v1/actions/\(actionID)/approve", token: reader).status == 403)
        #expect(try await api.call("POST", "/api/v1/actions/\(actionID)/approve", token: operatorNoPurge).status == 403)
        #expect(try await api.call("POST", "/api/v1/actions/\(actionID)/approve", token: otherAdmin).status == 404)
        #expect(try await api.call("GET", "/api/v1/investigations/\(investigationID)", token: otherAdmin).status == 404)
        #expect(try await api.call("POST", "/api/v1/actions/does-not-exist/approve", token: admin).status == 404)
        let badJSON = try await api.call("POST", "/api/v1/actions/\(actionID)/approve", token: admin, body: "{not json",
                                         contentType: "application/json")
        #expect(badJSON.status == 400)
        #expect(try badJSON.errorCode() == "invalid_json")
        #expect(q.inInbox("a@acme.test", "k1") && q.inInbox("b@acme.test", "k2") && q.inInbox("c@acme.test", "k3", folder: "Junk"))

        // A second report of the same campaign; rejecting its action moves nothing.
        let second = try await api.json("POST", "/api/v1/reports?reporter=b@acme.test", token: admin,
                                        body: Self.phish(to: "b@acme.test", 2), expect: 202)
        let secondID = try #require((second["investigation"] as? [String: Any])?["id"] as? String)
        let secondPending = try await api.waitForStatus(secondID, "Pending Action", token: reader)
        let secondAction = try #require(((secondPending["actions"] as? [[String: Any]])?.first?["action"] as? [String: Any])?["id"] as? String)
        let rejected = try await api.json("POST", "/api/v1/actions/\(secondAction)/reject", token: admin,
                                          body: #"{"comment":"duplicate report"}"#, contentType: "application/json")
        #expect(rejected["decision"] as? String == "Rejected")
        _ = try await api.waitForStatus(secondID, "Remediated", token: reader)
        try await Task.sleep(for: .milliseconds(300))
        #expect(q.inInbox("a@acme.test", "k1") && q.inInbox("b@acme.test", "k2") && q.inInbox("c@acme.test", "k3", folder: "Junk"))

        // Approval: the three copies move to quarantine; the ham stays.
        let approved = try await api.json("POST", "/api/v1/actions/\(actionID)/approve", token: admin,
                                          body: #"{"comment":"confirmed phish"}"#, contentType: "application/json")
        #expect(approved["decision"] as? String == "Approved")
        #expect(approved["decidedBy"] as? String == "security-admin")
        let remediated = try await api.waitForStatus(investigationID, "Remediated", token: reader)
        let action = try #require(((remediated["actions"] as? [[String: Any]])?.first?["action"] as? [String: Any]))
        #expect(action["status"] as? String == "Completed")
        let counts = try #require(action["counts"] as? [String: Int])
        // d@ and f@acme.test's copies came in over HTTP without a Maildir location: counted as failures.
        #expect(counts == ["remediable": 5, "succeeded": 3, "failed": 2, "alreadyInDestination": 0])
        let failures = try #require((remediated["actions"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
            .filter { $0["result"] as? String == "Failure" }.compactMap { $0["mailbox"] as? String }
        #expect(failures == ["d@acme.test", "f@acme.test"])
        #expect(q.inQuarantine("a@acme.test", "k1") && q.inQuarantine("b@acme.test", "k2") && q.inQuarantine("c@acme.test", "k3"))
        #expect(q.inInbox("a@acme.test", "k4"))
        #expect(try await api.call("POST", "/api/v1/actions/\(actionID)/approve", token: admin).status == 409)

        // Restart: everything is still there.
        try q.restart()
        let api2 = API(base: q.baseURL)
        let after = try await api2.json("GET", "/api/v1/investigations/\(investigationID)", token: reader)
        #expect((after["investigation"] as? [String: Any])?["status"] as? String == "Remediated")
        let all = try await api2.json("GET", "/api/v1/investigations", token: reader)
        #expect(all["count"] as? Int == 3)
        let alerts = try await api2.json("GET", "/api/v1/alerts", token: reader)
        #expect((alerts["alerts"] as? [[String: Any]])?.count == 3)
        #expect((alerts["alerts"] as? [[String: Any]])?.allSatisfy { $0["name"] as? String == "Email reported by user as malware or phish" } == true)
        let csv = try await api2.call("GET", "/api/v1/investigations?format=csv", token: reader)
        #expect(csv.text.hasPrefix("ID,Status,Investigation"))
        #expect(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 4)

        // Audit: one record per transition, in order, in the Activity API shape.
        let audit = try await api2.json("GET", "/api/v1/audit?limit=5000", token: reader)
        let records = try #require(audit["records"] as? [[String: Any]]).compactMap { $0["record"] as? [String: Any] }
        let investigationStatuses = records.filter { $0["ObjectId"] as? String == investigationID }.compactMap { $0["Status"] as? String }
        #expect(investigationStatuses == ["Starting", "Running", "Pending Action", "Running", "Remediated"])
        #expect(records.filter { $0["ObjectId"] as? String == investigationID }.allSatisfy { $0["RecordType"] as? Int == 64 })
        let actionOps = records.filter { $0["ObjectId"] as? String == actionID }.compactMap { $0["Operation"] as? String }
        #expect(actionOps == ["ActionCreated", "ActionApproved", "ActionStatusChanged", "ActionStatusChanged"])
        let secondStatuses = records.filter { $0["ObjectId"] as? String == secondID }.compactMap { $0["Status"] as? String }
        #expect(secondStatuses == ["Starting", "Running", "Pending Action", "Remediated"])
        let approval = try #require(records.first { $0["ObjectId"] as? String == actionID && $0["Operation"] as? String == "ActionApproved" })
        #expect(approval["UserId"] as? String == "security-admin")
        #expect(approval["ClientIP"] as? String == "127.0.0.1")
        // The other tenant sees none of it.
        let otherAudit = try await api2.json("GET", "/api/v1/audit", token: otherAdmin)
        let otherRecords = try #require(otherAudit["records"] as? [[String: Any]]).compactMap { $0["record"] as? [String: Any] }
        #expect(otherRecords.compactMap { $0["Operation"] as? String } == ["TenantCreated", "TokenCreated"])
        #expect(otherRecords.allSatisfy { $0["OrganizationId"] as? String == "other" })

        let stopped = try q.stop()
        #expect(stopped == 0)
    }

    @Test func helpAndUsageErrors() throws {
        let q = try QuellProcess()
        defer { q.cleanUp() }
        for command in ["serve", "demo", "import", "token", "intel", "migrate"] {
            let help = try q.cli([command, "--help"])
            #expect(help.status == 0, "\(command)")
            #expect(help.out.contains("usage: quell \(command)"), "\(command)")
        }
        #expect(try q.cli(["frobnicate"]).status == 2)
        #expect(try q.cli(["serve", "--port", "99999"]).status == 2)
        #expect(try q.cli(["import", "/definitely/missing", "--tenant", "x"]).status == 1)
        let migrate = try q.cli(["migrate"])
        #expect(migrate.status == 0)
        #expect(migrate.out.contains("schema at version"))
    }

    @Test func importReadsMboxAndMessageFilesWithProgressAndResumes() throws {
        let q = try QuellProcess()
        defer { q.cleanUp() }
        _ = try q.token("acme", "global-admin", searchAndPurge: true)
        let root = q.mailRoot.appendingPathComponent("archive")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let mbox = (0..<3).map { "From x@y Thu Dec  3 08:00:00 2026\n" + Self.phish(to: "a@acme.test", 10 + $0).replacingOccurrences(of: "\r\n", with: "\n") + "\n" }.joined()
        try Data(mbox.utf8).write(to: root.appendingPathComponent("old.mbox"))
        try Data(Self.ham.utf8).write(to: root.appendingPathComponent("one.eml"))
        try Data("no headers here".utf8).write(to: root.appendingPathComponent("broken.eml"))
        let first = try q.cli(["import", root.path, "--tenant", "acme", "--mailbox", "archive@acme.test"])
        #expect(first.status == 1)
        #expect(first.out.contains("imported 4 new messages (0 already indexed, 0 skipped as done earlier, 1 unreadable)"))
        #expect(first.out.contains("broken.eml: not a valid message"))
        #expect(first.err.contains("import [##############################] 100%"))
        let again = try q.cli(["import", root.path, "--tenant", "acme", "--mailbox", "archive@acme.test"])
        #expect(again.out.contains("imported 0 new messages (0 already indexed, 4 skipped as done earlier, 1 unreadable)"))
        let single = try q.cli(["import", root.appendingPathComponent("old.mbox").path, "--tenant", "acme"])
        #expect(single.status == 0)
        #expect(single.out.contains("imported 3 new messages"))
    }

    @Test func demoSetsUpATenantThatReportsAndRemediates() async throws {
        let q = try QuellProcess()
        defer { q.cleanUp() }
        let demo = try q.cli(["demo", "--no-serve"])
        #expect(demo.status == 0)
        #expect(demo.out.contains("admin:"))
        let tokens = try String(contentsOf: q.data.appendingPathComponent("demo-tokens.env"), encoding: .utf8)
        let admin = try #require(tokens.split(separator: "\n").first { $0.hasPrefix("ADMIN=") }).dropFirst(6)
        try q.start()
        let api = API(base: q.baseURL)
        let report = try String(contentsOf: q.data.appendingPathComponent("demo-report.eml"), encoding: .utf8)
        let created = try await api.json("POST", "/api/v1/reports?reporter=alice@demo.quell.test", token: String(admin),
                                         body: report, expect: 202)
        let id = try #require((created["investigation"] as? [String: Any])?["id"] as? String)
        let pending = try await api.waitForStatus(id, "Pending Action", token: String(admin))
        #expect((pending["clusters"] as? [[String: Any]])?.first?["mailCount"] as? Int == 4)
        _ = try q.stop()
        // Running the demo again keeps the mail and issues fresh tokens.
        let again = try q.cli(["demo", "--no-serve"])
        #expect(again.status == 0)
        #expect(again.out.contains("kept"))
    }
}
