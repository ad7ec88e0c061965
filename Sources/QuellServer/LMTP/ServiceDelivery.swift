import QuellCore
import QuellEngine
import QuellMail

/// Indexes received mail in one tenant: parsed and hashed once, then one copy per recipient mailbox, all
/// in one transaction (`AIRService.ingestCopies`, idempotent by mailbox and content hash like `ingest`).
public struct ServiceDelivery: LMTPDelivery {
    let service: AIRService
    let tenant: Tenant.ID
    let log: @Sendable (String) -> Void

    public init(service: AIRService, tenant: Tenant.ID, log: @escaping @Sendable (String) -> Void) {
        self.service = service
        self.tenant = tenant
        self.log = log
    }

    public func deliver(_ envelope: LMTPEnvelope) -> [LMTPDeliveryOutcome] {
        let all = { (outcome: LMTPDeliveryOutcome) in Array(repeating: outcome, count: envelope.recipients.count) }
        let parsed: ParsedMessage
        do {
            parsed = try AIRService.parse(envelope.message)
        } catch let EngineError.invalidMessage(error) {
            return all(error.isSizeLimit ? .tooLarge("\(error)") : .invalidMessage("\(error)"))
        } catch {
            return all(.invalidMessage("\(error)"))
        }
        do {
            _ = try service.ingestCopies(tenant: tenant, parsed, placements: envelope.recipients.map { MessagePlacement(mailbox: $0) })
            return all(.accepted)
        } catch {
            // Storage trouble or a tenant deleted while serving: the MTA keeps the mail and retries.
            log("lmtp: could not index a message for \(envelope.recipients.count) recipient(s): \(error)")
            return all(.temporaryFailure("could not store the message"))
        }
    }
}
