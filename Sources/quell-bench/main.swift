import Foundation
import QuellMail

// The Quell side of `make bench` (Benchmarks/bench.py runs it and the baselines, and prints the table).
//
//   quell-bench parse --list FILE [--rounds N] [--message-hash]
//
// --message-hash also takes the SHA-256 of every whole message (ParsedMessage.sha256, computed on use),
// as ingest does to key copies; the baselines do not, so the headline figure leaves it out.
// Reads every path listed in FILE (one per line) into memory, parses each message once to warm up, then runs
// N timed passes over all of them on one thread and prints one JSON object: the best pass and what was
// extracted, so the driver can check that every tool did comparable work.

enum BenchLimits {
    static let roundsMax = 100
    static let filesMax = 1_000_000
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("quell-bench: \(message)\n".utf8))
    exit(2)
}

struct PassTotals {
    var parsed = 0
    var failed = 0
    var urls = 0
    var attachments = 0
    var attachmentBytes = 0
    var headerFields = 0
    var messageHashes = 0
}

func runPass(_ messages: [[UInt8]], messageHash: Bool) -> PassTotals {
    var totals = PassTotals()
    for bytes in messages {
        do {
            let message = try MailParser.parse(bytes)
            totals.parsed += 1
            totals.urls += message.urls.count
            totals.attachments += message.attachments.count
            totals.attachmentBytes += message.attachments.reduce(0) { $0 + $1.size }
            totals.headerFields += message.headers.fields.count
            if messageHash, message.sha256.utf8.count == 64 { totals.messageHashes += 1 }
        } catch {
            totals.failed += 1
        }
    }
    return totals
}

func parseCommand(_ arguments: [String]) {
    var listPath: String?
    var rounds = 5
    var messageHash = false
    var index = 0
    while index < arguments.count {
        switch arguments[index] {
        case "--list":
            index += 1
            guard index < arguments.count else { fail("--list needs a file") }
            listPath = arguments[index]
        case "--rounds":
            index += 1
            guard index < arguments.count, let value = Int(arguments[index]), (1...BenchLimits.roundsMax).contains(value) else {
                fail("--rounds needs 1-\(BenchLimits.roundsMax)")
            }
            rounds = value
        case "--message-hash":
            messageHash = true
        default:
            fail("unknown argument \(arguments[index])")
        }
        index += 1
    }
    guard let listPath, let list = try? String(contentsOfFile: listPath, encoding: .utf8) else { fail("--list FILE is required") }
    let paths = list.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    guard !paths.isEmpty, paths.count <= BenchLimits.filesMax else { fail("the list must name 1-\(BenchLimits.filesMax) files") }
    let messages: [[UInt8]] = paths.map { path in
        guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
        return [UInt8](data)
    }
    let totalBytes = messages.reduce(0) { $0 + $1.count }

    let warm = runPass(messages, messageHash: messageHash)
    var bestSeconds = Double.infinity
    var roundSeconds: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        let totals = runPass(messages, messageHash: messageHash)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        precondition(totals.urls == warm.urls, "the parser is deterministic")
        roundSeconds.append(seconds)
        bestSeconds = min(bestSeconds, seconds)
    }
    let result: [String: Any] = [
        "tool": messageHash ? "quell+hash" : "quell", "message_hashes": warm.messageHashes, "messages": messages.count, "bytes": totalBytes, "rounds": rounds,
        "best_seconds": bestSeconds, "round_seconds": roundSeconds,
        "parsed": warm.parsed, "failed": warm.failed, "urls": warm.urls, "attachments": warm.attachments,
        "attachment_bytes": warm.attachmentBytes, "header_fields": warm.headerFields,
    ]
    guard let json = try? JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]) else { fail("JSON encoding") }
    print(String(decoding: json, as: UTF8.self))
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "parse":
    parseCommand(Array(arguments.dropFirst()))
default:
    fail("usage: quell-bench parse --list FILE [--rounds N] [--message-hash]")
}
