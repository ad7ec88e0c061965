/// One message received over LMTP/SMTP, ready to index: the envelope and the unstuffed content.
public struct LMTPEnvelope: Sendable, Hashable {
    /// Reverse path; "" for the null sender (`MAIL FROM:<>`).
    public let sender: String
    /// Forward paths, lowercased, in RCPT order; each is the mailbox the copy is indexed under.
    public let recipients: [String]
    public let message: [UInt8]
}

/// What happened to one recipient's copy; the session turns it into that recipient's reply.
public enum LMTPDeliveryOutcome: Sendable, Hashable {
    case accepted
    /// Not parseable mail: permanent, so the MTA bounces or logs it instead of retrying.
    case invalidMessage(String)
    case tooLarge(String)
    /// Storage or configuration trouble: the MTA should retry later.
    case temporaryFailure(String)
}

/// Indexes received mail. The live conformance is `ServiceDelivery`; tests may pass their own.
public protocol LMTPDelivery: Sendable {
    /// Returns exactly one outcome per recipient, in order.
    func deliver(_ envelope: LMTPEnvelope) -> [LMTPDeliveryOutcome]
}
