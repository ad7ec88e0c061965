/// One SMTP/LMTP reply: a code and one or more text lines (multi-line replies use `code-text`).
public struct LMTPReply: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    public let lines: [String]

    public init(_ code: Int, _ lines: String...) {
        precondition((200...599).contains(code) && !lines.isEmpty, "reply needs a 2xx-5xx code and text")
        self.code = code
        self.lines = lines
    }

    public init(_ code: Int, lines: [String]) {
        precondition((200...599).contains(code) && !lines.isEmpty, "reply needs a 2xx-5xx code and text")
        self.code = code
        self.lines = lines
    }

    /// The wire form, CRLF-terminated.
    public var description: String {
        lines.enumerated().map { index, line in
            "\(code)\(index == lines.count - 1 ? " " : "-")\(line)\r\n"
        }.joined()
    }

    var bytes: [UInt8] { Array(description.utf8) }
}
