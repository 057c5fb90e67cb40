extension LabelDecoder {
  /// Where a label sits, to build errors and decode its fields.
  struct Context {
    var file: String
    var frame: String
    var index: Int

    func error(_ reason: String) -> LabelError {
      .invalidLabel(file: file, frame: frame, labelIndex: index, reason: reason)
    }

    func string(_ object: JSONValue, _ key: String, within: String? = nil) throws(LabelError) -> String {
      let path = within.map { "\($0).\(key)" } ?? key
      guard case .object = object else { throw error("'\(within ?? "label")' is \(object.typeName)") }
      guard let value = object[key] else { throw error("missing '\(path)'") }
      guard case .string(let text) = value else {
        throw error("'\(path)' is \(value.typeName), not a string")
      }
      return text
    }

    /// An optional string attribute; missing or null gives nil.
    func optionalString(_ object: JSONValue, _ key: String) throws(LabelError) -> String? {
      guard case .object = object else { throw error("'attributes' is \(object.typeName), not an object") }
      switch object[key] {
      case nil, .null?: return nil
      case .string(let text)?: return text
      case let other?: throw error("'attributes.\(key)' is \(other.typeName), not a string")
      }
    }

    /// Missing direction defaults to `parallel`, as in the toolkit's `to_mask.py`.
    func direction(_ attributes: JSONValue, _ key: String) throws(LabelError) -> LaneDirection {
      guard let name = try optionalString(attributes, key) else { return .parallel }
      guard let direction = LaneDirection(name: name) else { throw error("unknown \(key) '\(name)'") }
      return direction
    }

    /// Missing style defaults to `solid`, as in the toolkit's `to_mask.py`.
    func style(_ attributes: JSONValue, _ key: String) throws(LabelError) -> LaneStyle {
      guard let name = try optionalString(attributes, key) else { return .solid }
      guard let style = LaneStyle(name: name) else { throw error("unknown \(key) '\(name)'") }
      return style
    }

    func coordinate(_ value: JSONValue, _ what: String) throws(LabelError) -> Double {
      guard case .number(let number) = value else {
        throw error("\(what) is \(value.typeName), not a number")
      }
      guard number.isFinite else { throw error("\(what) is \(number)") }
      guard abs(number) <= LabelDecoder.coordinateLimit else {
        throw error("\(what) = \(number) is absurdly far outside the image")
      }
      return number
    }

    /// Checks the `C` rule: every Bézier run needs two more vertices after its first control point
    /// (vertex 0 is appended first when the polygon is closed).
    func checkCurves(_ kinds: [VertexKind], closed: Bool, polyIndex: Int) throws(LabelError) {
      let count = kinds.count + (closed ? 1 : 0)
      var i = 1
      while i < kinds.count {
        if kinds[i] == .curve {
          guard i + 2 < count else {
            throw error(
              "poly2d[\(polyIndex)]: 'C' at vertex \(i) lacks the control point and end point after it")
          }
          i += 3
        } else {
          i += 1
        }
      }
    }

    /// Rendering time grows with the number of edges times the rows each crosses: a hostile
    /// 10^6-vertex zigzag takes ~30 s and 800 MB. Annotated polygons are far below this bound.
    static let maxVertices = 100_000

    func checkVertexCount(_ count: Int, polyIndex: Int) throws(LabelError) {
      guard count <= Self.maxVertices else {
        throw error("poly2d[\(polyIndex)] has \(count) vertices, more than the \(Self.maxVertices) allowed")
      }
    }

    /// v0 `poly2d: [[x, y, "L"|"C"], …]`; nil when the label has no geometry (skipped like the toolkit).
    func v0Poly(_ object: JSONValue, closed: Bool) throws(LabelError) -> Poly2D? {
      guard let raw = object["poly2d"], raw != .null else { return nil }
      guard case .array(let items) = raw else { throw error("'poly2d' is \(raw.typeName), not an array") }
      guard !items.isEmpty else { throw error("empty poly2d") }
      try checkVertexCount(items.count, polyIndex: 0)
      var vertices: [Point2D] = []
      var kinds: [VertexKind] = []
      vertices.reserveCapacity(items.count)
      kinds.reserveCapacity(items.count)
      for (v, item) in items.enumerated() {
        guard case .array(let triple) = item, triple.count == 3 else {
          throw error("poly2d[\(v)] is not an [x, y, \"L\"|\"C\"] triple")
        }
        let x = try coordinate(triple[0], "poly2d[\(v)].x")
        let y = try coordinate(triple[1], "poly2d[\(v)].y")
        guard case .string(let letter) = triple[2] else { throw error("poly2d[\(v)] type is not a string") }
        switch letter {
        case "L": kinds.append(.line)
        case "C": kinds.append(.curve)
        default: throw error("poly2d[\(v)] has unknown vertex type '\(letter)'")
        }
        vertices.append(Point2D(x, y))
      }
      try checkCurves(kinds, closed: closed, polyIndex: 0)
      return Poly2D(vertices: vertices, kinds: kinds, closed: closed)
    }

    /// Scalabel `poly2d: [{vertices, types, closed}]`; a missing or null `poly2d` gives no polygons.
    /// `closed` is the rendering mode (used to check the `C` rule); the stored flag is the file's.
    func scalabelPolys(_ label: JSONValue, closed: Bool) throws(LabelError) -> [Poly2D] {
      guard let raw = label["poly2d"], raw != .null else { return [] }
      guard case .array(let items) = raw else { throw error("'poly2d' is \(raw.typeName), not an array") }
      guard !items.isEmpty else { throw error("empty poly2d") }
      var polys: [Poly2D] = []
      for (p, item) in items.enumerated() {
        guard case .object = item else { throw error("poly2d[\(p)] is \(item.typeName), not an object") }
        guard case .array(let rawVertices)? = item["vertices"] else {
          throw error("poly2d[\(p)]: missing or non-array 'vertices'")
        }
        guard !rawVertices.isEmpty else { throw error("poly2d[\(p)]: no vertices") }
        try checkVertexCount(rawVertices.count, polyIndex: p)
        guard case .string(let types)? = item["types"] else {
          throw error("poly2d[\(p)]: missing or non-string 'types'")
        }
        let letters = Array(types.utf8)
        guard letters.count == rawVertices.count else {
          throw error("poly2d[\(p)]: \(letters.count) types for \(rawVertices.count) vertices")
        }
        var fileClosed = closed
        switch item["closed"] {
        case nil, .null?: break
        case .bool(let flag)?: fileClosed = flag
        case let other?: throw error("poly2d[\(p)]: 'closed' is \(other.typeName), not a boolean")
        }
        var vertices: [Point2D] = []
        var kinds: [VertexKind] = []
        vertices.reserveCapacity(rawVertices.count)
        kinds.reserveCapacity(rawVertices.count)
        for (v, rawVertex) in rawVertices.enumerated() {
          guard case .array(let pair) = rawVertex, pair.count == 2 else {
            throw error("poly2d[\(p)].vertices[\(v)] is not an [x, y] pair")
          }
          let x = try coordinate(pair[0], "poly2d[\(p)].vertices[\(v)].x")
          let y = try coordinate(pair[1], "poly2d[\(p)].vertices[\(v)].y")
          vertices.append(Point2D(x, y))
          switch letters[v] {
          case UInt8(ascii: "L"): kinds.append(.line)
          case UInt8(ascii: "C"): kinds.append(.curve)
          default:
            throw error("poly2d[\(p)]: unknown vertex type '\(Character(Unicode.Scalar(letters[v])))'")
          }
        }
        try checkCurves(kinds, closed: closed, polyIndex: p)
        polys.append(Poly2D(vertices: vertices, kinds: kinds, closed: fileClosed))
      }
      return polys
    }
  }
}
