import Foundation

/// What an administrator types to create an initiative.
public struct InitiativeDraft: Equatable, Sendable {
    public var name: String
    public var slug: String
    public var place: String
    public var problemStatement: String
    /// The place's time zone (`America/Chicago`): due days and reminders follow its clocks.
    public var timeZone: String

    public init(name: String, slug: String, place: String, problemStatement: String, timeZone: String = "UTC") {
        self.name = name.trimmed
        self.slug = slug.trimmed.lowercased()
        self.place = place.trimmed
        self.problemStatement = problemStatement.trimmed
        self.timeZone = timeZone.trimmed
    }

    /// Words that would collide with pages of the application itself.
    static let reservedSlugs: Set<String> = ["new", "admin", "api", "setup", "login", "logout", "account"]

    public func validate() throws {
        var errors = FieldErrors()
        Validate.text(name, field: "name", label: Texts.current("dimensions.name"), max: 120, into: &errors)
        if slug.isEmpty {
            errors.add("slug", Texts.current("error.enterShortWebAddress"))
        } else if slug.count < 2 || slug.count > 60 || !Self.isSlugShaped(slug) {
            errors.add("slug", Texts.current("error.useLowerCaseLetters"))
        } else if Self.reservedSlugs.contains(slug) {
            errors.add("slug", Texts.current("error.addressReservedChooseAnother"))
        }
        Validate.text(place, field: "place", label: Texts.current("initiatives.place"), max: 120, into: &errors)
        Validate.text(problemStatement, field: "problemStatement", label: Texts.current("initiatives.problem"), max: 300, into: &errors)
        if !Validate.isTimeZone(timeZone) { errors.add("timeZone", Texts.current("error.chooseTimeZoneFrom")) }
        try errors.throwIfAny()
    }

    static func isSlugShaped(_ s: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        return s.allSatisfy { allowed.contains($0) } && !s.hasPrefix("-") && !s.hasSuffix("-") && !s.contains("--")
    }
}

/// What a backbone member types to add or edit a partner organization.
public struct OrganizationDraft: Equatable, Sendable {
    public var name: String
    public var sector: String
    public var website: String
    public var description: String

    public init(name: String, sector: String, website: String = "", description: String = "") {
        self.name = name.trimmed
        self.sector = sector.trimmed
        self.website = website.trimmed
        self.description = description.trimmed
    }

    public var parsedSector: Sector? { Sector(rawValue: sector) }

    /// http(s), a host name with a dot, an optional port, and URL-safe characters only.
    /// openapi.yaml states the same pattern, so the API contract and this rule agree.
    nonisolated(unsafe) static let websitePattern =
        #/(?i)https?://[a-z0-9.-]+\.[a-z0-9-]+(:[0-9]{1,5})?([/?#][a-z0-9._~:/?#@!$&'()*+,;=-]*)?/#

    public func validate() throws {
        var errors = FieldErrors()
        Validate.text(name, field: "name", label: Texts.current("dimensions.name"), max: 160, into: &errors)
        if parsedSector == nil { errors.add("sector", Texts.current("error.chooseSectorFromList")) }
        if !website.isEmpty, website.count > 300 || website.wholeMatch(of: Self.websitePattern) == nil {
            errors.add("website", Texts.current("error.enterFullWebAddress"))
        }
        if description.count > 2000 { errors.add("description", Texts.current("error.keepDescriptionUnderCharacters")) }
        try errors.throwIfAny()
    }
}

/// What an administrator types to invite a person into an initiative.
public struct InvitationDraft: Equatable, Sendable {
    public var email: String
    public var displayName: String
    public var role: String
    public var organizationID: String

    public init(email: String, displayName: String, role: String, organizationID: String) {
        self.email = email.trimmed
        self.displayName = displayName.trimmed
        self.role = role.trimmed
        self.organizationID = organizationID.trimmed
    }

    public func validate() throws {
        var errors = FieldErrors()
        if EmailAddress(email) == nil { errors.add("email", Texts.current("error.enterEmailAddressSuch")) }
        Validate.text(displayName, field: "displayName", label: Texts.current("dimensions.name"), max: 120, into: &errors)
        if Role(rawValue: role) == nil { errors.add("role", Texts.current("error.chooseRoleFromList")) }
        if UUID(uuidString: organizationID) == nil { errors.add("organizationID", Texts.current("error.chooseOrganizationFromList")) }
        try errors.throwIfAny()
    }
}

public enum Validate {
    /// A required single piece of text with an upper bound; control characters are refused
    /// because they only ever arrive by accident or attack.
    /// A zone this system knows by its full name (`Europe/Madrid`, `UTC`); never an offset or an
    /// abbreviation, which do not follow daylight-saving time.
    public static func isTimeZone(_ identifier: String) -> Bool {
        identifier.count <= 64 && TimeZone.knownTimeZoneIdentifiers.contains(identifier) || identifier == "UTC"
    }

    static func text(_ value: String, field: String, label: String, max: Int, into errors: inout FieldErrors) {
        if value.isEmpty {
            errors.add(field, Texts.current("error.required", ["label": "\(label)"]))
        } else if value.count > max {
            errors.add(field, Texts.current("error.mustMostCharacters", ["label": "\(label)", "max": Texts.current.count(max)]))
        } else if value.containsUnshowableCharacters {
            errors.add(field, Texts.current("error.containsCharactersThatCannot", ["label": "\(label)"]))
        }
    }
}

/// What a person sets about themselves: the name others see, the language they read, and the
/// time zone they read times in. An empty language or zone means "not chosen" (the browser's
/// language; the initiative's zone).
public struct ProfileDraft: Equatable, Sendable {
    public var displayName: String
    public var language: String
    public var timeZone: String

    public init(displayName: String, language: String, timeZone: String) {
        self.displayName = displayName.trimmed
        self.language = language.trimmed
        self.timeZone = timeZone.trimmed
    }

    public func validate() throws {
        var errors = FieldErrors()
        Validate.text(displayName, field: "displayName", label: Texts.current("dimensions.name"), max: 120, into: &errors)
        if !language.isEmpty, SiteLanguage(rawValue: language) == nil { errors.add("language", Texts.current("error.chooseLanguage")) }
        if !timeZone.isEmpty, !Validate.isTimeZone(timeZone) { errors.add("timeZone", Texts.current("error.chooseTimeZoneFrom")) }
        try errors.throwIfAny()
    }
}
