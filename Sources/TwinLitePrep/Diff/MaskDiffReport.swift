import Foundation

/// The result of comparing mask tree A with mask tree B, frame by frame by name. B is the
/// reference: precision is the share of A's foreground that B has, recall the share of B's
/// foreground that A has. Pixel counts are at the masks' own resolution, foreground = value > 0.
public struct MaskDiffReport: Sendable, Equatable, Codable {
  public var a: MaskTreeLayout
  public var b: MaskTreeLayout
  /// Splits compared, sorted.
  public var splits: [String]
  /// Frames (split and name) compared in at least one head.
  public var frames: Int
  public var drivable: DiffHeadSummary
  public var lane: DiffHeadSummary
  /// The lowest-IoU frames of each head (drivable first), worst first.
  public var worst: [DiffWorstFrame]
  public var perSplit: [DiffSplitSummary]
  /// Masks present in one tree only.
  public var unmatched: [DiffUnmatched]
  /// Masks that could not be compared (unreadable, size mismatch) or overlays not written.
  public var errors: [DiffFrameProblem]

  enum CodingKeys: String, CodingKey {
    case a, b, splits, frames, drivable, lane, worst, unmatched, errors
    case perSplit = "per_split"
  }

  public func head(_ head: MaskHead) -> DiffHeadSummary {
    head == .drivable ? drivable : lane
  }

  /// Sorted-key, pretty JSON.
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }
}

/// One head's agreement over a set of frames.
public struct DiffHeadSummary: Sendable, Equatable, Codable {
  /// Frames whose two masks were read and compared.
  public var frames: Int
  public var onlyInA: Int
  public var onlyInB: Int
  /// Frames present in both trees that could not be compared.
  public var errors: Int
  /// Pooled IoU: intersection over union of foreground pixels summed over frames (nil: both empty).
  public var iou: Double?
  /// Pooled `|A ∩ B| / |A|` (nil: A empty everywhere).
  public var precision: Double?
  /// Pooled `|A ∩ B| / |B|` (nil: B empty everywhere).
  public var recall: Double?
  public var pixels: DiffPixelCounts
  public var frameIoU: DiffFrameIoU
  /// Frames whose largest value is 1 (0/1 masks), per tree.
  public var zeroOneFrames: DiffSideCounts

  enum CodingKeys: String, CodingKey {
    case frames, errors, iou, precision, recall, pixels
    case onlyInA = "only_in_a"
    case onlyInB = "only_in_b"
    case frameIoU = "frame_iou"
    case zeroOneFrames = "zero_one_frames"
  }

  // Optional scores are written as null, not left out: a missing key reads like a missing feature.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(frames, forKey: .frames)
    try c.encode(onlyInA, forKey: .onlyInA)
    try c.encode(onlyInB, forKey: .onlyInB)
    try c.encode(errors, forKey: .errors)
    try c.encode(iou, forKey: .iou)
    try c.encode(precision, forKey: .precision)
    try c.encode(recall, forKey: .recall)
    try c.encode(pixels, forKey: .pixels)
    try c.encode(frameIoU, forKey: .frameIoU)
    try c.encode(zeroOneFrames, forKey: .zeroOneFrames)
  }
}

/// Foreground pixels summed over the compared frames.
public struct DiffPixelCounts: Sendable, Equatable, Codable {
  public var a: Int
  public var b: Int
  public var intersection: Int
  public var union: Int

  public init(a: Int, b: Int, intersection: Int, union: Int) {
    self.a = a
    self.b = b
    self.intersection = intersection
    self.union = union
  }
}

/// Percentiles of the per-frame IoU over the frames where A or B has foreground (a frame empty in
/// both has no IoU; those are counted in `emptyBoth`). Percentiles interpolate linearly between
/// the two nearest ranks (numpy's default).
public struct DiffFrameIoU: Sendable, Equatable, Codable {
  public var min: Double?
  public var p5: Double?
  public var median: Double?
  /// Frames with an IoU.
  public var scored: Int
  public var emptyBoth: Int

  enum CodingKeys: String, CodingKey {
    case min, p5, median, scored
    case emptyBoth = "empty_both"
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(min, forKey: .min)
    try c.encode(p5, forKey: .p5)
    try c.encode(median, forKey: .median)
    try c.encode(scored, forKey: .scored)
    try c.encode(emptyBoth, forKey: .emptyBoth)
  }

  /// The `q` quantile (0...1) of ascending `sorted` values: linear between closest ranks.
  public static func quantile(_ sorted: [Double], _ q: Double) -> Double? {
    guard !sorted.isEmpty else { return nil }
    let position = q * Double(sorted.count - 1)
    let low = Int(position.rounded(.down))
    let high = Swift.min(low + 1, sorted.count - 1)
    return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
  }
}

public struct DiffSideCounts: Sendable, Equatable, Codable {
  public var a: Int
  public var b: Int

  public init(a: Int, b: Int) {
    self.a = a
    self.b = b
  }
}

/// One of the lowest-IoU frames of a head.
public struct DiffWorstFrame: Sendable, Equatable, Codable {
  public var split: String
  public var frame: String
  public var head: MaskHead
  public var iou: Double
  public var aPixels: Int
  public var bPixels: Int
  public var intersection: Int
  /// The side-by-side PNG, when `--overlays` was given and it was written.
  public var overlay: String?

  enum CodingKeys: String, CodingKey {
    case split, frame, head, iou, intersection, overlay
    case aPixels = "a_pixels"
    case bPixels = "b_pixels"
  }
}

/// Scores of one split.
public struct DiffSplitSummary: Sendable, Equatable, Codable {
  public var split: String
  public var frames: Int
  public var drivable: DiffHeadSummary
  public var lane: DiffHeadSummary
}

/// A mask in one tree with no counterpart of the same name in the other.
public struct DiffUnmatched: Sendable, Equatable, Codable {
  public var split: String
  public var frame: String
  public var head: MaskHead
  /// "A" or "B": the tree that has it.
  public var onlyIn: String
  public var file: String

  enum CodingKeys: String, CodingKey {
    case split, frame, head, file
    case onlyIn = "only_in"
  }
}
