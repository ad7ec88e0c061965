import CSQLite
import Foundation
import QuellCore

/// The embedded store: one SQLite file in WAL mode. Writes go through one connection under a lock
/// (SQLite has a single writer anyway); reads use a small pool of read-only connections so they never
/// wait for a writer.
public final class SQLiteStore: Store, @unchecked Sendable {
    // @unchecked Sendable: `writer` is only touched while `writerLock` is held, and each reader
    // connection is used by one thread at a time because it is removed from `readers` under
    // `readerCondition` while in use.
    private let writer: SQLiteConnection
    private let writerLock = NSLock()
    private var readers: [SQLiteConnection]
    private let readerCondition = NSCondition()
    public let path: String

    /// Opens (creating if needed) and migrates the database at `path`.
    public init(path: String, readerCount: Int = 4) throws {
        self.path = path
        writer = try SQLiteConnection(path: path)
        try Self.migrate(writer)
        readers = try (0..<max(1, readerCount)).map { _ in try SQLiteConnection(path: path, readOnly: true) }
    }

    /// Versions applied, in order.
    public func appliedMigrations() throws -> [Int] {
        try writerLocked { try $0.query("SELECT version FROM schema_migrations ORDER BY version") { Int($0.int(0)) } }
    }

    public func write<T>(_ body: (any StoreWriter) throws -> T) throws -> T {
        try writerLocked { connection in
            try connection.execute("BEGIN IMMEDIATE")
            do {
                let result = try body(SQLiteTransaction(connection))
                try connection.execute("COMMIT")
                return result
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func read<T>(_ body: (any StoreReader) throws -> T) throws -> T {
        readerCondition.lock()
        while readers.isEmpty { readerCondition.wait() }
        let connection = readers.removeLast()
        readerCondition.unlock()
        defer {
            readerCondition.lock()
            readers.append(connection)
            readerCondition.signal()
            readerCondition.unlock()
        }
        // One snapshot for the whole body, so multi-query reads are consistent.
        try connection.execute("BEGIN")
        defer { try? connection.execute("COMMIT") }
        return try body(SQLiteTransaction(connection))
    }

    private func writerLocked<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        writerLock.lock()
        defer { writerLock.unlock() }
        return try body(writer)
    }

    static func migrate(_ connection: SQLiteConnection) throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)
            """)
        let applied = Set(try connection.query("SELECT version FROM schema_migrations") { Int($0.int(0)) })
        if let newest = applied.max(), newest > SQLiteMigrations.headVersion {
            throw StoreError.corrupt("database schema version \(newest) is newer than this quell (\(SQLiteMigrations.headVersion))")
        }
        for step in SQLiteMigrations.steps where !applied.contains(step.version) {
            try connection.execute("BEGIN IMMEDIATE")
            do {
                try connection.execute(step.sql)
                try connection.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                   [.int(Int64(step.version)), .text(step.name), .date(Date())])
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }
}
