// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Quell",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quell", targets: ["quell"]),
        .executable(name: "quell-bench", targets: ["quell-bench"]),
        // For the fuzz package in Fuzz/, which builds QuellMail with -sanitize=fuzzer.
        .library(name: "QuellMail", targets: ["QuellMail"]),
    ],
    targets: [
        // C libraries from Debian packages.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CIDN2", pkgConfig: "libidn2", providers: [.apt(["libidn2-dev"])]),
        .systemLibrary(name: "CPSL", pkgConfig: "libpsl", providers: [.apt(["libpsl-dev"])]),
        .systemLibrary(name: "CMagic", pkgConfig: "libmagic", providers: [.apt(["libmagic-dev", "libmagic-mgc"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CLibcExtras"),

        // Quell modules; dependencies point inward only.
        .target(name: "QuellCore"),
        .target(name: "QuellMail", dependencies: ["QuellCore", "CCrypto", "CIDN2", "CPSL", "CMagic", "CArchive", "CLibcExtras"]),
        .target(name: "QuellStore", dependencies: ["QuellCore", "CSQLite"]),
        .target(name: "QuellConnectors", dependencies: ["QuellCore"]),
        .target(name: "QuellEngine", dependencies: ["QuellCore", "QuellMail"]),
        .target(name: "QuellServer", dependencies: [
            "QuellCore", "QuellMail", "QuellStore", "QuellConnectors", "QuellEngine", "CMicroHTTPD", "CCrypto",
        ]),
        .executableTarget(name: "quell", dependencies: [
            "QuellCore", "QuellMail", "QuellStore", "QuellConnectors", "QuellEngine", "QuellServer",
        ]),
        // `make bench`: the Quell side of Benchmarks/bench.py.
        .executableTarget(name: "quell-bench", dependencies: ["QuellMail"]),

        .executableTarget(name: "QuellMailBench", dependencies: ["QuellMail"]),

        .testTarget(name: "QuellCoreTests", dependencies: ["QuellCore"]),
        .testTarget(name: "QuellMailTests", dependencies: ["QuellMail"], resources: [.copy("Fixtures")]),
        .testTarget(name: "QuellStoreTests", dependencies: ["QuellStore"]),
        .testTarget(name: "QuellConnectorsTests", dependencies: ["QuellConnectors"]),
        .testTarget(name: "QuellEngineTests", dependencies: ["QuellEngine", "QuellStore", "QuellConnectors"]),
        .testTarget(name: "QuellServerTests", dependencies: ["QuellServer", "QuellStore", "QuellEngine", "QuellConnectors", "QuellCore"]),
    ],
    swiftLanguageModes: [.v6]
)
