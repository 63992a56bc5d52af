import Foundation

/// The three self-assessments Backbone runs. The raw values are stored and used in the API.
public enum AssessmentKind: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    /// Before starting: does collective impact fit the problem and the place at all?
    case fit
    /// The 12 cells of phase × component, asked again and again as the initiative moves on.
    case readiness
    /// The soft side: trust, communication, credit, decisions, conflict.
    case partnershipHealth = "partnership_health"

    public static let catalogKey = "assessmentKind"
}

/// The three phases an initiative moves through.
public enum ReadinessPhase: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case initiate, organize, sustain

    public static let catalogKey = "readinessPhase"
}

/// The four components assessed in every phase.
public enum ReadinessComponent: String, NamedInCatalog, CaseIterable, Codable, Sendable {
    case governance, planning, community, evaluation

    public static let catalogKey = "readinessComponent"
}

/// A text written in every site language; a language left empty reads as English.
public struct LocalText: Codable, Equatable, Hashable, Sendable {
    public var en: String
    public var es: String

    public init(en: String, es: String) {
        self.en = en.trimmed
        self.es = es.trimmed
    }

    public func callAsFunction(_ language: SiteLanguage = .current) -> String {
        switch language {
        case .en: en
        case .es: es.isEmpty ? en : es
        }
    }
}

/// One statement, answered on a 1–5 agreement scale or "don't know".
public struct AssessmentQuestion: Codable, Equatable, Sendable {
    public var key: String
    public var statement: LocalText

    public init(key: String, statement: LocalText) {
        self.key = key
        self.statement = statement
    }
}

/// A group of questions: a readiness cell (phase × component) or a theme of the other kinds.
public struct AssessmentSection: Codable, Equatable, Sendable {
    public var key: String
    public var title: LocalText?
    public var phase: ReadinessPhase?
    public var component: ReadinessComponent?
    public var questions: [AssessmentQuestion]

    public init(key: String, title: LocalText? = nil, phase: ReadinessPhase? = nil, component: ReadinessComponent? = nil,
                questions: [AssessmentQuestion]) {
        self.key = key
        self.title = title
        self.phase = phase
        self.component = component
        self.questions = questions
    }

    /// A readiness cell is named by its phase and component; other sections by their title.
    public var name: String { localName(.current) }

    /// The name in every language, for content frozen once and read in either.
    public var localNames: LocalText { LocalText(en: localName(.en), es: localName(.es)) }

    private func localName(_ language: SiteLanguage) -> String {
        if let phase, let component {
            let t = Texts(language)
            return "\(phase.title(t)) · \(component.title(t))"
        }
        return title?(language) ?? key
    }
}

/// A versioned questionnaire. Answers are compared across rounds only under the same version.
public struct AssessmentTemplate: Codable, Equatable, Sendable {
    public var kind: AssessmentKind
    public var version: Int
    public var sections: [AssessmentSection]

    public init(kind: AssessmentKind, version: Int, sections: [AssessmentSection]) {
        self.kind = kind
        self.version = version
        self.sections = sections
    }

    public var questions: [AssessmentQuestion] { sections.flatMap(\.questions) }

    public func section(_ key: String) -> AssessmentSection? { sections.first { $0.key == key } }

    /// The templates shipped with Backbone, one per kind.
    public static let shipped: [AssessmentKind: AssessmentTemplate] = {
        struct File: Decodable {
            var formatVersion: Int
            var templates: [AssessmentTemplate]
        }
        guard let url = Bundle.module.url(forResource: "assessment-templates", withExtension: "json"),
              let data = try? Data(contentsOf: url),
              let file = try? JSONDecoder().decode(File.self, from: data), file.formatVersion == 1
        else { fatalError("the shipped assessment templates are missing or invalid") }
        return Dictionary(uniqueKeysWithValues: file.templates.map { ($0.kind, $0) })
    }()

    /// At most this many statements per section and characters per statement.
    public static let questionsPerSectionLimit = 12
    public static let statementLimit = 300

    /// The template with each section's statements replaced by the lines given (English and
    /// Spanish paired by position), keyed afresh (`section.1`, `section.2`…) under `version`.
    /// Sections themselves are fixed: readiness always has its 12 cells.
    public func edited(statements: [String: (en: [String], es: [String])], version: Int) throws -> AssessmentTemplate {
        var errors = FieldErrors()
        var result = self
        result.version = version
        for index in result.sections.indices {
            let key = result.sections[index].key
            guard let lines = statements[key] else { continue }
            let english = lines.en.map(\.trimmed).filter { !$0.isEmpty }
            let spanish = lines.es.map(\.trimmed).filter { !$0.isEmpty }
            if english.isEmpty { errors.add("section.\(key)", Texts.current("error.assessmentSectionEmpty")) }
            if english.count > Self.questionsPerSectionLimit || spanish.count > Self.questionsPerSectionLimit {
                errors.add("section.\(key)", Texts.current("error.assessmentTooManyStatements", ["limit": Texts.current.number(Double(Self.questionsPerSectionLimit))]))
            }
            if spanish.count > english.count { errors.add("section.\(key)", Texts.current("error.assessmentSpanishLines")) }
            if (english + spanish).contains(where: { $0.count > Self.statementLimit }) {
                errors.add("section.\(key)", Texts.current("error.assessmentStatementLong", ["limit": Texts.current.number(Double(Self.statementLimit))]))
            }
            result.sections[index].questions = english.prefix(Self.questionsPerSectionLimit).enumerated().map { position, text in
                AssessmentQuestion(key: "\(key).\(position + 1)", statement: LocalText(en: text, es: position < spanish.count ? spanish[position] : ""))
            }
        }
        if !errors.isEmpty { throw errors }
        return result
    }
}
