/// Entity and evidence verdicts (spec §2.8, M365 vocabulary).
public enum Verdict: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case noThreatsFound = "No threats found"
    case unknown = "Unknown"
    case suspicious = "Suspicious"
    case malicious = "Malicious"

    private var rank: Int {
        switch self {
        case .noThreatsFound: 0
        case .unknown: 1
        case .suspicious: 2
        case .malicious: 3
        }
    }

    public static func < (lhs: Verdict, rhs: Verdict) -> Bool { lhs.rank < rhs.rank }
}
