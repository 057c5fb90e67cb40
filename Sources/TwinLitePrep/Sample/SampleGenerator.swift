import Foundation
import TwinLiteCore
import TwinLiteDataset
import TwinLiteImageIO

/// Settings of `twinlite-prep sample`.
public struct SampleOptions: Sendable, Equatable {
  public var frames: Int
  public var seed: UInt64
  public var jpegQuality: Int
  /// Also write drivable PNG maps: `labels/drivable/masks/{split}/NAME.png` (2020 ids) and
  /// `drivable_maps/labels/{split}/NAME_drivable_id.png` (2018 ids).
  public var drivableMaps: Bool

  public init(frames: Int = 16, seed: UInt64 = 1, jpegQuality: Int = 90, drivableMaps: Bool = false) {
    self.frames = frames
    self.seed = seed
    self.jpegQuality = jpegQuality
    self.drivableMaps = drivableMaps
  }
}

/// What `SampleGenerator.write` produced.
public struct SampleSummary: Sendable, Equatable {
  public var root: String
  public var trainFrames: Int
  public var valFrames: Int
  /// Paths written, relative to `root`, sorted.
  public var files: [String]
}

/// Writes a synthetic BDD100K tree: JPEG road scenes plus their labels in all three JSON layouts
/// (detection boxes too, with the 2020 `det_20` list), laid out as the dataset download is (see
/// `InputDetector`).
public enum SampleGenerator {
  /// The scenes for `options`, deterministic in `seed`. Every fourth frame is `val` (the last
  /// frame too when there are fewer than four), the rest `train`.
  public static func scenes(_ options: SampleOptions) -> [SampleScene] {
    var rng = SplitMix64(seed: options.seed)
    var result: [SampleScene] = []
    for i in 0..<options.frames {
      let isVal = i % 4 == 3 || (options.frames > 1 && options.frames < 4 && i == options.frames - 1)
      let name = hex(rng.next() >> 32) + "-" + hex(rng.next() >> 32)
      var sceneRNG = SplitMix64(seed: rng.next())
      result.append(SampleScene.generate(name: name, split: isVal ? "val" : "train", rng: &sceneRNG))
    }
    return result
  }

  /// Writes the tree under `root` (created if needed; existing files with the same names are replaced).
  public static func write(to root: String, options: SampleOptions = SampleOptions()) throws(DatasetError)
    -> SampleSummary
  {
    guard options.frames >= 1 else { throw .invalidOption(name: "frames", reason: "must be at least 1") }
    guard (1...100).contains(options.jpegQuality) else {
      throw .invalidOption(name: "quality", reason: "must be in 1...100")
    }
    let root = InputDetector.normalized(root)
    let all = scenes(options)
    let encoder: JPEGEncoder
    do { encoder = try JPEGEncoder(quality: options.jpegQuality) } catch { throw .image(error) }
    var files: [String] = []
    var renderer = MaskRenderer()
    let png = PNGWriter()
    func put(_ relative: String, _ bytes: [UInt8]) throws(DatasetError) {
      let path = "\(root)/\(relative)"
      do {
        try FileManager.default.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        // Written aside and renamed: a final name never holds a partial file.
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
      } catch {
        throw .output(file: path, reason: error.localizedDescription)
      }
      files.append(relative)
    }
    let json = JSONEncoder()
    // Sorted keys: dictionaries have no stable order, and the bytes must not depend on the run.
    json.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    func encode<T: Encodable>(_ value: T, _ relative: String) throws(DatasetError) {
      do { try put(relative, Array(try json.encode(value))) } catch let error as DatasetError {
        throw error
      } catch {
        throw .output(file: "\(root)/\(relative)", reason: "JSON encoding failed: \(error)")
      }
    }
    for (index, scene) in all.enumerated() {
      let pixels = scene.renderRGB(seed: options.seed &+ UInt64(index))
      let jpeg: [UInt8]
      do {
        jpeg = try encoder.encodeRGB(width: SampleScene.width, height: SampleScene.height, pixels: pixels)
      } catch { throw .image(error) }
      try put("images/100k/\(scene.split)/\(scene.name).jpg", jpeg)
      try encode(scene.v0File, "labels/100k/\(scene.split)/\(scene.name).json")
      if options.drivableMaps {
        let (maps2020, maps2018) = scene.drivableMaps(renderer: &renderer)
        let encoded: ([UInt8], [UInt8])
        do { encoded = (try png.encode(maps2020), try png.encode(maps2018)) } catch { throw .image(error) }
        try put("labels/drivable/masks/\(scene.split)/\(scene.name).png", encoded.0)
        try put("drivable_maps/labels/\(scene.split)/\(scene.name)_drivable_id.png", encoded.1)
      }
    }
    for split in ["train", "val"] {
      let scenes = all.filter { $0.split == split }
      guard !scenes.isEmpty else { continue }
      try encode(scenes.map(\.aggregateFrame), "labels/bdd100k_labels_images_\(split).json")
      try encode(scenes.map(\.drivable2020Frame), "labels/drivable/polygons/drivable_\(split).json")
      try encode(scenes.map(\.lane2020Frame), "labels/lane/polygons/lane_\(split).json")
      try encode(scenes.map(\.det2020Frame), "labels/det_20/det_\(split).json")
    }
    // Provenance: reports label figures measured on this tree as synthetic, not BDD100K.
    try encode(
      SampleProvenance(frames: options.frames, seed: options.seed), SampleProvenance.fileName)
    return SampleSummary(
      root: root, trainFrames: all.filter { $0.split == "train" }.count,
      valFrames: all.filter { $0.split == "val" }.count, files: files.sorted())
  }

  static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }
}
