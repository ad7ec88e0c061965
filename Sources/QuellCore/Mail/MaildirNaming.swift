/// Maildir++ naming rules shared by the importer and the Maildir connector: the inbox is the root,
/// folder `X` is the directory `.X`, and a message's unique key is its file name before `:2,` flags
/// (flags change when a client marks mail read; the key does not).
public enum MaildirNaming {
    public static func key(fileName: String) -> String {
        if let colon = fileName.firstIndex(of: ":") { return String(fileName[..<colon]) }
        return fileName
    }

    public static func directoryName(folder: String) -> String { folder.isEmpty ? "" : "." + folder }
}
