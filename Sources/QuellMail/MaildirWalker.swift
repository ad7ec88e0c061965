import Foundation
import QuellCore

/// One message file found in a Maildir tree.
public struct MaildirEntry: Sendable, Hashable {
    /// The mailbox directory name (for an import tree: the mailbox address).
    public let mailbox: String
    /// The absolute path of the mailbox's Maildir root.
    public let mailboxRoot: String
    /// Maildir++ folder ("" for the inbox).
    public let folder: String
    public let key: String
    public let path: String
}

/// Lists the messages of a Maildir tree laid out as one Maildir per mailbox:
/// `ROOT/<mailbox>/{cur,new}`, with Maildir++ subfolders `ROOT/<mailbox>/.<Folder>/{cur,new}`.
/// Entries come sorted (mailbox, folder, key) so that an interrupted import resumes in the same order.
public enum MaildirWalker {
    public static func isMaildir(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path + "/cur", isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// A mailbox whose inbox directories are missing but whose Maildir++ folders exist.
    static func hasMaildirSubfolders(_ path: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.contains { $0.hasPrefix(".") && $0 != "." && $0 != ".." && isMaildir(path + "/" + $0) }
    }

    /// `root` is a tree of mailboxes; if `root` is itself a Maildir it is one mailbox named after it.
    public static func entries(root: String) throws -> [MaildirEntry] {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        let mailboxes: [(String, URL)]
        if isMaildir(rootURL.path) {
            mailboxes = [(rootURL.lastPathComponent, rootURL)]
        } else {
            let names = try FileManager.default.contentsOfDirectory(atPath: rootURL.path).sorted()
            mailboxes = names.filter { !$0.hasPrefix(".") }
                .map { ($0, rootURL.appendingPathComponent($0)) }
                .filter { isMaildir($0.1.path) || hasMaildirSubfolders($0.1.path) }
        }
        var entries: [MaildirEntry] = []
        for (mailbox, url) in mailboxes {
            let subfolders = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
                .filter { $0.hasPrefix(".") && $0 != "." && $0 != ".." && isMaildir(url.path + "/" + $0) }
                .map { String($0.dropFirst()) }
                .sorted()
            for folder in [""] + subfolders {
                let folderPath = folder.isEmpty ? url.path : url.path + "/" + MaildirNaming.directoryName(folder: folder)
                for sub in ["cur", "new"] {
                    let directory = folderPath + "/" + sub
                    let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
                        .filter { !$0.hasPrefix(".") }
                        .sorted()
                    for file in files {
                        entries.append(MaildirEntry(mailbox: mailbox, mailboxRoot: url.path, folder: folder,
                                                    key: MaildirNaming.key(fileName: file), path: directory + "/" + file))
                    }
                }
            }
        }
        return entries
    }
}
