import Foundation
import _TwinLiteTestSupport

/// The synthetic sample trees the reliability tests damage, made by the built `twinlite-prep`.
enum PrepSample {
  struct Failure: Error, CustomStringConvertible {
    let description: String
  }

  /// A sample tree written once per test process (8 frames: 6 train, 2 val, drivable maps too).
  static let pristine: Swift.Result<URL, Failure> = {
    do {
      let root = try Fixtures.temporaryDirectory("reliability-sample").appendingPathComponent("bdd")
      let result = try ToolProcess.run(
        "twinlite-prep", ["sample", root.path, "--frames", "8", "--drivable-maps", "--quiet"])
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
