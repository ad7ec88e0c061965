import QuellEngine

/// Named bounds of the LMTP/SMTP receiver. `LMTPServerConfiguration` starts from these; tests and
/// `quell serve --lmtp-max-bytes` may lower the message size.
public enum LMTPLimits {
    /// Same bound as the engine's: a larger message could never be indexed.
    public static let messageBytesMax = EngineLimits.messageBytesMax
    /// RFC 5321 §4.5.3.1.4 allows 512 bytes per command line, but extension parameters (SIZE=, BODY=)
    /// and long addresses push real ones past it; 2 KiB is generous without letting a client hold much.
    public static let commandLineBytesMax = 2048
    /// RFC 5321 §4.5.3.1.6 caps text lines at 1000 bytes, yet real mail (unwrapped HTML) breaks it.
    /// Longer lines are tolerated up to this bound; beyond it the message is refused with 554 5.6.0.
    public static let dataLineBytesMax = 1024 * 1024
    /// RFC 5321 §4.5.3.1.8 requires accepting at least 100.
    public static let recipientsPerMessageMax = 100
    /// RFC 5321 §4.5.3.1.3: a reverse or forward path is at most 256 bytes.
    public static let addressBytesMax = 256
    /// A connection is closed with 421 after this many commands; the MTA simply reconnects.
    public static let commandsPerConnectionMax = 10_000
    /// RFC 5321 §4.5.3.2.7 suggests 5 minutes for the server's timeout.
    public static let idleTimeoutSeconds = 300
    /// Connections served at once (one thread each); extra ones get 421 and are closed.
    public static let connectionsConcurrentMax = 64
    /// Bytes read from a socket per `recv`.
    public static let readChunkBytes = 64 * 1024
    /// On shutdown, how long in-flight deliveries may take before `stop()` returns anyway.
    public static let shutdownGraceSeconds = 30
    /// Engine detail quoted in a reply line (the rest is cut).
    public static let replyDetailBytesMax = 200
}
