import Foundation

/// The crafted label damages (truncated/invalid JSON, wrong types, NaN and 1e30
/// coordinates, empty files, duplicate frame names…), each with the words its error must contain.
extension LabelCase {
  /// A number no sample coordinate has; replaced in the text by what JSON serialisation cannot write.
  static let marker = "123456.5"

  /// Sets the first vertex's x of a label in either vertex layout.
  static func setFirstX(_ label: inout [String: Any], _ value: Any) {
    guard var polys = label["poly2d"] as? [Any], !polys.isEmpty else { return }
    if var vertex = polys[0] as? [Any], !vertex.isEmpty {  // v0 [x, y, "L"]
      vertex[0] = value
      polys[0] = vertex
    } else if var poly = polys[0] as? [String: Any], var vertices = poly["vertices"] as? [[Any]] {
      vertices[0][0] = value
      poly["vertices"] = vertices
      polys[0] = poly
    }
    label["poly2d"] = polys
  }

  /// Sets a label's first polygon field (Scalabel layouts).
  static func setPolyField(_ label: inout [String: Any], _ key: String, _ value: Any) {
    guard var polys = label["poly2d"] as? [[String: Any]], !polys.isEmpty else { return }
    polys[0][key] = value
    label["poly2d"] = polys
  }

  static func text(_ transform: @escaping @Sendable (String) -> String) -> Damage {
    .bytes { Data(transform(String(decoding: $0, as: UTF8.self)).utf8) }
  }

  /// Writes the marker through `place`, then swaps it for `literal` in the file's text.
  static func literal(_ literal: String, at place: @escaping @Sendable (inout [String: Any], Any) -> Void)
    -> [Damage]
  {
    [.label { place(&$0, Double(marker)!) }, text { $0.replacingOccurrences(of: marker, with: literal) }]
  }

  static let all: [LabelCase] = v0 + aggregate + scalabel

  static let v0: [LabelCase] = [
    LabelCase(
      name: "truncated JSON", layout: .v0, damage: .bytes { $0.truncated(0.5) }, expect: ["malformed JSON"]),
    LabelCase(
      name: "not JSON", layout: .v0, damage: .bytes { _ in Data("{{{{ nope".utf8) },
      expect: ["malformed JSON"]),
    LabelCase(
      name: "empty file", layout: .v0, damage: .bytes { _ in Data() },
      expect: ["malformed JSON", "end of input"]),
    LabelCase(
      name: "whitespace only", layout: .v0, damage: .bytes { _ in Data(" \n\t ".utf8) },
      expect: ["malformed JSON"]),
    LabelCase(
      name: "NUL byte", layout: .v0, damage: .bytes { Data($0.prefix(10)) + Data([0]) + $0.dropFirst(10) },
      expect: ["malformed JSON"]),
    LabelCase(
      name: "invalid UTF-8 in a string", layout: .v0,
      damage: text { $0.replacingOccurrences(of: "\"area/", with: "\"\u{1}area/") }.then { d in
        // \u{1} is a control character inside a string; make it an invalid UTF-8 byte instead.
        Data(d.map { $0 == 1 ? 0xFF : $0 })
      },
      expect: ["malformed JSON", "not valid UTF-8"]),
    LabelCase(
      name: "nesting 100000 deep", layout: .v0,
      damage: .bytes { _ in
        Data((String(repeating: "[", count: 100_000) + "1" + String(repeating: "]", count: 100_000)).utf8)
      },
      expect: ["malformed JSON", "nesting"]),
    LabelCase(
      name: "top level is an array", layout: .v0, damage: .bytes { _ in Data("[1, 2]".utf8) },
      expect: ["array"]),
    LabelCase(
      name: "frames is a string", layout: .v0, damage: .frame { $0["frames"] = "x" },
      expect: ["non-array 'frames'"]),
    LabelCase(
      name: "poly2d is a string", layout: .v0, damage: .label { $0["poly2d"] = "abc" },
      expect: ["label 0", "'poly2d' is a string, not an array"]),
    LabelCase(
      name: "category is a number", layout: .v0, damage: .label { $0["category"] = 7 },
      expect: ["label 0", "'category'", "number"]),
    LabelCase(
      name: "unknown area category", layout: .v0, damage: .label { $0["category"] = "area/flying" },
      expect: ["label 0", "unknown area category 'area/flying'"]),
    LabelCase(
      name: "empty poly2d", layout: .v0, damage: .label { $0["poly2d"] = [Any]() },
      expect: ["label 0", "empty poly2d"]),
    LabelCase(
      name: "vertex is a pair", layout: .v0,
      damage: .label { l in
        var p = l["poly2d"] as? [[Any]] ?? []
        p[0] = [1.0, 2.0]
        l["poly2d"] = p
      }, expect: ["label 0", "poly2d[0] is not an [x, y"]),
    LabelCase(
      name: "unknown vertex type", layout: .v0,
      damage: .label { l in
        var p = l["poly2d"] as? [[Any]] ?? []
        p[0][2] = "Q"
        l["poly2d"] = p
      }, expect: ["label 0", "unknown vertex type 'Q'"]),
    LabelCase(
      name: "curve without control points", layout: .v0,
      damage: .label {
        $0["poly2d"] = [[100.0, 700.0, "L"], [200.0, 600.0, "L"], [300.0, 700.0, "C"]]
      }, expect: ["label 0", "'C' at vertex 2 lacks the control point"]),
    LabelCase(
      name: "NaN coordinate", layout: .v0, damage: .sequence(literal("NaN", at: { setFirstX(&$0, $1) })),
      expect: ["label 0", "poly2d[0].x is nan"]),
    LabelCase(
      name: "1e30 coordinate", layout: .v0, damage: .label { setFirstX(&$0, 1e30) },
      expect: ["label 0", "poly2d[0].x = 1e+30", "outside the image"]),
    LabelCase(
      name: "1e400 coordinate (overflows to infinity)", layout: .v0,
      damage: .sequence(literal("1e400", at: { setFirstX(&$0, $1) })), expect: ["poly2d[0].x"]),
    LabelCase(
      name: "lane direction is a number", layout: .v0,
      damage: .frame { f in
        var frames = f["frames"] as? [[String: Any]] ?? []
        var objects = frames[0]["objects"] as? [[String: Any]] ?? []
        let lane = objects.firstIndex { ($0["category"] as? String ?? "").hasPrefix("lane/") } ?? 0
        objects[lane]["attributes"] = ["direction": 3, "style": "solid"]
        frames[0]["objects"] = objects
        f["frames"] = frames
      }, expect: ["'attributes.direction' is a number"]),
  ]

