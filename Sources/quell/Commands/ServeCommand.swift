import Foundation
import QuellServer

enum ServeCommand: Command {
    static let name = "serve"
    static let usage = "quell serve [--data DIR] [--listen ADDR] [--port N] [--threads N] [--workers N] [--no-workers]"
    static let summary = "Run the HTTP API and the investigation workers until SIGINT or SIGTERM."
    static let options: [OptionSpec] = [
        SharedOptions.data,
        .value("listen", "IPv4 address to listen on (default 127.0.0.1; 0.0.0.0 for all)"),
        .value("port", "TCP port (default 8080; 0 picks a free port)"),
        .value("threads", "HTTP threads (default 2)"),
        .value("workers", "investigation workers in this process (default 1)"),
        .flag("no-workers", "serve HTTP only; run workers elsewhere"),
    ]

    static func run(_ arguments: ParsedArguments) throws {
        let environment = try Environment(arguments)
        var configuration = HTTPServerConfiguration()
        configuration.host = arguments.value("listen") ?? "127.0.0.1"
        configuration.port = UInt16(try arguments.int("port", default: 8080, range: 0...65535))
        configuration.threadCount = try arguments.int("threads", default: 2, range: 1...64)
        let workerCount = arguments.has("no-workers") ? 0 : try arguments.int("workers", default: 1, range: 0...64)
        try serve(environment, configuration: configuration, workerCount: workerCount, banner: { _ in })
    }

    /// Starts the runtime, prints where it listens, and blocks until a stop signal.
    static func serve(_ environment: Environment, configuration: HTTPServerConfiguration, workerCount: Int,
                      banner: (String) -> Void) throws {
        // Block the stop signals before any thread starts, so every thread inherits the mask and
        // only `sigwait` below sees them.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        signal(SIGPIPE, SIG_IGN)

        let runtime = ServerRuntime(service: environment.service, http: configuration, workerCount: workerCount) {
            Output.error($0)
        }
        do {
            try runtime.start()
        } catch {
            throw CommandError("\(error)")
        }
        let url = "http://\(configuration.host == "0.0.0.0" ? "127.0.0.1" : configuration.host):\(runtime.boundPort)"
        print("quell listening on \(url) (data \(environment.dataDirectory.path), \(workerCount) worker\(workerCount == 1 ? "" : "s"))")
        banner(url)
        fflush(nil)
        var received: Int32 = 0
        sigwait(&signals, &received)
        print("quell: stopping (signal \(received))")
        runtime.stop()
        print("quell: stopped")
        fflush(nil)
    }
}
