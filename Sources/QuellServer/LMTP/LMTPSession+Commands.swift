extension LMTPSession {
    static let helpText = "2.0.0 commands: LHLO EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP"
    /// Real commands this server does not offer (RFC 5321 §4.2.4: 502, not 500).
    static let unimplementedVerbs: Set<String> = ["EXPN", "TURN", "ETRN", "STARTTLS", "AUTH", "BDAT", "SEND", "SOML", "SAML"]

    mutating func command(_ line: [UInt8]) -> [Action] {
        commandCount += 1
        if commandCount > configuration.commandsPerConnectionMax {
            return close(LMTPReply(421, "4.7.0 too many commands on one connection, reconnect"))
        }
        let text = String(decoding: line, as: UTF8.self)
        let verbEnd = text.firstIndex(of: " ") ?? text.endIndex
        let verb = text[..<verbEnd].uppercased()
        let argument = text[verbEnd...].trimmingSpaces
        switch verb {
        case "LHLO": return hello(.lmtp, argument, isExtended: true)
        case "EHLO": return hello(.smtp, argument, isExtended: true)
        case "HELO": return hello(.smtp, argument, isExtended: false)
        case "MAIL": return [.reply(mail(argument))]
        case "RCPT": return [.reply(rcpt(argument))]
        case "DATA": return [.reply(data(argument))]
        case "RSET":
            resetTransaction()
            return [.reply(LMTPReply(250, "2.0.0 reset"))]
        case "NOOP": return [.reply(LMTPReply(250, "2.0.0 ok"))]
        case "QUIT": return close(LMTPReply(221, "2.0.0 \(configuration.hostname) closing connection"))
        case "VRFY": return [.reply(LMTPReply(252, "2.5.0 cannot verify the user, but will accept the message"))]
        case "HELP": return [.reply(LMTPReply(214, Self.helpText))]
        case "": return [.reply(LMTPReply(500, "5.5.2 empty command"))]
        case _ where Self.unimplementedVerbs.contains(verb): return [.reply(LMTPReply(502, "5.5.1 \(verb) not implemented"))]
        default: return [.reply(LMTPReply(500, "5.5.1 command not recognized"))]
        }
    }

    private mutating func hello(_ dialect: Dialect, _ domain: Substring, isExtended: Bool) -> [Action] {
        guard !domain.isEmpty, !domain.contains(" ") else {
            return [.reply(LMTPReply(501, "5.5.4 \(dialect == .lmtp ? "LHLO" : isExtended ? "EHLO" : "HELO") needs one domain argument"))]
        }
        // RFC 5321 §4.1.4: a new greeting resets any transaction.
        resetTransaction()
        self.dialect = dialect
        let name = configuration.hostname
        guard isExtended else { return [.reply(LMTPReply(250, name))] }
        return [.reply(LMTPReply(250, lines: [name, "PIPELINING", "8BITMIME", "SIZE \(configuration.messageBytesMax)", "ENHANCEDSTATUSCODES"]))]
    }

    private mutating func mail(_ argument: Substring) -> LMTPReply {
        guard dialect != nil else { return LMTPReply(503, "5.5.1 send LHLO or EHLO first") }
        guard sender == nil else { return LMTPReply(503, "5.5.1 sender already given; RSET to start over") }
        guard let (address, parameters) = Self.path(argument, keyword: "FROM:") else {
            return LMTPReply(501, "5.5.4 syntax: MAIL FROM:<address> [SIZE=n]")
        }
        for parameter in parameters {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            let key = parts[0].uppercased(), value = parts.count == 2 ? String(parts[1]) : ""
            switch key {
            case "SIZE":
                guard value.count <= 20, value.allSatisfy(\.isASCIIDigit), let declared = Int(value) else {
                    // Digits beyond Int are certainly too large.
                    if !value.isEmpty, value.allSatisfy(\.isASCIIDigit) { return tooLarge() }
                    return LMTPReply(501, "5.5.4 SIZE needs a number of bytes")
                }
                if declared > configuration.messageBytesMax { return tooLarge() }
            case "BODY":
                guard ["7BIT", "8BITMIME"].contains(value.uppercased()) else { return LMTPReply(501, "5.5.4 BODY must be 7BIT or 8BITMIME") }
            default:
                return LMTPReply(555, "5.5.4 parameter \(Self.clean(key)) not supported")
            }
        }
        sender = address
        return LMTPReply(250, "2.1.0 sender ok")
    }

    private func tooLarge() -> LMTPReply {
        LMTPReply(552, "5.3.4 message size exceeds the maximum of \(configuration.messageBytesMax) bytes")
    }

    private mutating func rcpt(_ argument: Substring) -> LMTPReply {
        guard sender != nil else { return LMTPReply(503, "5.5.1 send MAIL first") }
        guard let (address, parameters) = Self.path(argument, keyword: "TO:"), !address.isEmpty else {
            return LMTPReply(501, "5.5.4 syntax: RCPT TO:<address>")
        }
        guard parameters.isEmpty else { return LMTPReply(555, "5.5.4 RCPT parameters are not supported") }
        // RFC 5321 §4.5.3.1.10: 452 asks the client to send the rest in another transaction.
        guard recipients.count < configuration.recipientsPerMessageMax else {
            return LMTPReply(452, "4.5.3 too many recipients (max \(configuration.recipientsPerMessageMax))")
        }
        let mailbox = address.lowercased()
        recipients.append(mailbox)
        return LMTPReply(250, "2.1.5 <\(mailbox)> recipient ok")
    }

    private mutating func data(_ argument: Substring) -> LMTPReply {
        guard argument.isEmpty else { return LMTPReply(501, "5.5.4 DATA takes no argument") }
        guard sender != nil else { return LMTPReply(503, "5.5.1 send MAIL first") }
        guard !recipients.isEmpty else { return LMTPReply(503, "5.5.1 no valid recipients") }
        phase = .data
        return LMTPReply(354, "end data with <CR><LF>.<CR><LF>")
    }

    /// Parses `FROM:<path> params` / `TO:<path> params`. Accepts a space after the colon and a bare
    /// address without brackets, as lenient servers do; drops an RFC 5321 source route (`<@a,@b:x@y>`).
    static func path(_ argument: Substring, keyword: String) -> (String, [Substring])? {
        guard argument.uppercased().hasPrefix(keyword) else { return nil }
        let rest = argument.dropFirst(keyword.count).trimmingSpaces
        var address: Substring
        var tail: Substring
        if rest.first == "<" {
            guard let close = rest.firstIndex(of: ">") else { return nil }
            address = rest[rest.index(after: rest.startIndex)..<close]
            tail = rest[rest.index(after: close)...]
        } else {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            address = rest[..<end]
            tail = rest[end...]
        }
        if address.first == "@", let colon = address.firstIndex(of: ":") { address = address[address.index(after: colon)...] }
        guard address.utf8.count <= LMTPLimits.addressBytesMax,
              address.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value != 127 && $0 != "<" && $0 != ">" }) else { return nil }
        return (String(address), tail.split(separator: " "))
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result = result.dropFirst() }
        while result.last == " " || result.last == "\t" { result = result.dropLast() }
        return result
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
