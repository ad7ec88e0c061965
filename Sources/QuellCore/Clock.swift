import Foundation

/// Injected time source; the core never reads the wall clock itself.
public struct Clock: Sendable {
    private let read: @Sendable () -> Date

    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    public func now() -> Date { read() }

    public static let system = Clock { Date() }
}
