import TwinLiteDataset
import TwinLiteImageIO

/// Output folder names.
public enum OutputLayout: String, Sendable, CaseIterable, Codable {
  /// TwinLiteNet: `segments/{split}` (drivable) and `lane/{split}`.
  case twinlite
  /// YOLOP / HybridNets: `da_seg_annotations/{split}` and `ll_seg_annotations/{split}`.
  case yolop

  public var drivableFolder: String { self == .twinlite ? "segments" : "da_seg_annotations" }
  public var laneFolder: String { self == .twinlite ? "lane" : "ll_seg_annotations" }
  /// 2018 per-image detection JSON, which YOLOP's `BddDataset` opens for every drivable mask.
  public var detectionFolder: String { "det_annotations" }
  public var imageFolder: String { "images" }
}

/// How the source JPEGs reach `OUT/images/{split}/`.
public enum ImageMode: String, Sendable, CaseIterable, Codable {
  /// Hard link when source and output share a file system, else a symbolic link.
  case link
  /// Copy the bytes.
  case copy
  /// Leave images out (masks only); a frame's missing JPEG is then not an error.
  case none
}

/// What a frame's output files are: mask encoding and rules, folder layout, images, PNG settings
/// and `det_annotations/`. Everything that decides their bytes and names; how the run executes is
/// `PipelineOptions`.
public struct FrameOutputOptions: Sendable {
  public var format: MaskFormat
  public var layout: OutputLayout
  public var masks: MaskRules
  public var images: ImageMode
  public var png: PNGWriteOptions
  /// The detection source of each split when `det_annotations/` is written (YOLOP layout).
  public var detection: [SplitDetection]?
  /// Link images whose path in ROOT is a symbolic link leading outside ROOT (default: such a
  /// frame fails). Not part of `canonicalDescription`: it decides which frames fail, not bytes.
  public var followImageLinks = false

  public init(
    format: MaskFormat = .twinlite, layout: OutputLayout = .twinlite,
    masks: MaskRules = MaskRules(),
    images: ImageMode = .link, png: PNGWriteOptions = .masks
  ) {
    self.format = format
    self.layout = layout
    self.masks = masks
    self.images = images
    self.png = png
  }

  /// Canonical text of the options that change output bytes (for catalogs and manifests).
  public var canonicalDescription: String {
    let lane = masks.lane
    return [
      "format=\(format.rawValue)", "layout=\(layout.rawValue)", "images=\(images.rawValue)",
      "size=\(masks.width)x\(masks.height)", "merge=\(lane.mergeCentreLines)",
      "pair-threshold=\(lane.pairDistanceThreshold)", "min-overlap=\(lane.minimumOverlap)",
      "resample-step=\(lane.resampleStep)", "drop-vertical=\(lane.dropVertical)",
      "drop-crosswalk=\(lane.dropCrosswalk)",
      "exclude=\(lane.excludedTypes.map(\.name).sorted().joined(separator: "+"))",
      "lane-width=\(lane.lineWidth)", "train-width=\(lane.trainLineWidth)",
      "png=\(png.level)/\(png.strategy.rawValue)/\(png.filters.rawValue)",
    ].joined(separator: " ") + detectionDescription
  }
}

extension FrameOutputOptions {
  /// Empty without `det_annotations/`, so the other layouts keep their options hash.
  var detectionDescription: String {
    guard let detection else { return "" }
    return " det=" + detection.map { "\($0.split):\($0.source?.rawValue ?? "none")" }.joined(separator: ",")
  }
}
