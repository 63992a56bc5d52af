import Foundation

/// A path on this site that is safe to redirect to after sign-in or from a notification.
///
/// Browsers clean a `Location` before they read it: they drop tabs and line breaks anywhere,
/// trim spaces and control characters at the ends, and read `\` as `/`. So `/\t/evil.example`
/// and `/\evil.example` both become `//evil.example`, another site. Rather than repeat that
/// cleanup, anything it would change is refused: what is accepted means the same to every browser.
public enum LocalPath {
    public static func checked(_ candidate: String?) -> String? {
        guard let candidate, (1...2_000).contains(candidate.utf8.count) else { return nil }
        let scalars = candidate.unicodeScalars
        // No control characters, spaces, backslashes or non-ASCII: a path we link to has none.
        guard scalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value != 0x7F && $0 != "\\" }) else { return nil }
        // Exactly one leading slash: `//host` and `/` followed by a scheme-relative form are other sites.
        guard candidate.hasPrefix("/"), !candidate.hasPrefix("//") else { return nil }
        // Percent-encoded slashes, backslashes or controls could be decoded by a later hop.
        let lowered = candidate.lowercased()
        for encoded in ["%2f", "%5c", "%09", "%0a", "%0d", "%00"] where lowered.contains(encoded) { return nil }
        guard let components = URLComponents(string: candidate), components.scheme == nil, components.host == nil,
              components.path.hasPrefix("/") else { return nil }
        return candidate
    }
}
