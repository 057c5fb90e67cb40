import Foundation
import TwinLiteCore

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

  /// Writes every output through OUT's own folders (`ContainedDirectory`): a path that breaks the
  /// name rule or a symbolic link planted in OUT fails the frame instead of writing elsewhere.
  public func write(_ result: FrameResult) throws(PrepError) {
    do throws(ContainedPathError) {
      let folder = try ContainedDirectory(path: out)
      for output in result.outputs {
        switch output.content {
        case .bytes(let bytes):
          try folder.writeReplacing(output.path, bytes)
        case .file(let source):
          try place(source, at: output.path, in: folder)
        }
      }
    } catch {
      throw .output(file: out, reason: "\(error)")
    }
  }

  /// Hard link, else symbolic link (other file system), or copy with `--copy-images`; made under
  /// a staging name and renamed over the final one.
  private func place(_ source: String, at path: String, in folder: ContainedDirectory)
    throws(ContainedPathError)
  {
    let staging = ContainedDirectory.staging(beside: path)
    defer { try? folder.unlink(staging) }
    switch images {
    case .copy, .none:
      let bytes: [UInt8]
      do { bytes = try FileOps.read(source) } catch {
        var code = EIO
        if case PipelineError.io(_, _, let errno) = error { code = errno }
        throw .io(path: source, operation: "read", errno: code)
      }
      try folder.writeNew(staging, bytes)
    case .link:
      let linked = Result { () throws(ContainedPathError) in try folder.link(source, at: staging) }
      if case .failure(let error) = linked {
        guard let code = error.errno, code == EXDEV || code == EPERM || code == EMLINK else { throw error }
        try folder.symlink(to: URL(fileURLWithPath: source).standardizedFileURL.path, at: staging)
      }
    }
    // rename() between two links of one file succeeds and keeps both: the deferred unlink clears it.
    try folder.rename(staging, to: path)
  }
}
