/// The detection labels of one image in the 2018 per-image shape that YOLOP's `BddDataset` and
/// HybridNets read: `frames[0].objects[]` with `category`, `id`, `attributes` and `box2d`.
public struct DetectionFrame: Sendable, Equatable {
  /// Image stem (no `.jpg`).
  public var name: String
  /// Frame attributes (`weather`, `scene`, `timeofday`), copied from the source.
  package var attributes: [String: JSONValue]
  /// Every BDD100K image is the frame at 10 s of its video, hence the default.
  public var timestamp: Double
  public var boxes: [DetectionBox]
  /// Boxes whose category has no class in YOLOP's `id_dict` (2020 `other vehicle`,
  /// `other person`, `trailer`), left out of `boxes`.
  public var leftOut: Int

  package init(
    name: String, attributes: [String: JSONValue] = [:], timestamp: Double = 10000,
    boxes: [DetectionBox] = [], leftOut: Int = 0
  ) {
    self.name = name
    self.attributes = attributes
    self.timestamp = timestamp
    self.boxes = boxes
    self.leftOut = leftOut
  }

  /// A frame that has no detection labels: an empty object list.
  public static func empty(name: String) -> DetectionFrame { DetectionFrame(name: name) }
}

/// One box in 2018 names.
public struct DetectionBox: Sendable, Equatable {
  /// A 2018 category (`car`, `traffic light`, `person`, `bike`, `motor`, …).
  public var category: String
  public var id: Int
  /// `occluded`, `truncated`, `trafficLightColor` (2018 spelling), and whatever else the source had.
  package var attributes: [String: JSONValue]
  public var x1: Double
  public var y1: Double
  public var x2: Double
  public var y2: Double

  package init(
    category: String, id: Int, attributes: [String: JSONValue], x1: Double, y1: Double, x2: Double,
    y2: Double
  ) {
    self.category = category
    self.id = id
    self.attributes = attributes
    self.x1 = x1
    self.y1 = y1
    self.x2 = x2
    self.y2 = y2
  }

  /// `green`, `red`, `yellow` or `none`; nil when the box carries no colour.
  public var trafficLightColor: String? {
    if case .string(let colour)? = attributes["trafficLightColor"] { return colour }
    return nil
  }

  /// The key YOLOP looks up in `id_dict`: the category, or `tl_` + colour for traffic lights.
  public var yolopClass: String {
    category == "traffic light" ? "tl_" + (trafficLightColor ?? "none") : category
  }
}

/// Category and attribute names of the two detection label generations, as YOLOP needs them.
public enum DetectionNames {
  /// The keys of YOLOP's `id_dict` (`lib/dataset/convert.py`), in class-id order.
  public static let yolopClasses = [
    "person", "rider", "car", "bus", "truck", "bike", "motor", "tl_green", "tl_red", "tl_yellow", "tl_none",
    "traffic sign", "train",
  ]

  /// 2020 (`det_20`) names that differ from the 2018 ones; the inverse of the toolkit's
  /// `configs/det.toml` `name_mapping`.
  static let renamed2020 = ["pedestrian": "person", "bicycle": "bike", "motorcycle": "motor"]

  /// `trafficLightColor` values: 2020 letters, and the 2018 words themselves.
  static let colours = [
    "G": "green", "R": "red", "Y": "yellow", "NA": "none",
    "green": "green", "red": "red", "yellow": "yellow", "none": "none",
  ]

  static let classSet = Set(yolopClasses)

  /// The 2018 category for a source category, or nil when YOLOP has no class for it.
  static func category2018(_ name: String, from2020: Bool) -> String? {
    let mapped = from2020 ? renamed2020[name] ?? name : name
    return mapped == "traffic light" || classSet.contains(mapped) ? mapped : nil
  }
}
