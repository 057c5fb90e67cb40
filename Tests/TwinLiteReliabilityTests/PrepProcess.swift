import Foundation
import _TwinLiteTestSupport

/// Runs the built `twinlite-prep` binary and makes the synthetic sample trees the tests damage.
enum PrepProcess {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  struct Result: CustomStringConvertible {
    let status: Int32
    let stdout: String
    let stderr: String
    let seconds: Double

    var description: String { "exit \(status) after \(seconds) s\nstderr:\n\(stderr)" }
  }

  /// The executable beside the test bundle, or under `.build/{release,debug}`.
  static func binary() throws -> URL {
    var folders: [URL] = []
    if let first = CommandLine.arguments.first {
      folders.append(URL(fileURLWithPath: first).deletingLastPathComponent())
    }
    folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
    for config in ["release", "debug"] {
      folders.append(Fixtures.packageRoot.appendingPathComponent(".build/\(config)"))
    }
    for folder in folders {
      let url = folder.appendingPathComponent("twinlite-prep")
      if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    throw Failure(description: "twinlite-prep not found in \(folders.map(\.path)); run swift build first")
  }

  /// Runs to completion; both streams go through files (no pipe deadlock on long stderr).
  static func run(_ arguments: [String], executable: URL? = nil) throws -> Result {
    let folder = try Fixtures.temporaryDirectory("prep-io")
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("stdout")
    let errURL = folder.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = try executable ?? binary()
    process.arguments = arguments
    process.standardOutput = out
    process.standardError = err
    let start = Date()
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    // Lossy decoding: a message may quote a non-UTF-8 file name.
    func text(_ url: URL) -> String {
      String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
    }
    return Result(
      status: process.terminationStatus, stdout: text(outURL), stderr: text(errURL),
      seconds: Date().timeIntervalSince(start))
  }

  /// A sample tree written once per test process (8 frames: 6 train, 2 val, drivable maps too).
  static let pristine: Swift.Result<URL, Failure> = {
    do {
      let root = try Fixtures.temporaryDirectory("reliability-sample").appendingPathComponent("bdd")
      let result = try run(["sample", root.path, "--frames", "8", "--drivable-maps", "--quiet"])
      guard result.status == 0 else { return .failure(Failure(description: "sample failed: \(result)")) }
      return .success(root)
    } catch {
      return .failure(Failure(description: "\(error)"))
    }
  }()

  /// A private copy of the sample tree, for one test to damage.
  static func freshSample() throws -> URL {
    let source = try pristine.get()
    let copy = try Fixtures.temporaryDirectory("reliability-case").appendingPathComponent("bdd")
    try FileManager.default.copyItem(at: source, to: copy)
    return copy
  }

  /// Frame stems of a split, from the sample's per-image label files.
  static func frames(_ root: URL, split: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent("labels/100k/\(split)").path
    )
    .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// The split/name of every frame whose drivable and lane masks exist under `out`.
  static func converted(_ out: URL) -> Set<String> {
    var names = Set<String>()
    for split in ["train", "val"] {
      let folder = out.appendingPathComponent("segments/\(split)").path
      for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
      where file.hasSuffix(".png") {
        let name = String(file.dropLast(4))
        if FileManager.default.fileExists(atPath: out.appendingPathComponent("lane/\(split)/\(file)").path) {
          names.insert("\(split)/\(name)")
        }
      }
    }
    return names
  }
}
