import Testing
@testable import QuellMail

@Suite struct TransferDecodingTests {
    @Test func base64() {
        #expect(TransferDecoding.decodeBase64(Array("SGVsbG8=".utf8)) == Array("Hello".utf8))
        #expect(TransferDecoding.decodeBase64(Array("SGVsbG8".utf8)) == Array("Hello".utf8))
        #expect(TransferDecoding.decodeBase64(Array("SG Vs\r\nbG8h".utf8)) == Array("Hello!".utf8))
        #expect(TransferDecoding.decodeBase64(Array("SGk=SGk=".utf8)) == Array("HiHi".utf8))
        #expect(TransferDecoding.decodeBase64(Array("***".utf8)) == [])
        #expect(TransferDecoding.decodeBase64([]) == [])
    }

    @Test func quotedPrintable() {
        #expect(TransferDecoding.decodeQuotedPrintable(Array("a=3Db=\r\nc=\nd".utf8)) == Array("a=bcd".utf8))
        #expect(TransferDecoding.decodeQuotedPrintable(Array("soft=  \nbreak".utf8)) == Array("softbreak".utf8))
        #expect(TransferDecoding.decodeQuotedPrintable(Array("bad=ZZ =4 end=".utf8)) == Array("bad=ZZ =4 end".utf8))
        #expect(TransferDecoding.decodeQuotedPrintable(Array("lower=c3=a9".utf8)) == [0x6C, 0x6F, 0x77, 0x65, 0x72, 0xC3, 0xA9])
    }

    @Test func sha256KnownVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func transferEncodingNames() {
        #expect(TransferEncoding(headerValue: " Base64 ") == .base64)
        #expect(TransferEncoding(headerValue: "Quoted-Printable") == .quotedPrintable)
        #expect(TransferEncoding(headerValue: nil) == .sevenBit)
        #expect(TransferEncoding(headerValue: "x-uuencode") == .other("x-uuencode"))
    }
}
