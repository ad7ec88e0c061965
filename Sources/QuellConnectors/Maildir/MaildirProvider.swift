import Foundation
import QuellCore

/// Remediates mailboxes stored as Maildir++ trees (Dovecot, Courier, Postfix `home_mailbox = Maildir/`).
/// A soft delete renames the message file into the mailbox's quarantine folder: atomic on one file
/// system, invisible to the user's normal folders, and recoverable by anyone with mailbox access.
public struct MaildirProvider: MailboxProvider {
    /// Maildir++ folder that holds soft-deleted mail (directory `.Quarantine` under the root).
    public static let quarantineFolder = "Quarantine"

    public init() {}

    public func softDelete(_ location: MessageLocation) -> MoveOutcome {
        let root = URL(fileURLWithPath: location.mailbox.location, isDirectory: true)
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return MoveOutcome(.failure, "mailbox \(location.mailbox.address) is not available at its Maildir")
        }
        let quarantine = MaildirLayout.folderURL(root: root, folder: Self.quarantineFolder)
        if MaildirLayout.find(key: location.locationKey, in: quarantine) != nil {
            return MoveOutcome(.alreadyInDestination, "already in \(Self.quarantineFolder)")
        }
        // Look where the index saw it first, then in every other folder: users move mail around.
        let folders = [location.folder] + MaildirLayout.folders(root: root).filter {
            $0 != location.folder && $0 != Self.quarantineFolder
        }
        for folder in folders {
            let folderURL = MaildirLayout.folderURL(root: root, folder: folder)
            guard let source = MaildirLayout.find(key: location.locationKey, in: folderURL) else { continue }
            do {
                try MaildirLayout.ensureFolder(quarantine)
                var name = source.lastPathComponent
                if source.deletingLastPathComponent().lastPathComponent == "new", !name.contains(":2,") {
                    name += ":2,"
                }
                let destination = quarantine.appendingPathComponent("cur").appendingPathComponent(name)
                guard rename(source.path, destination.path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    // The file vanished between listing and rename: someone else moved it.
                    if MaildirLayout.find(key: location.locationKey, in: quarantine) != nil {
                        return MoveOutcome(.alreadyInDestination, "moved concurrently")
                    }
                    return MoveOutcome(.failure, "rename failed: \(reason)")
                }
                return MoveOutcome(.success, "moved from \(folder.isEmpty ? "INBOX" : folder) to \(Self.quarantineFolder)")
            } catch {
                return MoveOutcome(.failure, "cannot prepare \(Self.quarantineFolder): \(error)")
            }
        }
        return MoveOutcome(.failure, "message not found in mailbox \(location.mailbox.address)")
    }
}

/// Maildir++ naming: the inbox is the root, folder `X` is the directory `.X`, and each holds
/// cur/, new/ and tmp/. A message's unique key is its file name before the `:2,` flags.
public enum MaildirLayout {
    public static func folderURL(root: URL, folder: String) -> URL {
        folder.isEmpty ? root : root.appendingPathComponent(MaildirNaming.directoryName(folder: folder), isDirectory: true)
    }

    /// Folder names present under `root` ("" for the inbox).
    public static func folders(root: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let subfolders = names.filter { $0.hasPrefix(".") && $0 != "." && $0 != ".." }
            .filter { isMaildir(root.appendingPathComponent($0)) }
            .map { String($0.dropFirst()) }
            .sorted()
        return (isMaildir(root) ? [""] : []) + subfolders
    }

    public static func isMaildir(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.appendingPathComponent("cur").path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// The file holding `key` in cur/ or new/ of `folder`, if any.
    public static func find(key: String, in folder: URL) -> URL? {
        for sub in ["cur", "new"] {
            let directory = folder.appendingPathComponent(sub)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            if let name = names.first(where: { $0 == key || MaildirNaming.key(fileName: $0) == key }) {
                return directory.appendingPathComponent(name)
            }
        }
        return nil
    }

    public static func ensureFolder(_ folder: URL) throws {
        for sub in ["cur", "new", "tmp"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub),
                                                    withIntermediateDirectories: true)
        }
    }
}
