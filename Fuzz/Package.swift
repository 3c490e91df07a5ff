// swift-tools-version:6.0
import PackageDescription

// libFuzzer harnesses for attn: one executable per reader of untrusted input,
// each a thin main over an entry point of the main package's AttnFuzzing
// library. Never built by the product build; build with sanitizers as one
// flag (two separate -sanitize flags silently drop the fuzzer coverage):
//   swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
// (lld: gold fails to link them, with an internal error in format_file_lineno).
// `make fuzz` at the top of the repository builds and runs them all.
let package = Package(
    name: "attn-fuzz",
    dependencies: [.package(name: "attn", path: "..")],
    targets: [
        // Hands one entry point to libFuzzer (LLVMFuzzerRunDriver).
        .target(name: "FuzzDriver", dependencies: [.product(name: "AttnFuzzing", package: "attn")]),
        .executableTarget(name: "fuzz-attn", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "fuzz-python", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "fuzz-claim", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "fuzz-doc-attn", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "fuzz-doc-markdown", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "fuzz-doc-notebook", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "fuzz-doc-text", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "fuzz-npy", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzDriver"]),
        .executableTarget(name: "fuzz-history", dependencies: ["FuzzDriver"]),
    ],
    swiftLanguageModes: [.v6]
)
