import Foundation
import QuellCore

/// JSON text columns for small lists and maps. Sorted keys keep stored bytes stable.
enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("column \(column): \(error)")
        }
    }

    /// `["a","b"]` without going through JSONEncoder, for the hot ingest path.
    static func encodeStrings(_ values: [String]) -> String { JSONText.array(values) }
}
