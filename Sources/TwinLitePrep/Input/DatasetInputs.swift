import TwinLiteDataset

/// Which JSON label layout a split's frames come from.
public enum LabelSourceKind: String, Sendable, CaseIterable, Codable {
  /// 2020 Scalabel `labels/drivable/polygons/drivable_{split}.json` + `labels/lane/polygons/lane_{split}.json`.
  case scalabel2020 = "2020"
  /// 2018 aggregate `labels/bdd100k_labels_images_{split}.json`.
  case aggregate2018 = "2018-aggregate"
  /// 2018 per-image `labels/100k/{split}/NAME.json`.
  case perImage2018 = "2018-per-image"

  public var title: String {
    switch self {
    case .scalabel2020: return "2020 Scalabel drivable/lane polygons"
    case .aggregate2018: return "2018 aggregate labels"
    case .perImage2018: return "2018 per-image labels"
    }
  }
}

/// A drivable PNG label map encoding.
public enum DrivableMapKind: String, Sendable, CaseIterable, Codable {
  /// `labels/drivable/masks/{split}/NAME.png`: 0 direct, 1 alternative, 2 background.
  case masks2020 = "2020-masks"
  /// `drivable_maps/labels/{split}/NAME_drivable_id.png`: 0 background, 1 direct, 2 alternative.
  case drivableId2018 = "2018-drivable-id"

  /// The value layout of the maps.
  public var encoding: DrivableMapEncoding { self == .masks2020 ? .bdd2020 : .bdd2018 }

  /// The file name suffix after the frame name.
  public var suffix: String { self == .masks2020 ? ".png" : "_drivable_id.png" }
}

/// Where drivable areas come from when both polygons and PNG maps exist.
public enum DrivableSourcePreference: String, Sendable, CaseIterable, Codable {
  /// Polygons from the chosen JSON layout when it has drivable labels, else PNG maps.
  case auto
  case polygons
  case maps
}

/// Everything found for one split under the dataset root (absolute paths; nil = absent).
public struct SplitInputs: Sendable, Equatable {
  public var split: String
  public var perImageDirectory: String?
  public var perImageCount: Int
  public var aggregateFile: String?
  public var drivable2020File: String?
  public var lane2020File: String?
  public var masks2020Directory: String?
  public var drivableId2018Directory: String?
  public var imagesDirectory: String?

  /// The JSON layout chosen by precedence (or by `--labels`); nil when none exists.
  public var labelSource: LabelSourceKind?
  /// The PNG map set used for drivable areas; nil when drivable areas come from polygons.
  public var drivableMaps: DrivableMapKind?

  public init(split: String) {
    self.split = split
    perImageCount = 0
  }

  /// JSON layouts present, in precedence order.
  public var availableLabelSources: [LabelSourceKind] {
    var result: [LabelSourceKind] = []
    if drivable2020File != nil || lane2020File != nil { result.append(.scalabel2020) }
    if aggregateFile != nil { result.append(.aggregate2018) }
    if perImageDirectory != nil { result.append(.perImage2018) }
    return result
  }

  /// PNG map sets present, in precedence order.
  public var availableDrivableMaps: [DrivableMapKind] {
    var result: [DrivableMapKind] = []
    if masks2020Directory != nil { result.append(.masks2020) }
    if drivableId2018Directory != nil { result.append(.drivableId2018) }
    return result
  }

  public var mapDirectory: String? {
    switch drivableMaps {
    case .masks2020: return masks2020Directory
    case .drivableId2018: return drivableId2018Directory
    case nil: return nil
    }
  }
}

/// The result of scanning a dataset root.
public struct DatasetInputs: Sendable, Equatable {
  public var root: String
  public var splits: [SplitInputs]

  /// Human-readable lines describing what was found and what will be used.
  public var report: [String] {
    var lines = ["dataset root \(root)"]
    for s in splits {
      var found: [String] = []
      if let f = s.drivable2020File { found.append("2020 drivable polygons \(relative(f))") }
      if let f = s.lane2020File { found.append("2020 lane polygons \(relative(f))") }
      if let f = s.aggregateFile { found.append("2018 aggregate \(relative(f))") }
      if let d = s.perImageDirectory { found.append("2018 per-image \(relative(d)) (\(s.perImageCount) files)") }
      if let d = s.masks2020Directory { found.append("2020 drivable masks \(relative(d))") }
      if let d = s.drivableId2018Directory { found.append("2018 drivable maps \(relative(d))") }
      if let d = s.imagesDirectory { found.append("images \(relative(d))") }
      lines.append("  \(s.split): found " + (found.isEmpty ? "nothing" : found.joined(separator: "; ")))
      let labels = s.labelSource.map { $0.title } ?? "none"
      let drivable = s.drivableMaps.map { "PNG maps (\($0.rawValue))" }
        ?? (s.labelSource == nil ? "none" : "polygons")
      lines.append("  \(s.split): using \(labels); drivable from \(drivable); lanes from \(labels)")
    }
    return lines
  }

  private func relative(_ path: String) -> String {
    path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
  }
}
