// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Backbone",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "backbone", targets: ["backbone"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.115.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.32.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Already used through Vapor; named here for the mail client's and test mail server's sockets.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        // Already used through Vapor; named here for STARTTLS and TLS to the mail server.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.34.0"),
    ],
    targets: [
        .target(
            name: "BackboneDomain",
            resources: [.copy("Resources/common-passwords.txt"), .copy("Resources/indicator-catalog.json"), .copy("Resources/assessment-templates.json"), .copy("Resources/i18n")]
        ),
        .target(name: "BackboneCharts"),
        .target(
            name: "BackbonePersistence",
            dependencies: [
                "BackboneDomain",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .target(
            name: "BackboneApp",
            dependencies: [
                "BackboneDomain",
                "BackbonePersistence",
                "BackboneCharts",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/backbone.css"), .copy("Resources/import.js"), .copy("Resources/live.js"), .copy("Resources/report.js"), .copy("Resources/session.js"), .copy("Resources/print.js")]
        ),
        .executableTarget(
            name: "backbone",
            dependencies: ["BackboneApp"]
        ),
        // Generates the large initiative and serves it with a hello-world route beside (bench/README.md).
        .executableTarget(
            name: "backbone-bench",
            dependencies: [
                "BackboneApp", "BackboneDomain", "BackbonePersistence",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "bench/Sources/backbone-bench"
        ),
        .testTarget(name: "BackboneDomainTests", dependencies: ["BackboneDomain"]),
        .testTarget(name: "BackboneChartsTests", dependencies: ["BackboneCharts"]),
        .testTarget(
            name: "BackboneAppTests",
            dependencies: [
                "BackboneApp",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
    ]
)
