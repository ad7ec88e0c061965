import CSQLite
import Foundation
import QuellCore

/// A single SQLite connection. Not thread-safe by itself: `SQLiteStore` serialises access to it.
final class SQLiteConnection {
    private(set) var handle: OpaquePointer?
    private var statements: [String: Statement] = [:]

    init(path: String, readOnly: Bool = false) throws {
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE))
            | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &handle, flags, nil)
        guard code == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(handle)
            handle = nil
            throw StoreError.database(code: code, message: "\(message): \(path)", sql: "open")
        }
        // Another process (the CLI next to a running server) may hold the write lock briefly.
        sqlite3_busy_timeout(handle, 10_000)
        try execute("PRAGMA foreign_keys = ON")
        if !readOnly {
            try execute("PRAGMA journal_mode = WAL")
            try execute("PRAGMA synchronous = NORMAL")
        }
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw StoreError.database(code: code, message: message, sql: sql)
        }
    }

    /// A cached prepared statement, reset and with its bindings cleared.
    func prepare(_ sql: String) throws -> Statement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &raw, nil)
        guard code == SQLITE_OK, let raw else {
            throw StoreError.database(code: code, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
        }
        let statement = Statement(raw, sql: sql, connection: handle)
        statements[sql] = statement
        return statement
    }

    /// Runs `sql` with `values` bound in order; returns the number of changed rows.
    @discardableResult
    func run(_ sql: String, _ values: [SQLValue] = []) throws -> Int {
        let statement = try prepare(sql)
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query and maps each row.
    func query<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Statement) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try map(statement)) }
        return rows
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
}

enum SQLValue {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob([UInt8])

    static func optional(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    static func date(_ value: Date?) -> SQLValue { value.map { .double($0.timeIntervalSince1970) } ?? .null }
    static func bool(_ value: Bool) -> SQLValue { .int(value ? 1 : 0) }
}

final class Statement {
    let raw: OpaquePointer
    let sql: String
    private let connection: OpaquePointer?

    init(_ raw: OpaquePointer, sql: String, connection: OpaquePointer?) {
        self.raw = raw
        self.sql = sql
        self.connection = connection
    }

    deinit { sqlite3_finalize(raw) }

    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    func bind(_ values: [SQLValue]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(raw, index)
            case let .int(v): code = sqlite3_bind_int64(raw, index, v)
            case let .double(v): code = sqlite3_bind_double(raw, index, v)
            case let .text(v): code = sqlite3_bind_text(raw, index, v, -1, csqlite_transient())
            case let .blob(v):
                code = v.withUnsafeBytes { sqlite3_bind_blob(raw, index, $0.baseAddress, Int32($0.count), csqlite_transient()) }
            }
            guard code == SQLITE_OK else { throw error(code) }
        }
    }

    /// Advances; true while there is a row.
    func step() throws -> Bool {
        let code = sqlite3_step(raw)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw error(code)
        }
    }

    private func error(_ code: Int32) -> StoreError {
        let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "error"
        if code == SQLITE_CONSTRAINT || (code & 0xFF) == SQLITE_CONSTRAINT {
            return .conflict("\(message) (\(sql.prefix(80)))")
        }
        return .database(code: code, message: message, sql: sql)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(raw, column) == SQLITE_NULL }
    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(raw, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(raw, column) }
    func text(_ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(raw, column) else { return "" }
        return String(cString: pointer)
    }
    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
    func date(_ column: Int32) -> Date { Date(timeIntervalSince1970: double(column)) }
    func optionalDate(_ column: Int32) -> Date? { isNull(column) ? nil : date(column) }
    func bool(_ column: Int32) -> Bool { int(column) != 0 }
    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(raw, column))
        guard count > 0, let pointer = sqlite3_column_blob(raw, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