  static let aggregate: [LabelCase] = [
    LabelCase(
      name: "truncated array", layout: .aggregate, damage: .bytes { $0.truncated(0.6) },
      expect: ["malformed JSON"], lost: .trainSplit),
    LabelCase(
      name: "areaType unknown", layout: .aggregate,
      damage: .frame { f in
        var labels = f["labels"] as? [[String: Any]] ?? []
        let area = labels.firstIndex { $0["category"] as? String == "drivable area" } ?? 0
        labels[area]["attributes"] = ["areaType": "sky"]
        f["labels"] = labels
      }, expect: ["unknown areaType 'sky'"]),
    LabelCase(
      name: "labels is a string", layout: .aggregate, damage: .frame { $0["labels"] = "none" },
      expect: ["'labels'", "string"]),
    LabelCase(
      name: "1e30 y coordinate", layout: .aggregate,
      damage: .label { l in
        guard var polys = l["poly2d"] as? [[String: Any]], var v = polys[0]["vertices"] as? [[Any]] else {
          return
        }
        v[0][1] = -1e30
        polys[0]["vertices"] = v
        l["poly2d"] = polys
      }, expect: ["label 0", ".y = -1e+30", "outside the image"]),
    LabelCase(
      name: "duplicate frame name", layout: .aggregate, damage: .bytes(duplicateFirst),
      expect: ["duplicate frame name", "first at label 0", "only the first is converted"], lost: .nothing),
    LabelCase(
      name: "element is a number", layout: .aggregate,
      damage: text { "[42," + $0.drop { $0 != "[" }.dropFirst() },
      expect: ["#0"], lost: .nothing),
    LabelCase(
      name: "NaN in vertices", layout: .aggregate,
      damage: .sequence(literal("NaN", at: { setFirstX(&$0, $1) })),
      expect: ["label 0", "vertices[0].x is nan"]),
  ]

  static let scalabel: [LabelCase] = [
    LabelCase(
      name: "truncated drivable list", layout: .drivable2020, damage: .bytes { $0.truncated(0.3) },
      expect: ["malformed JSON"], lost: .trainSplit),
    LabelCase(
      name: "unknown area category", layout: .drivable2020, damage: .label { $0["category"] = "lava" },
      expect: ["label 0", "unknown area category 'lava'"]),
    LabelCase(
      name: "types shorter than vertices", layout: .lane2020,
      damage: .label { setPolyField(&$0, "types", "L") },
      expect: ["label 0", "1 types for"]),
    LabelCase(
      name: "closed is a string", layout: .lane2020, damage: .label { setPolyField(&$0, "closed", "yes") },
      expect: ["label 0", "'closed' is a string"]),
    LabelCase(
      name: "duplicate frame name", layout: .lane2020, damage: .bytes(duplicateFirst),
      expect: ["duplicate frame name", "only the first is converted"], lost: .nothing),
    LabelCase(
      name: "vertices missing", layout: .lane2020,
      damage: .label { l in
        guard var polys = l["poly2d"] as? [[String: Any]] else { return }
        polys[0]["vertices"] = nil
        l["poly2d"] = polys
      }, expect: ["label 0", "'vertices'"]),
  ]
}

/// Appends a copy of element 0 (same name, no labels) to an array file.
@Sendable func duplicateFirst(_ data: Data) -> Data {
  guard var frames = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]], !frames.isEmpty,
    let copy = Optional(frames[0])
  else { return data }
  var repeated = copy
  repeated["labels"] = [Any]()
  frames.append(repeated)
  return (try? JSONSerialization.data(withJSONObject: frames)) ?? data
}

extension LabelCase.Damage {
  /// Several damages applied in order.
  static func sequence(_ steps: [LabelCase.Damage]) -> LabelCase.Damage {
    .steps(steps)
  }

  /// This damage, then a byte rewrite.
  func then(_ edit: @escaping @Sendable (Data) -> Data) -> LabelCase.Damage { .steps([self, .bytes(edit)]) }
}
