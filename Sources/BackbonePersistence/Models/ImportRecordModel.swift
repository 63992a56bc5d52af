import Fluent
import Foundation

/// One CSV import and how it ended (see `CreateImports`).
public final class ImportRecordModel: Model, @unchecked Sendable {
    public static let schema = "imports"

    public enum Mode: String, Sendable { case regular, historical }

    /// running → succeeded (written), refused (problems in the file: nothing written), failed (the
    /// server's error: nothing written) or interrupted (the server stopped during it: nothing written).
    public enum State: String, Sendable, CaseIterable { case running, succeeded, refused, failed, interrupted }

    @ID(key: .id) public var id: UUID?
    @Field(key: "initiative_id") public var initiativeID: UUID
    @OptionalField(key: "user_id") public var userID: UUID?
    @Field(key: "mode") public var mode: String
    /// What the reports become: draft, submitted or approved.
    @Field(key: "outcome_status") public var outcomeStatus: String
    @Field(key: "reason") public var reason: String
    @Field(key: "state") public var state: String
    @Field(key: "file_bytes") public var fileBytes: Int
    @Field(key: "rows") public var rows: Int
    @Field(key: "reports_changed") public var reportsChanged: Int
    @Field(key: "reports_unchanged") public var reportsUnchanged: Int
    @Field(key: "problems_json") public var problemsJSON: String
    @Field(key: "warnings_json") public var warningsJSON: String
    @Field(key: "started_at") public var startedAt: Date
    @OptionalField(key: "finished_at") public var finishedAt: Date?

    public init() {}

    public var parsedState: State { State(rawValue: state) ?? .failed }
    public var parsedMode: Mode { Mode(rawValue: mode) ?? .regular }
    public var problems: [ReportImporter.Problem] { Self.decode(problemsJSON) }
    public var warnings: [ReportImporter.Problem] { Self.decode(warningsJSON) }

    private struct Line: Codable {
        let line: Int
        let column: String
        let message: String
    }

    /// At most this many problems or warnings are kept: enough to correct a file in rounds.
    public static let keptLines = 500

    static func encode(_ problems: [ReportImporter.Problem]) -> String {
        let lines = problems.prefix(keptLines).map { Line(line: $0.line, column: $0.column, message: $0.message) }
        return String(decoding: (try? JSONEncoder().encode(lines)) ?? Data("[]".utf8), as: UTF8.self)
    }

    static func decode(_ json: String) -> [ReportImporter.Problem] {
        ((try? JSONDecoder().decode([Line].self, from: Data(json.utf8))) ?? []).map { .init(line: $0.line, column: $0.column, message: $0.message) }
    }
}
