/// A choice (a role, a status, a sector) whose name in every language is in the catalog under
/// "<catalogKey>.<raw value>", e.g. "role.backbone_admin". The raw values are stored and used in
/// the API; only the names shown to people change with the language.
public protocol NamedInCatalog: RawRepresentable where RawValue == String {
    static var catalogKey: String { get }
}

extension NamedInCatalog {
    /// The name in the language being worked in (the page's, or the email recipient's).
    public var title: String { title(.current) }

    public func title(_ t: Texts) -> String { t("\(Self.catalogKey).\(rawValue)") }
}
