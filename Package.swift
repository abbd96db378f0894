// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Ember",
    products: [
        .library(name: "Ember", targets: ["Ember"]),
        .library(name: "EmberShell", targets: ["EmberShell"]),
        .executable(name: "ember", targets: ["ember"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // System libraries, found through pkg-config; the apt providers say where they come from.
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .systemLibrary(
            name: "CZMQ", pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]),
        // glibc's malloc.h, for the allocator settings of a training process.
        .systemLibrary(name: "CMalloc"),

        // Ember's own matrix product: the same bits on every processor, in C for its vector
        // paths chosen at run time. No unsafe flags, so that other packages can depend on Ember:
        // a debug build runs these kernels some thirty times slower; `scripts/test` builds release.
        .target(name: "CGemm"),
        // Tensors, kernels and random numbers.
        .target(name: "EmberCore", dependencies: ["CBLAS", "CGemm", "CMalloc"]),
        // Modules, layers, losses, optimizers, data and training.
        .target(name: "Ember", dependencies: ["EmberCore", "CZlib"]),
        // The language, its values and built-ins, terminal rendering and session replay.
        // Single-threaded by design (one session, one interpreter), so Swift 5 mode: its tables
        // of built-ins are global constants that need no Sendable proofs.
        .target(
            name: "EmberShell", dependencies: ["Ember", "CEditLine"],
            swiftSettings: [.swiftLanguageMode(.v5)]),
        // The Jupyter kernel: the messaging protocol over ZeroMQ, signed with HMAC-SHA256, driving
        // one shell session. Swift 5 mode, as the shell it drives: one thread runs the session, the
        // heartbeat and control threads share only the sockets' locks and the interrupt flag.
        .target(
            name: "EmberKernel",
            dependencies: ["EmberShell", "CZMQ", "CZlib", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: [.swiftLanguageMode(.v5)]),
        // The measurements of `ember bench`: speed, start-up time and memory.
        .target(name: "EmberBenchmarks", dependencies: ["Ember"]),
        // The command line: parses flags and starts the loop.
        .executableTarget(
            name: "ember",
            dependencies: [
                "EmberShell",
                "EmberKernel",
                "EmberBenchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // The fixtures are read through #filePath, not bundled.
        .testTarget(name: "EmberCoreTests", dependencies: ["EmberCore"], exclude: ["Fixtures"]),
        // The fixtures are read through #filePath, not bundled; the Python checkers are run by
        // tests through the interpreter of scripts/test-tools.
        .testTarget(name: "EmberTests", dependencies: ["Ember"], exclude: ["Fixtures", "Python"]),
        // The line-editor script and the training script are run by tests, not compiled.
        .testTarget(
            name: "EmberShellTests", dependencies: ["EmberShell"],
            exclude: ["Interactive", "Reproducibility", "Golden"]),
        .testTarget(name: "EmberBenchmarksTests", dependencies: ["EmberBenchmarks"]),
        // The Python scripts drive the real Jupyter client against the built `ember`.
        .testTarget(name: "EmberKernelTests", dependencies: ["EmberKernel"], exclude: ["Python"]),
    ]
)
