import Foundation
import QuellCore
import QuellServer

enum DemoCommand: Command {
    static let name = "demo"
    static let usage = "quell demo [--data DIR] [--port N] [--listen ADDR] [--no-serve]"
    static let summary = """
        Create the demo tenant "demo": four Maildir mailboxes with sample mail (a phishing campaign carrying
        a known-bad URL, and ordinary mail), threat intel, an admin and a reader token. Then serve, printing
        the URL, the tokens and curl lines to try. Safe to run again: existing demo mail is kept and new
        tokens are issued.
        """
    static let options: [OptionSpec] = [
        SharedOptions.data,
        .value("port", "TCP port (default 8080)"),
        .value("listen", "IPv4 address to listen on (default 127.0.0.1)"),
        .flag("no-serve", "set up the demo and exit"),
    ]
    static let tenant = Tenant.ID("demo")

    static func run(_ arguments: ParsedArguments) throws {
        let environment = try Environment(arguments)
        let service = environment.service
        try service.ensureTenant(tenant, name: "Demo Corp", actor: .cli("quell-demo"))

        let mailRoot = environment.dataDirectory.appendingPathComponent("demo-mail")
        let wrote = try DemoMail.write(to: mailRoot)
        let summary = try ImportCommand.importMail(.maildirTree(mailRoot.path), tenant: tenant, mailbox: "", service: service,
                                                  showProgress: false)
        _ = try service.addIntel(tenant: tenant, values: [DemoMail.campaignURL, DemoMail.badDomain], source: "demo-feed",
                                 actor: .cli("quell-demo"))
        let reportPath = environment.dataDirectory.appendingPathComponent("demo-report.eml")
        let cleanPath = environment.dataDirectory.appendingPathComponent("demo-clean-report.eml")
        try Data(DemoMail.reportedMessage.utf8).write(to: reportPath)
        try Data(DemoMail.cleanMessage.utf8).write(to: cleanPath)

        let admin = try service.issueToken(tenant: tenant, role: .securityAdmin, searchAndPurge: true, name: "demo-admin",
                                           actor: .cli("quell-demo"))
        let reader = try service.issueToken(tenant: tenant, role: .securityReader, searchAndPurge: false, name: "demo-reader",
                                            actor: .cli("quell-demo"))
        let tokensPath = environment.dataDirectory.appendingPathComponent("demo-tokens.env")
        try Data("ADMIN=\(admin.token)\nREADER=\(reader.token)\n".utf8).write(to: tokensPath)
        chmod(tokensPath.path, 0o600)

        var configuration = HTTPServerConfiguration()
        configuration.host = arguments.value("listen") ?? "127.0.0.1"
        configuration.port = UInt16(try arguments.int("port", default: 8080, range: 0...65535))
        let data = environment.dataDirectory.path
        let describe = { (url: String) in
            print("""

                Quell demo tenant "demo" is ready.
                  mail:     \(wrote ? "created" : "kept") \(mailRoot.path) (\(summary.mailboxes) mailboxes; \(summary.added) new, \(summary.known + summary.resumed) already indexed)
                  intel:    \(DemoMail.campaignURL), domain \(DemoMail.badDomain)
                  admin:    \(admin.token)   (security-admin + search-and-purge)
                  reader:   \(reader.token)   (security-reader)
                  tokens are also in \(tokensPath.path)

                Try it (in another shell):
                  source \(tokensPath.path)
                  curl -s -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: message/rfc822' \\
                       --data-binary @\(reportPath.path) '\(url)/api/v1/reports?reporter=alice@demo.quell.test'
                  curl -s -H "Authorization: Bearer $READER" '\(url)/api/v1/investigations'
                  curl -s -H "Authorization: Bearer $READER" '\(url)/api/v1/actions?status=pending'
                  curl -s -X POST -H "Authorization: Bearer $ADMIN" -d '{"comment":"confirmed phish"}' '\(url)/api/v1/actions/<id>/approve'
                  find \(data)/demo-mail -path '*Quarantine*' -type f
                """)
        }
        if arguments.has("no-serve") {
            describe("http://\(configuration.host):\(configuration.port)")
            return
        }
        try ServeCommand.serve(environment, configuration: configuration, workerCount: 1, banner: describe)
    }
}

/// Sample mail for the demo tenant. The URLs point at reserved `.example`/`.test` names: nothing real.
enum DemoMail {
    static let domain = "demo.quell.test"
    static let campaignURL = "http://mailbox-quota-alert.example/verify-account"
    static let badDomain = "invoice-portal.example"
    static let mailboxes = ["alice", "bob", "carol", "dave"].map { "\($0)@\(domain)" }

    struct Sample {
        let mailbox: String
        let folder: String
        let key: String
        let text: String
    }

