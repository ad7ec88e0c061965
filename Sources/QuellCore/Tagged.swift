import Foundation

/// A distinct identifier type per domain entity, so an `Alert.ID` can never be passed where an
/// `Investigation.ID` is expected. `Tag` is a phantom type and is never stored.
public struct Tagged<Tag, RawValue: Hashable & Sendable & Codable>: Hashable, Sendable, Codable, RawRepresentable {
    public let rawValue: RawValue

    public init(rawValue: RawValue) { self.rawValue = rawValue }
    public init(_ rawValue: RawValue) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(RawValue.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension Tagged: CustomStringConvertible {
    public var description: String { "\(rawValue)" }
}

extension Tagged: Comparable where RawValue: Comparable {
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Source of new identifiers; injected so that the core stays deterministic under test.
public struct IDGenerator: Sendable {
    private let make: @Sendable () -> String

    public init(_ make: @escaping @Sendable () -> String) { self.make = make }

    public func next<Tag>(_: Tag.Type = Tag.self) -> Tagged<Tag, String> { Tagged(make()) }
    public func nextString() -> String { make() }

    /// Random lowercase UUIDs: the production generator.
    public static let random = IDGenerator { UUID().uuidString.lowercased() }
}

extension Tagged: ExpressibleByUnicodeScalarLiteral, ExpressibleByExtendedGraphemeClusterLiteral, ExpressibleByStringLiteral
where RawValue == String {
    public init(stringLiteral value: String) { self.rawValue = value }
}
