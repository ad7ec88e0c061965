import Foundation

/// Hand-written argument parsing, kept in one place: each command declares its options, and this
/// turns `argv` into values or a usage error.
struct OptionSpec {
    let name: String
    let takesValue: Bool
    let help: String
    let repeatable: Bool

    static func flag(_ name: String, _ help: String) -> OptionSpec { OptionSpec(name: name, takesValue: false, help: help, repeatable: false) }
    static func value(_ name: String, _ help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, takesValue: true, help: help, repeatable: repeatable)
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A failure the user can fix; printed as one line, exit code 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

struct ParsedArguments {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    func value(_ name: String) -> String? { values[name]?.last }
    func has(_ name: String) -> Bool { flags.contains(name) }

    func required(_ name: String) throws -> String {
        guard let value = value(name), !value.isEmpty else { throw UsageError("missing --\(name)") }
        return value
    }

    func int(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = self.value(name) else { return value }
        guard let parsed = Int(text), range.contains(parsed) else {
            throw UsageError("--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return parsed
    }
}

enum ArgumentParser {
    static func parse(_ arguments: [String], options: [OptionSpec]) throws -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = options.first(where: { $0.name == name }) else { throw UsageError("unknown option --\(name)") }
            if spec.takesValue {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count else { throw UsageError("--\(name) needs a value") }
                    value = arguments[index]
                    index += 1
                }
                if !spec.repeatable, parsed.values[name] != nil { throw UsageError("--\(name) given twice") }
                parsed.values[name, default: []].append(value)
            } else {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value") }
                parsed.flags.insert(name)
            }
        }
        return parsed
    }

    static func help(usage: String, summary: String, options: [OptionSpec]) -> String {
        var text = "usage: \(usage)\n\n\(summary)\n"
        if !options.isEmpty {
            text += "\noptions:\n"
            let width = options.map { $0.name.count + ($0.takesValue ? 8 : 0) }.max() ?? 0
            for option in options {
                let left = "--\(option.name)" + (option.takesValue ? " <value>" : "")
                text += "  " + left + String(repeating: " ", count: max(1, width + 4 - left.count)) + option.help + "\n"
            }
        }
        return text
    }
}
