/// The LMTP (RFC 2033) and SMTP (RFC 5321) server dialogue for one connection as a pure state machine:
/// it is fed the bytes the client sent and returns what to do next (send a reply, index a message,
/// close). It does no I/O, so it is tested by feeding lines. Commands may be pipelined: one `receive`
/// can carry many commands, and a `.deliver` action pauses the input until `deliveryFinished`.
public struct LMTPSession: Sendable {
    public enum Action: Sendable, Hashable {
        case reply(LMTPReply)
        /// Index the message, then call `deliveryFinished` with one outcome per recipient.
        case deliver(LMTPEnvelope)
        /// Close the connection after sending the replies before it.
        case close
    }

    /// LHLO selects LMTP (one reply per recipient after DATA); EHLO/HELO select SMTP (one reply).
    public enum Dialect: Sendable, Hashable { case lmtp, smtp }

    enum Phase: Sendable, Hashable { case command, data, delivering, closed }

    enum DataFailure: Sendable, Hashable { case tooLarge, lineTooLong }

    let configuration: LMTPServerConfiguration
    var phase = Phase.command
    public internal(set) var dialect: Dialect?
    var sender: String?
    var recipients: [String] = []
    var message: [UInt8] = []
    var dataFailure: DataFailure?
    var commandCount = 0

    // Unconsumed input; `readIndex` advances per line and the prefix is dropped once per `receive`,
    // so a large message costs O(n) rather than O(n²).
    private var input: [UInt8] = []
    private var readIndex = 0
    private var isDiscardingLine = false
    // Where the search for the next LF resumes, so a long line arriving in pieces is scanned once.
    private var scanIndex = 0

    public init(configuration: LMTPServerConfiguration) {
        self.configuration = configuration
    }

    public var isClosed: Bool { phase == .closed }

    // MARK: - Inputs

    public mutating func start() -> [Action] {
        [.reply(LMTPReply(220, "\(configuration.hostname) LMTP/ESMTP Quell ready"))]
    }

    public mutating func receive<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [Action] {
        guard phase != .closed else { return [] }
        input.append(contentsOf: bytes)
        return process()
    }

    /// Called with one outcome per recipient of the `.deliver` action; continues with pipelined input.
    public mutating func deliveryFinished(_ outcomes: [LMTPDeliveryOutcome]) -> [Action] {
        precondition(phase == .delivering, "deliveryFinished without a pending delivery")
        precondition(outcomes.count == recipients.count, "one delivery outcome per recipient")
        let actions = finishTransaction(outcomes)
        return actions + process()
    }

    /// The client sent nothing for the idle timeout.
    public mutating func timedOut() -> [Action] {
        close(LMTPReply(421, "4.4.2 \(configuration.hostname) idle timeout, closing connection"))
    }

    /// The server is stopping; whatever transaction is open is abandoned and the MTA will retry.
    public mutating func shuttingDown() -> [Action] {
        close(LMTPReply(421, "4.3.2 \(configuration.hostname) shutting down, try again later"))
    }

    // MARK: - Framing

    private mutating func process() -> [Action] {
        var actions: [Action] = []
        loop: while true {
            switch phase {
            case .command:
                guard let line = nextLine(bytesMax: configuration.commandLineBytesMax) else { break loop }
                if let line {
                    actions += command(line)
                } else {
                    actions.append(.reply(LMTPReply(500, "5.5.2 line too long (max \(configuration.commandLineBytesMax) bytes)")))
                }
            case .data:
                guard let line = nextLine(bytesMax: configuration.dataLineBytesMax, keepingEnding: true) else { break loop }
                if let line {
                    actions += dataLine(line)
                } else {
                    dataFailure = dataFailure ?? .lineTooLong
                    message = []
                }
            case .delivering, .closed:
                break loop
            }
        }
        if readIndex > 0 {
            input.removeSubrange(0..<readIndex)
            scanIndex = max(0, scanIndex - readIndex)
            readIndex = 0
        }
        if phase == .closed {
            input = []
            scanIndex = 0
        }
        return actions
    }

