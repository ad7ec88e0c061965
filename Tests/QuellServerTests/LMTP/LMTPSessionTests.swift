import QuellServer
import Testing

/// The LMTP/SMTP dialogue without sockets: bytes in, replies and deliveries out.
@Suite struct LMTPSessionTests {
    static func configuration(messageBytesMax: Int = 1000, recipientsMax: Int = 3, commandsMax: Int = 100) -> LMTPServerConfiguration {
        var configuration = LMTPServerConfiguration(host: "127.0.0.1", port: 0, tenant: "acme", hostname: "quell.test")
        configuration.messageBytesMax = messageBytesMax
        configuration.recipientsPerMessageMax = recipientsMax
        configuration.commandsPerConnectionMax = commandsMax
        configuration.commandLineBytesMax = 100
        configuration.dataLineBytesMax = 300
        return configuration
    }

    /// A session plus helpers that collect what it asked for.
    struct Harness {
        var session: LMTPSession
        var deliveries: [LMTPEnvelope] = []
        var isClosed = false
        /// Answers every delivery with this outcome per recipient.
        var outcome = LMTPDeliveryOutcome.accepted

        init(_ configuration: LMTPServerConfiguration = LMTPSessionTests.configuration()) {
            session = LMTPSession(configuration: configuration)
            _ = session.start()
        }

        /// Feeds `text` and returns the reply lines, running deliveries as the connection would.
        mutating func send(_ text: String) -> [String] {
            var pending = session.receive(Array(text.utf8))
            var replies: [String] = []
            while !pending.isEmpty {
                let action = pending.removeFirst()
                switch action {
                case let .reply(reply): replies += reply.description.split(separator: "\r\n").map(String.init)
                case let .deliver(envelope):
                    deliveries.append(envelope)
                    pending += session.deliveryFinished(envelope.recipients.map { _ in outcome })
                case .close: isClosed = true
                }
            }
            return replies
        }

        mutating func codes(_ text: String) -> [Int] {
            send(text).filter { $0.count >= 4 && $0[$0.index($0.startIndex, offsetBy: 3)] == " " }.compactMap { Int($0.prefix(3)) }
        }
    }

    @Test func greetingAndLHLOAdvertiseExtensions() {
        var session = LMTPSession(configuration: Self.configuration())
        #expect(session.start() == [.reply(LMTPReply(220, "quell.test LMTP/ESMTP Quell ready"))])
        var h = Harness()
        #expect(h.send("LHLO mta.test\r\n") == ["250-quell.test", "250-PIPELINING", "250-8BITMIME", "250-SIZE 1000", "250 ENHANCEDSTATUSCODES"])
        #expect(h.session.dialect == .lmtp)
        #expect(h.send("HELO mta.test\r\n") == ["250 quell.test"])
        #expect(h.session.dialect == .smtp)
        #expect(h.codes("EHLO\r\n") == [501])
    }

    @Test func lmtpRepliesOncePerRecipientAndUnstuffsDots() {
        var h = Harness()
        _ = h.send("LHLO mta.test\r\n")
        #expect(h.codes("MAIL FROM:<Sender@Example.test> SIZE=200 BODY=8BITMIME\r\n") == [250])
        #expect(h.send("RCPT TO:<Alice@Acme.test>\r\n") == ["250 2.1.5 <alice@acme.test> recipient ok"])
        #expect(h.codes("RCPT TO: <bob@acme.test>\r\n") == [250])
        #expect(h.codes("DATA\r\n") == [354])
        let replies = h.send("Subject: x\r\n\r\n..leading dot\r\n.\r\n")
        #expect(replies == ["250 2.0.0 <alice@acme.test> ok", "250 2.0.0 <bob@acme.test> ok"])
        #expect(h.deliveries.count == 1)
        #expect(h.deliveries.first?.recipients == ["alice@acme.test", "bob@acme.test"])
        #expect(h.deliveries.first?.sender == "Sender@Example.test")
        #expect(h.deliveries.first?.message == Array("Subject: x\r\n\r\n.leading dot\r\n".utf8))
        // A new transaction starts clean.
        #expect(h.codes("DATA\r\n") == [503])
    }

