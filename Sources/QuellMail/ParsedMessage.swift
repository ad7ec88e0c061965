import Foundation

/// A parsed message and what was extracted from it.
public struct ParsedMessage: Sendable {
    public let headers: HeaderList
    /// Message-ID without angle brackets.
    public let messageID: String?
    /// Subject with encoded words decoded.
    public let subject: String?
    public let from: [MailAddress]
    public let sender: MailAddress?
    public let replyTo: [MailAddress]
    public let to: [MailAddress]
    public let cc: [MailAddress]
    public let bcc: [MailAddress]
    /// Return-Path address without angle brackets; "" for the null sender `<>`.
    public let returnPath: String?
    public let date: Date?
    /// `Received:` fields in header order (most recent relay first).
    public let received: [ReceivedHop]
    /// The first globally routable IP address of the Received chain, read from the
    /// bottom (the first relay) up; nil when every address is private, loopback, etc.
    public let originatingIP: String?
    /// Every `Authentication-Results:` field, in header order.
    public let authenticationResults: [AuthenticationResults]
    /// Every `ARC-Authentication-Results:` field, in header order (the newest instance first).
    public let arcAuthenticationResults: [ARCAuthenticationResults]
    public let listUnsubscribe: ListUnsubscribe?
    public let root: MIMEPart
    /// All text/plain leaves that are not attachments, joined, as UTF-8.
    public let textBody: String
    /// All text/html leaves that are not attachments, joined, as UTF-8.
    public let htmlBody: String?
    /// `htmlBody` rendered to readable text.
    public let htmlText: String?
    /// URLs from text and HTML leaves (attachments and embedded messages included),
    /// deduplicated by normalised URL, in first-seen order, capped per message.
    public let urls: [ExtractedURL]
    /// Attachments in document order, including those of embedded messages.
    public let attachments: [Attachment]
    /// The message exactly as parsed (shared with the caller's buffer, not copied).
    public let raw: ArraySlice<UInt8>
    public var sizeBytes: Int { raw.count }
    /// Lowercase hex SHA-256 of the raw message bytes, computed on each use (about 0.6 ms
    /// per MB): the index keys copies by it, but most readers of a parsed message never ask.
    public var sha256: String { SHA256.hex(raw) }
    /// Irregularities worked around while parsing (this message and everything in it).
    public let defects: [MailDefect]

    /// The parsed messages of message/rfc822 parts, outermost first.
    public var embeddedMessages: [ParsedMessage] {
        var out: [ParsedMessage] = []
        func walk(_ p: MIMEPart) {
            if let m = p.embeddedMessage { out.append(m) }
            p.children.forEach(walk)
        }
        walk(root)
        return out
    }
}

/// `dump` and debuggers show the hash and size of the raw bytes, not every byte.
extension ParsedMessage: CustomReflectable {
    public var customMirror: Mirror {
        Mirror(self, children: [
            "headers": headers, "messageID": messageID as Any, "subject": subject as Any, "from": from,
            "sender": sender as Any, "replyTo": replyTo, "to": to, "cc": cc, "bcc": bcc, "returnPath": returnPath as Any,
            "date": date as Any, "received": received, "originatingIP": originatingIP as Any,
            "authenticationResults": authenticationResults, "arcAuthenticationResults": arcAuthenticationResults, "listUnsubscribe": listUnsubscribe as Any, "root": root,
            "textBody": textBody, "htmlBody": htmlBody as Any, "htmlText": htmlText as Any, "urls": urls,
            "attachments": attachments, "sha256": sha256, "sizeBytes": sizeBytes, "defects": defects,
        ], displayStyle: .struct)
    }
}
