import Foundation

/// One evaluation frame of a prepared split: the JPEG and its two masks.
public struct AccuracyFrame: Sendable, Equatable {
  /// File name without extension.
  public let name: String
  public let image: String
  public let drivable: String
  public let lane: String
}

/// The `twinlite-prep` output layout: `OUT/images/<split>/NAME.jpg`, `OUT/segments/<split>/NAME.png`,
/// `OUT/lane/<split>/NAME.png` (the official loader's `images` → `segments` / `lane` replacement).
public enum AccuracyDataset {
  /// Frames of `split`, **sorted by file name** (byte order of the UTF-8 names). Upstream batches
  /// follow `os.listdir`, which is directory order; this order is deterministic instead.
  public static func frames(data: String, split: String) throws -> [AccuracyFrame] {
    let root = URL(fileURLWithPath: data)
    let folder = root.appendingPathComponent("images").appendingPathComponent(split).path
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    let names = entries.filter { $0.lowercased().hasSuffix(".jpg") }
      .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    guard !names.isEmpty else { throw AccuracyError.noFrames(folder: folder) }
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
        name: name, image: "\(folder)/\(file)", drivable: try label("segments"), lane: try label("lane"))
    }
  }
}
