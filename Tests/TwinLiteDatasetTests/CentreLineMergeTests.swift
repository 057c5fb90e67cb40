import Foundation
import Testing
import TwinLiteDataset
import _TwinLiteTestSupport

/// The proposed centre-line decisions (spec §7, D2–D10) on hand-made edges and the synthetic frame.
@Suite struct CentreLineMergeTests {
  typealias M = MaskMeasure

  static func synthetic() throws -> LabelFrame {
    try LabelReader.readPerImage(
      url: URL(fileURLWithPath: Fixtures.path("fixtures/bdd100k/generated/synthetic-0001.json")))
  }

  static func near(_ p: Point2D, _ x: Double, _ y: Double, tolerance: Double = 1e-9) -> Bool {
    abs(p.x - x) <= tolerance && abs(p.y - y) <= tolerance
  }

  @Test func parallelPairBecomesItsMidline() {
    let edges = [M.lane([(600, 700), (600, 400)]), M.lane([(610, 700), (610, 400)])]
    let lines = CentreLineMerger.lines(for: edges, options: LaneOptions())
    #expect(lines.count == 1)
    #expect(lines[0].sources == [0, 1])
    #expect(lines[0].points.count == 2)
    #expect(Self.near(lines[0].points[0], 605, 700) && Self.near(lines[0].points[1], 605, 400))
  }

  @Test func oppositeDirectionEdgesAreOrientedBeforeAveraging() throws {
    let frame = try Self.synthetic()
    let lines = CentreLineMerger.lines(for: Array(frame.lanes[0...1]), options: LaneOptions())
    #expect(lines.count == 1)
    // (420,719)→(612,400) with (614,400)→(434,719) reversed: (427,719)→(613,400),
    // not a near-horizontal line.
    let points = lines[0].points
    #expect(Self.near(points.first!, 427, 719) && Self.near(points.last!, 613, 400))
  }

  @Test func bezierPairAveragesControlPoints() throws {
    let frame = try Self.synthetic()
    let lines = CentreLineMerger.lines(for: Array(frame.lanes[2...3]), options: LaneOptions())
    #expect(lines.count == 1)
    // Independent expectation: the cubic through the averaged control points.
    let c = [(866.0, 719.0), (764.0, 560.0), (702.0, 450.0), (669.0, 400.0)]
    func bezier(_ t: Double) -> Point2D {
      let u = 1 - t
      let a = u * u * u
      let b = 3 * u * u * t
      let cc = 3 * u * t * t
      let d = t * t * t
      return Point2D(
        a * c[0].0 + b * c[1].0 + cc * c[2].0 + d * c[3].0, a * c[0].1 + b * c[1].1 + cc * c[2].1 + d * c[3].1
      )
    }
    let points = lines[0].points
    #expect(Self.near(points.first!, 866, 719) && Self.near(points.last!, 669, 400))
    for t in stride(from: 0.0, through: 1.0, by: 0.05) {
      let p = bezier(t)
      let distance = Polyline.closestPoint(on: points, to: p).distance
      #expect(distance < 0.5, "t=\(t): \(distance) px from the flattened centre")
    }
  }

  @Test func singleCurbIsKeptAsDrawn() throws {
    let frame = try Self.synthetic()
    let lines = CentreLineMerger.lines(for: [frame.lanes[4]], options: LaneOptions())
    #expect(lines.count == 1)
    #expect(lines[0].sources == [0])
    #expect(lines[0].points == [Point2D(0, 600), Point2D(560, 405)])
  }

  @Test func crosswalkEdges40PxApartPairOnlyAboveTheThreshold() throws {
    let frame = try Self.synthetic()
    let crosswalk = Array(frame.lanes[5...6])
    #expect(CentreLineMerger.lines(for: crosswalk, options: LaneOptions()).count == 2)
    var wide = LaneOptions()
    wide.pairDistanceThreshold = 45
    let merged = CentreLineMerger.lines(for: crosswalk, options: wide)
    #expect(merged.count == 1)
    #expect(merged[0].points.allSatisfy { abs($0.y - 670) < 1e-9 })
    var dropped = LaneOptions()
    dropped.dropCrosswalk = true
    #expect(CentreLineMerger.lines(for: crosswalk, options: dropped).isEmpty)
  }

  @Test func threeCloseEdgesPairOnlyTheMutualNearest() {
    // A–B 8 px, B–C 12 px, A–C 20 px: A pairs with B, C stays single.
    let edges = [
      M.lane([(600, 700), (600, 400)]), M.lane([(620, 700), (620, 400)]), M.lane([(608, 400), (608, 700)]),
    ]
    let lines = CentreLineMerger.lines(for: edges, options: LaneOptions())
    #expect(lines.count == 2)
    #expect(lines.contains { $0.sources == [0, 2] && $0.points.allSatisfy { abs($0.x - 604) < 1e-9 } })
    #expect(lines.contains { $0.sources == [1] })
  }

  @Test func onlySameTypeDirectionAndStylePair() {
    let solid = M.lane([(600, 700), (600, 400)], type: .singleWhite, style: .solid)
    let dashed = M.lane([(610, 700), (610, 400)], type: .singleWhite, style: .dashed)
    let yellow = M.lane([(610, 700), (610, 400)], type: .singleYellow, style: .solid)
    #expect(CentreLineMerger.lines(for: [solid, dashed], options: LaneOptions()).count == 2)
    #expect(CentreLineMerger.lines(for: [solid, yellow], options: LaneOptions()).count == 2)
  }

  @Test func collinearDashesEndToEndDoNotPair() {
    let edges = [M.lane([(600, 400), (600, 500)]), M.lane([(600, 510), (600, 610)])]
    #expect(CentreLineMerger.lines(for: edges, options: LaneOptions()).count == 2)
  }

  @Test func stopLinesPairAndVerticalPolicyDropsTransverseMarks() throws {
    let frame = try Self.synthetic()
    let stop = CentreLineMerger.lines(for: Array(frame.lanes[7...8]), options: LaneOptions())
    #expect(stop.count == 1)
    #expect(stop[0].points.allSatisfy { abs($0.y - 615) < 1e-9 })
    var options = LaneOptions()
    options.dropVertical = true
    let kept = CentreLineMerger.lines(for: frame.lanes, options: options)
    // Pairs 0/1 and 2/3 merged, curb single; crosswalk and stop lines dropped.
    #expect(kept.count == 3)
    #expect(kept.allSatisfy { $0.sources.allSatisfy { frame.lanes[$0].direction == .parallel } })
  }

  @Test func differentLayoutsAreResampledByArcLength() {
    // One edge with two segments, one straight: layouts differ, so both are resampled.
    let a = M.lane([(600, 700), (600, 550), (600, 400)])
    let b = M.lane([(610, 400), (610, 700)])
    let lines = CentreLineMerger.lines(for: [a, b], options: LaneOptions())
    #expect(lines.count == 1)
    #expect(lines[0].points.count == 301)  // 300 px long, 1-px steps
    #expect(lines[0].points.allSatisfy { abs($0.x - 605) < 1e-9 })
    #expect(Self.near(lines[0].points.first!, 605, 700) && Self.near(lines[0].points.last!, 605, 400))
  }

  @Test func mergeCanBeSwitchedOff() throws {
    var options = LaneOptions()
    options.mergeCentreLines = false
    #expect(CentreLineMerger.lines(for: try Self.synthetic().lanes, options: options).count == 9)
  }
}
