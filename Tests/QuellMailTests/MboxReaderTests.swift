import Foundation
import QuellMail
import Testing

@Suite struct MboxReaderTests {
    static let mbox = """
        From alice@example.test Thu Dec  3 08:00:00 2026
        Subject: one

        body one
        >From the start of a line
        >>From twice quoted

        From bob@example.test Thu Dec  3 09:00:00 2026
        Subject: two

        body two

        """

    @Test func splitsOnSeparatorsAndUnescapes() {
        let messages = Array(MboxReader(bytes: Array(Self.mbox.utf8)))
        #expect(messages.count == 2)
        #expect(String(decoding: messages[0].bytes, as: UTF8.self)
                == "Subject: one\n\nbody one\nFrom the start of a line\n>From twice quoted\n")
        #expect(String(decoding: messages[1].bytes, as: UTF8.self) == "Subject: two\n\nbody two\n")
        #expect(messages[0].offset == 0)
        #expect(messages[1].offset == messages[0].endOffset)
        #expect(messages[1].endOffset == Self.mbox.utf8.count)
        #expect(messages.allSatisfy { !$0.isTruncated })
    }

    @Test func crlfMboxAndLeadingJunk() {
        let text = "\r\n\r\nFrom a Thu\r\nSubject: x\r\n\r\nhi\r\n\r\nFrom b Thu\r\nSubject: y\r\n\r\nho\r\n"
        let messages = Array(MboxReader(bytes: Array(text.utf8)))
        #expect(messages.map { String(decoding: $0.bytes, as: UTF8.self) } == ["Subject: x\r\n\r\nhi\r\n", "Subject: y\r\n\r\nho\r\n"])
    }

    @Test func oversizedMessagesAreTruncatedAndFlagged() {
        let text = "From a\nSubject: big\n\n" + String(repeating: "x", count: 1000) + "\nFrom b\nSubject: small\n\nok\n"
        let messages = Array(MboxReader(bytes: Array(text.utf8), messageBytesMax: 100))
        #expect(messages.count == 2)
        #expect(messages[0].isTruncated && messages[0].bytes.count == 100)
        #expect(!messages[1].isTruncated)
    }

    @Test func resumesFromAnOffsetInAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mbox-\(UUID().uuidString)").path
        try Data(Self.mbox.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let all = Array(try MboxReader(path: path))
        let resumed = Array(try MboxReader(path: path, startOffset: all[0].endOffset))
        #expect(resumed.map(\.bytes) == [all[1].bytes])
        #expect(Array(try MboxReader(path: path, startOffset: 1 << 40)).isEmpty)
        #expect(MboxReader.looksLikeMbox(Array("From x".utf8)))
        #expect(!MboxReader.looksLikeMbox(Array("Subject: x".utf8)))
    }

    @Test func emptyAndSeparatorlessInputs() {
        #expect(Array(MboxReader(bytes: [])).isEmpty)
        #expect(Array(MboxReader(bytes: Array("no separator here\n".utf8))).isEmpty)
        #expect(Array(MboxReader(bytes: Array("From x".utf8))).map(\.bytes) == [[]])
    }
}
