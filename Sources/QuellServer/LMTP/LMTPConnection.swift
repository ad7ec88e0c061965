import Foundation
import Glibc

/// One client connection: reads into the session, writes its replies, runs its deliveries.
/// Lives on its own thread; the socket is closed by the caller (through the registry).
struct LMTPConnection {
    let socket: Int32
    let configuration: LMTPServerConfiguration
    let delivery: any LMTPDelivery
    let registry: LMTPConnectionRegistry

    func run() {
        var timeout = timeval(tv_sec: configuration.idleTimeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // A client that stops reading must not hold the thread forever either.
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var session = LMTPSession(configuration: configuration)
        guard perform(session.start(), &session) else { return }
        var chunk = [UInt8](repeating: 0, count: LMTPLimits.readChunkBytes)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                guard perform(session.receive(chunk[0..<count]), &session) else { return }
            } else if count == 0 {
                // End of input: the client left, or `stop()` shut our reading side down.
                if registry.isStopping { _ = perform(session.shuttingDown(), &session) }
                return
            } else {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { _ = perform(session.timedOut(), &session) }
                return
            }
        }
    }

    /// Carries out the session's actions in order; false once the connection should close.
    private func perform(_ actions: [LMTPSession.Action], _ session: inout LMTPSession) -> Bool {
        var queue = actions[...]
        var output: [UInt8] = []
        while let action = queue.popFirst() {
            switch action {
            case let .reply(reply):
                output += reply.bytes
            case let .deliver(envelope):
                // Answer what came before first: the client may be waiting on those replies.
                guard write(&output) else { return false }
                let outcomes = delivery.deliver(envelope)
                queue = (Array(queue) + session.deliveryFinished(outcomes))[...]
            case .close:
                _ = write(&output)
                return false
            }
        }
        return write(&output)
    }

    private func write(_ output: inout [UInt8]) -> Bool {
        defer { output.removeAll(keepingCapacity: true) }
        var offset = 0
        while offset < output.count {
            let sent = output.withUnsafeBytes { send(socket, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }
}
