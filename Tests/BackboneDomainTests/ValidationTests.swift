import BackboneDomain
import Foundation
import Testing

@Suite("Input rules")
struct ValidationTests {
    @Test("email addresses are trimmed and lower-cased; malformed ones are refused", arguments: [
        (" Ada@Example.ORG ", "ada@example.org"), ("a.b+c@sub.example.co", "a.b+c@sub.example.co"),
    ])
    func emailNormalized(raw: String, normalized: String) {
        #expect(EmailAddress(raw)?.value == normalized)
    }

    @Test("malformed email addresses are refused", arguments: [
        "", "ada", "ada@", "@example.org", "ada@example", "ada@@example.org", "ada @example.org", "ada@.example.org",
        "ada@example.org.", "<ada@example.org>", String(repeating: "a", count: 250) + "@example.org",
    ])
    func emailRefused(raw: String) {
        #expect(EmailAddress(raw) == nil)
    }

    @Test("passwords need 12 characters and must not be common")
    func passwords() {
        #expect(PasswordPolicy.commonPasswordCount > 1000)
        #expect(PasswordPolicy.problem(with: "short") != nil)
        #expect(PasswordPolicy.problem(with: "elevenchars") != nil)
        #expect(PasswordPolicy.problem(with: "Password1234") != nil)
        #expect(PasswordPolicy.problem(with: "qwertyuiop12") != nil)
        #expect(PasswordPolicy.problem(with: String(repeating: "x", count: 129)) != nil)
        #expect(PasswordPolicy.problem(with: "river otter lantern") == nil)
        #expect(PasswordPolicy.problem(with: DemoInitiative.defaultPassword) == nil)
    }

    @Test("initiative addresses: lower-case letters, digits and single hyphens, not reserved")
    func slugs() throws {
        func errors(_ slug: String) -> FieldErrors? {
            do { try InitiativeDraft(name: "N", slug: slug, place: "P", problemStatement: "S").validate(); return nil }
            catch let e as FieldErrors { return e } catch { return nil }
        }
        for good in ["harbor-county", "r2", "  River-County  "] { #expect(errors(good) == nil, "\(good)") }
        for bad in ["", "a", "-river", "river-", "river--county", "river county", "rivér", "admin", "new", String(repeating: "a", count: 61)] {
            #expect(errors(bad)?["slug"] != nil, "\(bad)")
        }
    }

    @Test("required text, limits and control characters")
    func text() {
        let draft = InitiativeDraft(name: "", slug: "ok", place: String(repeating: "p", count: 121), problemStatement: "bell\u{7}")
        #expect(throws: FieldErrors.self) { try draft.validate() }
        do { try draft.validate() } catch let errors as FieldErrors {
            #expect(errors["name"] == "Name is required.")
            #expect(errors["place"]?.contains("at most 120") == true)
            #expect(errors["problemStatement"]?.contains("cannot be shown") == true)
        } catch {}
    }

    @Test("organizations need a known sector and a full web address if any")
    func organizations() throws {
        try OrganizationDraft(name: "Harbor Reads", sector: "nonprofit", website: "https://harborreads.example.org").validate()
        try OrganizationDraft(name: "Harbor Reads", sector: "faith").validate()
        for (draft, field) in [
            (OrganizationDraft(name: "X", sector: "space"), "sector"),
            (OrganizationDraft(name: "X", sector: "faith", website: "javascript:alert(1)"), "website"),
            (OrganizationDraft(name: "X", sector: "faith", website: "harbor.org"), "website"),
            (OrganizationDraft(name: "X", sector: "faith", website: "https://localhost"), "website"),
            (OrganizationDraft(name: " ", sector: "faith"), "name"),
            (OrganizationDraft(name: "X", sector: "faith", description: String(repeating: "d", count: 2001)), "description"),
        ] {
            #expect(throws: FieldErrors.self, "\(field)") { try draft.validate() }
            do { try draft.validate() } catch let errors as FieldErrors { #expect(errors[field] != nil, "\(field)") } catch {}
        }
    }
}

@Suite("Sessions and throttling rules")
struct AccountRulesTests {
    @Test("a session expires when idle too long or too old, whichever comes first")
    func sessionExpiry() {
        let policy = SessionPolicy(idleTimeout: 7200, absoluteTimeout: 43200)
        let start = Date(timeIntervalSince1970: 1_000_000)
        #expect(!policy.isExpired(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(7199)))
        #expect(policy.isExpired(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(7201)))
        #expect(!policy.isExpired(createdAt: start, lastSeenAt: start.addingTimeInterval(43000), now: start.addingTimeInterval(43199)))
        #expect(policy.isExpired(createdAt: start, lastSeenAt: start.addingTimeInterval(43100), now: start.addingTimeInterval(43201)))
    }

    @Test("throttling refuses a guessing address for the window; an account backs off by doubling delays, which a known browser skips")
    func throttle() {
        let policy = LoginThrottlePolicy(window: 900, maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, firstDelay: 30)
        let now = Date(timeIntervalSince1970: 1_000_000)
        func wait(account: Int, lastFailure: TimeInterval = 0, address: Int = 0, known: Bool = false) -> TimeInterval? {
            policy.wait(accountFailures: account, lastAccountFailure: now.addingTimeInterval(-lastFailure), addressFailures: address, knownBrowser: known, now: now)
        }
        #expect(wait(account: 4, address: 19) == nil)
        #expect(wait(account: 0, address: 20) == 900)
        #expect(wait(account: 0, address: 20, known: true) == 900, "a known browser does not lift an address's block")
        #expect(wait(account: 5) == 30)
        #expect(wait(account: 5, lastFailure: 31) == nil, "the delay passes")
        #expect(wait(account: 7, lastFailure: 100) == 20, "30 s doubled twice is 120 s")
        #expect(wait(account: 500) == 900, "never more than the window, and no overflow")
        #expect(wait(account: 500, known: true) == nil, "the owner's browser gets in")
        #expect(LoginThrottlePolicy.minutes(20) == 1 && LoginThrottlePolicy.minutes(900) == 15)
    }

    @Test("the demo has one person per role, about 20 partners across sectors, and names that resolve")
    func demo() {
        #expect(Set(DemoInitiative.people.map(\.role)) == Set(Role.allCases))
        #expect(DemoInitiative.people.count == Role.allCases.count)
        #expect((18...25).contains(DemoInitiative.organizations.count))
        #expect(DemoInitiative.organizations.filter(\.isBackbone).count == 1)
        #expect(Set(DemoInitiative.organizations.map(\.sector)).count >= 7)
        let names = Set(DemoInitiative.organizations.map(\.name))
        #expect(names.count == DemoInitiative.organizations.count)
        #expect(DemoInitiative.people.allSatisfy { names.contains($0.organizationName) })
        #expect(DemoInitiative.organizations.allSatisfy { (try? OrganizationDraft(name: $0.name, sector: $0.sector.rawValue, website: $0.website, description: $0.description).validate()) != nil })
    }
}
