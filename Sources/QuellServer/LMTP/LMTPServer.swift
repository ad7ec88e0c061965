import Foundation
import Glibc
import Synchronization

/// Receives mail over LMTP (RFC 2033) or SMTP on one IPv4 address: a blocking accept loop on its own
/// thread and one thread per connection, at most `connectionsConcurrentMax` of them. The dialogue is
/// `LMTPSession`; this type only moves bytes and calls `delivery`.
public final class LMTPServer: Sendable {
    public let configuration: LMTPServerConfiguration
    private let delivery: any LMTPDelivery
    private let log: @Sendable (String) -> Void
    private let registry = LMTPConnectionRegistry()
    private let listener = Mutex<Listener?>(nil)

    private struct Listener {
        let socket: Int32
        let port: UInt16
        let acceptFinished: DispatchSemaphore
    }

    public init(configuration: LMTPServerConfiguration, delivery: any LMTPDelivery, log: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        self.delivery = delivery
        self.log = log
    }

    /// The port actually bound (useful with port 0), or 0 when not listening.
    public var boundPort: UInt16 { listener.withLock { $0?.port ?? 0 } }

    /// Binds, listens and starts accepting. Calling it on a running server does nothing.
    public func start() throws {
        try listener.withLock { (running: inout Listener?) throws(LMTPServerError) in
            guard running == nil else { return }
            let (socket, port) = try bind()
            let finished = DispatchSemaphore(value: 0)
            running = Listener(socket: socket, port: port, acceptFinished: finished)
            let configuration = configuration, delivery = delivery, registry = registry, log = log
            Thread.detachNewThread {
                Self.acceptLoop(socket, configuration: configuration, delivery: delivery, registry: registry, log: log)
                finished.signal()
            }
        }
    }

    /// Stops accepting, ends idle connections with 421, and waits (up to `LMTPLimits.shutdownGraceSeconds`)
    /// for deliveries in flight to be indexed and answered. Idempotent.
    public func stop() {
        guard let running = listener.withLock({ running -> Listener? in
            defer { running = nil }
            return running
        }) else { return }
        registry.beginStopping()
        // On Linux, shutting down a listening socket makes a blocked accept() fail at once.
        shutdown(running.socket, Int32(SHUT_RDWR))
        running.acceptFinished.wait()
        close(running.socket)
        registry.shutdownReads()
        let deadline = Date().addingTimeInterval(TimeInterval(LMTPLimits.shutdownGraceSeconds))
        if !registry.waitUntilEmpty(deadline: deadline) {
            log("lmtp: connections still open after \(LMTPLimits.shutdownGraceSeconds) s; stopping anyway")
        }
    }

    private func bind() throws(LMTPServerError) -> (Int32, UInt16) {
        let host = configuration.host, port = configuration.port
        func failure(_ reason: String) -> LMTPServerError { .startFailed(host: host, port: port, reason: reason) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw failure("host must be an IPv4 address literal") }
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socket >= 0 else { throw failure(Self.errnoText()) }
        var one: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socket, 128) == 0 else {
            let reason = Self.errnoText()
            close(socket)
            throw failure(reason)
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return (socket, UInt16(bigEndian: actual.sin_port))
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    // MARK: - Accepting

    private static func acceptLoop(_ listener: Int32, configuration: LMTPServerConfiguration, delivery: any LMTPDelivery,
                                   registry: LMTPConnectionRegistry, log: @escaping @Sendable (String) -> Void) {
        while true {
            let socket = accept(listener, nil, nil)
            if registry.isStopping {
                if socket >= 0 { close(socket) }
                return
            }
            guard socket >= 0 else {
                let code = errno
                if code == EINTR || code == ECONNABORTED { continue }
                log("lmtp: accept failed: \(errnoText())")
                // Out of descriptors or memory: back off instead of spinning.
                usleep(100_000)
                continue
            }
            _ = fcntl(socket, F_SETFD, FD_CLOEXEC)
            guard registry.admit(socket, limit: configuration.connectionsConcurrentMax) else {
                let reply = LMTPReply(421, "4.3.2 \(configuration.hostname) too many connections, try again later").bytes
                _ = reply.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
                close(socket)
                continue
            }
            Thread.detachNewThread {
                LMTPConnection(socket: socket, configuration: configuration, delivery: delivery, registry: registry).run()
                registry.closeAndRemove(socket)
            }
        }
    }
}