    static func message(to recipient: String, from sender: String, subject: String, id: String, date: String, body: String,
                        html: String? = nil) -> String {
        var headers = [
            "Return-Path: <\(sender.split(separator: "<").last.map { String($0.dropLast()) } ?? sender)>",
            "Delivered-To: \(recipient)",
            "Received: from mx.\(domain) (mx.\(domain) [192.0.2.25]) by mail.\(domain) with ESMTP; \(date)",
            "From: \(sender)",
            "To: \(recipient)",
            "Subject: \(subject)",
            "Date: \(date)",
            "Message-ID: <\(id)>",
            "MIME-Version: 1.0",
        ]
        guard let html else {
            headers.append("Content-Type: text/plain; charset=utf-8")
            return headers.joined(separator: "\r\n") + "\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n"
        }
        // Derived from the id, so the same sample is the same bytes on every run.
        let boundary = "=_quell_demo_" + String(id.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) })
        headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        return headers.joined(separator: "\r\n") + "\r\n\r\n"
            + "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body.replacingOccurrences(of: "\n", with: "\r\n")
            + "\r\n--\(boundary)\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html + "\r\n--\(boundary)--\r\n"
    }

    static func phish(to recipient: String, index: Int) -> String {
        message(to: recipient, from: "\"IT Service Desk\" <helpdesk@mailbox-quota-alert.example>",
                subject: "Action required: your mailbox is almost full", id: "quota-\(index)@mailbox-quota-alert.example",
                date: "Thu, 03 Dec 2026 08:1\(index):00 +0000",
                body: "Your mailbox has reached 98% of its quota.\nVerify your account to avoid losing mail: \(campaignURL)\n",
                html: "<p>Your mailbox has reached <b>98%</b> of its quota.</p><p><a href=\"\(campaignURL)\">Verify your account</a> to avoid losing mail.</p>")
    }

    static var samples: [Sample] {
        var samples: [Sample] = []
        for (index, mailbox) in mailboxes.enumerated() {
            // The campaign reached everyone; carol's copy landed in Junk.
            samples.append(Sample(mailbox: mailbox, folder: index == 2 ? "Junk" : "", key: "1764749700.M\(index)P1.demo",
                                  text: phish(to: mailbox, index: index)))
            samples.append(Sample(
                mailbox: mailbox, folder: "", key: "1764752400.M\(index)P2.demo",
                text: message(to: mailbox, from: "\"People Team\" <people@\(domain)>", subject: "Holiday schedule 2026",
                              id: "holiday-\(index)@\(domain)", date: "Thu, 03 Dec 2026 09:00:00 +0000",
                              body: "Hi,\nthe office is closed from 24 December to 1 January.\nDetails: https://intranet.\(domain)/wiki/Holidays\n")))
        }
        for (index, mailbox) in [mailboxes[1], mailboxes[3]].enumerated() {
            samples.append(Sample(
                mailbox: mailbox, folder: "", key: "1764756000.M\(index)P3.demo",
                text: message(to: mailbox, from: "\"Accounts\" <billing@\(badDomain)>", subject: "Invoice 88213 overdue",
                              id: "inv-\(index)@\(badDomain)", date: "Thu, 03 Dec 2026 10:00:00 +0000",
                              body: "Please review the overdue invoice: https://docs.\(badDomain)/view?id=88213\n")))
        }
        samples.append(Sample(
            mailbox: mailboxes[0], folder: "", key: "1764759600.M0P4.demo",
            text: message(to: mailboxes[0], from: "\"Swift Weekly\" <news@swift-weekly.example.org>", subject: "Swift Weekly #312",
                          id: "sw312@swift-weekly.example.org", date: "Thu, 03 Dec 2026 11:00:00 +0000",
                          body: "This week: strict concurrency in practice.\nRead online: https://swift-weekly.example.org/issues/312\n")))
        return samples
    }

    /// The copy alice reports.
    static var reportedMessage: String { phish(to: mailboxes[0], index: 0) }
    /// An ordinary message, to see an investigation end No Threats Found.
    static var cleanMessage: String { samples.first { $0.key == "1764759600.M0P4.demo" }!.text }

    /// Writes the sample Maildirs unless they exist. Returns whether it wrote them.
    static func write(to root: URL) throws -> Bool {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: root.path) { return false }
        for mailbox in mailboxes {
            for folder in ["", ".Junk"] {
                for sub in ["cur", "new", "tmp"] {
                    try fileManager.createDirectory(at: root.appendingPathComponent(mailbox).appendingPathComponent(folder).appendingPathComponent(sub),
                                                    withIntermediateDirectories: true)
                }
            }
        }
        for sample in samples {
            let folder = sample.folder.isEmpty ? "" : "." + sample.folder
            let file = root.appendingPathComponent(sample.mailbox).appendingPathComponent(folder).appendingPathComponent("cur")
                .appendingPathComponent(sample.key + ":2,S")
            try Data(sample.text.utf8).write(to: file)
        }
        return true
    }
}