    @Test func smtpRepliesOnceAndPermanentFailureForNonMessages() {
        var h = Harness()
        h.outcome = .invalidMessage("no header")
        #expect(h.codes("EHLO mta.test\r\nMAIL FROM:<>\r\nRCPT TO:<a@acme.test>\r\nRCPT TO:<b@acme.test>\r\nDATA\r\nhello\r\n.\r\n")
                == [250, 250, 250, 250, 354, 550])
        var lmtp = Harness()
        lmtp.outcome = .invalidMessage("no header")
        let replies = lmtp.send("LHLO m\r\nMAIL FROM:<>\r\nRCPT TO:<a@acme.test>\r\nRCPT TO:<b@acme.test>\r\nDATA\r\nhello\r\n.\r\n")
        #expect(replies.suffix(2) == ["550 5.6.0 <a@acme.test> not a valid message: no header",
                                      "550 5.6.0 <b@acme.test> not a valid message: no header"])
        var transient = Harness()
        transient.outcome = .temporaryFailure("storage error")
        #expect(transient.send("LHLO m\r\nMAIL FROM:<>\r\nRCPT TO:<a@acme.test>\r\nDATA\r\nx\r\n.\r\n").last
                == "451 4.3.0 <a@acme.test> storage error, try again later")
    }

    @Test func commandsOutOfSequenceAre503() {
        var h = Harness()
        #expect(h.codes("MAIL FROM:<a@b.test>\r\n") == [503])
        _ = h.send("LHLO m\r\n")
        #expect(h.codes("RCPT TO:<a@acme.test>\r\n") == [503])
        #expect(h.codes("DATA\r\n") == [503])
        #expect(h.codes("MAIL FROM:<a@b.test>\r\n") == [250])
        #expect(h.codes("MAIL FROM:<a@b.test>\r\n") == [503])
        #expect(h.codes("DATA\r\n") == [503])
        #expect(h.codes("RSET\r\nRCPT TO:<a@acme.test>\r\n") == [250, 503])
        #expect(h.deliveries.isEmpty)
    }

    @Test func otherCommands() {
        var h = Harness()
        #expect(h.codes("NOOP\r\nVRFY alice\r\nHELP\r\nEXPN staff\r\nSTARTTLS\r\nFROB\r\n\r\n") == [250, 252, 214, 502, 502, 500, 500])
        #expect(h.codes("LHLO m\r\nMAIL FROM:<a@b.test> FOO=1\r\nMAIL FROM:a@b.test\r\nRCPT TO:<>\r\nRCPT TO:<x@y.test> NOTIFY=NEVER\r\n")
                == [250, 555, 250, 501, 555])
        #expect(h.codes("RCPT FROM:<x@y.test>\r\nMAIL TO:<x@y.test>\r\n") == [501, 503])
        #expect(h.send("QUIT\r\nNOOP\r\n") == ["221 2.0.0 quell.test closing connection"])
        #expect(h.isClosed && h.session.isClosed)
        #expect(h.send("NOOP\r\n").isEmpty)
    }

    @Test func sizeParameterIsCheckedAgainstTheLimit() {
        var h = Harness()
        _ = h.send("LHLO m\r\n")
        #expect(h.send("MAIL FROM:<a@b.test> SIZE=1001\r\n") == ["552 5.3.4 message size exceeds the maximum of 1000 bytes"])
        #expect(h.codes("MAIL FROM:<a@b.test> SIZE=99999999999999999999999\r\n") == [552])
        #expect(h.codes("MAIL FROM:<a@b.test> SIZE=ten\r\n") == [501])
        #expect(h.codes("MAIL FROM:<a@b.test> SIZE=1000\r\n") == [250])
    }

    @Test func oversizedDataIsDiscardedAndRefusedPerRecipient() {
        var h = Harness()
        let line = String(repeating: "x", count: 98) + "\r\n"
        let replies = h.send("LHLO m\r\nMAIL FROM:<>\r\nRCPT TO:<a@acme.test>\r\nRCPT TO:<b@acme.test>\r\nDATA\r\n"
                             + String(repeating: line, count: 11) + ".\r\nNOOP\r\n")
        #expect(replies.suffix(3) == ["552 5.3.4 <a@acme.test> message exceeds 1000 bytes",
                                      "552 5.3.4 <b@acme.test> message exceeds 1000 bytes", "250 2.0.0 ok"])
        #expect(h.deliveries.isEmpty)
        // Exactly at the limit is fine.
        let exact = h.send("MAIL FROM:<>\r\nRCPT TO:<a@acme.test>\r\nDATA\r\n" + String(repeating: line, count: 10) + ".\r\n")
        #expect(exact.last == "250 2.0.0 <a@acme.test> ok")
        #expect(h.deliveries.first?.message.count == 1000)
    }

    @Test func recipientsAreLimited() {
        var h = Harness()
        #expect(h.codes("LHLO m\r\nMAIL FROM:<>\r\n" + (1...4).map { "RCPT TO:<u\($0)@acme.test>\r\n" }.joined())
                == [250, 250, 250, 250, 250, 452])
        #expect(h.send("DATA\r\nSubject: x\r\n\r\nbody\r\n.\r\n").count == 4)
        #expect(h.deliveries.first?.recipients.count == 3)
    }

    @Test func longLinesAreRefused() {
        var h = Harness()
        #expect(h.send("LHLO m\r\n" + String(repeating: "A", count: 150) + "\r\nNOOP\r\n").suffix(2)
                == ["500 5.5.2 line too long (max 100 bytes)", "250 2.0.0 ok"])
        // A long command arriving in pieces is discarded as it comes and answered once.
        #expect(h.codes(String(repeating: "B", count: 80)) == [])
        #expect(h.codes(String(repeating: "B", count: 80)) == [])
        #expect(h.codes(String(repeating: "B", count: 80) + "\r\nNOOP\r\n") == [500, 250])
        // DATA lines may be longer than commands, up to their own bound.
        let ok = h.send("MAIL FROM:<>\r\nRCPT TO:<a@acme.test>\r\nDATA\r\n" + String(repeating: "y", count: 250) + "\r\n.\r\n")
        #expect(ok.last == "250 2.0.0 <a@acme.test> ok")
        let tooLong = h.send("MAIL FROM:<>\r\nRCPT TO:<a@acme.test>\r\nDATA\r\n" + String(repeating: "z", count: 400) + "\r\n.\r\n")
        #expect(tooLong.last?.hasPrefix("550 5.6.0 <a@acme.test> not a valid message: a line exceeds 300 bytes") == true)
        #expect(h.deliveries.count == 1)
    }

    @Test func pipelinedTransactionsInOneReadAndSplitAcrossReads() {
        var h = Harness()
        let transaction = "MAIL FROM:<s@x.test>\r\nRCPT TO:<a@acme.test>\r\nDATA\r\nSubject: 1\r\n\r\nx\r\n.\r\n"
        let all = "LHLO m\r\n" + transaction + transaction.replacingOccurrences(of: "Subject: 1", with: "Subject: 2") + "QUIT\r\n"
        #expect(h.codes(all) == [250, 250, 250, 354, 250, 250, 250, 354, 250, 221])
        #expect(h.deliveries.map { String(decoding: $0.message, as: UTF8.self) } == ["Subject: 1\r\n\r\nx\r\n", "Subject: 2\r\n\r\nx\r\n"])

        // The same bytes one at a time give the same answers.
        var slow = Harness()
        var codes: [Int] = []
        for byte in all.utf8 { codes += slow.codes(String(decoding: [byte], as: UTF8.self)) }
        #expect(codes == [250, 250, 250, 354, 250, 250, 250, 354, 250, 221])
        #expect(slow.deliveries == h.deliveries)
    }

    @Test func bareLineFeedsAndTheTerminatorWithoutCR() {
        var h = Harness()
        #expect(h.codes("LHLO m\nMAIL FROM:<>\nRCPT TO:<a@acme.test>\nDATA\nSubject: x\n\nbody\n.\n") == [250, 250, 250, 354, 250])
        #expect(h.deliveries.first?.message == Array("Subject: x\n\nbody\n".utf8))
    }

    @Test func commandsPerConnectionAreLimited() {
        var h = Harness(Self.configuration(commandsMax: 3))
        #expect(h.codes("NOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\nNOOP\r\n") == [250, 250, 250, 421])
        #expect(h.isClosed)
    }

    @Test func timeoutAndShutdownClose() {
        var session = LMTPSession(configuration: Self.configuration())
        #expect(session.timedOut() == [.reply(LMTPReply(421, "4.4.2 quell.test idle timeout, closing connection")), .close])
        #expect(session.shuttingDown().isEmpty)
    }
}
