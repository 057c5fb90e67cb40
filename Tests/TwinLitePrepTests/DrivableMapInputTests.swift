import Foundation
import Testing
import TwinLiteCore
import TwinLiteDataset
import TwinLiteImageIO
import TwinLitePrep
import _TwinLiteTestSupport

/// Drivable PNG maps (2020 ids and 2018 ids) give the same drivable masks as the polygons, and a
/// broken or missing map fails only its own frame.
@Suite struct DrivableMapInputTests {
  static let lanesOnly2020 = [
    "labels/100k", "labels/drivable/polygons", "labels/bdd100k_labels_images_train.json",
    "labels/bdd100k_labels_images_val.json",
  ]

  func sampleWithMaps() throws -> String {
    let root = try Fixtures.temporaryDirectory("maps").appendingPathComponent("bdd100k").path
    _ = try SampleGenerator.write(to: root, options: SampleOptions(frames: 6, seed: 5, drivableMaps: true))
    return root
  }

  @Test func mapsOfBothEncodingsMatchThePolygons() throws {
    let root = try sampleWithMaps()
    for format in [MaskFormat.twinlite, .bdd100k] {
      let options = FrameOutputOptions(format: format, images: .none)
      let reference = try PrepTest.convert(root, options: options)
      #expect(reference.plan.jobs.allSatisfy { $0.drivableMap == nil })

      let with2020 = try PrepTest.copyTree(root)
      for path in Self.lanesOnly2020 + ["drivable_maps"] { try PrepTest.remove(with2020, path) }
      let with2018 = try PrepTest.copyTree(root)
      for path in Self.lanesOnly2020 + ["labels/drivable/masks"] { try PrepTest.remove(with2018, path) }

      for (tree, kind) in [(with2020, DrivableMapKind.masks2020), (with2018, .drivableId2018)] {
        let run = try PrepTest.convert(tree, options: options)
        #expect(run.summary.allFailures.isEmpty && run.summary.converted == 6)
        #expect(run.plan.jobs.allSatisfy { $0.drivableMap?.kind == kind })
        for job in run.plan.jobs {
          for folder in ["segments", "lane"] {
            let path = "\(folder)/\(job.split)/\(job.name).png"
            #expect(
              try PrepTest.mask("\(run.out)/\(path)") == PrepTest.mask("\(reference.out)/\(path)"),
              "\(kind) \(format) \(path)")
          }
        }
      }
    }
  }

  @Test func brokenMissingAndWrongValuedMapsFailTheirFramesOnly() throws {
    let root = try sampleWithMaps()
    for path in Self.lanesOnly2020 + ["drivable_maps"] { try PrepTest.remove(root, path) }
    let dir = "\(root)/labels/drivable/masks/train"
    let maps = PrepTest.files(dir)
    #expect(maps.count == 5)
    // 0: truncated, 1: missing, 2: a value (7) that the 2020 encoding lacks, 3: wrong size.
    let truncated = "\(dir)/\(maps[0])"
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: truncated)))
    try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: truncated))
    try FileManager.default.removeItem(atPath: "\(dir)/\(maps[1])")
    var bad = try PNGDecoder.readMask(path: "\(dir)/\(maps[2])")
    bad[5, 3] = 7
    try PNGWriter().write(bad, to: "\(dir)/\(maps[2])")
    try PNGWriter().write(Mask(width: 640, height: 360, fill: 2), to: "\(dir)/\(maps[3])")

    let run = try PrepTest.convert(root, options: FrameOutputOptions(images: .none))
    #expect(run.summary.frames == 6)
    #expect(run.summary.converted == 2 && run.summary.exitCode == 3)
    #expect(run.summary.allFailures.count == 4)
    func message(_ map: String) -> String {
      let name = map.replacingOccurrences(of: ".png", with: "")
      return run.summary.allFailures.first { $0.frame == "train/\(name)" }?.error ?? "(no failure)"
    }
    #expect(message(maps[0]).contains(truncated) && message(maps[0]).contains("truncated"))
    #expect(message(maps[1]).contains(maps[1]) && message(maps[1]).contains("not found"))
    #expect(message(maps[2]).contains(maps[2]) && message(maps[2]).contains("value 7"))
    #expect(message(maps[3]).contains(maps[3]) && message(maps[3]).contains("640x360"))
  }
}
