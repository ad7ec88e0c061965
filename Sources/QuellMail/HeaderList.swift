/// Header fields in their original order; duplicates are kept.
public struct HeaderList: Sendable, Hashable {
    public let fields: [HeaderField]

    public init(_ fields: [HeaderField] = []) {
        self.fields = fields
    }

    public var count: Int { fields.count }
    public var isEmpty: Bool { fields.isEmpty }

    /// First field named `name`, compared case-insensitively.
    public func first(_ name: String) -> HeaderField? {
        fields.first { $0.hasName(name) }
    }

    /// All fields named `name`, in order, compared case-insensitively.
    public func all(_ name: String) -> [HeaderField] {
        fields.filter { $0.hasName(name) }
    }

    /// Raw value of the first field named `name`.
    public subscript(_ name: String) -> String? { first(name)?.rawValue }

    public func contains(_ name: String) -> Bool { first(name) != nil }
}
