import Synchronization

/// Per-request state, owned by libmicrohttpd through `*con_cls`: created (retained) on the first access-handler
/// call, released in the request-completed callback, which MHD calls for every request that reached the handler,
/// aborted ones included. (Not in MHD's URI-log callback: if the connection dies before the headers are
/// complete, MHD never calls the completion callback for it, and the state leaks.)
/// MHD serves one connection on one thread at a time, so this needs no locking.
final class HTTPRequestState {
    #if DEBUG
    /// Live instances; tests use it to prove aborted and malformed requests do not leak.
    /// Debug only: a shared counter is a cache line that every worker thread would write per request.
    static let live = Atomic<Int>(0)
    #endif

    let rawPath: String
    var tooLarge = false
    var body: [UInt8] = []

    init(rawPath: String) {
        self.rawPath = rawPath
        #if DEBUG
        HTTPRequestState.live.add(1, ordering: .relaxed)
        #endif
    }

    #if DEBUG
    deinit {
        HTTPRequestState.live.subtract(1, ordering: .relaxed)
    }
    #endif
}
