import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import Synchronization
import Testing
@testable import QuellServer

// Serialized: the leak checks read a process-wide count of live request states.
@Suite(.serialized)
struct HTTPServerTests {
    // MARK: - Requests

    @Test func getDecodesPathQueryHeadersAndAddress() async throws {
        try await withServer(handler: echoHandler) { port in
            // A raw socket, because Foundation's URL re-encodes the deliberately malformed "%zz%4".
            let client = try RawHTTPClient(port: port)
            try client.send("GET /files/a%20b%2Fc%C3%A9+1?q=hello%20world&x=1&x=2&flag&plus=a+b&enc=a%2Bb%26c%3D&bad=%zz%4 HTTP/1.1\r\n"
                + "Host: t\r\nX-Custom-Header: Quell-Test\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("content-type") == "application/json")
            let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
            #expect(echo.method == "GET")
            #expect(echo.path == "/files/a b/cé+1")
            #expect(echo.rawPath == "/files/a%20b%2Fc%C3%A9+1")
            #expect(echo.query == ["q": "hello world", "x": "2", "flag": "", "plus": "a b", "enc": "a+b&c=", "bad": "%zz%4"])
            #expect(echo.queryItems == ["q=hello world", "x=1", "x=2", "flag=", "plus=a b", "enc=a+b&c=", "bad=%zz%4"])
            #expect(echo.customHeader == "Quell-Test")
            #expect(echo.customHeaderUpper == "Quell-Test")
            #expect(echo.headerNamesLowercased)
            #expect(echo.remoteAddress == "127.0.0.1")
            #expect(echo.bodyLength == 0)
        }
    }

    @Test func remoteAddressIsTheClientIP() async throws {
        try await withServer(host: "0.0.0.0", handler: { request in .text(200, request.remoteAddress) }) { port in
            // All of 127.0.0.0/8 is loopback on Linux, so the client can pick addresses that exercise every digit count.
            for source in ["127.0.0.1", "127.10.200.99", "127.255.5.40"] {
                let response = try RawHTTPClient(port: port, sourceAddress: source).get("/whoami")
                #expect(response.bodyText == source)
            }
        }
    }

    @Test func urlSessionGetWorks() async throws {
        try await withServer(handler: echoHandler) { port in
            let (data, response) = try await session.data(from: URL(string: "http://127.0.0.1:\(port)/items/42?sort=desc")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let echo = try JSONDecoder().decode(Echo.self, from: data)
            #expect(echo.path == "/items/42")
            #expect(echo.query == ["sort": "desc"])
        }
    }

    @Test func postFiveMegabyteBodyIsReceivedIntact() async throws {
        try await withServer(handler: echoHandler) { port in
            var body = [UInt8](repeating: 0, count: 5 * 1024 * 1024)
            var seed: UInt32 = 12345
            for index in body.indices {
                seed = seed &* 1_103_515_245 &+ 12345
                body[index] = UInt8(truncatingIfNeeded: seed >> 16)
            }
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/upload")!)
            request.httpMethod = "POST"
            request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
            let (data, response) = try await session.upload(for: request, from: Data(body))
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let echo = try JSONDecoder().decode(Echo.self, from: data)
            #expect(echo.method == "POST")
            #expect(echo.bodyLength == 5 * 1024 * 1024)
            #expect(echo.bodyChecksum == fnv1a(body))
        }
    }

    @Test func duplicateRequestHeadersAreJoined() async throws {
        try await withServer(handler: { request in
            .text(200, "\(request.header("X-Multi") ?? "nil")|\(request.header("cookie") ?? "nil")")
        }) { port in
            let client = try RawHTTPClient(port: port)
            try client.send("GET / HTTP/1.1\r\nHost: t\r\nX-Multi: a\r\nx-multi: b\r\nCookie: c=1\r\nCookie: d=2\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.bodyText == "a, b|c=1; d=2")
        }
    }

    // MARK: - Keep-alive

    @Test func manySequentialRequestsReuseOneConnection() async throws {
        try await withServer(handler: { request in
            .text(200, "n=\(request.query["n"] ?? "")")
        }) { port in
            let client = try RawHTTPClient(port: port)
            for n in 0..<100 {
                try client.send("GET /seq?n=\(n) HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.bodyText == "n=\(n)")
                #expect(response.header("connection")?.lowercased() != "close")
                #expect(response.header("content-length") == "\(response.body.count)")
            }
            // Two pipelined requests in one write are answered in order on the same socket.
            try client.send("GET /seq?n=a HTTP/1.1\r\nHost: t\r\n\r\nGET /seq?n=b HTTP/1.1\r\nHost: t\r\n\r\n")
            let first = try client.readResponse()
            let second = try client.readResponse()
            #expect(first.bodyText == "n=a")
            #expect(second.bodyText == "n=b")
            #expect(second.header("connection") == nil)
        }
    }

    @Test func headIsAnsweredWithoutBodyAndConnectionStaysUsable() async throws {
        try await withServer(handler: { request in
            .json(200, #"{"status":"ok","method":"\#(request.method)"}"#)
        }) { port in
            let client = try RawHTTPClient(port: port)
            try client.send("HEAD /health HTTP/1.1\r\nHost: t\r\n\r\nGET /health HTTP/1.1\r\nHost: t\r\n\r\n")
            let head = try client.readResponse(isHead: true)
            #expect(head.status == 200)
            #expect(head.header("content-length") == "31")
            #expect(head.body.isEmpty)
            let get = try client.readResponse()
            #expect(get.status == 200)
            #expect(get.bodyText == #"{"status":"ok","method":"GET"}"#)
        }
    }

    // MARK: - Body limits

    @Test func declaredContentLengthOverLimitGets413WithoutReadingBody() async throws {
        let handlerCalls = Atomic<Int>(0)
        try await withServer(bodyBytesMax: 1024, handler: { _ in
            handlerCalls.add(1, ordering: .relaxed)
            return .text(200, "should not run")
        }) { port in
            let client = try RawHTTPClient(port: port)
            try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000000\r\nExpect: 100-continue\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 413)
            #expect(response.header("content-type") == "application/json")
            let error = try JSONDecoder().decode(ErrorEnvelope.self, from: Data(response.body))
            #expect(error.error.code == "payload_too_large")
            #expect(error.error.message.contains("1024"))
            #expect(!response.raw.contains("100 Continue"))
        }
        #expect(handlerCalls.load(ordering: .relaxed) == 0)
    }

    @Test func bodyOverLimitFromURLSessionGets413() async throws {
        try await withServer(bodyBytesMax: 1024, handler: echoHandler) { port in
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/upload")!)
            request.httpMethod = "POST"
            let (data, response) = try await session.upload(for: request, from: Data(repeating: 7, count: 4096))
            #expect((response as? HTTPURLResponse)?.statusCode == 413)
            let error = try JSONDecoder().decode(ErrorEnvelope.self, from: data)
            #expect(error.error.code == "payload_too_large")
        }
    }

    @Test func chunkedBodyOverLimitIsDiscardedAndConnectionSurvives() async throws {
        let handlerCalls = Atomic<Int>(0)
        try await withServer(bodyBytesMax: 1024, handler: { request in
            handlerCalls.add(1, ordering: .relaxed)
            return .text(200, "len=\(request.body.count)")
        }) { port in
            let client = try RawHTTPClient(port: port)
            let chunk = "200\r\n" + String(repeating: "a", count: 512) + "\r\n"
            try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + String(repeating: chunk, count: 4) + "0\r\n\r\n")
            let rejected = try client.readResponse()
            #expect(rejected.status == 413)
            #expect(try JSONDecoder().decode(ErrorEnvelope.self, from: Data(rejected.body)).error.code == "payload_too_large")

            // Exactly at the limit is accepted, on the same connection.
            try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + String(repeating: chunk, count: 2) + "0\r\n\r\n")
            let accepted = try client.readResponse()
            #expect(accepted.status == 200)
            #expect(accepted.bodyText == "len=1024")
        }
        #expect(handlerCalls.load(ordering: .relaxed) == 1)
    }

    @Test func abortedUploadsAndMalformedRequestsDoNotLeakRequestState() async throws {
        #expect(HTTPRequestState.live.load(ordering: .relaxed) == 0)
        try await withServer(connectionTimeoutSeconds: 2, handler: echoHandler) { port in
            for _ in 0..<20 {
                let client = try RawHTTPClient(port: port)
                try client.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + String(repeating: "x", count: 1000))
            }
            for _ in 0..<20 {
                let client = try RawHTTPClient(port: port)
                try client.send("GET /partial HTTP/1.1\r\nHost: t\r\nX-Unfinished: yes")
            }
            let t0 = Date()
            for _ in 0..<10 { print("LIVE", Date().timeIntervalSince(t0), HTTPRequestState.live.load(ordering: .relaxed)); try await Task.sleep(nanoseconds: 300_000_000) }
            try await waitUntil { HTTPRequestState.live.load(ordering: .relaxed) == 0 }
            try await Task.sleep(nanoseconds: 3_000_000_000)
            print("LIVE after timeout", HTTPRequestState.live.load(ordering: .relaxed))
            #expect(HTTPRequestState.live.load(ordering: .relaxed) == 0)
            let response = try RawHTTPClient(port: port).get("/after")
            #expect(response.status == 200)
        }
        #expect(HTTPRequestState.live.load(ordering: .relaxed) == 0)
    }

    // MARK: - Concurrency

    @Test func concurrentRequestsFromEightTasksAreAllAnswered() async throws {
        let served = Atomic<Int>(0)
        try await withServer(handler: { request in
            served.add(1, ordering: .relaxed)
            return .text(200, "task=\(request.query["task"] ?? "")&i=\(request.query["i"] ?? "")")
        }) { port in
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        var correct = 0
                        for i in 0..<50 {
                            let url = URL(string: "http://127.0.0.1:\(port)/work?task=\(task)&i=\(i)")!
                            let (data, response) = try await session.data(from: url)
                            if (response as? HTTPURLResponse)?.statusCode == 200,
                               String(decoding: data, as: UTF8.self) == "task=\(task)&i=\(i)" {
                                correct += 1
                            }
                        }
                        return correct
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(results == Array(repeating: 50, count: 8))
        }
        #expect(served.load(ordering: .relaxed) == 400)
    }

    // MARK: - Responses

    @Test func customResponseHeadersAndStatusAreSent() async throws {
        try await withServer(handler: { request in
            switch request.path {
            case "/empty":
                return HTTPResponse(status: 204)
            case "/bad-status":
                return .text(42, "nope")
            default:
                return HTTPResponse(status: 201, headers: [
                    ("X-Quell-Request-Id", "req-123"),
                    ("Cache-Control", "no-store"),
                    ("Set-Cookie", "a=1"),
                    ("Set-Cookie", "b=2"),
                    ("X-Injected", "ok\r\nEvil: 1"),
                ], body: Array("created".utf8))
            }
        }) { port in
            let client = try RawHTTPClient(port: port)
            let created = try client.get("/things")
            #expect(created.status == 201)
            #expect(created.header("x-quell-request-id") == "req-123")
            #expect(created.header("cache-control") == "no-store")
            #expect(created.headers.filter { $0.0 == "set-cookie" }.map(\.1) == ["a=1", "b=2"])
            #expect(created.header("evil") == nil)
            #expect(created.header("x-injected") == nil)
            #expect(created.bodyText == "created")

            let empty = try client.get("/empty")
            #expect(empty.status == 204)
            #expect(empty.body.isEmpty)

            let bad = try client.get("/bad-status")
            #expect(bad.status == 500)
        }
    }

    @Test func jsonErrorEscapesStrings() {
        let response = HTTPResponse.jsonError(400, code: "bad_input", message: "quote \" backslash \\ newline \n ctl \u{01}")
        #expect(response.status == 400)
        #expect(response.header("content-type") == "application/json")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"error":{"code":"bad_input","message":"quote \" backslash \\ newline \n ctl \u0001"}}"#)
    }

    // MARK: - Lifecycle and robustness

    @Test func secondServerOnSamePortFailsToStart() async throws {
        try await withServer(handler: echoHandler) { port in
            let second = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: port)) { _ in .text(200, "x") }
            do {
                try second.start()
                Issue.record("second server started on a port that is taken")
            } catch let HTTPServerError.startFailed(host, failedPort, reason) {
                #expect(host == "127.0.0.1")
                #expect(failedPort == port)
                #expect(reason.contains("Address already in use"))
            }
            #expect(!second.isRunning)
            #expect(try RawHTTPClient(port: port).get("/still-up").status == 200)
        }
    }

    @Test func invalidHostFailsToStart() {
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "localhost", port: 0)) { _ in .text(200, "x") }
        #expect(throws: HTTPServerError.startFailed(host: "localhost", port: 0, reason: "host must be an IPv4 address literal")) {
            try server.start()
        }
    }

    @Test func stopIsIdempotentAndReleasesThePort() throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0, threadCount: 1)) { _ in .text(200, "ok") }
        try server.start()
        try server.start()
        let port = server.boundPort
        #expect(port != 0)
        #expect(try RawHTTPClient(port: port).get("/").bodyText == "ok")
        server.stop()
        server.stop()
        #expect(server.boundPort == 0)
        #expect(!server.isRunning)
        #expect(throws: (any Error).self) { try RawHTTPClient(port: port) }
        // The same instance can be started again.
        try server.start()
        #expect(try RawHTTPClient(port: server.boundPort).get("/").bodyText == "ok")
        server.stop()
    }

    @Test func garbageBytesDoNotStopTheServer() async throws {
        let logged = Mutex<[String]>([])
        try await withServer(errorLogger: { message in logged.withLock { $0.append(message) } }, handler: { _ in .text(200, "alive") }) { port in
            var randomBytes = [UInt8](repeating: 0, count: 4096)
            for index in randomBytes.indices {
                randomBytes[index] = UInt8.random(in: 0...255)
            }
            let payloads: [[UInt8]] = [
                randomBytes,
                Array("GARBAGE\u{0}\u{1}\r\n\r\n".utf8),
                Array("\r\n\r\n\r\n".utf8),
                Array("GET / HTTP/9.9\r\nHost: t\r\n\r\n".utf8),
                Array("GET / HTTP/1.1\r\nHost t\r\nNoColonHere\r\n\r\n".utf8),
                Array("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n".utf8),
                Array("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nxx\r\n".utf8),
                Array(("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n").utf8),
            ]
            var statuses: [Int] = []
            for payload in payloads {
                let client = try RawHTTPClient(port: port, timeoutSeconds: 2)
                try? client.send(payload)
                let answer = client.readToEnd()
                if answer.starts(with: Array("HTTP/1.1 ".utf8)), let status = Int(String(decoding: answer[9..<12], as: UTF8.self)) {
                    statuses.append(status)
                }
                let next = try RawHTTPClient(port: port).get("/next")
                #expect(next.status == 200)
                #expect(next.bodyText == "alive")
            }
            // MHD answers malformed input itself and never reaches the handler.
            #expect(statuses.allSatisfy { $0 >= 400 })
            #expect(Set(statuses).isSuperset(of: [400, 431, 505]))
        }
        // MHD's diagnostics reach the configured logger instead of stderr.
        #expect(logged.withLock { $0.contains { $0.contains("HTTP response code is 400") } })
        #expect(logged.withLock { $0.contains { $0.contains("HTTP response code is 431") } })
    }

    @Test func threadPoolOfOneServesRequests() async throws {
        try await withServer(threadCount: 1, handler: { _ in .json(200, #"{"status":"ok"}"#) }) { port in
            let client = try RawHTTPClient(port: port)
            for _ in 0..<10 {
                #expect(try client.get("/health").bodyText == #"{"status":"ok"}"#)
            }
        }
    }
}

// MARK: - Helpers

private let session: URLSession = {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = 10
    return URLSession(configuration: configuration)
}()

private struct Echo: Codable {
    var method: String
    var path: String
    var rawPath: String
    var query: [String: String]
    var queryItems: [String]
    var customHeader: String?
    var customHeaderUpper: String?
    var headerNamesLowercased: Bool
    var remoteAddress: String
    var bodyLength: Int
    var bodyChecksum: UInt64
}

private struct ErrorEnvelope: Decodable {
    struct Detail: Decodable {
        var code: String
        var message: String
    }
    var error: Detail
}

private func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return hash
}

