import Foundation
import TwinLiteCore

/// One evaluation frame of a prepared split: the JPEG and its two masks.
public struct AccuracyFrame: Sendable, Equatable {
  /// File name without extension.
  public let name: String
  public let image: String
  public let drivable: String
  public let lane: String
}

/// The `twinlite-prep` output layout: `OUT/images/<split>/NAME.jpg`, `OUT/segments/<split>/NAME.png`,
/// `OUT/lane/<split>/NAME.png` (the official loader's `images` → `segments` / `lane` replacement), or
/// with `--layout yolop`: `OUT/da_seg_annotations/…`, `OUT/ll_seg_annotations/…`. Masks must be 0/255
/// (`--format twinlite`, the default); `--format bdd100k` encodings are not what the loader expects.
public enum AccuracyDataset {
  /// Drivable and lane mask folders: twinlite names, else YOLOP names when only those exist.
  static func labelFolders(_ root: URL) -> (drivable: String, lane: String) {
    let fm = FileManager.default
    if !fm.fileExists(atPath: root.appendingPathComponent("segments").path),
      fm.fileExists(atPath: root.appendingPathComponent("da_seg_annotations").path)
    {
      return ("da_seg_annotations", "ll_seg_annotations")
    }
    return ("segments", "lane")
  }

  /// Frames of `split`, **sorted by file name** (byte order of the UTF-8 names). Upstream batches
  /// follow `os.listdir`, which is directory order; this order is deterministic instead.
  public static func frames(data: String, split: String) throws -> [AccuracyFrame] {
    // The split names folders under the prepared tree: one path component, like a frame name.
    if let problem = FrameName.problem(split, suffix: "") {
      throw AccuracyError.invalidOption(name: "split", reason: "\(FrameName.quoted(split)) \(problem)")
    }
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: data, isDirectory: &isFolder), isFolder.boolValue else {
      throw AccuracyError.notAFolder(path: data)
    }
    let root = URL(fileURLWithPath: data)
    let folder = root.appendingPathComponent("images").appendingPathComponent(split).path
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    let names = entries.filter { $0.lowercased().hasSuffix(".jpg") }
      .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    guard !names.isEmpty else { throw AccuracyError.noFrames(folder: folder) }
    let labels = labelFolders(root)
    return try names.map { file in
      let name = String(file.dropLast(4))
      func label(_ kind: String) throws -> String {
        let path = root.appendingPathComponent(kind).appendingPathComponent(split)
          .appendingPathComponent(name + ".png").path
        guard FileManager.default.fileExists(atPath: path) else {
          throw AccuracyError.missingLabel(frame: name, path: path)
        }
        return path
      }
      return AccuracyFrame(
        name: name, image: "\(folder)/\(file)", drivable: try label(labels.drivable),
        lane: try label(labels.lane))
    }
  }
}
