import CMagic
import Synchronization

/// Content-based MIME type detection through libmagic (`file`'s database).
///
/// A libmagic handle must not be used by two threads at once, so handles live in a
/// small pool: a caller takes one exclusively, uses it, and returns it.
enum FileTypeDetector {
    /// Bytes of a buffer given to libmagic. The signatures of the formats that matter sit
    /// in the first kilobytes, but libmagic's text and encoding checks scan everything they
    /// are given. 16 KB detects the same types as 1 MB on the corpus and the fixtures.
    /// JSON, CSV and token checks are off (see CMagic/shim.h): such files read as text/plain.
    static let sampleBytesMax = 16 * 1024
    private static let pooledHandlesMax = 8

    /// NB: a handle is only touched by the thread that took it out of the pool.
    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private static let pool = Mutex<[Handle]>([])
    private static let isUnavailable = Atomic<Bool>(false)

    /// Lowercase `type/subtype` of `bytes`, or nil when libmagic or its database
    /// (Debian package `libmagic-mgc`) is missing.
    static func mimeType(_ bytes: [UInt8]) -> String? {
        mimeType(bytes, 0..<bytes.count)
    }

    static func mimeType(_ bytes: [UInt8], _ range: Range<Int>) -> String? {
        guard !isUnavailable.load(ordering: .relaxed) else { return nil }
        // What libmagic answers for no data; it also wants a non-null pointer.
        if range.isEmpty { return "application/x-empty" }
        guard let handle = pool.withLock({ $0.popLast() }) ?? open() else { return nil }
        defer {
            let kept = pool.withLock { pool -> Bool in
                guard pool.count < pooledHandlesMax else { return false }
                pool.append(handle)
                return true
            }
            if !kept { magic_close(handle.pointer) }
        }
        let count = min(range.count, sampleBytesMax)
        let result: String? = bytes.withUnsafeBufferPointer { buf in
            guard let base = buf.baseAddress, let r = magic_buffer(handle.pointer, base + range.lowerBound, count) else {
                return nil
            }
            return String(cString: r)
        }
        guard let result, !result.isEmpty else { return nil }
        // Some database entries append parameters ("text/plain; charset=...") to the type.
        let type = result.split(separator: ";", maxSplits: 1).first.map(String.init) ?? result
        return ByteScanning.asciiLowercased(ByteScanning.trimmedString(type))
    }

    private static func open() -> Handle? {
        guard let m = magic_open(cmagic_mime_type_flags()) else {
            isUnavailable.store(true, ordering: .relaxed)
            return nil
        }
        guard magic_load(m, nil) == 0 else {
            magic_close(m)
            isUnavailable.store(true, ordering: .relaxed)
            return nil
        }
        return Handle(pointer: m)
    }
}
