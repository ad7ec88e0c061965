/// The analyzer catalogue of the playbook Log tab (spec §2.2). Names are exact.
public enum Analyzer: String, Sendable, Codable, CaseIterable, Hashable {
    case dlpViolations = "DLP violations investigation"
    case emailIndicatorsExtraction = "Email indicators extraction"
    case fileHashReputation = "File Hash Reputation"
    case mailClusterIdentification = "Mail cluster identification"
    case mailClusterVolumeAnalysis = "Mail cluster volume analysis"
    case mailDelegation = "Mail delegation investigation"
    case mailForwardingRules = "Mail forwarding rules investigation"
    case missedMalwareDetected = "Missed malware detected"
    case onDemandDetonation = "On-demand detonation"
    case outboundMailAnomaly = "Outbound mail anomaly investigation"
    case outboundMalwareAndSpamAnomaly = "Outbound malware and spam anomaly investigation"
    case senderDomain = "Sender domain investigation"
    case senderIP = "Sender IP investigation"
    case urlClicks = "URL clicks investigation"
    case urlReputation = "URL reputation investigation"
    case userActivity = "User activity investigation"
    case userReportedEmailsIndicatorsExtraction = "User-reported emails indicators extraction"
}

/// Outcome of one analyzer run, one Log row each.
public enum AnalyzerOutcome: String, Sendable, Codable, CaseIterable, Hashable {
    case completed = "Completed"
    case failed = "Failed"
    case skipped = "Skipped"
}
