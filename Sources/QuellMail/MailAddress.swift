/// One mailbox. `address` is `local@domain` with the domain lowercased and the local
/// part kept as written (it is case-sensitive in principle).
public struct MailAddress: Sendable, Hashable, Codable {
    public let displayName: String?
    public let address: String

    public init(displayName: String?, address: String) {
        let name = displayName.map(ByteScanning.trimmedString)
        self.displayName = (name?.isEmpty ?? true) ? nil : name
        self.address = Self.normalize(address)
    }

    public var domain: String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let d = address[address.index(after: at)...]
        return d.isEmpty ? nil : String(d)
    }

    static func normalize(_ raw: String) -> String {
        var a = ByteScanning.trimmedString(raw)
        if a.hasPrefix("<") { a.removeFirst() }
        if a.hasSuffix(">") { a.removeLast() }
        a = ByteScanning.trimmedString(a)
        if a.count > 7, ByteScanning.equalsIgnoringCase(String(a.prefix(7)), "mailto:") { a = String(a.dropFirst(7)) }
        guard let at = a.lastIndex(of: "@") else { return a }
        return String(a[..<at]) + "@" + ByteScanning.asciiLowercased(String(a[a.index(after: at)...]))
    }
}
