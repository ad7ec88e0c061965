import Foundation
import Testing
@testable import QuellMail

/// Parses every `Fixtures/<name>.eml` and compares the extraction with `Fixtures/<name>.json`.
/// `QUELL_UPDATE_GOLDEN=1 swift test --filter GoldenTests` rewrites the JSON files in the
/// source tree; review each changed file by hand before committing it.
@Suite struct GoldenTests {
    static let sourceFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let isUpdating = ProcessInfo.processInfo.environment["QUELL_UPDATE_GOLDEN"] == "1"

    static var names: [String] {
        let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return files.filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()
    }

    @Test(arguments: names)
    func matchesGolden(name: String) throws {
        let message = try Fixture.parse(name + ".eml")
        let actual = try GoldenSnapshot(message).encoded()
        if Self.isUpdating {
            try actual.write(to: Self.sourceFixtures.appendingPathComponent(name + ".json"))
            return
        }
        let expectedData = try Fixture.data(name + ".json")
        let expected = try JSONDecoder().decode(GoldenSnapshot.self, from: expectedData)
        let decodedActual = try JSONDecoder().decode(GoldenSnapshot.self, from: actual)
        #expect(decodedActual == expected, "\(name).eml differs from \(name).json:\n\(String(decoding: actual, as: UTF8.self))")
    }
}
