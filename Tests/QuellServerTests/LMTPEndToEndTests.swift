import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `quell serve --lmtp` driven by real clients: Python's smtplib (LMTP and SMTP) and a raw socket.
@Suite(.serialized) struct LMTPEndToEndTests {
    /// The client side, in Python: each mode prints one JSON object.
    static let clientScript = #"""
    import json, smtplib, socket, sys
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    args = sys.argv[4:]
    out = {}
    if mode == "lmtp":
        message = open(args[0], "rb").read()
        recipients = args[1:]
        s = smtplib.LMTP(host, port, timeout=10)
        s.ehlo_or_helo_if_needed()
        out["features"] = sorted(s.esmtp_features)
        out["mail"] = s.mail("journal@mta.test")[0]
        out["rcpt"] = [s.rcpt(r)[0] for r in recipients]
        # smtplib reads the first reply after DATA only; LMTP sends one per recipient (RFC 2033 section 4.2).
        replies = [s.data(message)] + [s.getreply() for _ in recipients[1:]]
        out["data"] = [[code, text.decode()] for code, text in replies]
        out["quit"] = s.quit()[0]
    elif mode == "smtp":
        message = open(args[0], "rb").read()
        s = smtplib.SMTP(host, port, timeout=10)
        out["refused"] = s.sendmail("sender@mta.test", args[1:], message)
        out["quit"] = s.quit()[0]
    elif mode == "oversize":
        message = open(args[0], "rb").read()
        s = smtplib.SMTP(host, port, timeout=10)
        try:
            s.sendmail("sender@mta.test", [args[1]], message)  # declares SIZE= in MAIL FROM
            out["declared"] = 250
        except smtplib.SMTPSenderRefused as e:
            out["declared"] = e.smtp_code
        s.rset()
        s.mail("sender@mta.test")  # no SIZE: the server finds out while reading DATA
        s.rcpt(args[1])
        out["undeclared"] = list(s.data(message))
        out["undeclared"][1] = out["undeclared"][1].decode()
        out["noop"] = s.noop()[0]
        out["quit"] = s.quit()[0]
    elif mode == "pipeline":
        message = open(args[0], "rb").read().replace(b"\r\n.", b"\r\n..")
        commands = (b"LHLO pipeline.test\r\nMAIL FROM:<p@mta.test>\r\n"
                    + b"".join(b"RCPT TO:<" + r.encode() + b">\r\n" for r in args[1:])
                    + b"DATA\r\n" + message + b".\r\nNOOP\r\nQUIT\r\n")
        s = socket.create_connection((host, port), timeout=10)
        s.sendall(commands)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        lines = data.decode().split("\r\n")
        out["codes"] = [int(l[:3]) for l in lines if len(l) > 3 and l[3] == " "]
        out["closedCleanly"] = data.endswith(b"\r\n")
    elif mode == "idle":
        s = socket.create_connection((host, port), timeout=20)
        f = s.makefile("rb")
        f.readline()
        s.sendall(b"LHLO idle.test\r\n")
        while not f.readline().startswith(b"250 "):
            pass
        print("ready", flush=True)
        out["onStop"] = f.readline().decode().strip()
        out["eof"] = f.readline() == b""
    print(json.dumps(out))
    """#

    struct Client {
        let script: URL
        let directory: URL

        init(_ q: QuellProcess) throws {
            directory = q.data.deletingLastPathComponent()
            script = directory.appendingPathComponent("lmtp_client.py")
            try Data(LMTPEndToEndTests.clientScript.utf8).write(to: script)
        }

        func messageFile(_ text: String, _ name: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }

        func process(_ mode: String, _ q: QuellProcess, _ arguments: [String]) -> (Process, Pipe) {
            let process = Process()
            // `timeout` bounds the client even if the server misbehaves.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            process.arguments = ["30", "python3", script.path, mode, q.lmtpHost, String(q.lmtpPort)] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.standardError
            return (process, pipe)
        }

        func run(_ mode: String, _ q: QuellProcess, _ arguments: [String]) throws -> [String: Any] {
            let (process, pipe) = process(mode, q, arguments)
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            guard process.terminationStatus == 0,
                  let object = try JSONSerialization.jsonObject(with: output) as? [String: Any] else {
                throw TestFailure("client \(mode) failed (\(process.terminationStatus)): \(String(decoding: output, as: UTF8.self))")
            }
            return object
        }
    }

    @Test func journalCopiesAreIndexedUnderEachRecipient() async throws {
        let q = try QuellProcess()
        defer { q.cleanUp() }
        let admin = try q.token("acme", "security-admin", searchAndPurge: true)
        #expect(try q.cli(["intel", "add", EndToEndTests.badURL, "--tenant", "acme"]).status == 0)
        try q.start(["--lmtp", "127.0.0.1:0", "--lmtp-tenant", "acme", "--lmtp-max-bytes", "4096"])
        #expect(q.lmtpHost == "127.0.0.1" && q.lmtpPort > 0)
        let client = try Client(q)
        // A leading "." in the body checks dot-stuffing on the way in.
        let phish = EndToEndTests.phish(to: "alice@acme.test", 7) + ".signature\r\n"
        let phishFile = try client.messageFile(phish, "phish.eml")

        // LMTP, two recipients: one reply each after DATA.
        let lmtp = try client.run("lmtp", q, [phishFile, "Alice@Acme.test", "bob@acme.test"])
        #expect(lmtp["features"] as? [String] == ["8bitmime", "enhancedstatuscodes", "pipelining", "size"])
        #expect(lmtp["rcpt"] as? [Int] == [250, 250])
        let replies = try #require(lmtp["data"] as? [[Any]])
        #expect(replies.map { $0[0] as? Int } == [250, 250])
        #expect(replies.map { $0[1] as? String } == ["2.0.0 <alice@acme.test> ok", "2.0.0 <bob@acme.test> ok"])
        #expect(lmtp["quit"] as? Int == 221)

        // SMTP on the same listener: a third mailbox, and alice again (idempotent).
        let smtp = try client.run("smtp", q, [phishFile, "carol@acme.test", "alice@acme.test"])
        #expect((smtp["refused"] as? [String: Any])?.isEmpty == true)
        #expect(smtp["quit"] as? Int == 221)

        // Not mail at all: a permanent failure per LMTP recipient, so the MTA does not retry.
        let junk = try client.run("lmtp", q, [try client.messageFile("hello\r\n", "junk.txt"), "alice@acme.test", "dave@acme.test"])
        #expect((junk["data"] as? [[Any]])?.map { $0[0] as? Int } == [550, 550])

        // Over --lmtp-max-bytes: refused at MAIL FROM when declared, after DATA otherwise; the
        // connection stays usable, and the next connection is served.
        let big = EndToEndTests.phish(to: "erin@acme.test", 8) + String(repeating: "padding line\r\n", count: 400)
        let oversize = try client.run("oversize", q, [try client.messageFile(big, "big.eml"), "erin@acme.test"])
        #expect(oversize["declared"] as? Int == 552)
        let undeclared = try #require(oversize["undeclared"] as? [Any])
        #expect(undeclared.first as? Int == 552)
        #expect((undeclared.last as? String)?.hasPrefix("5.3.4") == true)
        #expect(oversize["noop"] as? Int == 250 && oversize["quit"] as? Int == 221)

        // Pipelining: the whole dialogue in one write; QUIT closes the connection cleanly.
        let pipelined = try client.run("pipeline", q, [try client.messageFile(EndToEndTests.phish(to: "frank@acme.test", 9),
                                                                              "pipelined.eml"), "frank@acme.test", "grace@acme.test"])
        #expect(pipelined["codes"] as? [Int] == [220, 250, 250, 250, 250, 354, 250, 250, 250, 221])
        #expect(pipelined["closedCleanly"] as? Bool == true)

        // Over HTTP: a report of the message finds every copy that carries its URL: alice, bob and carol
        // (LMTP and SMTP) and frank and grace (pipelined), but not the refused junk or oversized mail...
        let api = API(base: q.baseURL)
        let report = try await api.json("POST", "/api/v1/reports?reporter=alice@acme.test", token: admin, body: phish, expect: 202)
        let investigationID = try #require((report["investigation"] as? [String: Any])?["id"] as? String)
        let pending = try await api.waitForStatus(investigationID, "Pending Action", token: admin)
        #expect((pending["clusters"] as? [[String: Any]])?.first?["mailCount"] as? Int == 5)
        // ...and the remediation names each mailbox (journal copies have no Maildir location, so each
        // is a Failure result, which is what names the mailbox it was indexed under).
        let actionID = try #require(((pending["actions"] as? [[String: Any]])?.first?["action"] as? [String: Any])?["id"] as? String)
        _ = try await api.json("POST", "/api/v1/actions/\(actionID)/approve", token: admin)
        let deadline = Date().addingTimeInterval(20)
        var mailboxes: [String] = []
        while Date() < deadline {
            let detail = try await api.json("GET", "/api/v1/actions/\(actionID)", token: admin)
            mailboxes = ((detail["results"] as? [[String: Any]]) ?? []).compactMap { $0["mailbox"] as? String }.sorted()
            if mailboxes.count >= 5 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(mailboxes == ["alice@acme.test", "bob@acme.test", "carol@acme.test", "frank@acme.test", "grace@acme.test"])

        #expect(try q.stop() == 0)
    }

    @Test func stopSendsIdleClients421AndExits() async throws {
        let q = try QuellProcess()
        defer { q.cleanUp() }
        _ = try q.token("acme", "security-admin", searchAndPurge: true)
        try q.start(["--lmtp", "127.0.0.1:0", "--lmtp-tenant", "acme"])
        let client = try Client(q)
        let (process, pipe) = client.process("idle", q, [])
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Wait (bounded by the client's own timeout) until it is connected and idle.
        var output = Data()
        while !String(decoding: output, as: UTF8.self).contains("ready\n") {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output += chunk
        }
        let started = Date()
        #expect(try q.stop() == 0)
        #expect(Date().timeIntervalSince(started) < 10)
        output += pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let json = try #require(String(decoding: output, as: UTF8.self).split(separator: "\n").last)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect((result["onStop"] as? String)?.hasPrefix("421 4.3.2") == true)
        #expect(result["eof"] as? Bool == true)
    }

    @Test func lmtpUsageErrors() throws {
        let q = try QuellProcess()
        defer { q.cleanUp() }
        _ = try q.token("acme", "security-admin", searchAndPurge: true)
        let missingTenant = try q.cli(["serve", "--port", "0", "--lmtp", "127.0.0.1:0"])
        #expect(missingTenant.status == 2)
        #expect(missingTenant.err.contains("--lmtp needs --lmtp-tenant"))
        #expect(try q.cli(["serve", "--port", "0", "--lmtp", "127.0.0.1", "--lmtp-tenant", "acme"]).status == 2)
        #expect(try q.cli(["serve", "--port", "0", "--lmtp", "localhost:2424", "--lmtp-tenant", "acme"]).status == 2)
        #expect(try q.cli(["serve", "--port", "0", "--lmtp", "127.0.0.1:70000", "--lmtp-tenant", "acme"]).status == 2)
        #expect(try q.cli(["serve", "--port", "0", "--lmtp-tenant", "acme"]).status == 2)
        #expect(try q.cli(["serve", "--port", "0", "--lmtp", "127.0.0.1:0", "--lmtp-tenant", "acme", "--lmtp-max-bytes", "0"]).status == 2)
        let unknown = try q.cli(["serve", "--port", "0", "--lmtp", "127.0.0.1:0", "--lmtp-tenant", "nobody"])
        #expect(unknown.status == 1)
        #expect(unknown.err.contains("tenant nobody does not exist"))
    }
}
