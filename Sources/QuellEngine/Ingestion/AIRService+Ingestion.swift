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
        let message = indexRecord(tenant: tenant, parsed: parsed, placement: placement)
        return try store.write { tx in
            guard try tx.tenant(tenant) != nil else { throw EngineError.notFound("tenant \(tenant) does not exist") }
            return try Self.insert(message, parsed: parsed, into: tx)
        }
    }

    /// Indexes many already-parsed copies in one transaction (the importer's batch path).
    public func ingestBatch(tenant: Tenant.ID, _ items: [(ParsedMessage, MessagePlacement)]) throws -> [IngestResult] {
        let records = items.map { (indexRecord(tenant: tenant, parsed: $0.0, placement: $0.1), $0.0) }
        return try store.write { tx in
            guard try tx.tenant(tenant) != nil else { throw EngineError.notFound("tenant \(tenant) does not exist") }
            return try records.map { try Self.insert($0.0, parsed: $0.1, into: tx) }
        }
    }

    static func insert(_ message: IndexedMessage, parsed: ParsedMessage, into tx: any StoreWriter) throws -> IngestResult {
        if try tx.insertMessage(message) {
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

    func indexRecord(tenant: Tenant.ID, parsed: ParsedMessage, placement: MessagePlacement) -> IndexedMessage {
        let recipients = (parsed.to + parsed.cc).map(\.address)
        return IndexedMessage(
            id: ids.next(), tenantID: tenant, mailbox: placement.mailbox, folder: placement.folder,
            locationKey: placement.locationKey, contentHash: parsed.sha256, internetMessageID: parsed.messageID,
            sender: parsed.from.first?.address, recipients: recipients, subject: parsed.subject, receivedAt: parsed.date,
            sizeBytes: parsed.sizeBytes, urls: parsed.urls.map(\.url), ingestedAt: clock.now())
    }
}
