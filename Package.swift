// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "attn",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "attn", targets: ["attn"]),
        .library(name: "AttnCore", targets: ["AttnCore"]),
        .library(name: "AttnLang", targets: ["AttnLang"]),
        .library(name: "AttnFuzzing", targets: ["AttnFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Numbers: tensors, broadcasting, reductions, matmul, softmax, attention, I/O.
        .target(
            name: "AttnCore", dependencies: ["CAttnKernels"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]),
        // SIMD kernels in C (AVX2/FMA, AVX-512) behind per-function target
        // attributes, called after a run-time CPU check; baseline elsewhere.
        .target(
            name: "CAttnKernels",
            cSettings: [.unsafeFlags(["-ffp-contract=off", "-Wall", "-Wextra", "-Wconversion", "-Wshadow"])]),
        // The language: lexer, parser, AST, evaluator, builtins table, printer, diagnostics.
        .target(name: "AttnLang", dependencies: ["AttnCore"]),
        // The Python dialect: numpy/scipy/math code from documents, run on the
        // same core through the same runner (a Dialect), printed as CPython
        // and numpy print.
        .target(name: "AttnPython", dependencies: ["AttnCore", "AttnLang"]),
        // Executable docs: claims, transcripts, Markdown, notebooks, check and
        // fix. Python code in documents runs through AttnPython's dialect,
        // registered in DialectRegistry.standard.
        .target(name: "AttnDocs", dependencies: ["AttnCore", "AttnLang", "AttnPython"]),
        // libedit, through pkg-config; apt provides it as libedit-dev.
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // The interactive shell.
        .target(name: "AttnShell", dependencies: ["AttnCore", "AttnLang", "AttnDocs", "CEditLine"]),
        // Fuzz entry points: every reader of untrusted input, from raw bytes,
        // under small limits; called by the libFuzzer harnesses in Fuzz/ and
        // by the test that replays Fuzz/Regressions/. Not part of attn.
        .target(name: "AttnFuzzing", dependencies: ["AttnCore", "AttnLang", "AttnPython", "AttnDocs", "AttnShell"]),
        .executableTarget(name: "attn", dependencies: [
            "AttnCore", "AttnLang", "AttnPython", "AttnDocs", "AttnShell",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "attn-bench", dependencies: ["AttnCore", "AttnLang"]),
        .testTarget(name: "AttnCoreTests", dependencies: ["AttnCore", "CAttnKernels"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AttnLangTests", dependencies: ["AttnCore", "AttnLang"], resources: [.copy("Golden")]),
        .testTarget(name: "AttnPythonTests", dependencies: ["AttnCore", "AttnLang", "AttnPython"], resources: [.copy("Golden")]),
        .testTarget(name: "AttnDocsTests", dependencies: ["AttnCore", "AttnLang", "AttnDocs"], resources: [.copy("Fixtures")]),
        .testTarget(name: "AttnShellTests", dependencies: ["AttnCore", "AttnLang", "AttnDocs", "AttnShell"]),
        .testTarget(name: "AttnCLITests", dependencies: []),
        .testTarget(name: "AttnFuzzingTests", dependencies: ["AttnFuzzing", "AttnLang", "AttnCore"]),
    ],
    swiftLanguageModes: [.v6]
)
