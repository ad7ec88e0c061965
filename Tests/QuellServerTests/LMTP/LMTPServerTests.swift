import Foundation
import Glibc
import QuellConnectors
import QuellCore
import QuellEngine
import QuellServer
import QuellStore
import Testing

/// The socket layer in-process, with the real store and delivery: connection limit and idle timeout,
/// which are too slow or too large to reach through the binary's defaults.
@Suite struct LMTPServerTests {
    let directory: URL
    let service: AIRService

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quell-lmtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: directory.appendingPathComponent("quell.sqlite").path)
        service = AIRService(store: store, mailboxProvider: { _ in MaildirProvider() })
        _ = try service.ensureTenant("acme", name: "Acme", actor: .cli())
    }

    func server(connectionsMax: Int = 64, idleSeconds: Int = 300) throws -> LMTPServer {
        var configuration = LMTPServerConfiguration(host: "127.0.0.1", port: 0, tenant: "acme", hostname: "quell.test")
        configuration.connectionsConcurrentMax = connectionsMax
        configuration.idleTimeoutSeconds = idleSeconds
        let server = LMTPServer(configuration: configuration,
                                delivery: ServiceDelivery(service: service, tenant: "acme", log: { _ in }), log: { _ in })
        try server.start()
        #expect(server.boundPort > 0)
        return server
    }

    /// A blocking line client with a receive timeout, so no test can hang.
    final class Client {
        let socket: Int32
        private var pending: [UInt8] = []

        init(port: UInt16, timeoutSeconds: Int = 5) throws {
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { throw TestFailure("connect failed: \(errno)") }
        }

        deinit { close(socket) }

        func send(_ text: String) {
            _ = Array(text.utf8).withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// The next line, or nil at end of input (or timeout).
        func line() -> String? {
            while true {
                if let newline = pending.firstIndex(of: 10) {
                    defer { pending.removeSubrange(0...newline) }
                    return String(decoding: pending[..<newline], as: UTF8.self).trimmingCharacters(in: .newlines)
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { return nil }
                pending += chunk[0..<count]
            }
        }
    }

    @Test func extraConnectionsGet421AndCapacityComesBack() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try server(connectionsMax: 2)
        defer { server.stop() }
        let first = try Client(port: server.boundPort)
        let second = try Client(port: server.boundPort)
        #expect(first.line()?.hasPrefix("220 ") == true)
        #expect(second.line()?.hasPrefix("220 ") == true)
        let third = try Client(port: server.boundPort)
        #expect(third.line()?.hasPrefix("421 4.3.2") == true)
        #expect(third.line() == nil)

        first.send("QUIT\r\n")
        #expect(first.line()?.hasPrefix("221 ") == true)
        #expect(first.line() == nil)
        // The slot frees once the connection's thread has closed it.
        var greeting: String?
        for _ in 0..<50 {
            let next = try Client(port: server.boundPort)
            greeting = next.line()
            if greeting?.hasPrefix("220 ") == true { break }
            usleep(20_000)
        }
        #expect(greeting?.hasPrefix("220 ") == true)
    }

    @Test func idleConnectionsAreClosedWith421() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try server(idleSeconds: 1)
        defer { server.stop() }
        let client = try Client(port: server.boundPort)
        #expect(client.line()?.hasPrefix("220 ") == true)
        client.send("LHLO test\r\n")
        for _ in 0..<5 { _ = client.line() }
        let started = Date()
        #expect(client.line() == "421 4.4.2 quell.test idle timeout, closing connection")
        #expect(client.line() == nil)
        #expect(Date().timeIntervalSince(started) < 4)
    }

    @Test func deliveredMailIsIndexedPerRecipient() throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try server()
        defer { server.stop() }
        let client = try Client(port: server.boundPort)
        client.send("LHLO t\r\nMAIL FROM:<s@x.test>\r\nRCPT TO:<A@acme.test>\r\nRCPT TO:<b@acme.test>\r\nDATA\r\n"
                    + "From: s@x.test\r\nSubject: hi\r\n\r\nhttp://x.test/\r\n.\r\nQUIT\r\n")
        var lines: [String] = []
        while let line = client.line() { lines.append(line) }
        #expect(lines.suffix(3) == ["250 2.0.0 <a@acme.test> ok", "250 2.0.0 <b@acme.test> ok", "221 2.0.0 quell.test closing connection"])
        let copies = try service.store.read { try $0.messages("acme", carryingURL: "http://x.test/", limit: 10) }
        #expect(copies.map(\.mailbox).sorted() == ["a@acme.test", "b@acme.test"])
        #expect(copies.allSatisfy { $0.folder.isEmpty && $0.locationKey.isEmpty })
    }
}
