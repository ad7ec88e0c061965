import Foundation
import QuellCore
import QuellEngine

/// Everything `quell serve` runs in one process: the HTTP API and the workers. Built the same way by
/// the executable and by tests.
public final class ServerRuntime: Sendable {
    public let application: Application
    private let http: HTTPServer
    private let workers: [Worker]

    public init(service: AIRService, http configuration: HTTPServerConfiguration, workerCount: Int,
                log: @escaping @Sendable (String) -> Void) {
        let application = Application(service: service)
        self.application = application
        http = HTTPServer(configuration: configuration) { application.handle($0) }
        let host = ProcessInfo.processInfo.hostName
        let pid = ProcessInfo.processInfo.processIdentifier
        workers = (0..<workerCount).map { Worker(name: "\(host):\(pid):\($0)", service: service, onError: log) }
    }

    public func start() throws {
        try http.start()
        for worker in workers { worker.start() }
    }

    public var boundPort: UInt16 { http.boundPort }

    /// Stops accepting requests, then lets the workers finish their current job.
    public func stop() {
        http.stop()
        for worker in workers { worker.stop() }
    }
}
