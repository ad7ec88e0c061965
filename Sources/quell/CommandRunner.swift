import Foundation

/// Runs a command and maps outcomes to exit codes: 0 success, 1 handled error, 2 usage error.
enum CommandRunner {
    static func run(_ command: any Command.Type, _ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(command.help)
            return 0
        }
        do {
            let parsed = try ArgumentParser.parse(arguments, options: command.options)
            try command.run(parsed)
            return 0
        } catch let error as UsageError {
            Output.error("\(error.description)\n\n" + command.help)
            return 2
        } catch {
            Output.error("\(error)")
            return 1
        }
    }
}
