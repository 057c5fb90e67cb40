// Encodable mirrors of the three BDD100K JSON label layouts (docs/bdd100k-labels.md §2), written
// by the sample generator. Field order follows the official files.

/// Frame attributes shared by the 2018 layouts.
struct SampleFrameAttributes: Encodable {
  var weather = "clear"
  var scene = "city street"
  var timeofday = "daytime"
}

// MARK: - 2018 per-image ("v0")

struct V0File: Encodable {
  var name: String
  var attributes = SampleFrameAttributes()
  var frames: [V0Frame]
}

struct V0Frame: Encodable {
  var timestamp = 10000
  var objects: [Sample2018Label<V0Object>]
}

struct V0Object: Encodable {
  var category: String
  var id: Int
  var attributes: [String: String]
  var poly2d: [V0Vertex]
}

/// `[x, y, "L"|"C"]`.
struct V0Vertex: Encodable {
  var x: Double
  var y: Double
  var type: String

  func encode(to encoder: any Encoder) throws {
    var c = encoder.unkeyedContainer()
    try c.encode(x)
    try c.encode(y)
    try c.encode(type)
  }
}

// MARK: - 2018 aggregate and 2020 Scalabel share `poly2d` objects

struct ScalabelPoly2D: Encodable {
  var vertices: [[Double]]
  var types: String
  var closed: Bool

  init(_ poly: ScenePoly) {
    vertices = poly.vertices.map { [$0.x, $0.y] }
    types = poly.types
    closed = poly.closed
  }
}

struct AggregateFrame: Encodable {
  var name: String
  var attributes = SampleFrameAttributes()
  var timestamp = 10000
  var labels: [Sample2018Label<AggregateLabel>]
}

struct AggregateLabel: Encodable {
  var category: String
  var attributes: [String: String]
  var manualShape = true
  var manualAttributes = true
  var poly2d: [ScalabelPoly2D]
  var id: Int
}

struct Scalabel2020Frame: Encodable {
  var name: String
  var attributes = SampleFrameAttributes()
  var labels: [Scalabel2020Label]
}

struct Scalabel2020Label: Encodable {
  var id: String
  var category: String
  var attributes: [String: String]
  var poly2d: [ScalabelPoly2D]
}

// MARK: - Scene → layouts

extension SampleScene {
  var v0File: V0File {
    var objects: [Sample2018Label<V0Object>] = []
    var id = 0
    for area in areas {
      objects.append(
        .shape(
          V0Object(
            category: area.kind == "direct" ? "area/drivable" : "area/alternative", id: id,
            attributes: [:], poly2d: v0Vertices(area.poly))))
      id += 1
    }
    for lane in lanes {
      objects.append(
        .shape(
          V0Object(
            category: "lane/\(lane.type)", id: id,
            attributes: ["direction": lane.direction, "style": lane.style],
            poly2d: v0Vertices(lane.poly))))
      id += 1
    }
    // Boxes after the shapes, so label indices of areas and lanes do not depend on them.
    objects += boxes2018(firstID: id).map { .box($0) }
    return V0File(name: name, frames: [V0Frame(objects: objects)])
  }

  private func v0Vertices(_ poly: ScenePoly) -> [V0Vertex] {
    zip(poly.vertices, poly.types).map { V0Vertex(x: $0.x, y: $0.y, type: String($1)) }
  }

  var aggregateFrame: AggregateFrame {
    var labels: [Sample2018Label<AggregateLabel>] = []
    var id = 100
    for area in areas {
      labels.append(
        .shape(
          AggregateLabel(
            category: "drivable area", attributes: ["areaType": area.kind],
            poly2d: [ScalabelPoly2D(area.poly)], id: id)))
      id += 1
    }
    for lane in lanes {
      let attributes = ["laneDirection": lane.direction, "laneStyle": lane.style, "laneType": lane.type]
      labels.append(
        .shape(
          AggregateLabel(
            category: "lane", attributes: attributes, poly2d: [ScalabelPoly2D(lane.poly)], id: id)))
      id += 1
    }
    labels += boxes2018(firstID: id).map { .box($0) }
    return AggregateFrame(name: name + ".jpg", labels: labels)
  }

  var drivable2020Frame: Scalabel2020Frame {
    let labels = areas.enumerated().map { i, area in
      Scalabel2020Label(
        id: String(i), category: area.kind, attributes: [:], poly2d: [ScalabelPoly2D(area.poly)])
    }
    return Scalabel2020Frame(name: name + ".jpg", labels: labels)
  }

  var lane2020Frame: Scalabel2020Frame {
    let labels = lanes.enumerated().map { i, lane in
      Scalabel2020Label(
        id: String(i), category: lane.type,
        attributes: ["laneDirection": lane.direction, "laneStyle": lane.style, "laneTypes": lane.type],
        poly2d: [ScalabelPoly2D(lane.poly)])
    }
    return Scalabel2020Frame(name: name + ".jpg", labels: labels)
  }
}
