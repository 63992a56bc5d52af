import Foundation
import Vapor

/// One `serve` per SQLite file: a second server on the same file would compete for its write
/// lock and never hear the first one's live updates. The lock is an exclusive `flock` on
/// `<database>.lock`, held while the process lives and released by the system when it ends,
/// even after a crash, so a stale lock file never blocks a restart.
final class ServerLock: Sendable {
    private let descriptor: Int32

    struct Taken: Error, CustomStringConvertible {
        let path: String
        var description: String {
            "Another Backbone server is already using the SQLite file \(path). Run one server per SQLite file; to run several instances, use PostgreSQL (set DATABASE_URL)."
        }
    }

    init(databasePath path: String) throws {
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Taken(path: path) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw Taken(path: path)
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}

extension Application {
    private struct ServerLockKey: StorageKey { typealias Value = ServerLock }

    /// Takes the server lock of a SQLite database, or throws `ServerLock.Taken`.
    func lockSQLiteFile(at path: String) throws {
        storage[ServerLockKey.self] = try ServerLock(databasePath: path)
    }
}
