import CCrypto
import Foundation

/// SHA-256 through OpenSSL's EVP interface.
public enum SHA256 {
    public static func digest<B: ContiguousBytes>(_ bytes: B) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        bytes.withUnsafeBytes { raw in
            out.withUnsafeMutableBufferPointer { md in
                let ok: Int32
                if let base = raw.baseAddress {
                    ok = EVP_Digest(base, raw.count, md.baseAddress, &length, EVP_sha256(), nil)
                } else {
                    // OpenSSL wants a valid pointer even for zero bytes.
                    var zero: UInt8 = 0
                    ok = EVP_Digest(&zero, 0, md.baseAddress, &length, EVP_sha256(), nil)
                }
                precondition(ok == 1 && length == 32, "EVP_Digest(SHA-256) failed")
            }
        }
        return out
    }

    /// Lowercase hex SHA-256 of `bytes`.
    public static func hex<B: ContiguousBytes>(_ bytes: B) -> String {
        let d = digest(bytes)
        var chars = [UInt8](repeating: 0, count: 64)
        for (i, b) in d.enumerated() {
            chars[2 * i] = ByteScanning.hexDigits[Int(b >> 4)]
            chars[2 * i + 1] = ByteScanning.hexDigits[Int(b & 0x0F)]
        }
        return String(decoding: chars, as: UTF8.self)
    }
}
