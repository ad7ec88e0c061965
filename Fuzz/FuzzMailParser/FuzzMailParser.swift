#if canImport(Glibc)
import Glibc
#endif
import QuellMail

// NB: this file must not be called main.swift. SwiftPM links executables with `--defsym main=<Module>_main`
// and compiles a target without main.swift as a library, so `FuzzMailParser_main` below is the entry point;
// it hands control to libFuzzer's driver (see the stack notes, section 3).

/// Tight limits for a second pass, so that every over-limit path is reached by small inputs too.
private let tightLimits = MailParseLimits(
    messageBytesMax: 512 * 1024, headerCountMax: 16, headerBytesMax: 256, headerSectionBytesMax: 2048,
    mimeDepthMax: 3, partCountMax: 12, urlsPerMessageMax: 8, decodedBytesMax: 64 * 1024, anchorTextCharactersMax: 16)

/// One input. Any invariant broken is a programmer error in QuellMail, so it traps and libFuzzer records the
/// input as a crash. Errors are typed (`throws(MailParseError)`), so "only MailParseError" is checked by the
/// compiler; each is still rendered to make sure its description does not trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: count))
    check(input, limits: .default)
    check(input, limits: tightLimits)
    return 0
}

private func check(_ input: [UInt8], limits: MailParseLimits) {
    let message: ParsedMessage
    do {
        message = try MailParser.parse(input, limits: limits)
    } catch {
        let error: MailParseError = error
        require(!error.description.isEmpty, "empty description for \(error)")
        return
    }
    require(message.sizeBytes == input.count, "sizeBytes \(message.sizeBytes) != input \(input.count)")
    require(isSHA256Hex(message.sha256), "bad message sha256 \(message.sha256)")
    require(message.urls.count <= limits.urlsPerMessageMax, "\(message.urls.count) URLs over the cap")
    var seen = Set<String>()
    for url in message.urls {
        require(URLNormalizer.normalize(url.url) == url.url, "not a fixed point: \(url.url) -> \(String(describing: URLNormalizer.normalize(url.url))) (original \(url.original.debugDescription))")
        // An unwrapped link's original is the rewriter's URL, not the target.
        if !url.isUnwrapped {
            require(URLNormalizer.normalize(url.original) == url.url, "original \(url.original) does not normalize to \(url.url)")
        }
        require(seen.insert(url.url).inserted, "duplicate URL \(url.url)")
    }
    for attachment in message.attachments {
        require(attachment.size >= 0, "negative attachment size \(attachment.size)")
        require(isSHA256Hex(attachment.sha256), "bad attachment sha256 \(attachment.sha256)")
    }
    for embedded in message.embeddedMessages {
        for attachment in embedded.attachments { require(attachment.size >= 0, "negative embedded attachment size") }
    }
}

// MARK: - Helpers

/// `precondition` prints nothing in -O builds; the fuzz build is optimised, so say what broke, then trap.
private func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}

private func isSHA256Hex(_ s: String) -> Bool {
    s.utf8.count == 64 && s.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzMailParser_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector) { fuzzOneInput($0, $1) }
}
