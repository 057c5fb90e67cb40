import Foundation
import Testing
import TwinLiteCore
import TwinLiteDataset
import TwinLiteImageIO
import _TwinLiteTestSupport

/// Line widths measured on rendered masks: thin centre lines (val), dilated (train), official stroke.
@Suite struct LaneWidthTests {
  typealias M = MaskMeasure

  static func frame(_ lanes: [LaneEdge]) -> LabelFrame { LabelFrame(name: "width", lanes: lanes) }

  @Test func thinLinesAreTwoPixelsAcrossAndTrainLinesEight() {
    // A horizontal and a vertical curb at fractional positions (single edges: drawn as annotated).
    let frame = Self.frame([
      M.lane([(100.2, 300.3), (1000.7, 300.3)]), M.lane([(640.6, 350.1), (640.6, 700.4)]),
    ])
    let renderer = MaskRenderer()
    let val = renderer.render(frame, isTrain: false, format: .twinlite).lane
    let train = renderer.render(frame, isTrain: true, format: .twinlite).lane
    #expect(Set(val.pixels) == [0, 255])
    for x in [150, 500, 900] {
      #expect(M.setRows(val, x: x) == [299, 300])
      #expect(M.setRows(train, x: x) == Array(296...303))
    }
    for y in [400, 500, 650] {
      #expect(M.rowCount(val, y: y) == 2)
      #expect(M.rowCount(train, y: y) == 8)
    }
  }

  @Test func diagonalThinLinesStayAboutTwoPixelsWide() {
    let frame = Self.frame([M.lane([(200.25, 100.5), (700.25, 600.5)])])
    let val = MaskRenderer().render(frame, isTrain: false, format: .twinlite).lane
    // 2-px band at 45°: 2·√2 ≈ 2.83 px per row → 2 or 3 pixels by centre sampling.
    for y in 150..<550 {
      let count = M.rowCount(val, y: y)
      #expect(count == 2 || count == 3, "row \(y): \(count)")
    }
  }

  @Test func widthAndDilationAreConfigurable() {
    var options = MaskRules()
    options.lane.lineWidth = 4
    options.lane.trainLineWidth = 12
    let frame = Self.frame([M.lane([(100, 300), (1000, 300)])])
    let renderer = MaskRenderer(options: options)
    #expect(
      M.setRows(renderer.render(frame, isTrain: false, format: .twinlite).lane, x: 500) == Array(298...301))
    #expect(M.columnCount(renderer.render(frame, isTrain: true, format: .twinlite).lane, x: 500) == 12)
  }

  @Test func officialStrokeCoversThreeRowsAndExactColumns() {
    let frame = Self.frame([M.lane([(100, 400), (1100, 400)])])
    let lane = MaskRenderer().render(frame, isTrain: false, format: .bdd100k).lane
    let set = { (v: UInt8) in v != 255 }
    #expect((0..<720).filter { set(lane[600, $0]) } == [399, 400, 401])
    #expect((0..<1280).filter { set(lane[$0, 400]) } == Array(100...1100))
    // road curb, parallel, solid → value 4.
    #expect(lane[600, 400] == 4)
  }

  /// The official masks in the toolkit's tests (no JSON) against our official stroke:
  /// local width min(horizontal run, vertical run) is mostly 3 px, with 2 and 4 px at some angles.
  @Test func officialStrokeWidthMatchesTheToolkitLaneMasks() throws {
    let folder = "fixtures/bdd100k/bdd100k__bdd100k/tests/eval/testcases/lane/gts/"
    let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path(folder)).filter {
      $0.hasSuffix(".png")
    }
    #expect(names.count == 4)
    let foreground = { (v: UInt8) in (v >> 3) & 1 == 0 }
    var official: [Int: Int] = [:]
    for name in names {
      let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.path(folder + name))))
      let mask = try PNGDecoder.decodeMask(bytes, name: name)
      official.merge(M.minimumRunHistogram(mask, isSet: foreground), uniquingKeysWith: +)
    }
    // Ours: long lines at many angles, like lane edges.
    var lanes: [LaneEdge] = []
    for k in 0..<12 {
      let angle = Double(k) * .pi / 12 + 0.05
      let cx = 100.0 + Double(k) * 95
      lanes.append(M.lane([(cx, 360), (cx + 300 * cos(angle), 360 + 300 * sin(angle))]))
    }
    let mask = MaskRenderer().render(Self.frame(lanes), isTrain: false, format: .bdd100k).lane
    let histogram = M.minimumRunHistogram(mask, isSet: foreground)

    func share(_ h: [Int: Int], _ widths: ClosedRange<Int>) -> Double {
      Double(h.filter { widths.contains($0.key) }.values.reduce(0, +)) / Double(h.values.reduce(0, +))
    }
    func mode(_ h: [Int: Int]) -> Int { h.max { $0.value < $1.value }!.key }
    #expect(mode(official) == 3)
    #expect(mode(histogram) == 3)
    #expect(share(official, 2...4) > 0.9)
    #expect(share(histogram, 2...4) > 0.9)
    #expect((official[1] ?? 0) * 100 < official.values.reduce(0, +))
    #expect((histogram[1] ?? 0) * 100 < histogram.values.reduce(0, +))
  }
}