private let echoHandler: @Sendable (HTTPRequest) -> HTTPResponse = { request in
    let echo = Echo(
        method: request.method,
        path: request.path,
        rawPath: request.rawPath,
        query: request.query,
        queryItems: request.queryItems.map { "\($0.name)=\($0.value)" },
        customHeader: request.header("x-custom-header"),
        customHeaderUpper: request.header("X-CUSTOM-HEADER"),
        headerNamesLowercased: request.headers.keys.allSatisfy { $0 == $0.lowercased() },
        remoteAddress: request.remoteAddress,
        bodyLength: request.body.count,
        bodyChecksum: fnv1a(request.body)
    )
    return (try? JSONEncoder().encode(echo)).map { .json(200, Array($0)) } ?? .text(500, "encode failed")
}

private func withServer(
    host: String = "127.0.0.1",
    threadCount: Int = 2,
    bodyBytesMax: Int = 64 * 1024 * 1024,
    connectionTimeoutSeconds: Int = 60,
    errorLogger: (@Sendable (String) -> Void)? = nil,
    handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse,
    _ body: (UInt16) async throws -> Void
) async throws {
    let configuration = HTTPServerConfiguration(host: host, port: 0, threadCount: threadCount, bodyBytesMax: bodyBytesMax,
        connectionTimeoutSeconds: connectionTimeoutSeconds, errorLogger: errorLogger)
    let server = HTTPServer(configuration: configuration, handler: handler)
    try server.start()
    defer { server.stop() }
    let port = server.boundPort
    #expect(port != 0)
    try await body(port)
}

