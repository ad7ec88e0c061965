import Foundation
import QuellCore
import QuellEngine
import QuellMail

/// The HTTP application: routing, authentication and the v1 handlers. Synchronous by design: every
/// handler is a few SQLite calls, and the HTTP server's thread pool supplies the concurrency.
public struct Application: Sendable {
    public let service: AIRService

    public init(service: AIRService) { self.service = service }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        do {
            return try route(request)
        } catch {
            return Self.error(APIError.from(error))
        }
    }

    static func error(_ error: APIError) -> HTTPResponse {
        .jsonError(error.status, code: error.code, message: error.message)
    }

    static func json<T: Encodable>(_ status: Int, _ value: T) throws -> HTTPResponse {
        .json(status, Array(try encoder.encode(value)))
    }

    // MARK: - Routing

    private func route(_ request: HTTPRequest) throws -> HTTPResponse {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        let method = request.method.uppercased()
        if parts == ["health"] {
            guard method == "GET" || method == "HEAD" else { throw APIError.methodNotAllowed(method) }
            return try Self.json(200, ["status": "ok"])
        }
        guard parts.count >= 3, parts[0] == "api", parts[1] == "v1" else {
            throw APIError.notFound("no route for \(request.path)")
        }
        let principal = try authenticate(request)
        let tail = Array(parts.dropFirst(2))
        switch (method, tail.count, tail[0]) {
        case ("POST", 1, "messages"): return try postMessage(request, principal)
        case ("GET", 1, "messages"): return try searchMessages(request, principal)
        case ("POST", 1, "reports"): return try postReport(request, principal)
        case ("GET", 1, "investigations"): return try listInvestigations(request, principal)
        case ("GET", 2, "investigations"): return try investigationDetail(tail[1], principal)
        case ("GET", 1, "actions"): return try listActions(request, principal)
        case ("GET", 2, "actions"): return try actionDetail(tail[1], principal)
        case ("POST", 3, "actions") where tail[2] == "approve" || tail[2] == "reject":
            return try decide(request, principal, id: tail[1], decision: tail[2] == "approve" ? .approved : .rejected)
        case ("POST", 2, "actions") where tail[1] == "approve" || tail[1] == "reject":
            return try decideBulk(request, principal, decision: tail[1] == "approve" ? .approved : .rejected)
        case ("GET", 1, "alerts"): return try listAlerts(request, principal)
        case ("GET", 1, "audit"): return try listAudit(request, principal)
        case (_, 1, "messages"), (_, 1, "reports"), (_, 1, "investigations"), (_, 2, "investigations"),
             (_, 1, "actions"), (_, 1, "alerts"), (_, 1, "audit"):
            throw APIError.methodNotAllowed(method)
        default:
            throw APIError.notFound("no route for \(method) \(request.path)")
        }
    }

    private func authenticate(_ request: HTTPRequest) throws -> Principal {
        guard let header = request.header("authorization") else { throw APIError.unauthorized }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let principal = try service.authenticate(token: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else { throw APIError.unauthorized }
        return principal
    }

    private func require(_ principal: Principal, _ capability: Capability, _ what: String) throws {
        guard principal.can(capability) else {
            throw APIError.forbidden("role \(principal.role.rawValue) may not \(what)")
        }
    }

    // MARK: - Mail in

    private func requireMessageBody(_ request: HTTPRequest) throws {
        if let type = request.header("content-type")?.lowercased(),
           !(type.hasPrefix("message/rfc822") || type.hasPrefix("application/octet-stream") || type.hasPrefix("text/plain")) {
            throw APIError.unsupportedMediaType("send the raw message with Content-Type: message/rfc822 (got \(type))")
        }
        guard !request.body.isEmpty else { throw APIError.badRequest("the request body must be a raw RFC 5322 message", code: "empty_body") }
    }

    private func postMessage(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        try require(principal, .ingestMail, "ingest mail")
        let type = request.header("content-type")?.lowercased() ?? ""
        if type.hasPrefix("application/mbox") || type.hasPrefix("application/json") {
            return try postMessageBatch(request, principal, isJSON: type.hasPrefix("application/json"))
        }
        try requireMessageBody(request)
        let placement = MessagePlacement(mailbox: request.query["mailbox"] ?? "", folder: request.query["folder"] ?? "",
                                         locationKey: request.query["key"] ?? "")
        let result = try service.ingest(tenant: principal.tenantID, raw: request.body, placement: placement)
        struct Body: Encodable { let id: String; let isNew: Bool; let urlCount: Int }
        return try Self.json(result.isNew ? 201 : 200, Body(id: result.messageID.rawValue, isNew: result.isNew, urlCount: result.urlCount))
    }

    private struct BatchBody: Decodable {
        struct Item: Decodable {
            let raw: String
            let mailbox: String?
            let folder: String?
            let key: String?
        }
        let messages: [Item]
    }

    /// A batch: an mbox stream (`application/mbox`, all under `?mailbox=`), or JSON
    /// `{"messages": [{"raw": "<base64>", "mailbox": "...", "folder": "...", "key": "..."}]}`.
    private func postMessageBatch(_ request: HTTPRequest, _ principal: Principal, isJSON: Bool) throws -> HTTPResponse {
        var items: [(raw: [UInt8], placement: MessagePlacement)] = []
        if isJSON {
            guard let body = try? JSONDecoder().decode(BatchBody.self, from: Data(request.body)) else {
                throw APIError.badRequest("the body must be JSON like {\"messages\": [{\"raw\": \"<base64>\"}]}", code: "invalid_json")
            }
            for (index, item) in body.messages.enumerated() {
                guard let raw = Data(base64Encoded: item.raw, options: .ignoreUnknownCharacters) else {
                    throw APIError.badRequest("messages[\(index)].raw is not base64", code: "invalid_json")
                }
                items.append(([UInt8](raw), MessagePlacement(mailbox: item.mailbox ?? "", folder: item.folder ?? "", locationKey: item.key ?? "")))
            }
        } else {
            let mailbox = request.query["mailbox"] ?? ""
            for message in MboxReader(bytes: request.body, messageBytesMax: EngineLimits.messageBytesMax) {
                items.append((message.bytes, MessagePlacement(mailbox: mailbox)))
            }
        }
        guard !items.isEmpty else { throw APIError.badRequest("the batch holds no messages", code: "empty_batch") }
        guard items.count <= EngineLimits.apiBatchMessagesMax else {
            throw APIError(status: 413, code: "batch_too_large", message: "at most \(EngineLimits.apiBatchMessagesMax) messages per batch")
        }
        struct Outcome: Encodable {
            let index: Int
            let id: String?
            let isNew: Bool?
            let error: String?
        }
        let outcomes = try service.ingestMany(tenant: principal.tenantID, items)
        var results: [Outcome] = []
        var added = 0, known = 0, failed = 0
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case let .success(result):
                if result.isNew { added += 1 } else { known += 1 }
                results.append(Outcome(index: index, id: result.messageID.rawValue, isNew: result.isNew, error: nil))
            case let .failure(error):
                failed += 1
                results.append(Outcome(index: index, id: nil, isNew: nil, error: error.description))
            }
        }
        struct Body: Encodable { let added: Int; let known: Int; let failed: Int; let results: [Outcome] }
        return try Self.json(200, Body(added: added, known: known, failed: failed, results: results))
    }

    private func searchMessages(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        guard let query = request.query["q"]?.trimmingCharacters(in: .whitespaces), !query.isEmpty, query.utf8.count <= 1000 else {
            throw APIError.badRequest("?q=<full-text query> is required (SQLite FTS5 syntax: words, \"phrases\", OR, NOT, prefix*)",
                                      code: "missing_query")
        }
        let limit = try Self.int(request.query["limit"], "limit", default: 100, range: 1...EngineLimits.searchResultsMax)
        let found: [IndexedMessage]
        do {
            found = try service.store.read { try $0.searchMessages(principal.tenantID, query: query, limit: limit) }
        } catch let StoreError.invalidQuery(reason) {
            throw APIError.badRequest("cannot read the query: \(reason)", code: "invalid_query")
        }
        let items = found.map(MessageView.init)
        struct Body: Encodable { let messages: [MessageView]; let count: Int }
        return try Self.json(200, Body(messages: items, count: items.count))
    }

    private func postReport(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        try require(principal, .reportMessage, "report messages")
        try requireMessageBody(request)
        guard let reporter = request.query["reporter"], reporter.contains("@"), reporter.utf8.count <= 320 else {
            throw APIError.badRequest("?reporter=<address of the user who reports> is required", code: "missing_reporter")
        }
        let reportType = request.query["type"].flatMap { Submission.ReportType(rawValue: $0.capitalized) } ?? .phish
        let receipt = try service.report(tenant: principal.tenantID, raw: request.body, reporter: reporter,
                                         reportType: reportType,
                                         actor: .principal(principal, clientIP: request.remoteAddress))
        struct Body: Encodable { let alert: AlertView; let investigation: InvestigationView }
        return try Self.json(202, Body(alert: AlertView(receipt.alert), investigation: InvestigationView(receipt.investigation)))
    }

    // MARK: - Investigations

    private func listInvestigations(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        var query = InvestigationQuery()
        if let status = request.query["status"] {
            guard let parsed = InvestigationStatus(lenient: status) else {
                throw APIError.badRequest("unknown status \"\(status)\"; one of: \(InvestigationStatus.allCases.map(\.rawValue).joined(separator: ", "))", code: "invalid_filter")
            }
            query.status = parsed
        }
        query.investigationType = request.query["type"]
        query.createdFrom = try request.query["from"].map { try Self.date($0, "from") }
        query.createdTo = try request.query["to"].map { try Self.date($0, "to") }
        query.limit = try Self.int(request.query["limit"], "limit", default: 100, range: 1...1000)
        query.offset = try Self.int(request.query["offset"], "offset", default: 0, range: 0...Int(Int32.max))
        let items = try service.store.read { try $0.investigations(principal.tenantID, query: query) }.map(InvestigationView.init)
        if request.query["format"] == "csv" {
            var csv = "ID,Status,Investigation,Type,Creation Time,Last Changed Time,Threat count,Action count,Summary\r\n"
            let formatter = ISO8601DateFormatter()
            for i in items {
                csv += [i.id, i.status, i.name, i.type, formatter.string(from: i.createdAt), formatter.string(from: i.updatedAt),
                        String(i.threatCount), String(i.actionCount), i.summary].map(Self.csvField).joined(separator: ",") + "\r\n"
            }
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/csv; charset=utf-8"),
                                                       ("Content-Disposition", "attachment; filename=\"investigations.csv\"")],
                                body: Array(csv.utf8))
        }
        struct Body: Encodable { let investigations: [InvestigationView]; let count: Int }
        return try Self.json(200, Body(investigations: items, count: items.count))
    }

    private func investigationDetail(_ id: String, _ principal: Principal) throws -> HTTPResponse {
        let tenant = principal.tenantID
        let detail: InvestigationDetailView = try service.store.read { reader in
            guard let investigation = try reader.investigation(tenant, id: Investigation.ID(id)) else {
                throw APIError.notFound("investigation \(id) not found")
            }
            let actions = try reader.actions(tenant, query: ActionQuery(investigationID: investigation.id))
            return InvestigationDetailView(
                investigation: InvestigationView(investigation),
                alerts: try investigation.alertIDs.compactMap { try reader.alert(tenant, id: $0) }.map(AlertView.init),
                evidence: try reader.evidence(tenant, investigation: investigation.id).map(EvidenceView.init),
                clusters: try reader.clusters(tenant, investigation: investigation.id).map(ClusterView.init),
                log: try reader.log(tenant, investigation: investigation.id).map(LogView.init),
                actions: try actions.map { ActionDetailView(action: ActionView($0),
                                                            results: try reader.actionResults(tenant, action: $0.id).map(ActionResultView.init)) })
        }
        return try Self.json(200, detail)
    }

    // MARK: - Actions

    private func listActions(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        var query = ActionQuery()
        if let status = request.query["status"] {
            switch status.lowercased() {
            case "pending": query.awaitingDecision = true
            case "approved": query.decision = .approved
            case "rejected": query.decision = .rejected
            default:
                guard let parsed = ActionStatus.allCases.first(where: { $0.rawValue.lowercased() == status.lowercased() }) else {
                    throw APIError.badRequest("unknown action status \"\(status)\"", code: "invalid_filter")
                }
                query.status = parsed
            }
        }
        if let investigation = request.query["investigation"] { query.investigationID = Investigation.ID(investigation) }
        query.limit = try Self.int(request.query["limit"], "limit", default: 500, range: 1...5000)
        let items = try service.store.read { try $0.actions(principal.tenantID, query: query) }.map(ActionView.init)
        struct Body: Encodable { let actions: [ActionView]; let count: Int }
        return try Self.json(200, Body(actions: items, count: items.count))
    }

    private func actionDetail(_ id: String, _ principal: Principal) throws -> HTTPResponse {
        let tenant = principal.tenantID
        let detail: ActionDetailView = try service.store.read { reader in
            guard let action = try reader.action(tenant, id: RemediationAction.ID(id)) else {
                throw APIError.notFound("action \(id) not found")
            }
            return ActionDetailView(action: ActionView(action),
                                    results: try reader.actionResults(tenant, action: action.id).map(ActionResultView.init))
        }
        return try Self.json(200, detail)
    }

    private struct DecisionBody: Decodable {
        let comment: String?
        let ids: [String]?
    }

    private func decisionBody(_ request: HTTPRequest) throws -> DecisionBody {
        guard !request.body.isEmpty else { return DecisionBody(comment: nil, ids: nil) }
        do {
            let body = try JSONDecoder().decode(DecisionBody.self, from: Data(request.body))
            if let comment = body.comment, comment.utf8.count > 4000 {
                throw APIError.badRequest("comment is longer than 4000 bytes", code: "invalid_json")
            }
            return body
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest("the body must be JSON like {\"comment\": \"...\"}", code: "invalid_json")
        }
    }

    private func decide(_ request: HTTPRequest, _ principal: Principal, id: String, decision: ActionDecision) throws -> HTTPResponse {
        let body = try decisionBody(request)
        let action = try service.decide(tenant: principal.tenantID, actionID: RemediationAction.ID(id), decision: decision,
                                        by: principal, comment: body.comment, clientIP: request.remoteAddress)
        return try Self.json(200, ActionView(action))
    }

    private func decideBulk(_ request: HTTPRequest, _ principal: Principal, decision: ActionDecision) throws -> HTTPResponse {
        let body = try decisionBody(request)
        guard let ids = body.ids, !ids.isEmpty, ids.count <= 1000 else {
            throw APIError.badRequest("the body must be {\"ids\": [...]} with 1 to 1000 action ids", code: "invalid_json")
        }
        guard principal.can(.decideActions) else {
            throw APIError.forbidden(ActionDecisionError.notPermitted(role: principal.role, hasSearchAndPurge: principal.hasSearchAndPurge).description)
        }
        struct Outcome: Encodable { let id: String; let status: Int; let action: ActionView?; let error: String? }
        let outcomes = ids.map { id -> Outcome in
            do {
                let action = try service.decide(tenant: principal.tenantID, actionID: RemediationAction.ID(id), decision: decision,
                                                by: principal, comment: body.comment, clientIP: request.remoteAddress)
                return Outcome(id: id, status: 200, action: ActionView(action), error: nil)
            } catch {
                let apiError = APIError.from(error)
                return Outcome(id: id, status: apiError.status, action: nil, error: apiError.message)
            }
        }
        struct Body: Encodable { let results: [Outcome] }
        return try Self.json(200, Body(results: outcomes))
    }

    // MARK: - Alerts and audit

    private func listAlerts(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        let limit = try Self.int(request.query["limit"], "limit", default: 100, range: 1...1000)
        let items = try service.store.read { try $0.alerts(principal.tenantID, limit: limit) }.map(AlertView.init)
        struct Body: Encodable { let alerts: [AlertView]; let count: Int }
        return try Self.json(200, Body(alerts: items, count: items.count))
    }

    private func listAudit(_ request: HTTPRequest, _ principal: Principal) throws -> HTTPResponse {
        let after = Int64(try Self.int(request.query["after"], "after", default: 0, range: 0...Int.max))
        let limit = try Self.int(request.query["limit"], "limit", default: 500, range: 1...5000)
        let tenant = principal.tenantID
        let records = try service.store.read { try $0.auditRecords(tenant, afterSequence: after, limit: limit) }
        struct Body: Encodable { let records: [AuditView]; let next: Int64 }
        return try Self.json(200, Body(
            records: records.map { AuditView(sequence: $0.sequence, record: $0.record.activityJSON(organizationID: tenant.rawValue)) },
            next: records.last?.sequence ?? after))
    }

    // MARK: - Parameters

    static func int(_ text: String?, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let parsed = Int(text), range.contains(parsed) else {
            throw APIError.badRequest("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)", code: "invalid_parameter")
        }
        return parsed
    }

    static func date(_ text: String, _ name: String) throws -> Date {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date }
        throw APIError.badRequest("\(name) must be a date like 2026-12-04 or 2026-12-04T10:00:00Z", code: "invalid_parameter")
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
