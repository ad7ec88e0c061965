import Foundation

/// A progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise.
final class Progress {
    private let total: Int
    private let label: String
    private let started = Date()
    private var lastDraw = Date.distantPast
    private let isTerminal = isatty(STDERR_FILENO) == 1

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int, force: Bool = false) {
        let now = Date()
        let interval = isTerminal ? 0.1 : 5
        guard force || now.timeIntervalSince(lastDraw) >= interval else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(done) / elapsed
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\(label) [\(bar)] \(done)/\(total) \(Int(fraction * 100))% \(Int(rate)) msg/s ETA \(Self.duration(eta))"
        FileHandle.standardError.write(Data(((isTerminal ? "\r" : "") + line + (isTerminal ? "" : "\n")).utf8))
    }

    func finish(_ done: Int) {
        update(done, force: true)
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    var elapsedSeconds: Double { Date().timeIntervalSince(started) }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
