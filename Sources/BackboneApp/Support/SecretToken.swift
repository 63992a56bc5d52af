import Crypto
import Foundation

/// Random secrets handed to a client (session cookies, API tokens, one-time links) and the
/// digests we store in their place.
enum SecretToken {
    /// 256 random bits, URL-safe base64 without padding, with an optional readable prefix.
    static func generate(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let encoded = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + encoded
    }

    /// SHA-256 in hex. Tokens carry 256 bits of entropy, so a fast hash is enough (unlike passwords).
    static func digest(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two secrets in time independent of where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A bcrypt hash (cost 12) of a random string nobody knows: checked against when an email
    /// is unknown, so a failed sign-in takes as long whether or not the account exists.
    static let unmatchableHash = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5s9x7b0Ue7FvQnDqdUrJ0lFKc2KJBUC"
}
