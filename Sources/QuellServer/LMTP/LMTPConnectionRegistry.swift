import Foundation
import Glibc

/// The open LMTP connections, so that the count is bounded and `stop()` can wake and await them.
final class LMTPConnectionRegistry: @unchecked Sendable {
    // @unchecked Sendable: every field is read and written only while `condition` is locked. Sockets
    // are closed under the same lock, so `shutdownReads` never touches a descriptor number that was
    // already closed and reused.
    private let condition = NSCondition()
    private var open: Set<Int32> = []
    private var isStoppingValue = false

    var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isStoppingValue
    }

    /// Registers the socket unless the server is full or stopping.
    func admit(_ socket: Int32, limit: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isStoppingValue, open.count < limit else { return false }
        open.insert(socket)
        return true
    }

    func closeAndRemove(_ socket: Int32) {
        condition.lock()
        defer { condition.unlock() }
        Glibc.close(socket)
        open.remove(socket)
        condition.broadcast()
    }

    func beginStopping() {
        condition.lock()
        isStoppingValue = true
        condition.unlock()
    }

    /// Makes every blocked `recv` return end-of-input; replies can still be written.
    func shutdownReads() {
        condition.lock()
        defer { condition.unlock() }
        for socket in open { shutdown(socket, Int32(SHUT_RD)) }
    }

    /// Waits until every connection has closed; false if `deadline` passed first.
    func waitUntilEmpty(deadline: Date) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !open.isEmpty {
            if !condition.wait(until: deadline) { return open.isEmpty }
        }
        return true
    }
}
