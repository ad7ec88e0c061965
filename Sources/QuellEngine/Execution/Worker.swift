import Foundation
import QuellCore

/// Runs jobs on a background thread until stopped. Several workers (threads or processes) can run
/// against one store: claims are leased, so each job runs on one worker at a time.
public final class Worker: Sendable {
    public let name: String
    private let service: AIRService
    private let state = WorkerState()
    private let onError: @Sendable (String) -> Void

    public init(name: String, service: AIRService, onError: @escaping @Sendable (String) -> Void) {
        self.name = name
        self.service = service
        self.onError = onError
    }

    public func start() {
        let service = service, name = name, state = state, onError = onError
        Thread.detachNewThread {
            while !state.isStopped {
                do {
                    if try service.runNextJob(worker: name) { continue }
                } catch {
                    onError("worker \(name): \(error)")
                }
                // Idle: wake on in-process work at once, poll for work from other processes.
                service.jobSignal.wait(seconds: 0.25)
            }
            state.markFinished()
        }
    }

    /// Asks the loop to stop and waits until the current job is finished.
    public func stop() {
        state.stop()
        service.jobSignal.notify()
        state.waitFinished()
    }
}

final class WorkerState: @unchecked Sendable {
    // @unchecked Sendable: both flags are only read and written under `condition`.
    private let condition = NSCondition()
    private var stopped = false
    private var finished = false

    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.unlock()
    }

    func markFinished() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    func waitFinished() {
        condition.lock()
        while !finished { condition.wait() }
        condition.unlock()
    }
}
