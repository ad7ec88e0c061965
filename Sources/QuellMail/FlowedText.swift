/// RFC 3676 format=flowed: joins soft-broken lines so text (and URLs split across
/// lines) reads as written. Quote depth is not tracked yet.
enum FlowedText {
    static func unwrap(_ b: [UInt8], delSp: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        let n = b.count
        while i < n {
            let nl = ByteScanning.firstIndex(of: ByteScanning.lf, in: b, from: i, to: n)
            var lineEnd = nl ?? n
            if lineEnd > i && b[lineEnd - 1] == ByteScanning.cr { lineEnd -= 1 }
            var start = i
            if start < lineEnd && b[start] == ByteScanning.space { start += 1 }  // space-stuffing
            let isSignature = lineEnd - start == 3 && b[start] == 0x2D && b[start + 1] == 0x2D && b[start + 2] == 0x20
            let soft = nl != nil && !isSignature && lineEnd > start && b[lineEnd - 1] == ByteScanning.space
            out.append(contentsOf: b[start..<(soft && delSp ? lineEnd - 1 : lineEnd)])
            if !soft && nl != nil { out.append(ByteScanning.lf) }
            i = nl.map { $0 + 1 } ?? n
        }
        return out
    }
}
