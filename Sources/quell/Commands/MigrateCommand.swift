import Foundation

enum MigrateCommand: Command {
    static let name = "migrate"
    static let usage = "quell migrate [--data DIR]"
    static let summary = "Apply schema migrations (serve and every other command also do this on start)."
    static let options: [OptionSpec] = [SharedOptions.data]

    static func run(_ arguments: ParsedArguments) throws {
        let environment = try Environment(arguments)
        let applied = try environment.store.appliedMigrations()
        print("schema at version \(applied.last ?? 0) (\(applied.count) migration\(applied.count == 1 ? "" : "s") applied)")
    }
}
