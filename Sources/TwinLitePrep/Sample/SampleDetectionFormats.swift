// Encodable mirrors of detection labels in the three BDD100K layouts (docs/prep-inputs.md),
// written by the sample generator.

struct SampleBox2D: Encodable {
  var x1: Double
  var y1: Double
  var x2: Double
  var y2: Double
}

struct SampleBoxAttributes: Encodable {
  var occluded: Bool
  var truncated = false
  var trafficLightColor: String
}

/// A 2018 box label: per-image objects and aggregate labels have the same fields.
struct Sample2018Box: Encodable {
  var category: String
  var id: Int
  var attributes: SampleBoxAttributes
  var box2d: SampleBox2D
}

/// A polygon label or a box label in one 2018 label list.
enum Sample2018Label<Shape: Encodable>: Encodable {
  case shape(Shape)
  case box(Sample2018Box)

  func encode(to encoder: any Encoder) throws {
    switch self {
    case .shape(let shape): try shape.encode(to: encoder)
    case .box(let box): try box.encode(to: encoder)
    }
  }
}

/// An element of the 2020 `labels/det_20/det_{split}.json` list.
struct Det2020Frame: Encodable {
  var name: String
  var attributes = SampleFrameAttributes()
  var timestamp = 10000
  var labels: [Det2020Label]
}

struct Det2020Label: Encodable {
  var id: String
  var category: String
  var attributes: SampleBoxAttributes
  var box2d: SampleBox2D
}

extension SampleScene {
  /// The boxes as 2018 labels, ids from `firstID` on.
  func boxes2018(firstID: Int) -> [Sample2018Box] {
    boxes.enumerated().map { i, box in
      Sample2018Box(
        category: box.category2018, id: firstID + i,
        attributes: SampleBoxAttributes(occluded: box.occluded, trafficLightColor: box.colour2018),
        box2d: SampleBox2D(x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2))
    }
  }

  var det2020Frame: Det2020Frame {
    let labels = boxes.enumerated().map { i, box in
      Det2020Label(
        id: String(i), category: box.category,
        attributes: SampleBoxAttributes(occluded: box.occluded, trafficLightColor: box.colour),
        box2d: SampleBox2D(x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2))
    }
    return Det2020Frame(name: name + ".jpg", labels: labels)
  }
}
