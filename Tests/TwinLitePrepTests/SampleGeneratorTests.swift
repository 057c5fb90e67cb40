import Foundation
import Testing
import TwinLiteDataset
import TwinLiteImageIO
import TwinLitePrep
import _TwinLiteTestSupport

/// `twinlite-prep sample` writes a deterministic BDD100K-shaped tree with real JPEGs and the same
/// labels in all three JSON layouts.
@Suite struct SampleGeneratorTests {
  @Test func sameSeedSameBytesOtherSeedOtherScenes() throws {
    let a = try PrepTest.sampleTree(frames: 4, seed: 9)
    let b = try PrepTest.sampleTree(frames: 4, seed: 9)
    let files = try FileManager.default.subpathsOfDirectory(atPath: a).sorted()
    #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: b).sorted()))
    for file in files where file.contains(".") {
      #expect(FileManager.default.contentsEqual(atPath: "\(a)/\(file)", andPath: "\(b)/\(file)"), "\(file)")
    }
    let other = SampleGenerator.scenes(SampleOptions(frames: 4, seed: 10))
    #expect(other.map(\.name) != SampleGenerator.scenes(SampleOptions(frames: 4, seed: 9)).map(\.name))
  }

  @Test func splitsAndTreeShape() throws {
    let root = try PrepTest.sampleTree(frames: 8)
    let train = PrepTest.files("\(root)/images/100k/train")
    let val = PrepTest.files("\(root)/images/100k/val")
    #expect(train.count == 6 && val.count == 2)
    #expect(
      PrepTest.files("\(root)/labels/100k/train").map { $0.replacingOccurrences(of: ".json", with: ".jpg") }
        == train)
    for split in ["train", "val"] {
      for file in [
        "labels/bdd100k_labels_images_\(split).json", "labels/drivable/polygons/drivable_\(split).json",
        "labels/lane/polygons/lane_\(split).json",
      ] {
        #expect(FileManager.default.fileExists(atPath: "\(root)/\(file)"), "\(file)")
      }
    }
    #expect(SampleGenerator.scenes(SampleOptions(frames: 2)).map(\.split) == ["train", "val"])
  }

  @Test func imagesAreBaseline1280x720JPEGs() throws {
    let root = try PrepTest.sampleTree(frames: 1)
    let name = try #require(PrepTest.files("\(root)/images/100k/train").first)
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(root)/images/100k/train/\(name)")))
    #expect(bytes.prefix(2) == [0xff, 0xd8] && bytes.suffix(2) == [0xff, 0xd9])
    // Find the SOF0 marker and read its size fields.
    var i = 2
    var size: (Int, Int)?
    while i + 9 < bytes.count, bytes[i] == 0xff {
      let marker = bytes[i + 1]
      let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
      if marker == 0xc0 {
        size = (Int(bytes[i + 7]) << 8 | Int(bytes[i + 8]), Int(bytes[i + 5]) << 8 | Int(bytes[i + 6]))
        #expect(bytes[i + 9] == 3, "three components")
        break
      }
      i += 2 + length
    }
    #expect(size?.0 == 1280 && size?.1 == 720)
    #expect(bytes.count > 20_000, "a photo-like scene, not a flat image")
    let image = try JPEGDecoder().decode(bytes, order: .rgb)
    #expect(image.width == 1280 && image.height == 720)
    let sky = Array(image.pixels[(10 * 1280 + 640) * 3..<(10 * 1280 + 640) * 3 + 3])
    let road = Array(image.pixels[(715 * 1280 + 640) * 3..<(715 * 1280 + 640) * 3 + 3])
    #expect(sky[2] > sky[0] + 50, "blue sky at the top: \(sky)")
    #expect(road.allSatisfy { $0 < 130 }, "dark road at the bottom centre: \(road)")
  }

  @Test func labelsCoverTheCasesTheIssueAsksFor() throws {
    let root = try PrepTest.sampleTree(frames: 16, seed: 1)
    var frames: [LabelFrame] = []
    for split in ["train", "val"] {
      let index = try LabelReader.scalabel2020(
        drivable: URL(fileURLWithPath: "\(root)/labels/drivable/polygons/drivable_\(split).json"),
        lane: URL(fileURLWithPath: "\(root)/labels/lane/polygons/lane_\(split).json"))
      for name in index.names { frames.append(try index.frame(named: name).get()) }
    }
    #expect(frames.count == 16)
    let lanes = frames.flatMap(\.lanes)
    let areas = frames.flatMap(\.areas)
    #expect(lanes.contains { $0.poly.typesString == "LCCC" }, "Bezier lanes")
    #expect(lanes.contains { $0.poly.typesString == "LL" }, "straight lanes")
    #expect(lanes.contains { $0.type == .crosswalk && $0.direction == .vertical })
    #expect(lanes.contains { $0.type == .roadCurb })
    #expect(areas.contains { $0.kind == .alternative } && areas.contains { $0.kind == .direct })
    // Opposite-direction pair: the two white edges of one frame, one going up, one going down.
    let frame = try #require(frames.first)
    let white = frame.lanes.filter { $0.type == .singleWhite && $0.direction == .parallel }
    #expect(white.count == 2)
    let dy = white.map { $0.poly.vertices.last!.y - $0.poly.vertices.first!.y }
    #expect(dy[0] < 0 && dy[1] > 0)
  }

  @Test func rejectsZeroFrames() {
    #expect(throws: DatasetError.self) {
      try SampleGenerator.write(to: "/tmp/unused", options: SampleOptions(frames: 0))
    }
  }
}
