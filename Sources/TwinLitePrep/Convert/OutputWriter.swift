import Foundation

/// Writes a `FrameResult` under the output folder. Every file appears atomically: PNGs are
/// written to a hidden temporary name and renamed; images are linked or copied to a temporary
/// name and renamed, so a final name never holds a partial file and reruns replace old outputs.
public struct OutputWriter: Sendable {
  public let out: String
  public let images: ImageMode

  public init(out: String, images: ImageMode) {
    self.out = InputDetector.normalized(out)
    self.images = images
  }

  /// Why TwinLiteNet's loader would misread this output folder: it derives label paths by
  /// replacing `images` and `jpg` anywhere in the image path. Nil when the path is safe.
  public static func loaderPathWarning(out: String) -> String? {
    let path = InputDetector.normalized(out)
    guard path.contains("images") || path.contains("jpg") else { return nil }
    return "warning: \(path) contains 'images' or 'jpg'; TwinLiteNet's loader replaces those strings in the "
      + "whole path and would look for masks in the wrong place"
  }

  /// Creates the output folders of the given splits once, before any frame is written.
  public func prepareFolders(
    splits: [String], layout: OutputLayout, detection: Bool = false
  ) throws(PrepError) {
    for split in splits {
      if detection { try AtomicFile.makeDirectory("\(out)/\(layout.detectionFolder)/\(split)") }
      try AtomicFile.makeDirectory("\(out)/\(layout.drivableFolder)/\(split)")
      try AtomicFile.makeDirectory("\(out)/\(layout.laneFolder)/\(split)")
      if images != .none { try AtomicFile.makeDirectory("\(out)/\(layout.imageFolder)/\(split)") }
    }
  }

  public func write(_ result: FrameResult) throws(PrepError) {
    for output in result.outputs {
      let path = "\(out)/\(output.path)"
      switch output.content {
      case .bytes(let bytes):
        try AtomicFile.write(bytes, to: path)
      case .file(let source):
        try place(source, at: path)
      }
    }
  }

  /// Hard link, else symbolic link (other file system), or copy with `--copy-images`.
  private func place(_ source: String, at path: String) throws(PrepError) {
    let temporary = AtomicFile.temporaryPath(for: path)
    var ok = false
    switch images {
    case .copy, .none:
      ok = (try? FileManager.default.copyItem(atPath: source, toPath: temporary)) != nil
    case .link:
      ok = link(source, temporary) == 0
      if !ok && (errno == EXDEV || errno == EPERM || errno == EMLINK) {
        let absolute = URL(fileURLWithPath: source).standardizedFileURL.path
        ok = symlink(absolute, temporary) == 0
      }
    }
    guard ok, rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw .output(file: path, reason: "cannot place image \(source): \(reason)")
    }
    // rename() between two links of the same file succeeds without removing the source name.
    unlink(temporary)
  }
}
