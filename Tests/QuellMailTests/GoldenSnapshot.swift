import Foundation
import QuellMail

/// The golden view of a parsed message: what `Fixtures/<name>.json` states. Only stable,
/// reviewable fields; bodies are cut to a prefix so the files stay readable.
struct GoldenSnapshot: Codable, Equatable {
    struct URL: Codable, Equatable {
        var url: String
        var displayURL: String?
        var source: String
        var host: String?
        var registrableDomain: String?
        var anchorText: String?
        var rewriter: String?
        var wrappedURL: String?
    }

    struct Member: Codable, Equatable {
        var path: String
        var size: Int
        var sha256: String?
        var detectedType: String?
        var isEncrypted: Bool
        var depth: Int
        var container: String?
    }

    struct Attachment: Codable, Equatable {
        var filename: String?
        var declaredType: String
        var detectedType: String?
        var size: Int
        var sha256: String
        var archiveMembers: [Member]
        var defects: [String]
    }

    struct Hop: Codable, Equatable {
        var from: String?
        var by: String?
        var ips: [String]
        var date: String?
    }

    struct Auth: Codable, Equatable {
        var authservID: String
        var results: [AuthenticationResult]
    }

    struct ARC: Codable, Equatable {
        var instance: Int
        var results: Auth
    }

    static let textPrefixCharacters = 160

    var subject: String?
    var from: [String]
    var sender: String?
    var replyTo: [String]
    var returnPath: String?
    var messageID: String?
    var date: String?
    var textBodyPrefix: String
    var urls: [URL]
    var attachments: [Attachment]
    var received: [Hop]
    var originatingIP: String?
    var authenticationResults: [Auth]
    var arcAuthenticationResults: [ARC]
    var listUnsubscribe: ListUnsubscribe?
    var defects: [String]

    init(_ m: ParsedMessage) {
        func iso(_ d: Date?) -> String? {
            d.map { ISO8601DateFormatter().string(from: $0) }
        }
        func mailbox(_ a: MailAddress) -> String { a.displayName.map { "\($0) <\(a.address)>" } ?? a.address }
        subject = m.subject
        from = m.from.map(mailbox)
        sender = m.sender.map(mailbox)
        replyTo = m.replyTo.map(mailbox)
        returnPath = m.returnPath
        messageID = m.messageID
        date = iso(m.date)
        textBodyPrefix = String(m.textBody.prefix(Self.textPrefixCharacters))
        urls = m.urls.map {
            URL(url: $0.url, displayURL: $0.displayURL == $0.url ? nil : $0.displayURL, source: $0.source.rawValue,
                host: $0.host, registrableDomain: $0.registrableDomain, anchorText: $0.anchorText,
                rewriter: $0.rewriter?.rawValue, wrappedURL: $0.wrappedURL)
        }
        attachments = m.attachments.map {
            Attachment(filename: $0.filename, declaredType: $0.contentType, detectedType: $0.detectedType, size: $0.size,
                       sha256: $0.sha256,
                       archiveMembers: $0.archiveMembers.map {
                           Member(path: $0.path, size: $0.size, sha256: $0.sha256, detectedType: $0.detectedType,
                                  isEncrypted: $0.isEncrypted, depth: $0.depth, container: $0.container)
                       },
                       defects: $0.defects.map(\.rawValue))
        }
        received = m.received.map { Hop(from: $0.from, by: $0.by, ips: $0.ips, date: iso($0.date)) }
        originatingIP = m.originatingIP
        authenticationResults = m.authenticationResults.map { Auth(authservID: $0.authservID, results: $0.results) }
        arcAuthenticationResults = m.arcAuthenticationResults.map {
            ARC(instance: $0.instance, results: Auth(authservID: $0.results.authservID, results: $0.results.results))
        }
        listUnsubscribe = m.listUnsubscribe
        defects = m.defects.map(\.rawValue)
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}
