import CPSL

/// Registrable domains ("eTLD+1") through libpsl, using the newer of libpsl's built-in
/// list and the system list (`/usr/share/publicsuffix`, Debian package `publicsuffix`).
enum PublicSuffix {
    /// NB: psl contexts are immutable once loaded and libpsl's lookups only read them,
    /// so one process-wide context is shared by all threads. It is never freed.
    private struct Context: @unchecked Sendable {
        let pointer: OpaquePointer?
    }

    private static let context = Context(pointer: psl_latest(nil) ?? psl_builtin())

    /// `host` must be lowercase ASCII (punycode for IDNs). Nil for IP literals, single
    /// labels and public suffixes themselves.
    static func registrableDomain(_ host: String) -> String? {
        guard let ctx = context.pointer, !host.isEmpty, host.utf8.contains(0x2E), !IPAddress.isLiteral(host) else { return nil }
        return host.withCString { p -> String? in
            guard let r = psl_registrable_domain(ctx, p) else { return nil }
            return String(cString: r)
        }
    }
}
