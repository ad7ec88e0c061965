// swift-tools-version:6.0
// A separate package so that a plain `swift build` of Quell never sees the libFuzzer entry point, which only
// links with `-sanitize=fuzzer`. Build and run it through `make fuzz` / `make fuzz-short` in the parent directory.
import PackageDescription

let package = Package(
    name: "QuellFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        // NB: `name:` pins the identity; otherwise it would be the checkout's directory name (main, wt-…).
        .package(name: "Quell", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzMailParser",
            dependencies: [.product(name: "QuellMail", package: "Quell")],
            path: "FuzzMailParser"),
    ],
    swiftLanguageModes: [.v6]
)
