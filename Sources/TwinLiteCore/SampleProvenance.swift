import Foundation

/// `twinlite-sample.json` at the root of a `twinlite-prep sample` tree: says the tree is synthetic,
/// so that figures measured on it are never mistaken for BDD100K ones.
public struct SampleProvenance: Sendable, Equatable, Codable {
  public static let fileName = "twinlite-sample.json"
  public var generator = "twinlite-prep sample"
  public var frames: Int
  public var seed: UInt64

  public init(frames: Int, seed: UInt64) {
    self.frames = frames
    self.seed = seed
  }

  /// The provenance of the tree at `root`, nil when it is not a (readable) sample tree.
  public static func read(root: String) -> SampleProvenance? {
    guard let data = FileManager.default.contents(atPath: "\(root)/\(fileName)") else { return nil }
    return try? JSONDecoder().decode(SampleProvenance.self, from: data)
  }
}
