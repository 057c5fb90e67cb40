import Testing
import TwinLiteCore
import TwinLiteDataset

/// The `C` rule (spec §1): a `C` at i makes a cubic i, i+1, i+2 whatever the next letters;
/// closed polygons append vertex 0 as a straight closing vertex first.
@Suite struct CurveRuleTests {
  static func poly(_ points: [(Double, Double)], _ kinds: String, closed: Bool) -> Poly2D {
    Poly2D(
      vertices: points.map { Point2D($0.0, $0.1) }, kinds: kinds.map { $0 == "C" ? .curve : .line },
      closed: closed)
  }

  static let lanePoints: [(Double, Double)] = [(860, 719), (760, 560), (700, 450), (668, 400)]

  @Test func lcccAndLcclAreTheSameCubic() {
    let lccc = PathSegments(Self.poly(Self.lanePoints, "LCCC", closed: false), closed: false)
    let lccl = PathSegments(Self.poly(Self.lanePoints, "LCCL", closed: false), closed: false)
    #expect(lccc == lccl)
    #expect(lccc.segments == [.cubic(Point2D(760, 560), Point2D(700, 450), Point2D(668, 400))])
    let llll = PathSegments(Self.poly(Self.lanePoints, "LLLL", closed: false), closed: false)
    #expect(llll.segments.count == 3)

    func render(_ kinds: String) -> Mask {
      let edge = LaneEdge(
        type: .singleYellow, direction: .parallel, style: .solid,
        poly: Self.poly(Self.lanePoints, kinds, closed: false))
      return MaskRenderer().render(LabelFrame(name: "c", lanes: [edge]), isTrain: false, format: .bdd100k)
        .lane
    }
    #expect(render("LCCC") == render("LCCL"))
    #expect(render("LCCC") != render("LLLL"))
  }

  @Test func closedPolygonEndingInCCUsesVertexZeroAsEndPoint() {
    let points: [(Double, Double)] = [(100, 100), (400, 100), (400, 400), (300, 500), (150, 450)]
    let path = PathSegments(Self.poly(points, "LLLCC", closed: true), closed: true)
    #expect(
      path.segments == [
        .line(Point2D(400, 100)), .line(Point2D(400, 400)),
        .cubic(Point2D(300, 500), Point2D(150, 450), Point2D(100, 100)),
      ])
  }

  @Test func flattenedCubicStaysWithinHalfAPixelOfTheCurve() {
    let (p0, p1, p2, p3) = (Point2D(860, 719), Point2D(760, 560), Point2D(700, 450), Point2D(668, 400))
    var points: [Point2D] = [p0]
    CurveSubdivision.appendCubic(from: p0, p1, p2, p3, to: &points)
    #expect(points.last == p3)
    #expect(points.count > 4)
    for i in 0...100 {
      let t = Double(i) / 100
      let u = 1 - t
      let x = u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x + t * t * t * p3.x
      let y = u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y + t * t * t * p3.y
      #expect(Polyline.closestPoint(on: points, to: Point2D(x, y)).distance < 0.5)
    }
  }

  @Test func reversingACubicPathSwapsItsControlPoints() {
    let path = PathSegments(Self.poly(Self.lanePoints + [(600, 380)], "LCCCL", closed: false), closed: false)
    let reversed = path.reversed()
    #expect(reversed.start == Point2D(600, 380))
    #expect(
      reversed.segments == [
        .line(Point2D(668, 400)), .cubic(Point2D(700, 450), Point2D(760, 560), Point2D(860, 719)),
      ])
    #expect(reversed.reversed() == path)
  }
}
