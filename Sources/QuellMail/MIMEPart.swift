/// One node of the MIME tree.
public struct MIMEPart: Sendable {
    public let headers: HeaderList
    /// Declared type; text/plain when missing, and for multiparts without a boundary.
    public let contentType: ContentType
    public let disposition: ContentDisposition?
    /// Content-Disposition `filename`, else Content-Type `name`; RFC 2047/2231 decoded.
    public let filename: String?
    /// Lowercased charset parameter, if any.
    public let charset: String?
    public let transferEncoding: TransferEncoding
    /// Body parts of a multipart, in order; empty for leaves.
    public let children: [MIMEPart]
    /// Transfer-decoded content of a leaf (for message/rfc822: the embedded message's
    /// bytes); empty for multiparts.
    public let body: [UInt8]
    private let embedded: EmbeddedMessageBox?

    init(
        headers: HeaderList, contentType: ContentType, disposition: ContentDisposition?, filename: String?,
        transferEncoding: TransferEncoding, children: [MIMEPart], body: [UInt8], embeddedMessage: ParsedMessage?
    ) {
        self.headers = headers
        self.contentType = contentType
        self.disposition = disposition
        self.filename = filename
        self.charset = contentType.charset
        self.transferEncoding = transferEncoding
        self.children = children
        self.body = body
        self.embedded = embeddedMessage.map(EmbeddedMessageBox.init)
    }

    /// The parsed message inside a message/rfc822 part.
    public var embeddedMessage: ParsedMessage? { embedded?.message }

    public var isMultipart: Bool { contentType.isMultipart }

    /// Attachment: a leaf with `Content-Disposition: attachment`, a filename, or a type
    /// that is not text (images, application/*, message/rfc822, ...).
    public var isAttachment: Bool {
        if isMultipart { return false }
        if disposition == .attachment || filename != nil { return true }
        if contentType.isText { return false }
        if contentType.type == "message" {
            switch contentType.subtype {
            case "delivery-status", "disposition-notification", "feedback-report", "global-headers",
                 "global-delivery-status", "global-disposition-notification":
                return false
            default:
                return true
            }
        }
        return true
    }

    /// Leaves in document order (embedded messages are not entered).
    public var leaves: [MIMEPart] {
        if isMultipart { return children.flatMap(\.leaves) }
        return [self]
    }
}

/// Breaks the value-type cycle MIMEPart → ParsedMessage → MIMEPart.
final class EmbeddedMessageBox: Sendable {
    let message: ParsedMessage
    init(_ message: ParsedMessage) { self.message = message }
}
