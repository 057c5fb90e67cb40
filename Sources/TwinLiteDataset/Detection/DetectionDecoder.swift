/// The label layouts detection boxes are read from.
public enum DetectionLayout: Sendable, Equatable {
  /// 2018 per-image `labels/100k/{split}/NAME.json`: checked, then used unchanged.
  case v0PerImage
  /// 2018 aggregate `labels/bdd100k_labels_images_{split}.json`: 2018 names already.
  case aggregate2018
  /// 2020 Scalabel `labels/det_20/det_{split}.json`: names and colours mapped to 2018.
  case det2020
}

extension LabelDecoder {
  /// The boxes of one parsed frame. Labels without `box2d` (areas, lanes) are not boxes.
  ///
  /// For `v0PerImage` the file is meant to be copied unchanged, so everything YOLOP's
  /// `BddDataset` would trip over is an error: a missing `objects` list, a null or partial
  /// `box2d`, a traffic light without a known colour, a box category `id_dict` lacks (YOLOP
  /// would read it as class 0 at (0, 0)). The other layouts are converted: boxes of categories
  /// without a YOLOP class are left out and counted, a traffic light without a colour is `none`.
  package func decodeDetections(
    _ value: JSONValue, layout: DetectionLayout, fallbackName: String
  ) throws(LabelError) -> DetectionFrame {
    let name = try frameName(value, fallback: fallbackName)
    var frame = DetectionFrame(name: Self.stem(name))
    if case .object(let attributes)? = value["attributes"] { frame.attributes = attributes }
    var labels: [JSONValue]
    switch layout {
    case .v0PerImage:
      guard case .array(let frames)? = value["frames"], case .object? = frames.first else {
        throw .invalidFrame(file: file, frame: name, reason: "'frames' is not a list starting with an object")
      }
      guard case .array(let objects)? = frames[0]["objects"] else {
        throw .invalidFrame(
          file: file, frame: name, reason: "frames[0] has no 'objects' list (YOLOP reads frames[0].objects)")
      }
      labels = objects
      if case .number(let time)? = frames[0]["timestamp"] { frame.timestamp = time }
    case .aggregate2018, .det2020:
      labels = try labelList(value, key: "labels", frame: name)
      if case .number(let time)? = value["timestamp"] { frame.timestamp = time }
    }
    for (index, label) in labels.enumerated() {
      let context = Context(file: file, frame: name, index: index)
      guard case .object = label else { throw context.error("expected an object, found \(label.typeName)") }
      if layout == .v0PerImage {
        guard label["box2d"] != nil else { continue }
      } else if label["box2d"] == nil || label["box2d"] == .null {
        continue
      }
      let category = try context.string(label, "category")
      guard let category2018 = DetectionNames.category2018(category, from2020: layout == .det2020) else {
        if layout == .v0PerImage {
          throw context.error("box category '\(category)' has no class in YOLOP's id_dict")
        }
        frame.leftOut += 1
        continue
      }
      var box = try context.box(label, category: category2018, index: index)
      if category2018 == "traffic light" {
        box.attributes["trafficLightColor"] = .string(
          try context.colour(box.attributes["trafficLightColor"], strict: layout == .v0PerImage))
      } else if layout != .v0PerImage, case .string(let letter)? = box.attributes["trafficLightColor"],
        let word = DetectionNames.colours[letter]
      {
        // 2020 files give every box a colour ("NA"); 2018 files say "none".
        box.attributes["trafficLightColor"] = .string(word)
      }
      frame.boxes.append(box)
    }
    return frame
  }
}

extension LabelDecoder.Context {
  /// `box2d` with four finite coordinates, `attributes` (an object when present) and `id`.
  func box(_ label: JSONValue, category: String, index: Int) throws(LabelError) -> DetectionBox {
    let raw = label["box2d"] ?? .null
    guard case .object = raw else { throw error("'box2d' is \(raw.typeName), not an object") }
    var corners: [Double] = []
    for key in ["x1", "y1", "x2", "y2"] {
      guard let value = raw[key] else { throw error("missing 'box2d.\(key)'") }
      corners.append(try coordinate(value, "box2d.\(key)"))
    }
    var attributes: [String: JSONValue] = [:]
    switch label["attributes"] {
    case nil, .null?: break
    case .object(let fields)?: attributes = fields
    case let other?: throw error("'attributes' is \(other.typeName), not an object")
    }
    // 2018 ids are integers, 2020 ids are strings of integers; anything else gets its position.
    var id = index
    switch label["id"] {
    case .number(let number)?: id = Int(exactly: number) ?? index
    case .string(let text)?: id = Int(text) ?? index
    default: break
    }
    return DetectionBox(
      category: category, id: id, attributes: attributes, x1: corners[0], y1: corners[1], x2: corners[2],
      y2: corners[3])
  }

  /// The 2018 colour word. A missing colour is an error when the file is used unchanged
  /// (YOLOP indexes `attributes['trafficLightColor']`), else `none`.
  func colour(_ value: JSONValue?, strict: Bool) throws(LabelError) -> String {
    switch value {
    case nil, .null?:
      if strict { throw error("traffic light without 'attributes.trafficLightColor'") }
      return "none"
    case .string(let text)?:
      guard let word = DetectionNames.colours[text], !strict || word == text else {
        throw error("unknown trafficLightColor '\(text)' (YOLOP knows green, red, yellow, none)")
      }
      return word
    case let other?:
      throw error("'attributes.trafficLightColor' is \(other.typeName), not a string")
    }
  }
}
