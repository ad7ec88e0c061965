import Foundation

/// A progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise.
final class Progress {
    private let label: String
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var fraction = 0.0
    private let isTerminal = isatty(STDERR_FILENO) == 1

    init(label: String) { self.label = label }

    func update(seen: Int, fraction: Double, force: Bool = false) {
        self.fraction = min(max(fraction, 0), 1)
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= (isTerminal ? 0.1 : 5) else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Double(seen) / elapsed
        let eta = self.fraction > 0 ? elapsed * (1 - self.fraction) / self.fraction : 0
        let width = 30
        let filled = Int(self.fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\(label) [\(bar)] \(Int(self.fraction * 100))% \(seen) msgs \(Int(rate)) msg/s ETA \(Self.duration(eta))"
        FileHandle.standardError.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + line + (isTerminal ? "" : "\n")).utf8))
    }

    func finish(seen: Int) {
        update(seen: seen, fraction: 1, force: true)
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
