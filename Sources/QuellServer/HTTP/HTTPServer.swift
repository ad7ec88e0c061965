import CMicroHTTPD
import Glibc
import Synchronization

/// An HTTP/1.1 server on libmicrohttpd. Handlers are synchronous and run on MHD's worker threads
/// (`threadCount` of them, each with its own epoll loop), so a blocking handler occupies one worker.
/// Do not call `stop()` from inside a handler: it waits for the workers, including the calling one.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    private let context: HTTPServerContext
    private let daemon = Mutex<Daemon?>(nil)

    private struct Daemon {
        let handle: OpaquePointer
        let port: UInt16
    }

    public init(configuration: HTTPServerConfiguration, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.configuration = configuration
        self.context = HTTPServerContext(
            handler: handler,
            bodyBytesMax: max(0, configuration.bodyBytesMax),
            errorLogger: configuration.errorLogger
        )
    }

    deinit {
        stop()
    }

    /// The port actually bound (useful with port 0), or 0 when the server is not running.
    public var boundPort: UInt16 {
        daemon.withLock { $0?.port ?? 0 }
    }

    public var isRunning: Bool {
        daemon.withLock { $0 != nil }
    }

    /// Binds and starts serving. Calling it on a running server does nothing.
    public func start() throws {
        try daemon.withLock { (running: inout Daemon?) throws(HTTPServerError) in
            guard running == nil else { return }
            let config = configuration
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = config.port.bigEndian
            guard inet_pton(AF_INET, config.host, &address.sin_addr) == 1 else {
                throw .startFailed(host: config.host, port: config.port, reason: "host must be an IPv4 address literal")
            }
            // Linux MHD sends with MSG_NOSIGNAL; only change the process-wide disposition if this build cannot.
            if MHD_is_feature_supported(.FEATURE_AUTOSUPPRESS_SIGPIPE) != .YES {
                signal(SIGPIPE, SIG_IGN)
            }

            context.startMessages.withLock { $0 = [] }
            let contextPointer = Unmanaged.passRetained(context).toOpaque()
            let handle = withUnsafePointer(to: &address) { addressPointer in
                addressPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                    var options = cmhd_daemon_options(
                        flags: MHD_USE_EPOLL_INTERNAL_THREAD.rawValue | MHD_USE_ERROR_LOG.rawValue,
                        bind_address: socketAddress,
                        thread_pool_size: UInt32(clamping: max(1, config.threadCount)),
                        connection_limit: UInt32(clamping: max(1, config.connectionLimit)),
                        connection_timeout: UInt32(clamping: max(0, config.connectionTimeoutSeconds)),
                        access_handler: MHDCallbacks.accessHandler,
                        access_cls: contextPointer,
                        completed: MHDCallbacks.requestCompleted,
                        completed_cls: nil,
                        logger: MHDCallbacks.logger,
                        logger_cls: contextPointer
                    )
                    return cmhd_start_daemon(&options)
                }
            }
            let messages = context.startMessages.withLock { messages in
                defer { messages = nil }
                return messages ?? []
            }
            guard let handle else {
                Unmanaged<HTTPServerContext>.fromOpaque(contextPointer).release()
                // NB: MHD names the port it was given, which is 0 when the address comes through
                // MHD_OPTION_SOCK_ADDR; drop that clause so the message names only the real one.
                let reason = messages.isEmpty ? "libmicrohttpd could not start the daemon"
                    : messages.map { $0.replacingOccurrences(of: "Failed to bind to port 0: ", with: "") }.joined(separator: "; ")
                throw .startFailed(host: config.host, port: config.port, reason: reason)
            }
            running = Daemon(handle: handle, port: cmhd_daemon_bind_port(handle))
        }
    }

    /// Stops accepting, waits for in-flight handlers, closes all connections. Idempotent.
    public func stop() {
        guard let running = daemon.withLock({ running -> Daemon? in
            defer { running = nil }
            return running
        }) else { return }
        MHD_stop_daemon(running.handle)
        // Balances the retain taken in start(); MHD_stop_daemon has joined every thread that could use it.
        Unmanaged.passUnretained(context).release()
    }
}
