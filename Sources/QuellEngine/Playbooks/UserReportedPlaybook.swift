import Foundation
import QuellCore
import QuellMail

/// What a playbook run concluded; written in one transaction at the end so that a crash mid-run
/// leaves nothing half-written and the re-run starts clean.
struct PlaybookFindings {
    var log: [InvestigationLogEntry] = []
    var evidence: [Evidence] = []
    var clusters: [MailCluster] = []
    var actions: [RemediationAction] = []
    var threats: [ThreatType] = []
    var summary = ""
    var failed = false
}

/// Spec §2.3: root investigation of the reported message (indicator extraction, URL reputation),
/// hunting for the same indicators across the tenant (indicator clusters), then recommended actions.
struct UserReportedPlaybook {
    let service: AIRService

    func run(_ investigation: Investigation, submission: Submission, reader: any StoreReader) throws -> PlaybookFindings {
        var findings = PlaybookFindings()
        let clock = service.clock
        let tenant = investigation.tenantID
        let id = investigation.id

        func step<T>(_ analyzer: Analyzer, _ body: () throws -> (T, String)) rethrows -> T {
            let started = clock.now()
            do {
                let (value, detail) = try body()
                findings.log.append(InvestigationLogEntry(investigationID: id, step: analyzer.rawValue, startedAt: started,
                                                          endedAt: clock.now(), outcome: .completed, detail: detail))
                return value
            } catch {
                findings.log.append(InvestigationLogEntry(investigationID: id, step: analyzer.rawValue, startedAt: started,
                                                          endedAt: clock.now(), outcome: .failed, detail: "\(error)"))
                throw error
            }
        }

        // 1. Indicators of the reported message.
        let parsed: ParsedMessage
        do {
            parsed = try step(.userReportedEmailsIndicatorsExtraction) {
                let parsed = try AIRService.parse(submission.raw)
                return (parsed, "\(Self.count(parsed.urls.count, "URL")), \(Self.count(parsed.attachments.count, "attachment")), sender \(parsed.from.first?.address ?? "unknown")")
            }
        } catch {
            findings.failed = true
            findings.summary = "The reported message could not be read"
            return findings
        }
        let now = clock.now()
        let urls = Array(parsed.urls.map(\.url).prefix(EngineLimits.urlsPerInvestigationMax))
        findings.evidence.append(Evidence(
            investigationID: id, kind: .submission, value: submission.id.rawValue, verdict: .unknown,
            details: ["reporter": submission.reporter, "reportType": submission.reportType.rawValue,
                      "subject": parsed.subject ?? "", "sender": parsed.from.first?.address ?? ""],
            firstSeen: now))

        // 2. URL reputation against the tenant's intel: the URL itself, or its host.
        let matches = try step(.urlReputation) { () -> ([String: IntelIndicator], String) in
            let hosts = urls.compactMap(Self.host).flatMap(Self.parentDomains)
            let indicators = try reader.intel(tenant, matchingAny: urls + hosts)
            var byURL: [String: IntelIndicator] = [:]
            for url in urls {
                if let hit = indicators.first(where: { $0.kind == .url && $0.value == url })
                    ?? indicators.first(where: { $0.kind == .domain && Self.host(url).map(Self.domainMatches($0.value)) == true }) {
                    byURL[url] = hit
                }
            }
            return (byURL, "\(Self.count(urls.count, "URL")) checked, \(byURL.count) known malicious")
        }
        for url in urls {
            if let hit = matches[url] {
                findings.evidence.append(Evidence(
                    investigationID: id, kind: .url, value: url, verdict: hit.verdict,
                    reasons: ["\(hit.kind == .url ? "URL" : "Domain \(hit.value)") listed in tenant intel (source: \(hit.source))"],
                    threats: [.maliciousURL], firstSeen: now))
            } else {
                findings.evidence.append(Evidence(investigationID: id, kind: .url, value: url, verdict: .noThreatsFound,
                                                  reasons: ["not listed in tenant intel"], firstSeen: now))
            }
        }

        // 3. Hunting: every indexed copy carrying a malicious URL forms an indicator cluster.
        let maliciousURLs = urls.filter { matches[$0] != nil }
        let clusters = try step(.mailClusterIdentification) { () -> ([MailCluster], String) in
            var clusters: [MailCluster] = []
            for url in maliciousURLs {
                let members = try reader.messages(tenant, carryingURL: url, limit: EngineLimits.clusterMessagesMax)
                clusters.append(MailCluster(
                    id: service.ids.next(), tenantID: tenant, investigationID: id, kind: .indicator, source: "Url",
                    indicator: url, query: "Url == \"\(url)\"", queryTime: clock.now(), messageIDs: members.map(\.id),
                    verdict: .malicious, threats: [.maliciousURL]))
            }
            let total = Set(clusters.flatMap(\.messageIDs)).count
            return (clusters, "\(Self.count(clusters.count, "indicator cluster")), \(Self.count(total, "message"))")
        }
        findings.clusters = clusters
        for cluster in clusters {
            findings.evidence.append(Evidence(
                investigationID: id, kind: .mailCluster, value: cluster.id.rawValue, verdict: cluster.verdict,
                reasons: ["every message carries \(cluster.indicator), which is malicious"], threats: cluster.threats,
                details: ["query": cluster.query, "mailCount": String(cluster.mailCount)], firstSeen: now))
        }
        let members = try reader.messages(tenant, ids: Array(Set(clusters.flatMap(\.messageIDs))).sorted())
        for message in members {
            let carried = message.urls.filter { matches[$0] != nil }
            findings.evidence.append(Evidence(
                investigationID: id, kind: .mailMessage, value: message.id.rawValue, verdict: .malicious,
                reasons: carried.map { "carries malicious URL \($0)" }, threats: [.maliciousURL],
                details: ["mailbox": message.mailbox, "subject": message.subject ?? "", "sender": message.sender ?? ""],
                firstSeen: now))
        }

        // 4. Verdict and recommended actions (threat → action table, spec §4.1).
        if !maliciousURLs.isEmpty { findings.threats = [.maliciousURL] }
        for cluster in clusters where !cluster.messageIDs.isEmpty {
            for type in ThreatType.maliciousURL.recommendedActions {
                findings.actions.append(RemediationAction(
                    id: service.ids.next(), tenantID: tenant, investigationID: id, type: type, clusterID: cluster.id,
                    target: cluster.query, threats: cluster.threats, createdAt: clock.now()))
            }
        }
        let messageCount = Set(clusters.flatMap(\.messageIDs)).count
        findings.summary = maliciousURLs.isEmpty
            ? "No threats found in \(Self.count(urls.count, "URL"))"
            : "\(Self.count(maliciousURLs.count, "malicious URL")), \(Self.count(messageCount, "message")) in \(Self.count(clusters.count, "cluster"))"
        return findings
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func host(_ url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPort = authority.split(separator: "@").last.map(String.init) ?? ""
        let host = hostPort.hasPrefix("[") ? hostPort : String(hostPort.split(separator: ":").first ?? "")
        return host.isEmpty ? nil : host.lowercased()
    }

    /// `a.b.example` → `a.b.example`, `b.example` (never a bare top-level label).
    static func parentDomains(_ host: String) -> [String] {
        let labels = host.split(separator: ".")
        guard labels.count > 1 else { return [host] }
        return (0..<(labels.count - 1)).map { labels[$0...].joined(separator: ".") }
    }

    /// `evil.example` matches the host `evil.example` and any subdomain of it.
    static func domainMatches(_ domain: String) -> (String) -> Bool {
        { host in host == domain || host.hasSuffix("." + domain) }
    }
}
