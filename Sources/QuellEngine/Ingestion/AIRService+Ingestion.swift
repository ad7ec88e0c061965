import Foundation
import QuellCore
import QuellMail

/// Where an ingested copy sits; all empty for mail that arrives without a mailbox (API, journal).
public struct MessagePlacement: Sendable, Hashable {
    public var mailbox: String
    public var folder: String
    public var locationKey: String

    public init(mailbox: String = "", folder: String = "", locationKey: String = "") {
        self.mailbox = mailbox.lowercased()
        self.folder = folder
        self.locationKey = locationKey
    }
}

public struct IngestResult: Sendable, Hashable {
    public let messageID: IndexedMessage.ID
    /// False when the same content was already indexed in that mailbox (nothing changed).
    public let isNew: Bool
    public let urlCount: Int
}

extension AIRService {
    /// Parses and indexes one message copy. Idempotent by (mailbox, content hash).
    public func ingest(tenant: Tenant.ID, raw: [UInt8], placement: MessagePlacement) throws -> IngestResult {
        let parsed = try Self.parse(raw)
        let entry = indexEntry(tenant: tenant, parsed: parsed, placement: placement)
        return try store.write { tx in
            guard try tx.tenant(tenant) != nil else { throw EngineError.notFound("tenant \(tenant) does not exist") }
            return try Self.insert(entry, into: tx)
        }
    }

    /// Stores prepared entries inside a transaction the caller holds (the importer commits its
    /// checkpoint with them). Entries are made beforehand, on parsing threads where possible, so
    /// that the thread holding the write transaction only writes.
    func ingestBatch(tenant: Tenant.ID, _ entries: [IndexEntry], in tx: any StoreWriter) throws -> [IngestResult] {
        guard try tx.tenant(tenant) != nil else { throw EngineError.notFound("tenant \(tenant) does not exist") }
        return try entries.map { try Self.insert($0, into: tx) }
    }

    static func insert(_ entry: IndexEntry, into tx: any StoreWriter) throws -> IngestResult {
        let message = entry.message
        if try tx.insertMessage(message, searchText: entry.searchText) {
            return IngestResult(messageID: message.id, isNew: true, urlCount: message.urls.count)
        }
        // Already indexed in that mailbox: answer with the stored copy's id.
        let existing = try tx.messages(message.tenantID, contentHash: message.contentHash)
            .first { $0.mailbox == message.mailbox }
        return IngestResult(messageID: existing?.id ?? message.id, isNew: false, urlCount: message.urls.count)
    }

    public static func parse(_ raw: [UInt8]) throws -> ParsedMessage {
        do {
            var limits = MailParseLimits.default
            limits.messageBytesMax = min(limits.messageBytesMax, EngineLimits.messageBytesMax)
            return try MailParser.parse(raw, limits: limits)
        } catch {
            throw EngineError.invalidMessage(error)
        }
    }

    /// What the index stores of one parsed copy.
    struct IndexEntry: Sendable {
        let message: IndexedMessage
        let searchText: String
    }

    func indexEntry(tenant: Tenant.ID, parsed: ParsedMessage, placement: MessagePlacement) -> IndexEntry {
        indexEntries(tenant: tenant, parsed: parsed, placements: [placement])[0]
    }

    /// One entry per placement of the same message: its hash and search text are worked out once.
    func indexEntries(tenant: Tenant.ID, parsed: ParsedMessage, placements: [MessagePlacement]) -> [IndexEntry] {
        let contentHash = parsed.sha256
        let searchText = Self.searchText(parsed)
        let recipients = (parsed.to + parsed.cc).map(\.address)
        let attachments = parsed.attachments.map {
            IndexedAttachment(filename: $0.filename, contentType: $0.contentType, sizeBytes: $0.size, sha256: $0.sha256)
        }
        let urls = parsed.urls.map(\.url)
        return placements.map { placement in
            let message = IndexedMessage(
                id: ids.next(), tenantID: tenant, mailbox: placement.mailbox, folder: placement.folder,
                locationKey: placement.locationKey, contentHash: contentHash, internetMessageID: parsed.messageID,
                sender: parsed.from.first?.address, recipients: recipients, subject: parsed.subject, receivedAt: parsed.date,
                sizeBytes: parsed.sizeBytes, urls: urls, attachments: attachments, ingestedAt: clock.now())
            return IndexEntry(message: message, searchText: searchText)
        }
    }

    /// Indexes one message as a copy in each of `placements` (an LMTP delivery to several
    /// recipients), in one transaction.
    public func ingestCopies(tenant: Tenant.ID, _ parsed: ParsedMessage, placements: [MessagePlacement]) throws -> [IngestResult] {
        let entries = indexEntries(tenant: tenant, parsed: parsed, placements: placements)
        return try store.write { tx in try ingestBatch(tenant: tenant, entries, in: tx) }
    }

    /// Plain text and rendered HTML, capped: search needs the words, not every byte of a newsletter.
    static func searchText(_ parsed: ParsedMessage) -> String {
        var text = parsed.textBody
        if let html = parsed.htmlText, !html.isEmpty {
            text += text.isEmpty ? html : "\n" + html
        }
        guard text.utf8.count > EngineLimits.searchTextBytesMax else { return text }
        var end = text.utf8.index(text.utf8.startIndex, offsetBy: EngineLimits.searchTextBytesMax)
        while !text.isValidIndex(end) { end = text.utf8.index(before: end) }
        return String(text[..<end])
    }
}

private extension String {
    func isValidIndex(_ index: String.Index) -> Bool { index.samePosition(in: unicodeScalars) != nil }
}

extension AIRService {
    /// Indexes many raw messages: parsed on every core, committed in one transaction. Each element
    /// of the answer is that message's outcome; one bad message does not stop the others.
    public func ingestMany(tenant: Tenant.ID, _ items: [(raw: [UInt8], placement: MessagePlacement)])
        throws -> [Result<IngestResult, EngineError>] {
        // Parsing, hashing and the search text happen on every core; the transaction only writes.
        let parsed = ParallelMap.map(items) { item -> Result<IndexEntry, EngineError> in
            do {
                return .success(indexEntry(tenant: tenant, parsed: try Self.parse(item.raw), placement: item.placement))
            } catch let error as EngineError { return .failure(error) } catch {
                return .failure(.invalidInput("\(error)"))
            }
        }
        var good: [IndexEntry] = []
        for outcome in parsed {
            if case let .success(entry) = outcome { good.append(entry) }
        }
        var stored = try store.write { tx in try ingestBatch(tenant: tenant, good, in: tx) }.makeIterator()
        return parsed.map { outcome in
            switch outcome {
            case .success: .success(stored.next()!)
            case let .failure(error): .failure(error)
            }
        }
    }
}
