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

    /// The fields named by each of `names`, in order, from one pass over the header (a lookup per
    /// name would read every field once per name). Names compare case-insensitively.
    public func grouped(_ names: [String]) -> [[HeaderField]] {
        let lengths = names.map(\.utf8.count)
        var out = [[HeaderField]](repeating: [], count: names.count)
        for field in fields {
            let n = field.name.utf8.count
            for k in names.indices where lengths[k] == n && field.hasName(names[k]) {
                out[k].append(field)
                break
            }
        }
        return out
    }

    /// Raw value of the first field named `name`.
    public subscript(_ name: String) -> String? { first(name)?.rawValue }

    public func contains(_ name: String) -> Bool { first(name) != nil }
}
