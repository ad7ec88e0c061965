import Foundation
import QuellCore
import QuellEngine
import QuellMail

enum ImportCommand: Command {
    static let name = "import"
    static let usage = "quell import DIR --tenant T [--data DIR]"
    static let summary = """
        Index a Maildir tree with one Maildir per mailbox (DIR/<address>/{cur,new}, Maildir++ subfolders
        DIR/<address>/.<Folder>/). Each mailbox is registered for remediation at its path. Re-importing is
        safe: copies already indexed are skipped. Unreadable messages are reported and skipped.
        """
    static let options: [OptionSpec] = [SharedOptions.data, SharedOptions.tenant]
    static let batchSize = 500

    static func run(_ arguments: ParsedArguments) throws {
        guard arguments.positionals.count == 1, let root = arguments.positionals.first else {
            throw UsageError("expected exactly one directory to import")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError("\(root) is not a directory")
        }
        let environment = try Environment(arguments)
        let tenant = try environment.tenant(arguments)
        let summary = try importMaildirTree(root: root, tenant: tenant, service: environment.service, showProgress: true)
        print(summary.description)
        if summary.failed > 0 { exit(1) }
    }

    struct Summary: CustomStringConvertible {
        var mailboxes = 0
        var seen = 0
        var added = 0
        var known = 0
        var failed = 0
        var failures: [(String, String)] = []
        var seconds = 0.0

        var description: String {
            var text = "imported \(added) new message\(added == 1 ? "" : "s") from \(mailboxes) mailbox\(mailboxes == 1 ? "" : "es")"
                + " (\(known) already indexed, \(failed) skipped) in \(String(format: "%.2f", seconds))s"
                + " — \(Int(Double(seen) / max(seconds, 0.001))) msg/s"
            for (path, reason) in failures.prefix(20) { text += "\n  skipped \(path): \(reason)" }
            if failures.count > 20 { text += "\n  ... and \(failures.count - 20) more" }
            return text
        }
    }

    static func importMaildirTree(root: String, tenant: Tenant.ID, service: AIRService, showProgress: Bool) throws -> Summary {
        let entries = try MaildirWalker.entries(root: root)
        var summary = Summary()
        let mailboxes = Dictionary(entries.map { ($0.mailbox, $0.mailboxRoot) }, uniquingKeysWith: { a, _ in a })
        for (address, location) in mailboxes.sorted(by: { $0.key < $1.key }) {
            try service.registerMailbox(Mailbox(tenantID: tenant, address: address, kind: .maildir, location: location))
        }
        summary.mailboxes = mailboxes.count
        let progress = showProgress ? Progress(total: entries.count, label: "import") : nil
        var batch: [(ParsedMessage, MessagePlacement)] = []
        func flush() throws {
            guard !batch.isEmpty else { return }
            for result in try service.ingestBatch(tenant: tenant, batch) {
                if result.isNew { summary.added += 1 } else { summary.known += 1 }
            }
            batch.removeAll(keepingCapacity: true)
        }
        for entry in entries {
            summary.seen += 1
            do {
                let bytes = try readFile(entry.path)
                let parsed = try AIRService.parse(bytes)
                batch.append((parsed, MessagePlacement(mailbox: entry.mailbox, folder: entry.folder, locationKey: entry.key)))
            } catch {
                summary.failed += 1
                summary.failures.append((entry.path, "\(error)"))
            }
            if batch.count >= batchSize { try flush() }
            progress?.update(summary.seen)
        }
        try flush()
        progress?.finish(summary.seen)
        summary.seconds = progress?.elapsedSeconds ?? 0
        return summary
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CommandError("cannot open") }
        defer { try? handle.close() }
        let limit = EngineLimits.messageBytesMax + 1
        guard let data = try handle.read(upToCount: limit) else { return [] }
        return [UInt8](data)
    }
}
