import Foundation
import TwinLiteCore

/// Finds BDD100K label and image trees under a dataset root.
///
/// Paths looked at, per split S (relative to the root):
/// ```
/// labels/drivable/polygons/drivable_S.json   2020 Scalabel drivable polygons
/// labels/lane/polygons/lane_S.json           2020 Scalabel lane polygons
/// labels/bdd100k_labels_images_S.json        2018 aggregate
/// labels/100k/S/*.json                       2018 per-image ("v0")
/// labels/drivable/masks/S/*.png              2020 drivable maps (0 direct, 1 alternative, 2 background)
/// drivable_maps/labels/S/*_drivable_id.png   2018 drivable maps (0 background, 1 direct, 2 alternative)
/// images/100k/S/*.jpg                        images
/// ```
/// Label precedence (first present wins, `--labels` overrides): 2020 with both files, 2018
/// aggregate, 2018 per-image, 2020 with one file. Drivable areas come from the chosen JSON's
/// polygons, or from PNG maps (2020 masks before 2018 maps) when that JSON has no drivable file
/// (2020 lane polygons only) or `--drivable-source maps` is given. Lanes always come from JSON.
public enum InputDetector {
  public static func relativePaths(split s: String) -> [String] {
    [
      "labels/drivable/polygons/drivable_\(s).json", "labels/lane/polygons/lane_\(s).json",
      "labels/bdd100k_labels_images_\(s).json", "labels/100k/\(s)/*.json",
      "labels/drivable/masks/\(s)/*.png", "drivable_maps/labels/\(s)/*_drivable_id.png",
      "images/100k/\(s)/*.jpg",
    ]
  }

  /// Scans `root` for the given splits and applies the precedence rules.
  ///
  /// - Parameters:
  ///   - labels: force one JSON layout (error when a split lacks it).
  ///   - drivable: where drivable areas come from.
  public static func detect(
    root: String, splits: [String], labels: LabelSourceKind? = nil,
    drivable: DrivableSourcePreference = .auto
  ) throws(DatasetError) -> DatasetInputs {
    let root = normalized(root)
    guard isDirectory(root) else { throw .rootNotFound(root) }
    // A split names folders under ROOT and OUT: one path component, like a frame name.
    for split in splits {
      if let problem = FrameName.problem(split, suffix: "") {
        throw .invalidOption(name: "splits", reason: "\(FrameName.quoted(split)) \(problem)")
      }
    }
    var result: [SplitInputs] = []
    for split in splits {
      var s = SplitInputs(split: split)
      s.drivable2020File = file(root, "labels/drivable/polygons/drivable_\(split).json")
      s.lane2020File = file(root, "labels/lane/polygons/lane_\(split).json")
      s.aggregateFile = file(root, "labels/bdd100k_labels_images_\(split).json")
      let perImage = "\(root)/labels/100k/\(split)"
      let perImageCount = count(in: perImage, suffix: ".json")
      if perImageCount > 0 {
        s.perImageDirectory = perImage
        s.perImageCount = perImageCount
      }
      s.masks2020Directory = directory(root, "labels/drivable/masks/\(split)", suffix: ".png")
      s.drivableId2018Directory = directory(root, "drivable_maps/labels/\(split)", suffix: "_drivable_id.png")
      s.imagesDirectory = isDirectory("\(root)/images/100k/\(split)") ? "\(root)/images/100k/\(split)" : nil
      try choose(&s, labels: labels, drivable: drivable)
      result.append(s)
    }
    guard result.contains(where: { $0.labelSource != nil }) else {
      throw .noInputs(root: root, splits: splits, looked: splits.flatMap(relativePaths))
    }
    return DatasetInputs(root: root, splits: result)
  }

  static func choose(
    _ s: inout SplitInputs, labels: LabelSourceKind?, drivable: DrivableSourcePreference
  ) throws(DatasetError) {
    let complete2020 = s.drivable2020File != nil && s.lane2020File != nil
    if let labels {
      guard s.availableLabelSources.contains(labels) else {
        throw .invalidOption(name: "labels", reason: "split \(s.split) has no \(labels.title)")
      }
      s.labelSource = labels
    } else if complete2020 {
      s.labelSource = .scalabel2020
    } else if s.aggregateFile != nil {
      s.labelSource = .aggregate2018
    } else if s.perImageDirectory != nil {
      s.labelSource = .perImage2018
    } else if s.lane2020File != nil || s.drivable2020File != nil {
      s.labelSource = .scalabel2020
    }
    guard s.labelSource != nil else { return }
    let polygonsMissing = s.labelSource == .scalabel2020 && s.drivable2020File == nil
    switch drivable {
    case .polygons:
      if polygonsMissing {
        throw .invalidOption(name: "drivable-source", reason: "split \(s.split) has no drivable polygons")
      }
    case .maps:
      guard let maps = s.availableDrivableMaps.first else {
        throw .invalidOption(name: "drivable-source", reason: "split \(s.split) has no drivable PNG maps")
      }
      s.drivableMaps = maps
    case .auto:
      if polygonsMissing { s.drivableMaps = s.availableDrivableMaps.first }
    }
  }

  // MARK: - File system

  /// The absolute, standardized path without a trailing slash, as messages and the catalog show it.
  public static func normalized(_ path: String) -> String {
    var p = URL(fileURLWithPath: path).standardizedFileURL.path
    while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
    return p
  }

  static func isDirectory(_ path: String) -> Bool {
    var dir: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && dir.boolValue
  }

  static func file(_ root: String, _ relative: String) -> String? {
    var dir: ObjCBool = false
    let path = "\(root)/\(relative)"
    return FileManager.default.fileExists(atPath: path, isDirectory: &dir) && !dir.boolValue ? path : nil
  }

  static func directory(_ root: String, _ relative: String, suffix: String) -> String? {
    let path = "\(root)/\(relative)"
    return count(in: path, suffix: suffix) > 0 ? path : nil
  }

  static func count(in directory: String, suffix: String) -> Int {
    entries(directory, suffix: suffix).count
  }
}
