import QuellCore

/// What `quell serve --lmtp` listens on and where the mail goes.
public struct LMTPServerConfiguration: Sendable {
    /// IPv4 literal to bind to; "0.0.0.0" listens on all interfaces.
    public var host: String
    /// 0 picks a free port; read `LMTPServer.boundPort` after `start()`.
    public var port: UInt16
    /// Every accepted message is indexed in this tenant, once per recipient mailbox.
    public var tenant: Tenant.ID
    /// Name announced in the greeting and the LHLO/EHLO reply.
    public var hostname: String
    public var messageBytesMax: Int = LMTPLimits.messageBytesMax
    public var recipientsPerMessageMax: Int = LMTPLimits.recipientsPerMessageMax
    public var commandLineBytesMax: Int = LMTPLimits.commandLineBytesMax
    public var dataLineBytesMax: Int = LMTPLimits.dataLineBytesMax
    public var commandsPerConnectionMax: Int = LMTPLimits.commandsPerConnectionMax
    public var connectionsConcurrentMax: Int = LMTPLimits.connectionsConcurrentMax
    public var idleTimeoutSeconds: Int = LMTPLimits.idleTimeoutSeconds

    public init(host: String, port: UInt16, tenant: Tenant.ID, hostname: String = "quell") {
        self.host = host
        self.port = port
        self.tenant = tenant
        self.hostname = hostname
    }
}
