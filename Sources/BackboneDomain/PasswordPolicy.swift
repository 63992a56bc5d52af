import Foundation

/// The rules a new password must meet: long enough, and not one that attackers try first.
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// Why `password` is refused, or nil when it is acceptable.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength {
            return Texts.current("error.useLeastCharacters", ["minimumLength": "\(minimumLength)"])
        }
        if password.count > maximumLength {
            return Texts.current("error.useMostCharacters3", ["maximumLength": "\(maximumLength)"])
        }
        if commonPasswords.contains(password.lowercased()) {
            return Texts.current("error.passwordOnListCommonly")
        }
        return nil
    }

    /// Shipped list of common passwords, lower-cased (one per line in the resource file).
    static let commonPasswords: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return Set(text.split(whereSeparator: \.isNewline).map { String($0).trimmed.lowercased() }.filter { !$0.isEmpty })
    }()

    /// How many entries the shipped list holds (a test makes sure it loaded).
    public static var commonPasswordCount: Int { commonPasswords.count }
}
