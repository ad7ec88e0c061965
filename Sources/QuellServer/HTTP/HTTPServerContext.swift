import Synchronization

/// What the libmicrohttpd callbacks need, reached through their `void *cls`.
/// Shared by all worker threads: every stored property is immutable or a Mutex, so it is checked Sendable.
final class HTTPServerContext: Sendable {
    let handler: @Sendable (HTTPRequest) -> HTTPResponse
    let bodyBytesMax: Int
    let errorLogger: (@Sendable (String) -> Void)?
    /// Messages logged while `start()` runs, so a failure can say why (MHD reports bind errors only here).
    let startMessages = Mutex<[String]?>(nil)

    init(handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse, bodyBytesMax: Int, errorLogger: (@Sendable (String) -> Void)?) {
        self.handler = handler
        self.bodyBytesMax = bodyBytesMax
        self.errorLogger = errorLogger
    }

    func log(_ message: String) {
        startMessages.withLock { messages in
            messages?.append(message)
        }
        errorLogger?(message)
    }
}
