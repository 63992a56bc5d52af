import FluentPostgresDriver
import FluentSQLiteDriver
import BackboneDomain
import Foundation

/// Failures of the database that are no one's bad input and no bug: the server answers them
/// with 503 and a plain message, and `/healthz` reports them, instead of "Something went wrong".
public enum DatabaseFault: Sendable, Equatable {
    /// Another writer held the lock past the wait (SQLite): try again in a moment.
    case busy
    /// The disk (or the database's quota) is full.
    case full
    /// The database file or server accepts no writes.
    case readOnly

    public init?(_ error: any Error) {
        if error is WriterQueue.Timeout {
            self = .busy
            return
        }
        if let sqlite = error as? SQLiteError {
            switch sqlite.reason {
            case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .lockedBySharedCache: self = .busy
            case .full: self = .full
            case .readOnly, .readonlyCantLock, .readonlyDirectory, .readonlyInRecovery, .readonlyInRollback, .readonlyBackingMoved,
                 .permission, .cantOpen: self = .readOnly
            default: return nil
            }
            return
        }
        if let postgres = error as? PSQLError, let code = postgres.serverInfo?[.sqlState] {
            switch code {
            case "53100": self = .full                      // disk_full
            case "25006": self = .readOnly                  // read_only_sql_transaction
            case "55P03", "40P01", "57014": self = .busy    // lock_not_available, deadlock_detected, query_canceled
            default: return nil
            }
            return
        }
        return nil
    }

    /// What the person is told.
    public var message: String {
        switch self {
        case .busy: Texts.current("error.backboneBusySavingOther")
        case .full: Texts.current("error.backboneCannotSaveRight")
        case .readOnly: Texts.current("error.backboneCannotSaveRight2")
        }
    }

    /// Seconds a client should wait before trying again.
    public var retryAfter: Int { self == .busy ? 2 : 60 }
}
