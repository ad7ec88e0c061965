public enum Severity: String, Sendable, Codable, CaseIterable, Hashable {
    case informational = "Informational"
    case low = "Low"
    case medium = "Medium"
    case high = "High"
}
