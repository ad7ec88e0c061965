import Foundation
import QuellCore
import QuellMail

/// What `quell import` reads: a Maildir tree, an mbox file, or a directory of message files.
public enum ImportSource: Sendable, Hashable {
    case maildirTree(String)
    case mbox(String)
    case messageFiles(root: String)

    /// Decides from the path: a directory holding Maildirs is a Maildir tree, another directory holds
    /// message files (`*.mbox` inside are read as mbox), a file starting `From ` followed by more
    /// than one message is an mbox, any other file is one message.
    public static func detect(_ path: String) throws -> ImportSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw EngineError.invalidInput("\(path) does not exist")
        }
        if isDirectory.boolValue {
            return (try? MaildirWalker.entries(root: path).isEmpty) == false || MaildirWalker.isMaildir(path)
                ? .maildirTree(path) : .messageFiles(root: path)
        }
        return path.hasSuffix(".mbox") || MailImporter.isMultiMessageMbox(path) ? .mbox(path) : .messageFiles(root: path)
    }
}

public struct ImportSummary: Sendable, CustomStringConvertible {
    public var mailboxes = 0
    public var seen = 0
    public var added = 0
    /// Parsed, but the same content was already indexed in that mailbox.
    public var known = 0
    /// Not even read: indexed by an earlier (possibly interrupted) run.
    public var resumed = 0
    public var failed = 0
    public var failures: [(source: String, reason: String)] = []
    public var seconds = 0.0
    public var bytes = 0

    public var description: String {
        let rate = Int(Double(seen) / max(seconds, 0.001))
        var text = "imported \(added) new message\(added == 1 ? "" : "s")"
            + (mailboxes > 0 ? " from \(mailboxes) mailbox\(mailboxes == 1 ? "" : "es")" : "")
            + " (\(known) already indexed, \(resumed) skipped as done earlier, \(failed) unreadable)"
            + " in \(String(format: "%.2f", seconds))s — \(rate) msg/s, \(String(format: "%.1f", Double(bytes) / 1_048_576 / max(seconds, 0.001))) MB/s"
        for failure in failures.prefix(MailImporter.failuresShownMax) { text += "\n  skipped \(failure.source): \(failure.reason)" }
        if failures.count > MailImporter.failuresShownMax { text += "\n  ... and \(failures.count - MailImporter.failuresShownMax) more" }
        return text
    }
}

/// Reads mail from files into the index in batches: parsing runs on every core, each batch commits
/// in one transaction, and progress is reported after every batch. Idempotent and resumable:
/// copies already indexed at the same place are skipped without parsing, and mbox files resume
/// from the offset their last committed batch reached.
public struct MailImporter: Sendable {
    public static let failuresShownMax = 20
    let service: AIRService
    let tenant: Tenant.ID
    /// Mailbox address for sources that do not name one (mbox, message files).
    let mailbox: String

    public init(service: AIRService, tenant: Tenant.ID, mailbox: String = "") {
        self.service = service
        self.tenant = tenant
        self.mailbox = mailbox.lowercased()
    }

    /// A unit of work: where the bytes come from and where the copy will be said to sit.
    struct Item: Sendable {
        let source: String
        let placement: MessagePlacement
        let load: @Sendable () throws -> [UInt8]
    }