private func waitUntil(timeoutSeconds: Double = 5, _ condition: () -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeoutSeconds)
    while !condition() && Date() < deadline {
        try await Task.sleep(nanoseconds: 20_000_000)
    }
}

private struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    var raw: String

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.0 == name.lowercased() }?.1
    }
}

private struct RawClientError: Error, CustomStringConvertible {
    var description: String
}

/// A blocking HTTP/1.1 client on one TCP socket, so tests control exactly what goes over the wire.
private final class RawHTTPClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: UInt16, timeoutSeconds: Int = 5, sourceAddress: String? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawClientError(description: "socket failed") }
        if let sourceAddress {
            var source = sockaddr_in()
            source.sin_family = sa_family_t(AF_INET)
            source.sin_addr.s_addr = inet_addr(sourceAddress)
            let bound = withUnsafePointer(to: &source) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else {
                close(fd)
                throw RawClientError(description: "bind to \(sourceAddress) failed: errno \(errno)")
            }
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw RawClientError(description: "connect to port \(port) failed: errno \(errno)")
        }
    }

    deinit {
        close(fd)
    }

    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw RawClientError(description: "send failed: errno \(errno)") }
            offset += sent
        }
    }

    func get(_ path: String) throws -> RawResponse {
        try send("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n")
        return try readResponse()
    }

    /// Reads one response; the body length comes from Content-Length (every MHD buffer response has one).
    func readResponse(isHead: Bool = false) throws -> RawResponse {
        let separator = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while true {
            if let found = firstRange(of: separator, in: buffer) {
                headEnd = found
                break
            }
            guard try fill() else { throw RawClientError(description: "connection closed before the headers ended") }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + separator.count)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        if statusLine.hasPrefix("HTTP/1.1 100") {
            return try readResponse(isHead: isHead)
        }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw RawClientError(description: "bad status line \(statusLine)") }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        let length = isHead || status == 204 || status == 304 ? 0 : Int(headers.first { $0.0 == "content-length" }?.1 ?? "0") ?? 0
        while buffer.count < length {
            guard try fill() else { throw RawClientError(description: "connection closed inside the body") }
        }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return RawResponse(status: status, headers: headers, body: body, raw: head)
    }

    /// Everything until the server closes the connection or the receive timeout passes.
    func readToEnd() -> [UInt8] {
        while (try? fill()) == true {}
        defer { buffer = [] }
        return buffer
    }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if received < 0 { throw RawClientError(description: "recv failed: errno \(errno)") }
        buffer.append(contentsOf: chunk[..<received])
        return received > 0
    }

    private func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
