/// A point in continuous image coordinates: the origin is the top-left corner of the top-left pixel.
public struct Point2D: Sendable, Hashable {
  public var x: Double
  public var y: Double

  public init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }
}

/// The letter attached to each `poly2d` vertex: `L` vertex or `C` Bézier control point.
public enum VertexKind: UInt8, Sendable, Hashable {
  case line
  case curve
}

/// One `poly2d`: vertices with their `L`/`C` letters and the `closed` flag found in the file.
///
/// Rendering forces `closed` by mode (areas filled, lanes stroked), as the official toolkit does.
public struct Poly2D: Sendable, Hashable {
  public var vertices: [Point2D]
  public var kinds: [VertexKind]
  public var closed: Bool

  public init(vertices: [Point2D], kinds: [VertexKind], closed: Bool) {
    precondition(vertices.count == kinds.count, "Poly2D: \(vertices.count) vertices, \(kinds.count) kinds")
    self.vertices = vertices
    self.kinds = kinds
    self.closed = closed
  }

  /// The `types` string of the Scalabel layouts (`"LLCC…"`).
  public var typesString: String { String(kinds.map { $0 == .line ? "L" : "C" }) }
}

/// Drivable-area classes (index = value in the 2020 toolkit masks).
public enum AreaKind: Int, Sendable, Hashable, CaseIterable {
  case direct = 0
  case alternative = 1
}

/// One drivable-area label: its kind and one or more closed polygons.
public struct DrivableArea: Sendable, Hashable {
  public var kind: AreaKind
  public var polygons: [Poly2D]

  public init(kind: AreaKind, polygons: [Poly2D]) {
    self.kind = kind
    self.polygons = polygons
  }
}

/// The 8 official lane types; the raw value is the official category id (`configs/lane_mark.toml`).
public enum LaneType: Int, Sendable, Hashable, CaseIterable {
  case crosswalk = 0
  case doubleOther = 1
  case doubleWhite = 2
  case doubleYellow = 3
  case roadCurb = 4
  case singleOther = 5
  case singleWhite = 6
  case singleYellow = 7

  /// The name used in the label files (`"single white"`).
  public var name: String {
    switch self {
    case .crosswalk: "crosswalk"
    case .doubleOther: "double other"
    case .doubleWhite: "double white"
    case .doubleYellow: "double yellow"
    case .roadCurb: "road curb"
    case .singleOther: "single other"
    case .singleWhite: "single white"
    case .singleYellow: "single yellow"
    }
  }

  public init?(name: String) {
    guard let match = LaneType.allCases.first(where: { $0.name == name }) else { return nil }
    self = match
  }
}

/// `laneDirection`: `parallel` = longitudinal lines, `vertical` = transverse marks (crosswalks, stop lines).
public enum LaneDirection: Int, Sendable, Hashable, CaseIterable {
  case parallel = 0
  case vertical = 1

  public var name: String { self == .parallel ? "parallel" : "vertical" }

  public init?(name: String) {
    switch name {
    case "parallel": self = .parallel
    case "vertical": self = .vertical
    default: return nil
    }
  }
}

/// `laneStyle`.
public enum LaneStyle: Int, Sendable, Hashable, CaseIterable {
  case solid = 0
  case dashed = 1

  public var name: String { self == .solid ? "solid" : "dashed" }

  public init?(name: String) {
    switch name {
    case "solid": self = .solid
    case "dashed": self = .dashed
    default: return nil
    }
  }
}

/// One annotated lane edge (an open polyline, possibly with Bézier runs).
public struct LaneEdge: Sendable, Hashable {
  public var type: LaneType
  public var direction: LaneDirection
  public var style: LaneStyle
  public var poly: Poly2D

  public init(type: LaneType, direction: LaneDirection, style: LaneStyle, poly: Poly2D) {
    self.type = type
    self.direction = direction
    self.style = style
    self.poly = poly
  }

  /// The official 2020 lane-mask value: `category_id + (direction << 5) + (style << 4)`.
  public var bdd100kValue: UInt8 { UInt8(type.rawValue + (direction.rawValue << 5) + (style.rawValue << 4)) }
}

/// The labels of one image that the masks need, whatever layout they came from.
///
/// `name` is the image stem (no `.jpg`). Areas and lanes keep their file order (painter's order).
/// Other labels (boxes, other categories) are dropped by the readers.
public struct LabelFrame: Sendable, Hashable {
  public var name: String
  public var areas: [DrivableArea]
  public var lanes: [LaneEdge]

  public init(name: String, areas: [DrivableArea] = [], lanes: [LaneEdge] = []) {
    self.name = name
    self.areas = areas
    self.lanes = lanes
  }
}

/// The three JSON label layouts (`docs/bdd100k-labels.md` §2).
public enum LabelLayout: String, Sendable, Hashable, CaseIterable {
  /// 2018 per-image `labels/100k/{split}/NAME.json` (`frames[0].objects`).
  case v0PerImage
  /// 2018 aggregate `labels/bdd100k_labels_images_{split}.json`.
  case aggregate2018
  /// 2020 Scalabel `labels/drivable/polygons/drivable_{split}.json` + `labels/lane/polygons/lane_{split}.json`.
  case scalabel2020
}
