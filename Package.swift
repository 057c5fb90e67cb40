// swift-tools-version:6.1
// twinlite: BDD100K label preparation and a Swift TwinLiteNet benchmark.
//
// Linux only (Debian 12): the CPU backend links Debian's oneDNN and GNU OpenMP (libgomp), and the
// code uses Synchronization's `Mutex` and Glibc. No macOS build is claimed or tested.
//
// Targets and what each depends on. Every arrow points to a target further down this list, so the
// graph is one-way; [C] marks a C shim, and test targets sit on top of what they test.
//   twinlite-prep       → TwinLitePrep                   (executable, shipped)
//   twinlite-bench-png  → TwinLitePrep                   (scripts/bench-png's tool, not shipped)
//   twinlite-bench      → TwinLiteBench                  (executable, shipped)
//   TwinLiteCPUPlugin   → TwinLiteBackends, [CTwinLiteBackendABI]   (libTwinLiteCPUPlugin.so, shipped)
//   TwinLiteBench       → TwinLitePlugin, TwinLiteBackends, TwinLiteImageIO, TwinLiteCatalog
//   TwinLitePlugin      → TwinLiteBackends, [CTwinLiteBackendABI], [CTwinLitePluginLoader]
//   TwinLiteBackends    → TwinLiteModel, [CTwinLiteDNNL]
//   TwinLiteModel       → TwinLiteNN
//   TwinLiteNN          → TwinLiteCore, [CTwinLiteZlib]
//   TwinLitePrep        → TwinLiteDataset, TwinLiteImageIO, TwinLiteCatalog
//   TwinLiteCatalog     → TwinLiteCore, GRDB
//   TwinLiteImageIO     → TwinLiteCore, [CTwinLitePNG], [CTwinLiteJPEG]
//   TwinLiteDataset     → TwinLiteCore
//   TwinLiteCore        (no dependencies)
import PackageDescription

