public struct HTTPServerConfiguration: Sendable {
    /// IPv4 literal to bind to; "0.0.0.0" listens on all interfaces.
    public var host: String = "127.0.0.1"
    /// 0 picks a free port; read `HTTPServer.boundPort` after `start()`.
    public var port: UInt16 = 8080
    /// Worker threads. Handlers run on these threads and may block, so this bounds concurrent handlers.
    public var threadCount: Int = 2
    /// Larger request bodies get 413 with a JSON error; the excess is never buffered.
    public var bodyBytesMax: Int = 64 * 1024 * 1024
    public var connectionLimit: Int = 10_000
    /// Idle connections are closed after this many seconds; 0 disables the timeout.
    public var connectionTimeoutSeconds: Int = 60
    /// Receives libmicrohttpd diagnostics (malformed requests, socket errors, connection limit reached).
    /// nil drops them; they are still used for the `startFailed` reason.
    public var errorLogger: (@Sendable (String) -> Void)? = nil

    public init(
        host: String = "127.0.0.1",
        port: UInt16 = 8080,
        threadCount: Int = 2,
        bodyBytesMax: Int = 64 * 1024 * 1024,
        connectionLimit: Int = 10_000,
        connectionTimeoutSeconds: Int = 60,
        errorLogger: (@Sendable (String) -> Void)? = nil
    ) {
        self.host = host
        self.port = port
        self.threadCount = threadCount
        self.bodyBytesMax = bodyBytesMax
        self.connectionLimit = connectionLimit
        self.connectionTimeoutSeconds = connectionTimeoutSeconds
        self.errorLogger = errorLogger
    }
}
