import Foundation
import QuellMail

enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        guard let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return [UInt8](try Data(contentsOf: dir.appendingPathComponent(name)))
    }

    static func data(_ name: String) throws -> Data {
        Data(try bytes(name))
    }

    static func parse(_ name: String) throws -> ParsedMessage {
        try MailParser.parse(bytes(name))
    }
}