    /// - Parameter progress: called with (messages seen, fraction done 0...1).
    public func run(_ source: ImportSource, progress: (Int, Double) -> Void = { _, _ in }) throws -> ImportSummary {
        let started = Date()
        var summary = ImportSummary()
        let commits = CommitPipeline(service: service, tenant: tenant)
        switch source {
        case let .maildirTree(root):
            let entries = try MaildirWalker.entries(root: root)
            let mailboxes = Dictionary(entries.map { ($0.mailbox.lowercased(), $0.mailboxRoot) }, uniquingKeysWith: { a, _ in a })
            for (address, location) in mailboxes.sorted(by: { $0.key < $1.key }) {
                try service.registerMailbox(Mailbox(tenantID: tenant, address: address, kind: .maildir, location: location))
            }
            summary.mailboxes = mailboxes.count
            let items = entries.map { entry in
                Item(source: entry.path, placement: MessagePlacement(mailbox: entry.mailbox, folder: entry.folder, locationKey: entry.key),
                     load: { try Self.readFile(entry.path) })
            }
            try process(items, into: &summary, commits: commits) { progress($0, Double($0) / Double(max(items.count, 1))) }
        case let .messageFiles(root):
            let files = try Self.messageFiles(root)
            let base = URL(fileURLWithPath: root).standardizedFileURL.path
            var items: [Item] = []
            for file in files where file.hasSuffix(".mbox") {
                summary = try runMbox(file, summary: summary, commits: commits) { seen, _ in progress(seen, 0) }
            }
            for file in files where !file.hasSuffix(".mbox") {
                let relative = file.hasPrefix(base + "/") ? String(file.dropFirst(base.count + 1)) : URL(fileURLWithPath: file).lastPathComponent
                items.append(Item(source: file, placement: MessagePlacement(mailbox: mailbox, locationKey: "file:" + relative),
                                  load: { try Self.readFile(file) }))
            }
            let already = summary.seen
            try process(items, into: &summary, commits: commits) { progress($0, Double($0 - already) / Double(max(items.count, 1))) }
        case let .mbox(path):
            summary = try runMbox(path, summary: summary, commits: commits, progress: progress)
        }
        let committed = try commits.finish()
        summary.added = committed.added
        summary.known = committed.known
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    // MARK: - Batches

    private func process(_ items: [Item], into summary: inout ImportSummary, commits: CommitPipeline,
                         progress: (Int) -> Void) throws {
        var index = 0
        while index < items.count {
            let batch = Array(items[index..<min(index + EngineLimits.ingestBatchMax, items.count)])
            index += batch.count
            // Resume: skip what an earlier run indexed, without reading it.
            let done: [Bool] = try service.store.read { reader in
                try batch.map { item in
                    if item.placement.locationKey.isEmpty { return false }
                    return try reader.hasMessage(tenant, mailbox: item.placement.mailbox, locationKey: item.placement.locationKey)
                }
            }
            var pending: [Item] = []
            for (item, isDone) in zip(batch, done) {
                if isDone { summary.resumed += 1 } else { pending.append(item) }
            }
            summary.seen += batch.count - pending.count
            try commits.submit(parse(pending, into: &summary))
            progress(summary.seen)
        }
    }

    /// Parses on every core and prepares what the index stores (content hash, search text);
    /// returns the entries of what parsed, counting the rest as failures.
    private func parse(_ items: [Item], into summary: inout ImportSummary) -> [AIRService.IndexEntry] {
        guard !items.isEmpty else { return [] }
        let (service, tenant) = (self.service, self.tenant)
        let outcomes = ParallelMap.map(items) { item -> Result<(AIRService.IndexEntry, Int), any Error> in
            Result {
                let bytes = try item.load()
                let parsed = try AIRService.parse(bytes)
                return (service.indexEntry(tenant: tenant, parsed: parsed, placement: item.placement), bytes.count)
            }
        }
        var good: [AIRService.IndexEntry] = []
        for (item, outcome) in zip(items, outcomes) {
            summary.seen += 1
            switch outcome {
            case let .success((entry, size)):
                summary.bytes += size
                good.append(entry)
            case let .failure(error):
                summary.failed += 1
                summary.failures.append((item.source, "\(error)"))
            }
        }
        return good
    }

    // MARK: - mbox

    private func runMbox(_ path: String, summary initial: ImportSummary, commits: CommitPipeline,
                         progress: (Int, Double) -> Void) throws -> ImportSummary {
        var summary = initial
        // The same file imported under another mailbox is another import.
        let source = URL(fileURLWithPath: path).standardizedFileURL.path + (mailbox.isEmpty ? "" : " -> " + mailbox)
        let checkpoint = try service.store.read { try $0.importCheckpoint(tenant, source: source) }
        var start = 0
        if let checkpoint, try Self.fingerprint(path, upTo: Int(checkpoint.offsetBytes)) == checkpoint.fingerprint {
            start = Int(checkpoint.offsetBytes)
        }
        let reader = try MboxReader(path: path, startOffset: start, messageBytesMax: EngineLimits.messageBytesMax)
        if start > 0 { summary.resumed += checkpoint?.messages ?? 0 }
        var messagesDone = start > 0 ? checkpoint?.messages ?? 0 : 0
        let name = URL(fileURLWithPath: path).lastPathComponent
        var batch: [Item] = []
        var batchEnd = start
        func flush() throws {
            guard !batch.isEmpty else { return }
            let good = parse(batch, into: &summary)
            messagesDone += batch.count
            // The checkpoint commits with the batch it covers, so a resume never skips uncommitted mail.
            let checkpoint = ImportCheckpoint(source: source, fingerprint: try Self.fingerprint(path, upTo: batchEnd),
                                              offsetBytes: Int64(batchEnd), messages: messagesDone)
            try commits.submit(good, checkpoint: checkpoint)
            batch.removeAll(keepingCapacity: true)
            progress(summary.seen, Double(batchEnd) / Double(max(reader.byteCount, 1)))
        }
        while let message = reader.next() {
            let bytes = message.bytes
            let truncated = message.isTruncated
            batch.append(Item(source: "\(path)@\(message.offset)",
                              placement: MessagePlacement(mailbox: mailbox, locationKey: "mbox:\(name)@\(message.offset)"),
                              load: {
                                  if truncated {
                                      throw EngineError.invalidMessage(.messageTooLarge(bytes: EngineLimits.messageBytesMax + 1,
                                                                                        limit: EngineLimits.messageBytesMax))
                                  }
                                  return bytes
                              }))
            batchEnd = message.endOffset
            if batch.count >= EngineLimits.ingestBatchMax { try flush() }
        }
        try flush()
        return summary
    }

    // MARK: - Files

    static func readFile(_ path: String) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw EngineError.invalidInput("cannot open \(path)") }
        defer { try? handle.close() }
        // One byte over the limit is enough for the parser to refuse it with messageTooLarge.
        guard let data = try handle.read(upToCount: EngineLimits.messageBytesMax + 1) else { return [] }
        return [UInt8](data)
    }

    static func messageFiles(_ root: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else { return [root] }
        guard let enumerator = FileManager.default.enumerator(at: URL(fileURLWithPath: root).standardizedFileURL,
                                                              includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [String] = []
        for case let url as URL in enumerator where !url.lastPathComponent.hasPrefix(".") {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(url.path) }
        }
        return files.sorted()
    }

    /// Identifies the part of a file an import already read: SHA-256 of its first 64 KiB and of the
    /// 4 KiB before `offset`. Mail appended later keeps it; a replaced or rewritten file changes it.
    static func fingerprint(_ path: String, upTo offset: Int) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw EngineError.invalidInput("cannot open \(path)") }
        defer { try? handle.close() }
        var bytes = [UInt8](try handle.read(upToCount: min(offset, 64 * 1024)) ?? Data())
        let tailStart = max(0, offset - 4096)
        try handle.seek(toOffset: UInt64(tailStart))
        let tail = [UInt8](try handle.read(upToCount: offset - tailStart) ?? Data())
        guard bytes.count == min(offset, 64 * 1024), tail.count == offset - tailStart else { return "" }
        bytes += tail
        return "\(offset):" + SHA256.hex(bytes)
    }

    /// A file that starts with an mbox separator and holds at least two messages.
    static func isMultiMessageMbox(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 5), MboxReader.looksLikeMbox(head) else { return false }
        guard let reader = try? MboxReader(path: path) else { return false }
        return reader.next() != nil && reader.next() != nil
    }
}

