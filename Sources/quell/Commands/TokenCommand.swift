import Foundation
import QuellCore

enum TokenCommand: Command {
    static let name = "token"
    static let usage = "quell token create --tenant T --role ROLE [--search-and-purge] [--name NAME] [--data DIR] [--format text|json]"
    static let summary = """
        Create a bearer token for the API. Roles: global-admin, security-admin, security-operator, security-reader.
        Approving or rejecting actions needs an admin or operator role and --search-and-purge.
        The tenant is created if it does not exist yet. The token is shown once; only its hash is stored.
        """
    static let options: [OptionSpec] = [
        SharedOptions.data, SharedOptions.tenant, SharedOptions.format,
        .value("role", "global-admin | security-admin | security-operator | security-reader"),
        .flag("search-and-purge", "grant the Search and Purge permission"),
        .value("name", "a name for the principal, shown in the audit log"),
    ]

    static func run(_ arguments: ParsedArguments) throws {
        guard arguments.positionals == ["create"] else { throw UsageError("expected: quell token create ...") }
        let tenantRaw = try arguments.required("tenant")
        let roleRaw = try arguments.required("role")
        guard let role = Role(rawValue: roleRaw) else {
            throw UsageError("--role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let environment = try Environment(arguments)
        try environment.service.ensureTenant(Tenant.ID(tenantRaw), name: tenantRaw, actor: .cli())
        let issued = try environment.service.issueToken(tenant: Tenant.ID(tenantRaw), role: role,
                                                        searchAndPurge: arguments.has("search-and-purge"),
                                                        name: arguments.value("name"), actor: .cli())
        if arguments.value("format") == "json" {
            print(Output.json(["token": issued.token, "tenant": tenantRaw, "role": role.rawValue,
                               "searchAndPurge": issued.principal.hasSearchAndPurge, "name": issued.principal.name]))
        } else {
            print(issued.token)
        }
    }
}
