/// Derives the ParsedMessage fields (addresses, bodies, URLs, attachments) from a
/// parsed MIME tree.
enum MessageAssembler {
    static func assemble(
        root: MIMEPart, raw: ArraySlice<UInt8>, defectMark: Int, context: inout ParseContext
    ) -> ParsedMessage {
        let h = root.headers
        let limits = context.limits
        var textParts: [String] = []
        var htmlParts: [String] = []
        var htmlTexts: [String] = []
        var urls = URLCollector(limit: limits.urlsPerMessageMax)
        var attachments: [Attachment] = []
        let hosts = HostCache()

        func visit(_ part: MIMEPart) {
            if part.isMultipart {
                part.children.forEach(visit)
                return
            }
            let attachment = part.isAttachment
            if attachment {
                attachments.append(makeAttachment(part, context: &context))
            }
            if let embedded = part.embeddedMessage {
                urls.add(contentsOf: embedded.urls)
                attachments.append(contentsOf: embedded.attachments)
                return
            }
            guard part.contentType.isText else { return }
            let decoded = bodyText(part)
            if decoded.isUnknownCharset { context.record(.unknownCharset) }
            if decoded.hadInvalidBytes { context.record(.invalidCharsetBytes) }
            let text = decoded.text
            if part.contentType.subtype == "html" {
                let scanned = HTMLText.scan(Array(text.utf8), anchorTextCharactersMax: limits.anchorTextCharactersMax)
                urls.add(contentsOf: URLExtractor.urls(from: scanned, hosts: hosts))
                if !attachment {
                    htmlParts.append(text)
                    htmlTexts.append(scanned.text)
                }
            } else {
                urls.add(contentsOf: URLExtractor.extract(fromText: text, hosts: hosts))
                if !attachment && part.contentType.subtype == "plain" {
                    textParts.append(text)
                }
            }
        }
        visit(root)
        if urls.limitReached { context.record(.urlLimitReached) }

        let g = h.grouped(assembledFields)
        func addresses(_ k: AssembledField) -> [MailAddress] {
            g[k.rawValue].flatMap { AddressListParser.parse($0.rawValue) }
        }
        func first(_ k: AssembledField) -> HeaderField? { g[k.rawValue].first }

        let received = g[AssembledField.received.rawValue].map { SenderHeaderParser.receivedHop($0.rawValue) }
        return ParsedMessage(
            headers: h,
            messageID: first(.messageID).flatMap { messageID($0.rawValue) },
            subject: first(.subject)?.decodedValue,
            from: addresses(.from),
            sender: addresses(.sender).first,
            replyTo: addresses(.replyTo),
            to: addresses(.to),
            cc: addresses(.cc),
            bcc: addresses(.bcc),
            returnPath: first(.returnPath).map { returnPath($0.rawValue) },
            date: first(.date).flatMap { MailDateParser.parse($0.rawValue) },
            received: received,
            originatingIP: SenderHeaderParser.originatingIP(received),
            authenticationResults: g[AssembledField.authenticationResults.rawValue].compactMap {
                SenderHeaderParser.authenticationResults($0.rawValue)
            },
            arcAuthenticationResults: g[AssembledField.arcAuthenticationResults.rawValue].compactMap {
                SenderHeaderParser.arcAuthenticationResults($0.rawValue)
            },
            listUnsubscribe: first(.listUnsubscribe).map {
                SenderHeaderParser.listUnsubscribe($0.rawValue, post: first(.listUnsubscribePost)?.rawValue)
            },
            root: root,
            textBody: textParts.joined(separator: "\n"),
            htmlBody: htmlParts.isEmpty ? nil : htmlParts.joined(separator: "\n"),
            htmlText: htmlTexts.isEmpty ? nil : htmlTexts.joined(separator: "\n"),
            urls: urls.urls,
            attachments: attachments,
            raw: raw,
            defects: Array(context.defects[defectMark...]))
    }

    /// The header fields a ParsedMessage is made from, read in one pass (`HeaderList.grouped`).
    private enum AssembledField: Int, CaseIterable {
        case messageID, subject, from, sender, replyTo, to, cc, bcc, returnPath, date, received, authenticationResults,
             arcAuthenticationResults, listUnsubscribe, listUnsubscribePost

