import Foundation
import QuellCore
import QuellEngine

/// Everything `quell serve` runs in one process: the HTTP API, the workers and, when configured, the
/// LMTP/SMTP receiver. Built the same way by the executable and by tests.
public final class ServerRuntime: Sendable {
    public let application: Application
    private let http: HTTPServer
    private let lmtp: LMTPServer?
    private let workers: [Worker]

    public init(service: AIRService, http configuration: HTTPServerConfiguration, lmtp lmtpConfiguration: LMTPServerConfiguration? = nil,
                workerCount: Int, log: @escaping @Sendable (String) -> Void) {
        let application = Application(service: service)
        self.application = application
        http = HTTPServer(configuration: configuration) { application.handle($0) }
        lmtp = lmtpConfiguration.map {
            LMTPServer(configuration: $0, delivery: ServiceDelivery(service: service, tenant: $0.tenant, log: log), log: log)
        }
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        workers = (0..<workerCount).map { Worker(name: "\(host):\(pid):\($0)", service: service, onError: log) }
    }

    public func start() throws {
        try http.start()
        do {
            try lmtp?.start()
        } catch {
            http.stop()
            throw error
        }
        for worker in workers { worker.start() }
    }

    public var boundPort: UInt16 { http.boundPort }

    /// The LMTP port actually bound, or nil without an LMTP listener.
    public var lmtpBoundPort: UInt16? { lmtp?.boundPort }

    /// Stops accepting mail and requests, lets deliveries in flight finish, then the workers' current job.
    public func stop() {
        lmtp?.stop()
        http.stop()
        for worker in workers { worker.stop() }
    }
}
