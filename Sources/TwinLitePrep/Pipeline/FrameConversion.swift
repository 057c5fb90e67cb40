import Foundation

/// What one output file of a frame is; its raw value is the catalog's `outputs.kind`.
public enum OutputKind: String, Sendable, Codable, CaseIterable {
  case drivable, lane, image, detection
}

/// What one output file of a frame contains.
public enum OutputContent: Sendable {
  /// Encoded bytes (a PNG mask, a detection JSON) to write.
  case bytes([UInt8])
  /// An existing file (the source JPEG), placed as `transfer` says.
  case file(URL, FileTransfer)
}

/// How an existing file reaches the output.
public enum FileTransfer: Sendable {
  /// Hard link; a copy where the file system refuses (another device).
  case linkOrCopy
  /// Hard link; a symbolic link to the absolute source path on another device.
  case linkOrSymlink
  /// Always a copy.
  case copy
}

/// One output file: its kind and final-layout path relative to the output folder
/// (`segments/train/NAME.png`).
public struct OutputFile: Sendable {
  public var kind: OutputKind
  public var path: String
  public var content: OutputContent

  public init(kind: OutputKind, path: String, content: OutputContent) {
    self.kind = kind
    self.path = path
    self.content = content
  }
}

/// The result of converting one frame: its files, not yet written (the pipeline writes them).
public struct ConvertedFrame: Sendable {
  public var files: [OutputFile]
  /// Label counts for the catalog and the summary: `areas` (drivable polygons drawn, 0 when the
  /// mask came from a PNG map), `lanes` (lane edges read) and, with `det_annotations/`, `boxes`, ….
  public var labelCounts: [String: Int]

  public init(files: [OutputFile], labelCounts: [String: Int] = [:]) {
    self.files = files
    self.labelCounts = labelCounts
  }
}

/// Converts frames for the pipeline. The pipeline creates one worker per thread, so a worker may
/// keep scratch buffers without locking; the conversion itself must be deterministic.
public protocol FrameConversion: Sendable {
  associatedtype Worker: FrameConversionWorker
  /// A fresh worker for one thread.
  func makeWorker() throws -> Worker
}

public protocol FrameConversionWorker {
  /// Converts frame `index` of the pipeline input's `frames`. A thrown error marks that frame
  /// failed (its description is stored in the catalog); other frames go on.
  mutating func convert(frameAt index: Int) throws -> ConvertedFrame
}
