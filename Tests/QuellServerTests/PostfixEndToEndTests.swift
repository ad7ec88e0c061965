import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import Testing

/// The README's two Postfix recipes, run by a real Postfix: a private instance in a temp directory
/// (its own main.cf, master.cf, queue and data directories, smtpd on a free loopback port, logging to a
/// file through postlogd) relays test mail, and the journal copies it makes must reach `quell serve
/// --lmtp` and be indexed under the mailbox the recipe promises. Needs the `postfix` package (`make
/// test` installs it) and root, which Postfix needs to start its master.
/// `make test` sets QUELL_REQUIRE_POSTFIX=1: there a missing Postfix or root fails the tests
/// instead of skipping them.
let postfixIsRequired = ProcessInfo.processInfo.environment["QUELL_REQUIRE_POSTFIX"] == "1"

@Suite(.serialized, .enabled {
    guard let reason = PostfixInstance.unavailableReason, !postfixIsRequired else { return true }
    print("PostfixEndToEndTests skipped: \(reason)")
    return false
})
struct PostfixEndToEndTests {
    init() throws {
        if let reason = PostfixInstance.unavailableReason { throw TestFailure("Postfix is required here: \(reason)") }
    }

    /// Sends messages to Postfix's smtpd with Python's smtplib; prints what was refused.
    static let clientScript = #"""
    import json, smtplib, sys
    host, port, messages = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
    s = smtplib.SMTP(host, port, timeout=10)
    refused = [s.sendmail(m["from"], m["to"], open(m["file"], "rb").read()) for m in messages]
    print(json.dumps({"refused": refused, "quit": s.quit()[0]}))
    """#

    struct Mail {
        let from: String
        let to: [String]
        let subject: String
        let messageID: String

        /// The marker word that the full-text search finds every test message by.
        static let marker = "postfixrecipe"

        var text: String {
            "From: \(from)\r\nTo: \(to.joined(separator: ", "))\r\nSubject: \(subject)\r\nMessage-ID: <\(messageID)>\r\n"
                + "Date: Thu, 03 Dec 2026 08:00:00 +0000\r\n\r\nSent through Postfix (\(Self.marker)).\r\n"
        }
    }

    /// Hands `mails` to Postfix over SMTP; each must be accepted for every recipient.
    static func send(_ mails: [Mail], to postfix: PostfixInstance) throws {
        let script = postfix.root.appendingPathComponent("smtp_client.py")
        try Data(clientScript.utf8).write(to: script)
        var specs: [[String: Any]] = []
        for (index, mail) in mails.enumerated() {
            let file = postfix.root.appendingPathComponent("mail\(index).eml")
            try Data(mail.text.utf8).write(to: file)
            specs.append(["from": mail.from, "to": mail.to, "file": file.path])
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: specs), as: UTF8.self)
        let result = try PostfixInstance.run("python3", [script.path, "127.0.0.1", String(postfix.smtpPort), json], seconds: 30)
        guard result.status == 0,
              let object = try? JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any],
              let refused = object["refused"] as? [[String: Any]], refused.allSatisfy(\.isEmpty) else {
            throw TestFailure("smtp client failed (\(result.status)): \(result.output)\n\(postfix.logTail())")
        }
    }

    /// Waits (bounded: 30 s) until Quell has indexed `count` test messages and Postfix's queue is empty
    /// (so nothing more is on its way), then returns what Quell indexed: mailbox, subject, Message-ID.
    static func indexed(_ count: Int, _ q: QuellProcess, _ postfix: PostfixInstance, token: String) async throws -> [[String]] {
        let api = API(base: q.baseURL)
        let deadline = Date().addingTimeInterval(30)
        var found: [[String]] = []
        while Date() < deadline {
            let result = try await api.json("GET", "/api/v1/messages?q=\(Mail.marker)", token: token)
            found = ((result["messages"] as? [[String: Any]]) ?? []).map {
                [$0["mailbox"] as? String ?? "", $0["subject"] as? String ?? "", $0["internetMessageId"] as? String ?? ""]
            }.sorted { $0.joined(separator: "\u{0}") < $1.joined(separator: "\u{0}") }
            if found.count >= count && postfix.queueIsEmpty() { return found }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestFailure("after 30 s Quell has \(found.count) of \(count) copies (\(found)) and the Postfix queue is "
                          + (postfix.queueIsEmpty() ? "empty" : "not empty") + "\n\(postfix.logTail())")
    }

    /// `quell serve --lmtp` for tenant acme (with a reader token) and an unconfigured private Postfix
    /// beside its data directory; the caller stops both.
    static func startQuellAndPostfix() throws -> (QuellProcess, String, PostfixInstance) {
        let q = try QuellProcess()
        do {
            let reader = try q.token("acme", "security-reader", searchAndPurge: false)
            try q.start(["--lmtp", "127.0.0.1:0", "--lmtp-tenant", "acme"])
            return (q, reader, try PostfixInstance(under: q.data.deletingLastPathComponent()))
        } catch {
            q.cleanUp()
            throw error
        }
    }

    /// Recipe 1: `always_bcc` plus a transport map entry; every message once, under the journal mailbox.
    @Test func alwaysBccFilesOneCopyOfEachMessageUnderTheJournalMailbox() async throws {
        let (q, reader, postfix) = try Self.startQuellAndPostfix()
        defer {
            postfix.stop()
            q.cleanUp()
        }

        // As in the README, but with Quell's port and the instance's own paths; acme.test is the domain
        // this relay serves (its own copies are discarded here instead of going to a mailbox store).
        try postfix.configure(main: """
            always_bcc = journal@quell.local
            transport_maps = hash:\(postfix.path("transport"))
            """, tables: ["transport": """
            journal@quell.local   lmtp:inet:\(q.lmtpHost):\(q.lmtpPort)
            acme.test             discard:
            """])
        try postfix.postmap("transport")
        try postfix.start()

        let mails = [Mail(from: "it@outside.test", to: ["alice@acme.test", "bob@acme.test"], subject: "Quarterly figures",
                          messageID: "journal-1@outside.test"),
                     Mail(from: "news@outside.test", to: ["carol@acme.test"], subject: "Weekly news", messageID: "journal-2@outside.test")]
        try Self.send(mails, to: postfix)

        // One copy per message, however many recipients it had.
        let found = try await Self.indexed(2, q, postfix, token: reader)
        #expect(found == [["journal@quell.local", "Quarterly figures", "journal-1@outside.test"],
                          ["journal@quell.local", "Weekly news", "journal-2@outside.test"]], "\(postfix.logTail())")
        #expect(postfix.log().contains("to=<journal@quell.local>, relay=\(q.lmtpHost)[\(q.lmtpHost)]:\(q.lmtpPort)"))

        postfix.stop()
        #expect(try q.stop() == 0)
    }

    /// Recipe 2: `recipient_bcc_maps` (and `sender_bcc_maps`) into a pseudo-domain routed to an LMTP
    /// transport of its own whose `lmtp_generic_maps` rewrites the address back: each copy is filed
    /// under the real mailbox, and only for the relay's own domains.
    @Test func bccMapsFileEachCopyUnderTheRealMailbox() async throws {
        let (q, reader, postfix) = try Self.startQuellAndPostfix()
        defer {
            postfix.stop()
            q.cleanUp()
        }

        // outside.test stands for the Internet: its mail is discarded here instead of relayed.
        try postfix.configure(main: """
            recipient_bcc_maps = regexp:\(postfix.path("quell_bcc"))
            sender_bcc_maps = regexp:\(postfix.path("quell_bcc"))
            transport_maps = hash:\(postfix.path("transport"))
            """, master: """
            quell     unix  -       -       n       -       -       lmtp
              -o lmtp_generic_maps=regexp:\(postfix.path("quell_generic"))
            """, tables: [
                "quell_bcc": #"/^(.+)@(acme\.test)$/        ${1}@${2}.quell"#,
                "transport": """
                acme.test.quell              quell:inet:\(q.lmtpHost):\(q.lmtpPort)
                acme.test                    discard:
                outside.test                 discard:
                """,
                "quell_generic": #"/^(.+)@(.+)\.quell$/           ${1}@${2}"#,
            ])
        try postfix.postmap("transport")
        try postfix.start()

        let mails = [Mail(from: "it@outside.test", to: ["alice@acme.test", "Bob@acme.test"], subject: "Quarterly figures",
                          messageID: "rcpt-1@outside.test"),
                     // Outbound: copied once, for the sender (sender_bcc_maps), not for the outside recipient.
                     Mail(from: "alice@acme.test", to: ["dave@outside.test"], subject: "Re: Quarterly figures",
                          messageID: "rcpt-2@acme.test"),
                     // Mixed: only the acme.test recipient gets a copy.
                     Mail(from: "news@outside.test", to: ["carol@acme.test", "erin@outside.test"], subject: "Weekly news",
                          messageID: "rcpt-3@outside.test")]
        try Self.send(mails, to: postfix)

        let found = try await Self.indexed(4, q, postfix, token: reader)
        #expect(found == [["alice@acme.test", "Quarterly figures", "rcpt-1@outside.test"],
                          ["alice@acme.test", "Re: Quarterly figures", "rcpt-2@acme.test"],
                          ["bob@acme.test", "Quarterly figures", "rcpt-1@outside.test"],
                          ["carol@acme.test", "Weekly news", "rcpt-3@outside.test"]], "\(postfix.logTail())")
        // Postfix logs the pseudo-domain address; Quell's reply names the rewritten one.
        #expect(postfix.log().contains("to=<alice@acme.test.quell>, relay=\(q.lmtpHost)[\(q.lmtpHost)]:\(q.lmtpPort)"))
        #expect(postfix.log().contains("(250 2.0.0 <alice@acme.test> ok)"))

        postfix.stop()
        #expect(try q.stop() == 0)
    }
}

/// A private Postfix instance under a temp directory: `etc/` (config_directory), `queue/`, `data/` and
/// `maillog`. Started with `postfix -c etc start`, stopped with `postfix -c etc stop` (then, if the
/// master outlives that, `postfix -c etc abort` and SIGKILL to that master).
final class PostfixInstance: @unchecked Sendable {
    // @unchecked Sendable: used from one test at a time.
    static let postfix = "/usr/sbin/postfix"
    static let postmap = "/usr/sbin/postmap"

    /// Why this machine cannot run the instance, or nil when it can.
    static var unavailableReason: String? {
        if !FileManager.default.isExecutableFile(atPath: postfix) {
            return "\(postfix) not found (install the postfix package; `make test` does)"
        }
        if geteuid() != 0 { return "Postfix's master must be started as root" }
        return nil
    }

    let root: URL
    let config: URL
    let queue: URL
    let data: URL
    let maillog: URL
    let smtpPort: Int
    private var started = false

    init(under parent: URL) throws {
        root = parent.appendingPathComponent("postfix")
        config = root.appendingPathComponent("etc")
        queue = root.appendingPathComponent("queue")
        data = root.appendingPathComponent("data")
        maillog = root.appendingPathComponent("maillog")
        // Postfix's daemons run as the postfix user: every directory on the way must be searchable, the
        // queue directory root-owned, and the data directory owned by postfix.
        for directory in [parent, root, config, queue, data] {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory.path)
        }
        guard let user = getpwnam("postfix") else { throw TestFailure("no postfix user (is the postfix package installed?)") }
        guard chown(data.path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
            throw TestFailure("chown postfix \(data.path): errno \(errno)")
        }
        smtpPort = try Self.freeLoopbackPort()
    }

    func path(_ table: String) -> String { config.appendingPathComponent(table).path }

    /// Writes main.cf (a relay for acme.test on loopback, logging to `maillog`, plus `main`), master.cf
    /// (the services that needs, none chrooted, plus `master`) and the lookup tables.
    func configure(main: String, master: String = "", tables: [String: String]) throws {
        let mainCF = """
            compatibility_level = 3.6
            queue_directory = \(queue.path)
            data_directory = \(data.path)
            maillog_file = \(maillog.path)
            maillog_file_prefixes = \(root.path)
            syslog_name = quell-test-postfix
            myhostname = mta.quell-test.invalid
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            smtpd_peername_lookup = no
            mydestination =
            local_recipient_maps =
            alias_maps =
            alias_database =
            relay_domains = acme.test
            mynetworks = 127.0.0.0/8
            smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
            \(main)