        var name: String {
            switch self {
            case .messageID: "Message-ID"
            case .subject: "Subject"
            case .from: "From"
            case .sender: "Sender"
            case .replyTo: "Reply-To"
            case .to: "To"
            case .cc: "Cc"
            case .bcc: "Bcc"
            case .returnPath: "Return-Path"
            case .date: "Date"
            case .received: "Received"
            case .authenticationResults: "Authentication-Results"
            case .arcAuthenticationResults: "ARC-Authentication-Results"
            case .listUnsubscribe: "List-Unsubscribe"
            case .listUnsubscribePost: "List-Unsubscribe-Post"
            }
        }
    }

    private static let assembledFields = AssembledField.allCases.map(\.name)

    /// Hash, libmagic type and (for archives) the bounded member listing of a leaf.
    static func makeAttachment(_ part: MIMEPart, context: inout ParseContext) -> Attachment {
        let declared = part.contentType.mimeType
        let detected = FileTypeDetector.mimeType(part.body)
        var members: [ArchiveMember] = []
        var defects: [MailDefect] = []
        let listType = detected.flatMap { ArchiveInspector.isArchiveType($0) ? $0 : nil }
            ?? (detected == nil && ArchiveInspector.isArchiveType(declared) ? declared : nil)
        if let listType, !part.body.isEmpty {
            let listing = ArchiveInspector.list(part.body, type: listType, limits: context.limits, budget: &context.archiveBudget)
            members = listing.members
            defects = listing.defects
            for d in defects { context.record(d) }
        }
        return Attachment(
            filename: part.filename, contentType: declared, size: part.body.count,
            sha256: SHA256.hex(part.body),
            detectedType: detected, archiveMembers: members, defects: defects)
    }

    /// Text of a text/* leaf as UTF-8 with LF line ends, format=flowed unwrapped.
    static func bodyText(_ part: MIMEPart) -> Charset.Decoded {
        var bytes = part.body
        let charset = part.charset
        if Charset.isASCIICompatible(charset) {
            if ByteScanning.firstIndex(of: ByteScanning.cr, in: bytes, from: 0, to: bytes.count) != nil {
                bytes = dropCRBeforeLF(bytes)
            }
            if part.contentType.subtype == "plain",
               let format = part.contentType.parameters["format"], ByteScanning.equalsIgnoringCase(format, "flowed") {
                let delSp = part.contentType.parameters["delsp"].map { ByteScanning.equalsIgnoringCase($0, "yes") } ?? false
                bytes = FlowedText.unwrap(bytes, delSp: delSp)
            }
        }
        return Charset.decodeReporting(bytes, charset: charset)
    }

    /// `bytes` without the CR of each CRLF (a lone CR stays), copied run by run.
    static func dropCRBeforeLF(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { src in
            [UInt8](unsafeUninitializedCapacity: src.count) { dst, written in
                let n = src.count
                var i = 0
                var o = 0
                while i < n {
                    let cr = ByteScanning.firstIndex(of: ByteScanning.cr, in: src, from: i, to: n) ?? n
                    let run = cr - i
                    if run > 0 {
                        (dst.baseAddress! + o).initialize(from: src.baseAddress! + i, count: run)
                        o += run
                    }
                    guard cr < n else { break }
                    if cr + 1 >= n || src[cr + 1] != ByteScanning.lf {
                        dst[o] = ByteScanning.cr
                        o += 1
                    }
                    i = cr + 1
                }
                written = o
            }
        }
    }

    static func messageID(_ raw: String) -> String? {
        let v = ByteScanning.trimmedString(raw)
        if let lt = v.firstIndex(ofASCII: "<") {
            let after = v[v.index(after: lt)...]
            let inner = after.firstIndex(ofASCII: ">").map { after[..<$0] } ?? after
            let s = ByteScanning.trimmedString(String(inner))
            return s.isEmpty ? nil : s
        }
        return v.isEmpty ? nil : v
    }

    static func returnPath(_ raw: String) -> String {
        let v = ByteScanning.trimmedString(raw)
        if let lt = v.firstIndex(ofASCII: "<") {
            let after = v[v.index(after: lt)...]
            let inner = after.firstIndex(ofASCII: ">").map { after[..<$0] } ?? after
            return MailAddress.normalize(String(inner))
        }
        return MailAddress.normalize(v)
    }
}