/// Commits parsed batches on a writer thread while the next batch parses. At most one batch waits,
/// so memory stays bounded; the first failure stops the import at the next `submit` or `finish`.
final class CommitPipeline: @unchecked Sendable {
    // @unchecked Sendable: `added`, `known` and `failure` are only touched under `lock`; the queue is serial.
    private let service: AIRService
    private let tenant: Tenant.ID
    private let queue = DispatchQueue(label: "quell.import.commit")
    private let slots = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var added = 0
    private var known = 0
    private var failure: (any Error)?

    init(service: AIRService, tenant: Tenant.ID) {
        self.service = service
        self.tenant = tenant
    }

    func submit(_ batch: [AIRService.IndexEntry], checkpoint: ImportCheckpoint? = nil) throws {
        try rethrowFailure()
        guard !batch.isEmpty || checkpoint != nil else { return }
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard lock.withLock({ failure == nil }) else { return }
            do {
                let results = try service.store.write { tx -> [IngestResult] in
                    let results = try service.ingestBatch(tenant: tenant, batch, in: tx)
                    if let checkpoint { try tx.saveImportCheckpoint(tenant, checkpoint, at: service.clock.now()) }
                    return results
                }
                lock.withLock {
                    for result in results { if result.isNew { added += 1 } else { known += 1 } }
                }
            } catch {
                lock.withLock { failure = failure ?? error }
            }
        }
    }

    /// Waits for every submitted batch; returns how many copies were new and how many known.
    func finish() throws -> (added: Int, known: Int) {
        queue.sync {}
        try rethrowFailure()
        return lock.withLock { (added, known) }
    }

    private func rethrowFailure() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}

/// Maps over every core. `transform` runs concurrently on distinct elements.
enum ParallelMap {
    static func map<T, R>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        let results = UnsafeMutableBufferPointer<R?>.allocate(capacity: items.count)
        results.initialize(repeating: nil)
        defer {
            // NB: deallocate alone would leak every result: the slots must be deinitialized first.
            results.deinitialize()
            results.deallocate()
        }
        let box = UnsafeBox(results)
        items.withUnsafeBufferPointer { input in
            let inputBox = UnsafeBox(input)
            DispatchQueue.concurrentPerform(iterations: items.count) { index in
                // Each index writes only its own slot.
                box.value[index] = transform(inputBox.value[index])
            }
        }
        return results.map { $0! }
    }
}

/// @unchecked Sendable: wraps a buffer whose slots are written by distinct iterations only.
struct UnsafeBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
