import TwinLiteCore

/// Turns one parsed frame (any layout) into a `LabelFrame`, with errors naming file, frame and label.
package struct LabelDecoder {
  package var file: String
  /// The element's position in an array file (nil for a per-image file), for name errors.
  package var entry: Int?
  /// Largest accepted |coordinate|; real labels overshoot the 1280×720 frame by a few pixels only.
  package static let coordinateLimit = 1e6

  package init(file: String, entry: Int? = nil) {
    self.file = file
    self.entry = entry
  }

  // MARK: - Frame level

  /// `name` without a trailing `.jpg`.
  package static func stem(_ name: String) -> String {
    name.hasSuffix(".jpg") ? String(name.dropLast(4)) : name
  }

  package func frameName(_ value: JSONValue, fallback: String) throws(LabelError) -> String {
    guard case .object = value else {
      throw .invalidFrame(file: file, frame: fallback, reason: "expected an object, found \(value.typeName)")
    }
    guard let name = value["name"] else {
      throw .invalidFrame(file: file, frame: fallback, reason: "missing key 'name'")
    }
    guard case .string(let text) = name else {
      throw .invalidFrame(file: file, frame: fallback, reason: "'name' is \(name.typeName), not a string")
    }
    // The name becomes file names under OUT: it must be one safe path component.
    if let problem = FrameName.problem(Self.stem(text)) {
      throw .invalidFrameName(file: file, entry: entry, name: FrameName.quoted(text), problem: problem)
    }
    return text
  }

  /// The label list of a frame (`labels` or v0's `frames[0].objects`); a missing or null list is empty.
  package func labelList(_ value: JSONValue, key: String, frame: String) throws(LabelError) -> [JSONValue] {
    switch value[key] {
    case nil, .null?: return []
    case .array(let items)?: return items
    case let other?:
      throw .invalidFrame(file: file, frame: frame, reason: "'\(key)' is \(other.typeName), not an array")
    }
  }

  /// v0 per-image layout: `{"name", "frames": [{"objects": [...]}]}`.
  package func decodeV0(_ value: JSONValue, fallbackName: String) throws(LabelError) -> LabelFrame {
    let name = try frameName(value, fallback: fallbackName)
    guard case .array(let frames)? = value["frames"] else {
      throw .invalidFrame(file: file, frame: name, reason: "missing or non-array 'frames'")
    }
    guard let first = frames.first else {
      throw .invalidFrame(file: file, frame: name, reason: "'frames' is empty")
    }
    guard case .object = first else {
      throw .invalidFrame(file: file, frame: name, reason: "frames[0] is \(first.typeName), not an object")
    }
    let objects = try labelList(first, key: "objects", frame: name)
    var frame = LabelFrame(name: Self.stem(name))
    try forEachLabel(objects, frame: name) { (context, object, category) throws(LabelError) in
      if category.hasPrefix("area/") {
        let kind: AreaKind
        switch category {
        case "area/drivable": kind = .direct
        case "area/alternative": kind = .alternative
        default: throw context.error("unknown area category '\(category)'")
        }
        guard let poly = try context.v0Poly(object, closed: true) else { return }
        frame.areas.append(DrivableArea(kind: kind, polygons: [poly]))
      } else if category.hasPrefix("lane/") {
        let typeName = String(category.dropFirst(5))
        guard let type = LaneType(name: typeName) else {
          throw context.error("unknown lane type '\(typeName)'")
        }
        let attributes = object["attributes"] ?? .object([:])
        let direction = try context.direction(attributes, "direction")
        let style = try context.style(attributes, "style")
        guard let poly = try context.v0Poly(object, closed: false) else { return }
        frame.lanes.append(LaneEdge(type: type, direction: direction, style: style, poly: poly))
      }
    }
    return frame
  }

  /// 2018 aggregate element: `drivable area` + `areaType`, `lane` + `laneType`.
  package func decodeAggregate(_ value: JSONValue, fallbackName: String) throws(LabelError) -> LabelFrame {
    let name = try frameName(value, fallback: fallbackName)
    let labels = try labelList(value, key: "labels", frame: name)
    var frame = LabelFrame(name: Self.stem(name))
    try forEachLabel(labels, frame: name) { (context, label, category) throws(LabelError) in
      let attributes = label["attributes"] ?? .object([:])
      switch category {
      case "drivable area":
        let areaType = try context.string(attributes, "areaType", within: "attributes")
        guard let kind = Self.areaKind(areaType) else {
          throw context.error("unknown areaType '\(areaType)'")
        }
        let polys = try context.scalabelPolys(label, closed: true)
        if !polys.isEmpty { frame.areas.append(DrivableArea(kind: kind, polygons: polys)) }
      case "lane":
        // Real 2018 data spells the key `laneType`; the format doc spells it `laneTypes`.
        let key = attributes["laneType"] != nil ? "laneType" : "laneTypes"
        let typeName = try context.string(attributes, key, within: "attributes")
        guard let type = LaneType(name: typeName) else {
          throw context.error("unknown lane type '\(typeName)'")
        }
        let direction = try context.direction(attributes, "laneDirection")
        let style = try context.style(attributes, "laneStyle")
        for poly in try context.scalabelPolys(label, closed: false) {
          frame.lanes.append(LaneEdge(type: type, direction: direction, style: style, poly: poly))
        }
      default:
        return
      }
    }
    return frame
  }

  /// 2020 Scalabel drivable file element: the category is the area type.
  package func decodeDrivable2020(_ value: JSONValue, fallbackName: String) throws(LabelError) -> LabelFrame {
    let name = try frameName(value, fallback: fallbackName)
    let labels = try labelList(value, key: "labels", frame: name)
    var frame = LabelFrame(name: Self.stem(name))
    try forEachLabel(labels, frame: name) { (context, label, category) throws(LabelError) in
      guard let kind = Self.areaKind(category) else {
        throw context.error("unknown area category '\(category)'")
      }
      let polys = try context.scalabelPolys(label, closed: true)
      if !polys.isEmpty { frame.areas.append(DrivableArea(kind: kind, polygons: polys)) }
    }
    return frame
  }

  /// 2020 Scalabel lane file element: the category is the lane type.
  package func decodeLane2020(_ value: JSONValue, fallbackName: String) throws(LabelError) -> LabelFrame {
    let name = try frameName(value, fallback: fallbackName)
    let labels = try labelList(value, key: "labels", frame: name)
    var frame = LabelFrame(name: Self.stem(name))
    try forEachLabel(labels, frame: name) { (context, label, category) throws(LabelError) in
      guard let type = LaneType(name: category) else {
        throw context.error("unknown lane type '\(category)'")
      }
      let attributes = label["attributes"] ?? .object([:])
      let direction = try context.direction(attributes, "laneDirection")
      let style = try context.style(attributes, "laneStyle")
      for poly in try context.scalabelPolys(label, closed: false) {
        frame.lanes.append(LaneEdge(type: type, direction: direction, style: style, poly: poly))
      }
    }
    return frame
  }

  /// Any Scalabel frame as (category, polygons) per label, for renderers of other tasks (sem_seg).
  package func decodeGeneric(
    _ value: JSONValue, closed: Bool
  ) throws(LabelError) -> [(category: String, polygons: [Poly2D])] {
    let name = try frameName(value, fallback: "#0")
    var result: [(category: String, polygons: [Poly2D])] = []
    for (index, label) in try labelList(value, key: "labels", frame: name).enumerated() {
      let context = Context(file: file, frame: name, index: index)
      let category = try context.string(label, "category")
      result.append((category, try context.scalabelPolys(label, closed: closed)))
    }
    return result
  }

  /// Runs `body` on each label in JSON order with its error context and its `category`; a label
  /// that is not an object is an error naming its index.
  private func forEachLabel(
    _ labels: [JSONValue], frame: String,
    _ body: (Context, JSONValue, String) throws(LabelError) -> Void
  ) throws(LabelError) {
    for (index, label) in labels.enumerated() {
      let context = Context(file: file, frame: frame, index: index)
      guard case .object = label else { throw context.error("expected an object, found \(label.typeName)") }
      try body(context, label, try context.string(label, "category"))
    }
  }

  static func areaKind(_ name: String) -> AreaKind? {
    switch name {
    case "direct": .direct
    case "alternative": .alternative
    default: nil
    }
  }
}