            """
        let masterCF = """
            127.0.0.1:\(smtpPort) inet n  -       n       -       -       smtpd
            pickup    unix  n       -       n       60      1       pickup
            cleanup   unix  n       -       n       -       0       cleanup
            qmgr      unix  n       -       n       300     1       qmgr
            rewrite   unix  -       -       n       -       -       trivial-rewrite
            bounce    unix  -       -       n       -       0       bounce
            defer     unix  -       -       n       -       0       bounce
            trace     unix  -       -       n       -       0       bounce
            verify    unix  -       -       n       -       1       verify
            flush     unix  n       -       n       1000?   0       flush
            proxymap  unix  -       -       n       -       -       proxymap
            showq     unix  n       -       n       -       -       showq
            error     unix  -       -       n       -       -       error
            retry     unix  -       -       n       -       -       error
            discard   unix  -       -       n       -       -       discard
            lmtp      unix  -       -       n       -       -       lmtp
            anvil     unix  -       -       n       -       1       anvil
            scache    unix  -       -       n       -       1       scache
            postlog   unix-dgram n  -       n       -       1       postlogd
            \(master)

            """
        try Data(mainCF.utf8).write(to: config.appendingPathComponent("main.cf"))
        try Data(masterCF.utf8).write(to: config.appendingPathComponent("master.cf"))
        for (name, text) in tables {
            try Data((text + "\n").utf8).write(to: config.appendingPathComponent(name))
        }
    }

    func postmap(_ table: String) throws {
        let result = try Self.run(Self.postmap, ["-c", config.path, "hash:" + path(table)])
        guard result.status == 0 else { throw TestFailure("postmap \(table) failed (\(result.status)): \(result.output)") }
    }

    /// `postfix start`, which also runs `postfix check` (and so creates the queue's subdirectories).
    func start() throws {
        started = true
        let result = try Self.run(Self.postfix, ["-c", config.path, "start"])
        guard result.status == 0 else {
            throw TestFailure("postfix start failed (\(result.status)): \(result.output)\n\(logTail())")
        }
    }

    /// Stops the instance if it was started, bounded: returns once its master is gone.
    func stop() {
        guard started else { return }
        started = false
        let pid = masterPID()
        _ = try? Self.run(Self.postfix, ["-c", config.path, "stop"])
        guard let pid else { return }
        if waitForExit(pid, seconds: 10) { return }
        _ = try? Self.run(Self.postfix, ["-c", config.path, "abort"])
        if waitForExit(pid, seconds: 5) { return }
        kill(pid, SIGKILL)
    }

    private func masterPID() -> pid_t? {
        guard let text = try? String(contentsOf: queue.appendingPathComponent("pid/master.pid"), encoding: .utf8) else { return nil }
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private func waitForExit(_ pid: pid_t, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            usleep(50_000)
        }
        return false
    }

    /// No message files left in the incoming, active or deferred queue.
    func queueIsEmpty() -> Bool {
        for name in ["maildrop", "incoming", "active", "deferred", "hold"] {
            let enumerator = FileManager.default.enumerator(at: queue.appendingPathComponent(name), includingPropertiesForKeys: [.isRegularFileKey])
            while let url = enumerator?.nextObject() as? URL {
                if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { return false }
            }
        }
        return true
    }

    func log() -> String { (try? String(contentsOf: maillog, encoding: .utf8)) ?? "" }

    func logTail(_ lines: Int = 40) -> String {
        "--- last lines of \(maillog.path) ---\n" + log().split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    struct Result {
        let status: Int32
        let output: String
    }

    /// Runs a command under `timeout` (bounded even if it hangs), with stdout and stderr in a file, not
    /// a pipe: `postfix start` leaves a daemon behind that must not hold the test's pipe open.
    static func run(_ executable: String, _ arguments: [String], seconds: Int = 60) throws -> Result {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("quell-postfix-\(UUID().uuidString).out")
        guard FileManager.default.createFile(atPath: outputFile.path, contents: nil) else {
            throw TestFailure("cannot create \(outputFile.path)")
        }
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let handle = try FileHandle(forWritingTo: outputFile)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [String(seconds), executable] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: output)
    }

    /// A port nothing listens on right now: bind 127.0.0.1:0, read the port, close.
    static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0 else { throw TestFailure("bind 127.0.0.1:0: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
