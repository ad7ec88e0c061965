import Foundation
import QuellConnectors
import QuellCore
import QuellEngine
import QuellStore

/// One subcommand: its options, a help text, and `run`, which only calls the engine.
protocol Command {
    static var name: String { get }
    static var usage: String { get }
    static var summary: String { get }
    static var options: [OptionSpec] { get }
    static func run(_ arguments: ParsedArguments) throws
}

extension Command {
    static var help: String {
        ArgumentParser.help(usage: usage, summary: summary, options: options + [.flag("help", "show this help")])
    }
}

/// Options every data-touching command shares.
enum SharedOptions {
    static let data = OptionSpec.value("data", "data directory holding quell.sqlite (default ./quell-data)")
    static let tenant = OptionSpec.value("tenant", "tenant id (a-z, 0-9, - and _)")
    static let format = OptionSpec.value("format", "output format: text or json (default text)")
}

/// Opens the store and service for `--data`.
struct Environment {
    let dataDirectory: URL
    let store: SQLiteStore
    let service: AIRService

    init(_ arguments: ParsedArguments) throws {
        let path = arguments.value("data") ?? "quell-data"
        dataDirectory = URL(fileURLWithPath: path).standardizedFileURL
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw CommandError("cannot create data directory \(dataDirectory.path): \(error.localizedDescription)")
        }
        do {
            store = try SQLiteStore(path: dataDirectory.appendingPathComponent("quell.sqlite").path)
        } catch {
            throw CommandError("cannot open the database in \(dataDirectory.path): \(error)")
        }
        service = AIRService(store: store, mailboxProvider: { _ in MaildirProvider() })
    }

    func tenant(_ arguments: ParsedArguments) throws -> Tenant.ID {
        let raw = try arguments.required("tenant")
        guard Tenant.isValidID(raw) else { throw UsageError("--tenant must be 1-64 characters of a-z, 0-9, - and _") }
        let id = Tenant.ID(raw)
        guard try store.read({ try $0.tenant(id) }) != nil else {
            throw CommandError("tenant \(raw) does not exist; create it with: quell token create --tenant \(raw) --role global-admin")
        }
        return id
    }
}

enum Output {
    static func json(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("quell: " + message + "\n").utf8))
    }
}
