/// What one output file of a frame is.
public enum FrameOutputKind: String, Sendable, Codable {
  case drivable, lane, image, detection
}

/// One output file, by path relative to the output folder (`segments/train/NAME.png`).
public struct FrameOutput: Sendable {
  public enum Content: Sendable {
    /// Encoded PNG bytes.
    case bytes([UInt8])
    /// An existing file (the source JPEG) to link or copy.
    case file(String)
  }

  public var kind: FrameOutputKind
  public var path: String
  public var content: Content

  public init(kind: FrameOutputKind, path: String, content: Content) {
    self.kind = kind
    self.path = path
    self.content = content
  }
}

/// The converted frame: its files, not yet written (see `OutputWriter`).
public struct FrameResult: Sendable {
  public var split: String
  public var name: String
  public var outputs: [FrameOutput]
  /// Drivable area labels used (0 when the drivable mask came from a PNG map).
  public var areaCount: Int
  /// Lane edge labels read.
  public var laneCount: Int
  /// What the frame's `det_annotations` file holds; nil when none is written.
  public var detection: DetectionCounts?

  public init(split: String, name: String, outputs: [FrameOutput], areaCount: Int, laneCount: Int) {
    self.split = split
    self.name = name
    self.outputs = outputs
    self.areaCount = areaCount
    self.laneCount = laneCount
  }
}
