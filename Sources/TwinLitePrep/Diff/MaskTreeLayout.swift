import Foundation

/// The two mask heads of TwinLiteNet and YOLOP.
public enum MaskHead: String, Sendable, Codable, CaseIterable, Comparable {
  case drivable
  case lane

  public static func < (a: MaskHead, b: MaskHead) -> Bool { a.rawValue < b.rawValue }
}

/// Where one mask tree keeps its masks: `ROOT/<folder>/<split>/NAME.png` for each head.
///
/// Known folder pairs, tried in this order (`bdd100k-labels.md` §10):
/// - `twinlite`: `segments/` + `lane/` (TwinLiteNet's `DataSet.py`, `twinlite-prep`'s default);
/// - `yolop`: `da_seg_annotations/` + `ll_seg_annotations/` (YOLOP's README and its published masks);
/// - `yolop-config`: `bdd_seg_gt/` + `bdd_lane_gt/` (the roots named in YOLOP's `default.py`).
public struct MaskTreeLayout: Sendable, Equatable, Codable {
  /// The folder pairs, in detection order.
  public static let known: [(name: String, drivable: String, lane: String)] = [
    ("twinlite", "segments", "lane"),
    ("yolop", "da_seg_annotations", "ll_seg_annotations"),
    ("yolop-config", "bdd_seg_gt", "bdd_lane_gt"),
  ]

  /// The root as given.
  public var root: String
  /// `twinlite`, `yolop` or `yolop-config`.
  public var layout: String
  /// The drivable folder's name, nil when this tree has none.
  public var drivable: String?
  /// The lane folder's name, nil when this tree has none.
  public var lane: String?

  /// The first known pair with at least one folder present under `root`. `side` ("A" or "B")
  /// names the tree in errors.
  public static func detect(root: String, side: String) throws(DiffError) -> MaskTreeLayout {
    guard isDirectory(root) else { throw .rootNotFound(side: side, path: root) }
    for pair in known {
      let drivable = isDirectory("\(root)/\(pair.drivable)") ? pair.drivable : nil
      let lane = isDirectory("\(root)/\(pair.lane)") ? pair.lane : nil
      if drivable != nil || lane != nil {
        return MaskTreeLayout(root: root, layout: pair.name, drivable: drivable, lane: lane)
      }
    }
    throw .noMaskFolders(
      side: side, root: root,
      looked: known.map { "\(root)/\($0.drivable)/<split>/ + \(root)/\($0.lane)/<split>/ (\($0.name))" })
  }

  public func folder(_ head: MaskHead) -> String? {
    switch head {
    case .drivable: return drivable
    case .lane: return lane
    }
  }

  /// `ROOT/<folder>/<split>`, nil when the head's folder is missing.
  public func directory(_ head: MaskHead, split: String) -> String? {
    folder(head).map { "\(root)/\($0)/\(split)" }
  }

  /// Split folders under either head's folder, sorted.
  public var splits: [String] {
    var found = Set<String>()
    for head in MaskHead.allCases {
      guard let folder = folder(head) else { continue }
      for entry in Self.entries("\(root)/\(folder)") where Self.isDirectory("\(root)/\(folder)/\(entry)") {
        found.insert(entry)
      }
    }
    return found.sorted()
  }

  /// Frame name (file name without `.png`) → path, for one split and head. Hidden files and other
  /// extensions are not masks.
  public func masks(_ head: MaskHead, split: String) -> [String: String] {
    guard let directory = directory(head, split: split) else { return [:] }
    var result: [String: String] = [:]
    for entry in Self.entries(directory) where entry.lowercased().hasSuffix(".png") {
      result[String(entry.dropLast(4))] = "\(directory)/\(entry)"
    }
    return result
  }

  /// A short description: `yolop (da_seg_annotations/, ll_seg_annotations/)`.
  public var summary: String {
    let folders = MaskHead.allCases.map { folder($0).map { "\($0)/" } ?? "no \($0.rawValue) folder" }
    return "\(layout) (\(folders.joined(separator: ", ")))"
  }

  static func entries(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }
  }

  static func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
  }
}
