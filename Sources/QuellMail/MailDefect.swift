/// A recoverable irregularity found while parsing. The parser keeps going, like
/// Python's `email` package does, and records what it had to work around.
public enum MailDefect: String, Sendable, Hashable, Codable {
    case mboxFromLineSkipped = "mbox-from-line-skipped"
    case invalidHeaderLineSkipped = "invalid-header-line-skipped"
    case missingHeaderBodySeparator = "missing-header-body-separator"
    case continuationLineWithoutField = "continuation-line-without-field"
    case multipartWithoutBoundaryParameter = "multipart-without-boundary-parameter"
    case boundaryNotFound = "boundary-not-found"
    case missingFinalBoundary = "missing-final-boundary"
    case invalidBase64 = "invalid-base64"
    case invalidQuotedPrintable = "invalid-quoted-printable"
    case unknownTransferEncoding = "unknown-transfer-encoding"
    case unknownCharset = "unknown-charset"
    case urlLimitReached = "url-limit-reached"
    /// Bytes that are not valid in the declared charset were replaced with U+FFFD.
    case invalidCharsetBytes = "invalid-charset-bytes"
    case archiveEncrypted = "archive-encrypted"
    /// libarchive could not read the archive (unknown format, damage, unsupported method).
    case archiveUnsupported = "archive-unsupported"
    case archiveMemberLimitReached = "archive-member-limit-reached"
    case archiveMemberTooLarge = "archive-member-too-large"
    case archiveExpandedLimitReached = "archive-expanded-limit-reached"
    case archiveNestingLimitReached = "archive-nesting-limit-reached"
}
