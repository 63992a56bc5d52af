import BackbonePersistence
import Foundation
import Vapor

/// Where each running CSV import of this instance stands, so the import page can show progress
/// while a large file is checked and saved. Kept in memory: progress is only worth showing while
/// the upload's own request runs, and that request is served by this instance. A page asking
/// another instance simply hears "unknown" and keeps its plain "working" message.
actor ImportProgressBoard {
    struct Key: Hashable {
        let userID: UUID
        let token: String
    }

    private var entries: [Key: (progress: ReportImporter.Progress, updated: Date)] = [:]
    static let lifetime: TimeInterval = 15 * 60
    static let capacity = 1_000

    /// A token the page made up for one upload: long enough not to be guessed, short enough to be a key.
    static func isValid(token: String) -> Bool {
        token.wholeMatch(of: /[A-Za-z0-9_-]{16,64}/) != nil
    }

    func update(_ key: Key, _ progress: ReportImporter.Progress, now: Date = Date()) {
        if entries.count >= Self.capacity { entries = entries.filter { now.timeIntervalSince($0.value.updated) < Self.lifetime } }
        guard entries.count < Self.capacity || entries[key] != nil else { return }
        entries[key] = (progress, now)
    }

    func finish(_ key: Key) { entries[key] = nil }

    func progress(_ key: Key) -> ReportImporter.Progress? { entries[key]?.progress }
}

extension Application {
    private struct ImportProgressKey: StorageKey { typealias Value = ImportProgressBoard }

    var importProgress: ImportProgressBoard {
        if let board = storage[ImportProgressKey.self] { return board }
        let board = ImportProgressBoard()
        storage[ImportProgressKey.self] = board
        return board
    }
}
