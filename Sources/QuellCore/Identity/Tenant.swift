/// An organisation whose mail Quell protects. Every stored row carries its tenant id.
public struct Tenant: Hashable, Sendable, Codable {
    public typealias ID = Tagged<Tenant, String>

    public let id: ID
    public var name: String

    public init(id: ID, name: String) {
        self.id = id
        self.name = name
    }

    /// Tenant ids appear in URLs, file names and tokens: keep them to a safe alphabet.
    public static func isValidID(_ raw: String) -> Bool {
        guard (1...64).contains(raw.utf8.count) else { return false }
        return raw.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
        }
    }
}
