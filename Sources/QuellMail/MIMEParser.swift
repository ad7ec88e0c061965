/// Builds the MIME tree. Every part is counted against the part and depth limits as
/// it is created, and decoded bytes against the decoded-size limit.
enum MIMEParser {
    static func parsePart(
        _ bytes: [UInt8], _ range: Range<Int>, depth: Int, defaultType: ContentType, context: inout ParseContext
    ) throws(MailParseError) -> MIMEPart {
        try context.countPart(depth: depth)
        let section = try HeaderSectionParser.parse(bytes, range, context: &context)
        return try makePart(
            bytes, headers: section.headers, body: section.bodyStart..<max(section.bodyStart, range.upperBound),
            depth: depth, defaultType: defaultType, context: &context)
    }

    static func makePart(
        _ bytes: [UInt8], headers: HeaderList, body: Range<Int>, depth: Int, defaultType: ContentType,
        context: inout ParseContext
    ) throws(MailParseError) -> MIMEPart {
        var contentType = headers.first("Content-Type").map { ContentType(headerValue: $0.rawValue) } ?? defaultType
        let transferEncoding = TransferEncoding(headerValue: headers.first("Content-Transfer-Encoding")?.rawValue)
        let dispositionValue = headers.first("Content-Disposition")?.rawValue
        let disposition = ContentDisposition(headerValue: dispositionValue)
        let filename = filenameOf(dispositionValue: dispositionValue, contentType: contentType)

        if contentType.isMultipart {
            if let boundary = contentType.boundary {
                let split = MultipartSplitter.split(bytes, body, boundary: boundary)
                if split.foundDelimiter {
                    if !split.closed { context.record(.missingFinalBoundary) }
                    let childDefault = contentType.subtype == "digest" ? ContentType.messageRFC822 : ContentType.textPlain
                    var children: [MIMEPart] = []
                    children.reserveCapacity(split.parts.count)
                    for r in split.parts {
                        children.append(try parsePart(bytes, r, depth: depth + 1, defaultType: childDefault, context: &context))
                    }
                    return MIMEPart(
                        headers: headers, contentType: contentType, disposition: disposition, filename: filename,
                        transferEncoding: transferEncoding, children: children, body: [], embeddedMessage: nil)
                }
                context.record(.boundaryNotFound)
            } else {
                context.record(.multipartWithoutBoundaryParameter)
            }
            contentType = ContentType(type: "text", subtype: "plain", parameters: contentType.parameters)
        }

        let decoded = decode(bytes, body, transferEncoding, context: &context)
        try context.countDecoded(decoded.count)
        var embedded: ParsedMessage?
        if contentType.isEmbeddedMessage && !decoded.isEmpty {
            embedded = try MailParser.parseMessage(decoded, 0..<decoded.count, depth: depth + 1, topLevel: false, context: &context)
        }
        return MIMEPart(
            headers: headers, contentType: contentType, disposition: disposition, filename: filename,
            transferEncoding: transferEncoding, children: [], body: decoded, embeddedMessage: embedded)
    }

    private static func decode(
        _ bytes: [UInt8], _ range: Range<Int>, _ encoding: TransferEncoding, context: inout ParseContext
    ) -> [UInt8] {
        switch encoding {
        case .base64:
            let r = TransferDecoding.decodeBase64(bytes, range)
            if r.junk { context.record(.invalidBase64) }
            return r.bytes
        case .quotedPrintable:
            let r = TransferDecoding.decodeQuotedPrintable(bytes, range)
            if r.invalid { context.record(.invalidQuotedPrintable) }
            return r.bytes
        case .sevenBit, .eightBit, .binary:
            return Array(bytes[range])
        case .other:
            context.record(.unknownTransferEncoding)
            return Array(bytes[range])
        }
    }

    private static func filenameOf(dispositionValue: String?, contentType: ContentType) -> String? {
        var raw = dispositionValue.flatMap { HeaderParameters.parse($0).parameters["filename"] }
        if raw?.isEmpty ?? true { raw = contentType.parameters["name"] }
        guard let raw else { return nil }
        let name = ByteScanning.trimmedString(EncodedWord.decode(raw))
        return name.isEmpty ? nil : name
    }
}