let package = Package(
  name: "twinlite",
  products: [
    .executable(name: "twinlite-prep", targets: ["twinlite-prep"]),
    .executable(name: "twinlite-bench", targets: ["twinlite-bench"]),
    // The builtin backends behind the plugin ABI: libTwinLiteCPUPlugin.so, loaded with --backend plugin:PATH.
    .library(name: "TwinLiteCPUPlugin", type: .dynamic, targets: ["TwinLiteCPUPlugin"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
  ],
  targets: [
    // MARK: - Executables (ArgumentParser types only)
    .executableTarget(
      name: "twinlite-prep",
      dependencies: ["TwinLitePrep", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .executableTarget(
      name: "twinlite-bench",
      dependencies: ["TwinLiteBench", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    // Not a product: built for scripts/bench-png, never staged into the container image.
    .executableTarget(
      name: "twinlite-bench-png",
      dependencies: ["TwinLitePrep", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      path: "Benchmarks/twinlite-bench-png"),

    // MARK: - Libraries
    .target(name: "TwinLiteCore"),
    .target(name: "TwinLiteImageIO", dependencies: ["TwinLiteCore", "CTwinLitePNG", "CTwinLiteJPEG"]),
    .target(name: "TwinLiteDataset", dependencies: ["TwinLiteCore"]),
    .target(
      name: "TwinLiteCatalog", dependencies: ["TwinLiteCore", .product(name: "GRDB", package: "GRDB.swift")]),
    .target(name: "TwinLitePrep", dependencies: ["TwinLiteDataset", "TwinLiteImageIO", "TwinLiteCatalog"]),
    .target(name: "TwinLiteNN", dependencies: ["TwinLiteCore", "CTwinLiteZlib"]),
    .target(name: "TwinLiteModel", dependencies: ["TwinLiteNN"]),
    .target(name: "TwinLiteBackends", dependencies: ["TwinLiteModel", "CTwinLiteDNNL"]),
    .target(
      name: "TwinLitePlugin",
      dependencies: ["TwinLiteBackends", "CTwinLiteBackendABI", "CTwinLitePluginLoader"]),
    .target(name: "TwinLiteCPUPlugin", dependencies: ["TwinLiteBackends", "CTwinLiteBackendABI"]),
    .target(
      name: "TwinLiteBench",
      dependencies: ["TwinLiteBackends", "TwinLitePlugin", "TwinLiteImageIO", "TwinLiteCatalog"]),

    // MARK: - C shims
    // libpng's full API needs setjmp for errors, which Swift cannot call: a small C target owns it.
    .target(name: "CTwinLitePNG", linkerSettings: [.linkedLibrary("png"), .linkedLibrary("z")]),
    .systemLibrary(name: "CTwinLiteJPEG", providers: [.apt(["libturbojpeg0-dev"])]),
    .systemLibrary(name: "CTwinLiteZlib", providers: [.apt(["zlib1g-dev"])]),
    // oneDNN (libdnnl-dev, OpenMP build) plus the backend's element-wise kernels in C.
    .target(name: "CTwinLiteDNNL", linkerSettings: [.linkedLibrary("dnnl"), .linkedLibrary("gomp")]),
    // Header only: the backend plugin ABI (include/twinlite_backend.h), also used by backends/tensorrt.
    .target(name: "CTwinLiteBackendABI"),
    // dladdr1 (a GNU extension Swift's Glibc module hides): the ELF type of a plugin's entry symbol.
    .target(name: "CTwinLitePluginLoader"),

    // MARK: - Tests
    .target(
      name: "_TwinLiteTestSupport",
      dependencies: ["TwinLiteCore", "TwinLiteCatalog", .product(name: "GRDB", package: "GRDB.swift")],
      path: "Tests/_TwinLiteTestSupport"),
    .testTarget(name: "TwinLiteCoreTests", dependencies: ["TwinLiteCore", "_TwinLiteTestSupport"]),
    .testTarget(
      name: "TwinLiteDatasetTests",
      dependencies: ["TwinLiteDataset", "TwinLiteImageIO", "_TwinLiteTestSupport"]),
    .testTarget(
      name: "TwinLiteImageIOTests",
      dependencies: ["TwinLiteImageIO", "CTwinLiteZlib", "CTwinLiteJPEG", "_TwinLiteTestSupport"]),
    .testTarget(name: "TwinLitePrepTests", dependencies: ["TwinLitePrep", "_TwinLiteTestSupport"]),
    .testTarget(name: "TwinLiteNNTests", dependencies: ["TwinLiteNN", "_TwinLiteTestSupport"]),
    .testTarget(
      name: "TwinLiteModelTests", dependencies: ["TwinLiteModel", "TwinLiteImageIO", "_TwinLiteTestSupport"]),
    .testTarget(
      name: "TwinLiteBackendsTests",
      dependencies: ["TwinLiteBackends", "TwinLiteImageIO", "_TwinLiteTestSupport"]),
    .testTarget(name: "TwinLiteCatalogTests", dependencies: ["TwinLiteCatalog", "_TwinLiteTestSupport"]),
    .testTarget(name: "TwinLiteCLITests", dependencies: ["_TwinLiteTestSupport"]),
    .testTarget(
      name: "TwinLiteBenchTests",
      dependencies: [
        "TwinLiteBench", "TwinLiteBackends", "TwinLiteNN", "TwinLiteCatalog", "_TwinLiteTestSupport",
      ]),
    // Fuzz-corpus replay, bad-input corpus, hostile checkpoints. Corpus/ is read in place.
    .testTarget(
      name: "TwinLiteReliabilityTests",
      dependencies: ["TwinLiteDataset", "TwinLiteImageIO", "TwinLiteNN", "_TwinLiteTestSupport"],
      exclude: ["Corpus"]),
    .testTarget(
      name: "TwinLitePluginTests",
      dependencies: ["TwinLitePlugin", "TwinLiteBench", "TwinLiteImageIO", "_TwinLiteTestSupport"],
      exclude: ["Fakes"]),
  ]
)
