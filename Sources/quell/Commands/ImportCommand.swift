import Foundation
import QuellCore
import QuellEngine

enum ImportCommand: Command {
    static let name = "import"
    static let usage = "quell import PATH --tenant T [--mailbox ADDR] [--data DIR]"
    static let summary = """
        Index mail. PATH may be:
          a Maildir tree, one Maildir per mailbox (PATH/<address>/{cur,new}, Maildir++ subfolders
            PATH/<address>/.<Folder>/); each mailbox is registered for remediation at its path;
          an mbox file (read as it is, never loaded whole; resumes from where an interrupted run stopped);
          a directory of message files (.eml; *.mbox files inside are read as mbox), or one message file.
        Mail from mbox and message files is indexed under --mailbox (if given). Re-running is safe: copies
        already indexed are skipped. Unreadable messages are reported with their reason and skipped; the
        exit code is then 1, so that a scheduled import reports them.
        """
    static let options: [OptionSpec] = [
        SharedOptions.data, SharedOptions.tenant,
        .value("mailbox", "mailbox address for mail from mbox and message files"),
    ]

    static func run(_ arguments: ParsedArguments) throws {
        guard arguments.positionals.count == 1, let path = arguments.positionals.first else {
            throw UsageError("expected exactly one path to import")
        }
        guard FileManager.default.fileExists(atPath: path) else { throw CommandError("\(path) does not exist") }
        let environment = try Environment(arguments)
        let tenant = try environment.tenant(arguments)
        let source = try ImportSource.detect(path)
        let summary = try importMail(source, tenant: tenant, mailbox: arguments.value("mailbox") ?? "",
                                     service: environment.service, showProgress: true)
        print(summary.description)
        if summary.failed > 0 { exit(1) }
    }

    static func importMail(_ source: ImportSource, tenant: Tenant.ID, mailbox: String, service: AIRService,
                           showProgress: Bool) throws -> ImportSummary {
        let progress = showProgress ? Progress(label: "import") : nil
        let summary = try MailImporter(service: service, tenant: tenant, mailbox: mailbox).run(source) { seen, fraction in
            progress?.update(seen: seen, fraction: fraction)
        }
        progress?.finish(seen: summary.seen)
        return summary
    }
}
