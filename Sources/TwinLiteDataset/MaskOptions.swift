/// Which mask encoding to write.
public enum MaskFormat: String, Sendable, Hashable, CaseIterable {
  /// TwinLiteNet/YOLOP: 0/255 drivable union and 0/255 lane centre lines.
  case twinlite
  /// The official 2020 toolkit encodings: drivable 0 direct / 1 alternative / 2 background;
  /// lane bit field `category + (direction << 5) + (style << 4)`, background 255.
  case bdd100k
}

/// Every lane-mask decision of `docs/bdd100k-labels.md` §7, with its default (see `docs/prep-options.md`).
public struct LaneOptions: Sendable, Hashable {
  /// D4–D10: merge edge pairs into centre lines. Off: every edge is drawn as annotated.
  public var mergeCentreLines = true
  /// D7: largest mean distance (px at 1280×720) between two edges of one marking.
  public var pairDistanceThreshold = 30.0
  /// D8: smallest overlap, as a fraction of the shorter edge, for two edges to pair.
  public var minimumOverlap = 0.5
  /// D9: arc-length step (px) when resampling edges whose vertex layouts differ.
  public var resampleStep = 1.0
  /// D2: drop transverse markings (`laneDirection: vertical`: stop lines, crosswalk edges).
  public var dropVertical = false
  /// D2: drop `crosswalk` lanes.
  public var dropCrosswalk = false
  /// D2: further lane types to drop (empty = keep all).
  public var excludedTypes: Set<LaneType> = []
  /// D11: width (px) of the thin centre-line stroke, filled by centre sampling (2 → exactly 2 px across).
  public var lineWidth = 2.0
  /// D12: width (px) of train-split lines after dilation; the square kernel side is
  /// `trainLineWidth - round(lineWidth) + 1` (7×7 for 8 from 2). ≤ `lineWidth` disables dilation.
  public var trainLineWidth = 8

  public init() {}

  /// The dilation radius r of the (2r+1)² square kernel applied to train masks.
  public var trainDilationRadius: Int {
    let thin = Int(lineWidth.rounded())
    return max(0, (trainLineWidth - thin) / 2)
  }

  /// Whether an edge survives the D2 type/direction policy.
  public func keeps(_ edge: LaneEdge) -> Bool {
    if dropVertical && edge.direction == .vertical { return false }
    if dropCrosswalk && edge.type == .crosswalk { return false }
    return !excludedTypes.contains(edge.type)
  }
}

/// The rules a mask is drawn by (`MaskRenderer`): output size and the lane rules.
public struct MaskRules: Sendable, Hashable {
  /// Output size; BDD100K frames are 1280×720 and every coordinate rule assumes that scale.
  public var width = 1280
  public var height = 720
  public var lane = LaneOptions()

  public init(lane: LaneOptions = LaneOptions()) {
    self.lane = lane
  }
}
