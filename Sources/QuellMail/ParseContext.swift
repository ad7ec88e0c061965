/// Mutable state shared by one `MailParser.parse` call across all parts and
/// embedded messages, so limits apply to the message as a whole.
struct ParseContext {
    let limits: MailParseLimits
    var partCount = 0
    var decodedBytes = 0
    var archiveBudget = ArchiveInspector.Budget()
    private(set) var defects: [MailDefect] = []

    init(limits: MailParseLimits) {
        self.limits = limits
    }

    mutating func record(_ defect: MailDefect) {
        if !defects.contains(defect) { defects.append(defect) }
    }

    mutating func countPart(depth: Int) throws(MailParseError) {
        if depth > limits.mimeDepthMax {
            throw .mimeTooDeep(depth: depth, limit: limits.mimeDepthMax)
        }
        partCount += 1
        if partCount > limits.partCountMax {
            throw .tooManyParts(count: partCount, limit: limits.partCountMax)
        }
    }

    mutating func countDecoded(_ bytes: Int) throws(MailParseError) {
        decodedBytes += bytes
        if decodedBytes > limits.decodedBytesMax {
            throw .decodedTooLarge(bytes: decodedBytes, limit: limits.decodedBytesMax)
        }
    }
}
