import Foundation

/// One message cut out of an mbox file.
public struct MboxMessage: Sendable {
    /// Byte offset of its `From ` separator line in the file.
    public let offset: Int
    /// Offset just past it: where the next message (or the end) starts. A resumed import starts here.
    public let endOffset: Int
    /// The message without the separator line, `>From ` lines unescaped (mboxrd).
    public let bytes: [UInt8]
    /// The message was longer than `messageBytesMax`; `bytes` holds only its start.
    public let isTruncated: Bool
}

/// Splits an mbox file into messages, lazily, over a memory-mapped file so that multi-gigabyte
/// archives are never read into memory at once. Messages start at lines beginning `From ` (as
/// Python's `mailbox.mbox` does); the blank line an mbox writer puts before each separator is
/// not part of the message.
public final class MboxReader: Sequence, IteratorProtocol {
    private let data: Data
    private var position: Int
    private let messageBytesMax: Int

    public init(path: String, startOffset: Int = 0, messageBytesMax: Int = MailLimits.messageBytesMax) throws {
        data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        position = Swift.min(Swift.max(0, startOffset), data.count)
        self.messageBytesMax = messageBytesMax
    }

    public init(bytes: [UInt8], messageBytesMax: Int = MailLimits.messageBytesMax) {
        data = Data(bytes)
        position = 0
        self.messageBytesMax = messageBytesMax
    }

    public var byteCount: Int { data.count }

    /// Whether `bytes` look like an mbox (start with a `From ` separator line).
    public static func looksLikeMbox(_ prefix: some Collection<UInt8>) -> Bool {
        prefix.starts(with: Array("From ".utf8))
    }

    public func next() -> MboxMessage? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> MboxMessage? in
            let bytes = raw.bindMemory(to: UInt8.self)
            let count = bytes.count
            // Skip anything before the first separator (blank lines, garbage).
            while position < count, !Self.isSeparator(bytes, at: position) {
                position = Self.lineEnd(bytes, from: position)
            }
            guard position < count else { return nil }
            let start = position
            var cursor = Self.lineEnd(bytes, from: position)
            let bodyStart = cursor
            while cursor < count, !Self.isSeparator(bytes, at: cursor) {
                cursor = Self.lineEnd(bytes, from: cursor)
            }
            position = cursor
            var bodyEnd = cursor
            // Drop the one blank line the writer added before the next separator.
            if bodyEnd - bodyStart >= 2, bytes[bodyEnd - 1] == 0x0A {
                if bytes[bodyEnd - 2] == 0x0A { bodyEnd -= 1 }
                else if bodyEnd - bodyStart >= 3, bytes[bodyEnd - 2] == 0x0D, bytes[bodyEnd - 3] == 0x0A { bodyEnd -= 2 }
            }
            let isTruncated = bodyEnd - bodyStart > messageBytesMax
            let end = isTruncated ? bodyStart + messageBytesMax : bodyEnd
            return MboxMessage(offset: start, endOffset: cursor, bytes: Self.unescape(bytes, bodyStart, end), isTruncated: isTruncated)
        }
    }

    static func isSeparator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 5 <= bytes.count else { return false }
        return bytes[index] == 0x46 && bytes[index + 1] == 0x72 && bytes[index + 2] == 0x6F && bytes[index + 3] == 0x6D
            && bytes[index + 4] == 0x20
    }

    /// Index just past the line starting at `index` (its LF included).
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var cursor = index
        while cursor < bytes.count {
            if bytes[cursor] == 0x0A { return cursor + 1 }
            cursor += 1
        }
        return bytes.count
    }

    /// mboxrd: `>From `, `>>From ` ... at a line start lose one `>`.
    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var lineStart = start
        while lineStart < end {
            let lineStop = Swift.min(lineEnd(bytes, from: lineStart), end)
            var quotes = lineStart
            while quotes < lineStop, bytes[quotes] == 0x3E { quotes += 1 }
            let copyFrom = quotes > lineStart && isSeparator(bytes, at: quotes) && quotes + 5 <= lineStop ? lineStart + 1 : lineStart
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyFrom..<lineStop]))
            lineStart = lineStop
        }
        return out
    }
}