    /// The next complete line (without CRLF/LF unless `keepingEnding`); `.some(nil)` for a line that
    /// exceeded `bytesMax` (its bytes are discarded as they arrive); nil when no line is complete yet.
    private mutating func nextLine(bytesMax: Int, keepingEnding: Bool = false) -> [UInt8]?? {
        guard let newline = input[max(readIndex, scanIndex)...].firstIndex(of: UInt8(ascii: "\n")) else {
            scanIndex = input.count
            if input.count - readIndex > bytesMax {
                readIndex = input.count
                isDiscardingLine = true
            }
            return nil
        }
        let start = readIndex
        readIndex = newline + 1
        if isDiscardingLine || newline + 1 - start > bytesMax {
            isDiscardingLine = false
            return .some(nil)
        }
        if keepingEnding { return Array(input[start...newline]) }
        var end = newline
        if end > start, input[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return Array(input[start..<end])
    }

    // MARK: - DATA

    private mutating func dataLine(_ line: [UInt8]) -> [Action] {
        let dot = UInt8(ascii: ".")
        if line == [dot, 13, 10] || line == [dot, 10] { return endOfData() }
        guard dataFailure == nil else { return [] }
        // RFC 5321 §4.5.2: the client doubled a leading "."; remove one.
        let content = line.first == dot ? line.dropFirst() : line[...]
        if message.count + content.count > configuration.messageBytesMax {
            dataFailure = .tooLarge
            message = []
            return []
        }
        message.append(contentsOf: content)
        return []
    }

    private mutating func endOfData() -> [Action] {
        switch dataFailure {
        case nil:
            phase = .delivering
            let envelope = LMTPEnvelope(sender: sender ?? "", recipients: recipients, message: message)
            message = []
            return [.deliver(envelope)]
        case .tooLarge:
            let outcome = LMTPDeliveryOutcome.tooLarge("message exceeds \(configuration.messageBytesMax) bytes")
            return finishTransaction(Array(repeating: outcome, count: recipients.count))
        case .lineTooLong:
            let outcome = LMTPDeliveryOutcome.invalidMessage("a line exceeds \(configuration.dataLineBytesMax) bytes")
            return finishTransaction(Array(repeating: outcome, count: recipients.count))
        }
    }

    /// Replies for the end of DATA (RFC 2033 §4.2: LMTP answers once per recipient), then a fresh transaction.
    private mutating func finishTransaction(_ outcomes: [LMTPDeliveryOutcome]) -> [Action] {
        let actions: [Action]
        switch dialect {
        case .lmtp:
            actions = zip(recipients, outcomes).map { .reply(Self.reply(for: $1, recipient: $0)) }
        case .smtp, nil:
            // One reply for all: a transient failure wins so the MTA retries (ingest is idempotent).
            let worst = outcomes.first { if case .temporaryFailure = $0 { true } else { false } }
                ?? outcomes.first { $0 != .accepted } ?? .accepted
            actions = [.reply(Self.reply(for: worst, recipient: nil))]
        }
        resetTransaction()
        phase = .command
        return actions
    }

    static func reply(for outcome: LMTPDeliveryOutcome, recipient: String?) -> LMTPReply {
        let who = recipient.map { "<\($0)> " } ?? ""
        switch outcome {
        case .accepted: return LMTPReply(250, "2.0.0 \(who)ok")
        case let .invalidMessage(detail): return LMTPReply(550, "5.6.0 \(who)not a valid message: \(clean(detail))")
        case let .tooLarge(detail): return LMTPReply(552, "5.3.4 \(who)\(clean(detail))")
        case let .temporaryFailure(detail): return LMTPReply(451, "4.3.0 \(who)\(clean(detail)), try again later")
        }
    }

    /// Reply text is one line of printable ASCII, bounded.
    static func clean(_ text: String) -> String {
        let printable = text.unicodeScalars.map { $0.isASCII && $0.value >= 32 && $0.value < 127 ? Character($0) : " " }
        return String(printable.prefix(LMTPLimits.replyDetailBytesMax))
    }

    mutating func resetTransaction() {
        sender = nil
        recipients = []
        message = []
        dataFailure = nil
    }

    mutating func close(_ reply: LMTPReply) -> [Action] {
        guard phase != .closed else { return [] }
        phase = .closed
        input = []
        readIndex = 0
        scanIndex = 0
        return [.reply(reply), .close]
    }
}
