import Foundation

let commands: [any Command.Type] = [
    ServeCommand.self, DemoCommand.self, ImportCommand.self, TokenCommand.self, IntelCommand.self, MigrateCommand.self,
]

let topHelp = """
    usage: quell <command> [options]

    Self-hosted automated investigation and response for email threats.

    commands:
      serve     run the HTTP API and investigation workers
      demo      create a demo tenant with sample mail and serve it
      import    index a Maildir tree (one Maildir per mailbox)
      token     create an API bearer token (quell token create --tenant T --role R)
      intel     add threat-intel indicators (quell intel add URL... --tenant T)
      migrate   apply database migrations

    Run `quell <command> --help` for a command's options.
    """

var arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
    print(topHelp)
    exit(arguments.isEmpty ? 2 : 0)
}
arguments.removeFirst()
guard let command = commands.first(where: { $0.name == name }) else {
    Output.error("unknown command \"\(name)\"\n\n" + topHelp)
    exit(2)
}
exit(CommandRunner.run(command, arguments))
