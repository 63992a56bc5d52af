import BackboneDomain
import BackbonePersistence
import Fluent
import Vapor

/// Sets up the application: database, migrations, middleware, routes and commands.
public func configure(_ app: Application, _ config: AppConfig) async throws {
    app.backbone = config
    let metrics = app.metrics
    _ = app.importProgress  // made here, before requests could race to make it
    _ = app.importTurns
    _ = app.changeFeed
    _ = app.totalsCache
    _ = app.outlookCache
    _ = app.publicResultsCache
    _ = app.answerCache
    app.publicRateLimit = PublicRateLimit(limit: config.publicRequestsPerMinute)
    if case .postgres(let url) = config.database {
        app.lifecycle.use(ChangeFeedLifecycle(postgresURL: url))
    } else {
        app.lifecycle.use(ChangeFeedLifecycle(postgresURL: nil))
    }

    if config.backgroundJobs {
        // Only `serve` runs the background jobs, and only a server needs the file to itself.
        if case .sqlite(let path) = config.database { try app.lockSQLiteFile(at: path) }
        app.lifecycle.use(BackgroundJobs())
    }

    try config.database.register(on: app.databases)
    app.migrations.add(BackboneMigrations.all)
    app.passwords.use(.bcrypt(cost: config.bcryptCost))

    // Our own stack replaces Vapor's defaults: its route logger writes raw paths, which can
    // hold one-time tokens.
    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(RequestMetricsMiddleware(metrics: metrics))
    app.middleware.use(ErrorMiddleware(metrics: metrics))
    app.routes.defaultMaxBodySize = "64kb"

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys]
    ContentConfiguration.global.use(encoder: encoder, for: .json)

    // A connection with nothing sent either way for 30 s is closed, so idle and stalled clients
    // cannot hold the server's connections (live pages send a comment every 15 s and stay open).
    app.http.server.configuration.idleTimeout = .seconds(30)
    // The outgoing client posts webhooks only: no redirects (one could lead to a private
    // address). Each delivery sets its own time limit (see `WebhookSender`).
    app.http.client.configuration.redirectConfiguration = .disallow
    try routes(app)
    app.asyncCommands.use(CreateAdminCommand(), as: "create-admin")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RebuildAggregatesCommand(), as: "rebuild-aggregates")

    try await config.database.prepare(app.db)
    if config.autoMigrate {
        try await app.autoMigrate()
        app.logger.info("Database ready", metadata: ["database": "\(config.database.redacted)"])
    }
    if config.backgroundJobs, config.autoMigrate {
        // An import still marked running ended with the process that ran it (its transaction with
        // it): on SQLite this server holds the file alone, so every such import; on PostgreSQL
        // another instance may be running one, so only those older than any import lasts.
        let cutoff: Date = if case .sqlite = config.database { Date() } else { Date().addingTimeInterval(-6 * 3600) }
        try await ImportRecordRepository.interruptStale(startedBefore: cutoff, on: app.db, now: Date())
    }
    if config.backgroundJobs, case .sqlite(let path) = config.database, await DatabaseHealth.sqliteIsReadOnly(app.db) {
        // Serving a file that accepts no writes would fail every save; say so at once instead.
        throw ReadOnlyDatabase(path: path)
    }
    if config.demo {
        try await loadDemo(app, config)
    }
}

struct ReadOnlyDatabase: Error, CustomStringConvertible {
    let path: String
    var description: String {
        "The SQLite file \(path) accepts no writes (it, or its folder, is read-only). Give Backbone write access to both, then start it again."
    }
}

/// Loads the demo initiative once; later starts find it and skip.
func loadDemo(_ app: Application, _ config: AppConfig) async throws {
    let seeder = DemoSeeder(db: app.db)
    if try await InitiativeRepository(db: app.db).find(slug: DemoInitiative.slug) == nil {
        let hash = try await app.password.async.hash(config.demoPassword)
        try await seeder.seed(passwordHash: hash, now: Date())
        app.logger.info("Demo initiative loaded", metadata: ["slug": "\(DemoInitiative.slug)"])
    }
    let started = Date()
    if try await seeder.seedMeasurement(asOf: Date()) {
        app.logger.info("Demo measurement loaded", metadata: ["seconds": "\(Int(Date().timeIntervalSince(started)))"])
    }
    try await seeder.seedAgenda(asOf: Date())
    try await seeder.seedTheoryOfChange(asOf: Date())
    try await seeder.seedGovernance(asOf: Date())
    try await seeder.seedMeetings(asOf: Date())
    try await seeder.seedImpactReports(asOf: Date())
    try await seeder.seedPublishing(asOf: Date())
    try await seeder.seedScenarios(asOf: Date())
    try await seeder.seedAssessments(asOf: Date())
    try await seeder.seedFunding(asOf: Date())
    try await seeder.seedOutreach(asOf: Date())
    try await PeriodicAssessmentDesk.seedDemo(app)
}
