import Foundation
import QuellCore
import QuellEngine
import QuellServer

enum ServeCommand: Command {
    static let name = "serve"
    static let usage = "quell serve [--data DIR] [--listen ADDR] [--port N] [--threads N] [--workers N] [--no-workers]\n"
        + "                  [--lmtp HOST:PORT --lmtp-tenant T [--lmtp-max-bytes N]]"
    static let summary = "Run the HTTP API, the investigation workers and optionally an LMTP/SMTP receiver until SIGINT or SIGTERM."
    static let options: [OptionSpec] = [
        SharedOptions.data,
        .value("listen", "IPv4 address to listen on (default 127.0.0.1; 0.0.0.0 for all)"),
        .value("port", "TCP port (default 8080; 0 picks a free port)"),
        .value("threads", "HTTP threads (default 2)"),
        .value("workers", "investigation workers in this process (default 1)"),
        .flag("no-workers", "serve HTTP only; run workers elsewhere"),
        .value("lmtp", "also receive mail over LMTP or SMTP on this IPv4 HOST:PORT (port 0 picks a free port)"),
        .value("lmtp-tenant", "tenant that indexes the mail received over LMTP (required with --lmtp)"),
        .value("lmtp-max-bytes", "largest message accepted over LMTP (default \(LMTPLimits.messageBytesMax))"),
    ]

    static func run(_ arguments: ParsedArguments) throws {
        let environment = try Environment(arguments)
        var configuration = HTTPServerConfiguration()
        configuration.host = arguments.value("listen") ?? "127.0.0.1"
        configuration.port = UInt16(try arguments.int("port", default: 8080, range: 0...65535))
        configuration.threadCount = try arguments.int("threads", default: 2, range: 1...64)
        let workerCount = arguments.has("no-workers") ? 0 : try arguments.int("workers", default: 1, range: 0...64)
        let lmtp = try lmtpConfiguration(arguments, environment)
        try serve(environment, configuration: configuration, lmtp: lmtp, workerCount: workerCount, banner: { _ in })
    }

    /// `--lmtp HOST:PORT --lmtp-tenant T`: usage errors exit 2, an unknown tenant exits 1.
    static func lmtpConfiguration(_ arguments: ParsedArguments, _ environment: Environment) throws -> LMTPServerConfiguration? {
        guard let address = arguments.value("lmtp") else {
            for option in ["lmtp-tenant", "lmtp-max-bytes"] where arguments.value(option) != nil {
                throw UsageError("--\(option) needs --lmtp HOST:PORT")
            }
            return nil
        }
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else {
            throw UsageError("--lmtp must be HOST:PORT with an IPv4 host and a port in 0...65535, e.g. 127.0.0.1:2424")
        }
        let host = String(address[..<colon])
        var probe = in_addr()
        guard inet_pton(AF_INET, host, &probe) == 1 else {
            throw UsageError("--lmtp host must be an IPv4 address literal such as 127.0.0.1 or 0.0.0.0 (got \"\(host)\")")
        }
        guard let tenantText = arguments.value("lmtp-tenant"), !tenantText.isEmpty else {
            throw UsageError("--lmtp needs --lmtp-tenant T: the tenant that indexes the received mail")
        }
        guard Tenant.isValidID(tenantText) else { throw UsageError("--lmtp-tenant must be 1-64 characters of a-z, 0-9, - and _") }
        let tenant = Tenant.ID(tenantText)
        guard try environment.store.read({ try $0.tenant(tenant) }) != nil else {
            throw CommandError("tenant \(tenantText) does not exist; create it with: quell token create --tenant \(tenantText) --role global-admin")
        }
        var configuration = LMTPServerConfiguration(host: host, port: port, tenant: tenant,
                                                    hostname: ProcessInfo.processInfo.hostName)
        configuration.messageBytesMax = try arguments.int("lmtp-max-bytes", default: LMTPLimits.messageBytesMax,
                                                          range: 1...LMTPLimits.messageBytesMax)
        return configuration
    }

    /// Starts the runtime, prints where it listens, and blocks until a stop signal.
    static func serve(_ environment: Environment, configuration: HTTPServerConfiguration, lmtp: LMTPServerConfiguration? = nil,
                      workerCount: Int, banner: (String) -> Void) throws {
        // Block the stop signals before any thread starts, so every thread inherits the mask and
        // only `sigwait` below sees them.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        signal(SIGPIPE, SIG_IGN)

        let runtime = ServerRuntime(service: environment.service, http: configuration, lmtp: lmtp, workerCount: workerCount) {
            Output.error($0)
        }
        do {
            try runtime.start()
        } catch {
            throw CommandError("\(error)")
        }
        let url = "http://\(configuration.host == "0.0.0.0" ? "127.0.0.1" : configuration.host):\(runtime.boundPort)"
        print("quell listening on \(url) (data \(environment.dataDirectory.path), \(workerCount) worker\(workerCount == 1 ? "" : "s"))")
        if let lmtp, let port = runtime.lmtpBoundPort {
            print("lmtp listening on \(lmtp.host):\(port) (tenant \(lmtp.tenant))")
        }
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
