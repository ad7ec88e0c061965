import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The `quell` binary built next to this test bundle, run on a temp data directory.
final class QuellProcess: @unchecked Sendable {
    // @unchecked Sendable: used from one test at a time; `server` is only touched by that test.
    let data: URL
    let mailRoot: URL
    let binary: URL
    private var server: Process?
    private var output: Pipe?
    private(set) var baseURL = ""
    /// Host and port of the LMTP listener, when started with `--lmtp`.
    private(set) var lmtpHost = ""
    private(set) var lmtpPort = 0

    init() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quell-e2e-\(UUID().uuidString)")
        data = root.appendingPathComponent("data")
        mailRoot = root.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mailRoot, withIntermediateDirectories: true)
        binary = try Self.locateBinary()
    }

    static func locateBinary() throws -> URL {
        if let override = ProcessInfo.processInfo.environment["QUELL_BINARY"] { return URL(fileURLWithPath: override) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("quell")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        let fallback = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/quell")
        guard FileManager.default.isExecutableFile(atPath: fallback.path) else {
            throw TestFailure("quell binary not found; run `swift build` first or set QUELL_BINARY")
        }
        return fallback
    }

    func cleanUp() {
        if let server, server.isRunning {
            server.terminate()
            server.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: data.deletingLastPathComponent())
    }

    struct Result {
        let status: Int32
        let out: String
        let err: String
    }

    func cli(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments + (arguments.contains("--help") || arguments.first == "frobnicate" ? [] : ["--data", data.path])
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
                      err: String(decoding: errData, as: UTF8.self))
    }

    func token(_ tenant: String, _ role: String, searchAndPurge: Bool, name: String? = nil) throws -> String {
        let result = try cli(["token", "create", "--tenant", tenant, "--role", role, "--format", "json", "--name", name ?? role]
                             + (searchAndPurge ? ["--search-and-purge"] : []))
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any],
              let token = object["token"] as? String else { throw TestFailure("token create failed: \(result.err)") }
        return token
    }

    func maildir(_ mailbox: String, key: String, _ text: String, folder: String = "") throws {
        let folderURL = folder.isEmpty ? mailRoot.appendingPathComponent(mailbox) : mailRoot.appendingPathComponent(mailbox).appendingPathComponent("." + folder)
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: folderURL.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try Data(text.utf8).write(to: folderURL.appendingPathComponent("cur").appendingPathComponent(key + ":2,S"))
    }

    func inInbox(_ mailbox: String, _ key: String, folder: String = "") -> Bool {
        let base = folder.isEmpty ? mailRoot.appendingPathComponent(mailbox) : mailRoot.appendingPathComponent(mailbox).appendingPathComponent("." + folder)
        return FileManager.default.fileExists(atPath: base.appendingPathComponent("cur/\(key):2,S").path)
    }

    func inQuarantine(_ mailbox: String, _ key: String) -> Bool {
        FileManager.default.fileExists(atPath: mailRoot.appendingPathComponent("\(mailbox)/.Quarantine/cur/\(key):2,S").path)
    }

    /// Starts `quell serve --port 0` (plus `extra` options) and waits for the line that names its URL,
    /// and with `--lmtp` also for the line that names the LMTP address.
    func start(_ extra: [String] = []) throws {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--data", data.path, "--port", "0"] + extra
        let needsLMTP = extra.contains("--lmtp")
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.standardError
        try process.run()
        server = process
        output = pipe
        var buffer = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            buffer += String(decoding: chunk, as: UTF8.self)
            if let range = buffer.range(of: "quell listening on ") {
                let rest = buffer[range.upperBound...]
                if let end = rest.firstIndex(of: " ") {
                    baseURL = String(rest[..<end])
                    if !needsLMTP { return }
                }
            }
            if needsLMTP, let range = buffer.range(of: "lmtp listening on ") {
                let rest = buffer[range.upperBound...]
                if let end = rest.firstIndex(of: " "), let colon = rest[..<end].lastIndex(of: ":"),
                   let port = Int(rest[rest.index(after: colon)..<end]), !baseURL.isEmpty {
                    lmtpHost = String(rest[..<colon])
                    lmtpPort = port
                    return
                }
            }
        }
        throw TestFailure("quell serve did not start: \(buffer)")
    }

    /// SIGTERM, then waits; returns the exit status.
    @discardableResult
    func stop() throws -> Int32 {
        guard let server else { return -1 }
        server.terminate()
        server.waitUntilExit()
        self.server = nil
        return server.terminationStatus
    }

    func restart() throws {
        try stop()
        try start()
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

struct API {
    let base: String

    struct Response {
        let status: Int
        let data: Data
        var text: String { String(decoding: data, as: UTF8.self) }

        func object() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw TestFailure("not a JSON object: \(text)")
            }
            return object
        }

        func errorCode() throws -> String? { (try object()["error"] as? [String: Any])?["code"] as? String }
    }

    func call(_ method: String, _ path: String, token: String? = nil, body: String? = nil,
              contentType: String = "message/rfc822") async throws -> Response {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status >= 400 {
            // Every error is JSON with a code and a message.
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            let error = object?["error"] as? [String: Any]
            #expect(error?["code"] is String && error?["message"] is String, "error body: \(String(decoding: data, as: UTF8.self))")
        }
        return Response(status: status, data: data)
    }

    func json(_ method: String, _ path: String, token: String, body: String? = nil, contentType: String = "message/rfc822",
              expect expected: Int = 200) async throws -> [String: Any] {
        let response = try await call(method, path, token: token, body: body, contentType: contentType)
        guard response.status == expected else {
            throw TestFailure("\(method) \(path): expected \(expected), got \(response.status): \(response.text)")
        }
        return try response.object()
    }

    /// Polls an investigation until it reaches `status` (bounded: 20 s).
    func waitForStatus(_ id: String, _ status: String, token: String) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(20)
        var last = ""
        while Date() < deadline {
            let detail = try await json("GET", "/api/v1/investigations/\(id)", token: token)
            last = (detail["investigation"] as? [String: Any])?["status"] as? String ?? ""
            if last == status { return detail }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestFailure("investigation \(id) stayed \(last), expected \(status)")
    }
}
