import CArchive

/// Lists archive attachments with libarchive, reading from memory. Everything is
/// bounded by the archive limits of `MailParseLimits`; problems become defects, never
/// errors, so a hostile archive cannot make the whole message unparseable.
enum ArchiveInspector {
    /// Per-message consumption of the archive limits, shared by all attachments.
    struct Budget {
        var members = 0
        var expandedBytes = 0
    }

    struct Listing {
        var members: [ArchiveMember] = []
        var defects: [MailDefect] = []

        mutating func record(_ d: MailDefect) {
            if !defects.contains(d) { defects.append(d) }
        }
    }

    private static let archiveTypes: Set<String> = [
        "application/zip", "application/x-zip-compressed", "application/x-zip", "application/java-archive",
        "application/x-tar", "application/x-gtar", "application/x-ustar",
        "application/x-7z-compressed", "application/x-rar", "application/x-rar-compressed", "application/vnd.rar",
        "application/vnd.ms-cab-compressed", "application/x-iso9660-image", "application/x-cpio", "application/x-lzh-compressed",
        "application/x-xar", "application/x-archive",
    ]
    /// Single-stream compressors: their content is listed as one member (libarchive "raw").
    private static let compressorTypes: Set<String> = [
        "application/gzip", "application/x-gzip", "application/x-bzip2", "application/x-xz", "application/x-lzma",
        "application/zstd", "application/x-zstd", "application/x-compress", "application/x-lzip",
    ]

    static func isArchiveType(_ type: String) -> Bool { archiveTypes.contains(type) || compressorTypes.contains(type) }

    private static let chunkBytes = 64 * 1024

    static func list(
        _ bytes: [UInt8], type: String, limits: MailParseLimits, budget: inout Budget
    ) -> Listing {
        var listing = Listing()
        list(bytes, type: type, depth: 1, container: nil, limits: limits, budget: &budget, into: &listing)
        return listing
    }

    private static func list(
        _ bytes: [UInt8], type: String, depth: Int, container: String?, limits: MailParseLimits, budget: inout Budget,
        into listing: inout Listing
    ) {
        guard let a = archive_read_new() else {
            listing.record(.archiveUnsupported)
            return
        }
        defer { archive_read_free(a) }
        archive_read_support_filter_all(a)
        archive_read_support_format_all(a)
        if compressorTypes.contains(type) { archive_read_support_format_raw(a) }
        var nested: [(path: String, data: [UInt8], type: String)] = []
        // NB: libarchive keeps the buffer pointer until archive_read_free, so all reading
        // happens inside this closure.
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, archive_read_open_memory(a, base, raw.count) == ARCHIVE_OK else {
                listing.record(.archiveUnsupported)
                return
            }
            var chunk = [UInt8](repeating: 0, count: chunkBytes)
            var entry: OpaquePointer?
            var entries = 0
            while true {
                let r = archive_read_next_header(a, &entry)
                if r == ARCHIVE_EOF { break }
                if r == ARCHIVE_FATAL || r == ARCHIVE_RETRY || entry == nil {
                    listing.record(archive_read_has_encrypted_entries(a) > 0 ? .archiveEncrypted : .archiveUnsupported)
                    break
                }
                guard let e = entry else { break }
                entries += 1
                if carchive_entry_is_directory(e) != 0 { continue }
                if budget.members >= limits.archiveMembersMax {
                    listing.record(.archiveMemberLimitReached)
                    break
                }
                budget.members += 1
                let path = (archive_entry_pathname_utf8(e) ?? archive_entry_pathname(e)).map { String(cString: $0) } ?? ""
                let declared = archive_entry_size_is_set(e) != 0 ? max(0, Int(archive_entry_size(e))) : 0
                if archive_entry_is_encrypted(e) != 0 {
                    listing.record(.archiveEncrypted)
                    listing.members.append(ArchiveMember(
                        path: path, size: declared, sha256: nil, detectedType: nil, isEncrypted: true, depth: depth,
                        container: container))
                    continue
                }
                var data: [UInt8] = []
                var complete = true
                var fatal = false
                while true {
                    let n = chunk.withUnsafeMutableBytes { archive_read_data(a, $0.baseAddress, $0.count) }
                    if n == 0 { break }
                    if n < 0 {
                        listing.record(archive_read_has_encrypted_entries(a) > 0 ? .archiveEncrypted : .archiveUnsupported)
                        complete = false
                        fatal = n == Int(ARCHIVE_FATAL)
                        break
                    }
                    if data.count + n > limits.archiveMemberBytesMax {
                        listing.record(.archiveMemberTooLarge)
                        complete = false
                        break
                    }
                    if budget.expandedBytes + n > limits.archiveExpandedBytesMax {
                        listing.record(.archiveExpandedLimitReached)
                        complete = false
                        break
                    }
                    budget.expandedBytes += n
                    data.append(contentsOf: chunk[0..<n])
                }
                let detected = complete ? FileTypeDetector.mimeType(data) : nil
                listing.members.append(ArchiveMember(
                    path: path, size: complete ? data.count : max(declared, data.count),
                    sha256: complete ? SHA256.hex(data) : nil, detectedType: detected, isEncrypted: false, depth: depth,
                    container: container))
                if let detected, isArchiveType(detected) {
                    if depth < limits.archiveDepthMax {
                        nested.append((path, data, detected))
                    } else {
                        listing.record(.archiveNestingLimitReached)
                    }
                }
                if fatal || budget.expandedBytes >= limits.archiveExpandedBytesMax { break }
            }
            if entries == 0 && listing.members.isEmpty && listing.defects.isEmpty { listing.record(.archiveUnsupported) }
        }
        for inner in nested {
            list(inner.data, type: inner.type, depth: depth + 1, container: inner.path, limits: limits, budget: &budget,
                 into: &listing)
        }
    }
}
