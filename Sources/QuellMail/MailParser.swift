import Foundation

/// Entry point: raw RFC 5322 / MIME bytes in, `ParsedMessage` out.
public enum MailParser {
    public static func parse(_ data: Data, limits: MailParseLimits = .default) throws(MailParseError) -> ParsedMessage {
        if data.count > limits.messageBytesMax {
            throw .messageTooLarge(bytes: data.count, limit: limits.messageBytesMax)
        }
        return try parse([UInt8](data), limits: limits)
    }

    public static func parse(_ bytes: [UInt8], limits: MailParseLimits = .default) throws(MailParseError) -> ParsedMessage {
        if bytes.isEmpty { throw .empty }
        if bytes.count > limits.messageBytesMax {
            throw .messageTooLarge(bytes: bytes.count, limit: limits.messageBytesMax)
        }
        var context = ParseContext(limits: limits)
        return try parseMessage(bytes, 0..<bytes.count, depth: 0, topLevel: true, context: &context)
    }

    /// Header fields whose presence makes a header section look like a message's.
    private static let messageFieldNames: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "received", "mime-version", "return-path",
        "content-type", "sender", "reply-to", "delivered-to", "in-reply-to", "references", "content-transfer-encoding",
        "dkim-signature", "authentication-results", "arc-seal", "envelope-to", "resent-from", "resent-to",
        "resent-date", "list-unsubscribe", "thread-topic", "thread-index", "x-original-to", "errors-to", "precedence",
    ]

    static func parseMessage(
        _ bytes: [UInt8], _ range: Range<Int>, depth: Int, topLevel: Bool, context: inout ParseContext
    ) throws(MailParseError) -> ParsedMessage {
        let defectMark = context.defects.count
        var start = range.lowerBound
        let end = range.upperBound
        if end - start >= 3, bytes[start] == 0xEF, bytes[start + 1] == 0xBB, bytes[start + 2] == 0xBF { start += 3 }
        while start < end {
            // Leading blank (or whitespace-only) lines are not a header section.
            let (contentEnd, next) = ByteScanning.line(in: bytes, at: start, end: end)
            guard bytes[start..<contentEnd].allSatisfy(ByteScanning.isWhitespace) else { break }
            start = next
        }
        if start < end, HeaderSectionParser.isMboxFromLine(bytes, at: start, end: end) {
            context.record(.mboxFromLineSkipped)
            start = ByteScanning.line(in: bytes, at: start, end: end).next
        }
        if topLevel {
            guard start < end else { throw .notAMessage(reason: "there are no header fields") }
            guard HeaderSectionParser.isFieldLine(bytes, at: start, end: end) else {
                throw .notAMessage(reason: "the first line is not a header field")
            }
        }
        try context.countPart(depth: depth)
        let section = try HeaderSectionParser.parse(bytes, start..<end, context: &context)
        if topLevel {
            let looksLikeMail = section.headers.fields.contains { field in
                let name = ByteScanning.asciiLowercased(field.name)
                return messageFieldNames.contains(name) || name.hasPrefix("x-")
            }
            guard looksLikeMail else { throw .notAMessage(reason: "no usual message header field is present") }
        }
        let root = try MIMEParser.makePart(
            bytes, headers: section.headers, body: section.bodyStart..<max(section.bodyStart, end),
            depth: depth, defaultType: .textPlain, context: &context)
        return MessageAssembler.assemble(root: root, raw: bytes[range], defectMark: defectMark, context: &context)
    }
}
