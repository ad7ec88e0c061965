import Foundation
import QuellCore

enum IntelCommand: Command {
    static let name = "intel"
    static let usage = "quell intel add VALUE... --tenant T [--source NAME] [--data DIR]"
    static let summary = "Add threat-intel indicators: URLs (normalised before matching) or domains (match the domain and its subdomains)."
    static let options: [OptionSpec] = [
        SharedOptions.data, SharedOptions.tenant,
        .value("source", "where the indicators come from (default: manual)"),
    ]

    static func run(_ arguments: ParsedArguments) throws {
        guard arguments.positionals.first == "add" else { throw UsageError("expected: quell intel add VALUE... --tenant T") }
        let values = Array(arguments.positionals.dropFirst())
        guard !values.isEmpty else { throw UsageError("give at least one URL or domain") }
        let environment = try Environment(arguments)
        let tenant = try environment.tenant(arguments)
        let result = try environment.service.addIntel(tenant: tenant, values: values, source: arguments.value("source") ?? "manual",
                                                      actor: .cli())
        print("added \(result.added) indicator\(result.added == 1 ? "" : "s")\(result.known > 0 ? ", \(result.known) already known" : "")")
    }
}
