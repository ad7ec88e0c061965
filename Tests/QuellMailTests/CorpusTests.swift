import Foundation
import Testing
@testable import QuellMail

/// Runs over the shared development corpus when it is present (not in CI). Some
/// samples carry live malware: the test only reads and parses bytes.
@Suite struct CorpusTests {
    /// `QUELL_CORPUS`, or `../shared/corpus` next to the repository.
    static let root = ProcessInfo.processInfo.environment["QUELL_CORPUS"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus").path

    @Test func corpusParsesAndPhishYieldsURLs() throws {
        guard FileManager.default.fileExists(atPath: Self.root) else {
            print("SKIPPED corpusParsesAndPhishYieldsURLs: \(Self.root) does not exist")
            return
        }
        var parsed = 0
        var failed: [String] = []
        var phishTotal = 0
        var phishWithURLs = 0
        var urlCount = 0
        for set in ["phish", "ham", "spam", "malformed"] {
            let dir = Self.root + "/" + set
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for name in names.sorted() {
                guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { continue }
                do {
                    let m = try MailParser.parse(data)
                    parsed += 1
                    urlCount += m.urls.count
                    #expect(m.sizeBytes == data.count)
                    #expect(m.sha256.utf8.count == 64)
                    if set == "phish" {
                        phishTotal += 1
                        if !m.urls.isEmpty { phishWithURLs += 1 }
                    }
                    if set != "malformed" {
                        #expect(!m.headers.isEmpty, "\(set)/\(name) has no headers")
                    }
                } catch {
                    failed.append("\(set)/\(name): \(error)")
                }
            }
        }
        print("corpus: parsed \(parsed), rejected \(failed.count), phish with URLs \(phishWithURLs)/\(phishTotal), URLs \(urlCount)")
        for f in failed { print("  rejected \(f)") }
        #expect(parsed >= 380)
        #expect(failed.isEmpty)
        // About a fifth of the phish set are PDF or text lures without any link.
        #expect(phishTotal == 150)
        #expect(phishWithURLs * 100 >= phishTotal * 75)
    }
}
