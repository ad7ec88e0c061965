import Foundation
import QuellMail

// Throughput check for the parser: parses every *.eml / *.mbox file under the given
// directories from memory, best of `--rounds` rounds (default 3).
// Usage: QuellMailBench [--rounds N] [--threads N] [--types] [--dump FILE] DIR...

var directories: [String] = []
var rounds = 3
var threads = 1
var listTypes = false
var dumpPath: String?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let a = arguments.next() {
    switch a {
    case "--rounds": rounds = Int(arguments.next() ?? "") ?? rounds
    case "--threads": threads = Int(arguments.next() ?? "") ?? threads
    case "--types": listTypes = true
    case "--dump": dumpPath = arguments.next()
    default: directories.append(a)
    }
}
if directories.isEmpty { directories = [ProcessInfo.processInfo.environment["QUELL_CORPUS"] ?? "../shared/corpus"] }

var messages: [[UInt8]] = []
for root in directories {
    guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
    var paths: [String] = []
    while let p = walker.nextObject() as? String {
        if p.hasSuffix(".eml") || p.hasSuffix(".mbox") { paths.append(p) }
    }
    for p in paths.sorted() {
        if let d = FileManager.default.contents(atPath: root + "/" + p) { messages.append([UInt8](d)) }
    }
}
let totalBytes = messages.reduce(0) { $0 + $1.count }
print("messages: \(messages.count), bytes: \(totalBytes)")
if listTypes {
    // Declared -> detected attachment types, for checking detection changes.
    var seen: [String: Int] = [:]
    for m in messages {
        guard let p = try? MailParser.parse(m) else { continue }
        for a in p.attachments { seen["\(a.contentType) -> \(a.detectedType ?? "nil") [\(a.archiveMembers.count)]", default: 0] += 1 }
    }
    for (k, v) in seen.sorted(by: { $0.key < $1.key }) { print("\(v)\t\(k)") }
}

if let dumpPath {
    // Everything each message parses to (or its error), for checking that a change keeps results.
    var out = ""
    for m in messages {
        do { dump(try MailParser.parse(m), to: &out) } catch { print("error: \(error)", to: &out) }
    }
    _ = FileManager.default.createFile(atPath: dumpPath, contents: Array(out.utf8).withUnsafeBufferPointer { Data($0) })
    print("dumped to \(dumpPath)")
}

final class Counter: @unchecked Sendable {
    // Written by one thread per slot before the join; read after it.
    var errors = [Int](repeating: 0, count: 64)
    var urls = [Int](repeating: 0, count: 64)
}

var best = Double.infinity
for round in 1...max(1, rounds) {
    let counter = Counter()
    let start = DispatchTime.now().uptimeNanoseconds
    let corpus = messages
    let width = max(1, threads)
    DispatchQueue.concurrentPerform(iterations: width) { t in
        var errors = 0
        var urls = 0
        var i = t
        while i < corpus.count {
            do { urls += try MailParser.parse(corpus[i]).urls.count } catch { errors += 1 }
            i += width
        }
        counter.errors[t] = errors
        counter.urls[t] = urls
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    best = min(best, seconds)
    print(String(format: "round %d: %.3f s, %d rejected, %d URLs", round, seconds,
                 counter.errors.reduce(0, +), counter.urls.reduce(0, +)))
}
print(String(format: "best: %.3f s = %.0f messages/s, %.1f MB/s", best,
             Double(messages.count) / best, Double(totalBytes) / best / 1e6))
