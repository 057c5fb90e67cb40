import Foundation
import Testing
import TwinLiteCore
import TwinLiteDataset
import TwinLiteImageIO
import TwinLitePrep
import _TwinLiteTestSupport

/// sample → prep → masks: every frame converted, masks where the scene has road and paint,
/// and the same masks whichever JSON layout is the only one present.
@Suite struct SampleRoundTripTests {
  @Test func everyFrameConvertsIntoTheTwinLiteLayout() throws {
    let root = try PrepTest.sampleTree(frames: 8)
    let (out, summary, plan) = try PrepTest.convert(root)
    #expect(summary.frames == 8 && summary.converted == 8 && summary.allFailures.isEmpty)
    #expect(summary.exitCode == 0 && summary.peakRSSBytes > 0)
    for job in plan.jobs {
      let drivable = try PrepTest.mask("\(out)/segments/\(job.split)/\(job.name).png")
      let lane = try PrepTest.mask("\(out)/lane/\(job.split)/\(job.name).png")
      #expect(drivable.width == 1280 && drivable.height == 720)
      #expect(Set(drivable.pixels).isSubset(of: [0, 255]) && Set(lane.pixels).isSubset(of: [0, 255]))
      // The road fills a large part of the lower image; nothing is drivable in the sky.
      #expect(drivable.nonZeroCount > 100_000, "\(job.id)")
      #expect(drivable.pixels[0..<(1280 * 300)].allSatisfy { $0 == 0 })
      #expect(lane.nonZeroCount > 1_000 && lane.nonZeroCount < drivable.nonZeroCount)
      #expect(FileManager.default.fileExists(atPath: "\(out)/images/\(job.split)/\(job.name).jpg"))
    }
    #expect(PrepTest.files("\(out)/segments/train").count == 6)
    #expect(PrepTest.files("\(out)/lane/val").count == 2)
  }

  @Test func theThreeJSONLayoutsGiveIdenticalMasks() throws {
    let root = try PrepTest.sampleTree(frames: 6, seed: 3)
    let only: [(LabelSourceKind, [String])] = [
      (
        .scalabel2020,
        [
          "labels/100k", "labels/bdd100k_labels_images_train.json",
          "labels/bdd100k_labels_images_val.json",
        ]
      ),
      (.aggregate2018, ["labels/100k", "labels/drivable", "labels/lane"]),
      (
        .perImage2018,
        [
          "labels/drivable", "labels/lane", "labels/bdd100k_labels_images_train.json",
          "labels/bdd100k_labels_images_val.json",
        ]
      ),
    ]
    var outputs: [String] = []
    for (layout, remove) in only {
      let copy = try PrepTest.copyTree(root)
      for path in remove { try PrepTest.remove(copy, path) }
      let inputs = try InputDetector.detect(root: copy, splits: ["train", "val"])
      #expect(inputs.splits.allSatisfy { $0.labelSource == layout })
      let (out, summary, _) = try PrepTest.convert(copy, options: FrameOutputOptions(images: .none))
      #expect(summary.converted == 6 && summary.allFailures.isEmpty, "\(layout)")
      outputs.append(out)
    }
    for folder in ["segments/train", "segments/val", "lane/train", "lane/val"] {
      let names = PrepTest.files("\(outputs[0])/\(folder)")
      #expect(!names.isEmpty)
      for other in outputs.dropFirst() {
        #expect(PrepTest.files("\(other)/\(folder)") == names)
        for name in names {
          #expect(
            try PrepTest.mask("\(outputs[0])/\(folder)/\(name)")
              == PrepTest.mask("\(other)/\(folder)/\(name)"),
            "\(folder)/\(name)")
        }
      }
    }
  }

  @Test func trainLanesAreTheValLinesDilated() throws {
    let root = try PrepTest.sampleTree(frames: 4)
    let inputs = try InputDetector.detect(root: root, splits: ["train", "val"])
    var job = try #require(FramePlanner.plan(inputs).jobs.first)
    let converter = FrameConverter(options: FrameOutputOptions(images: .none))
    job.split = "val"
    let thin = try PNGDecoder.decodeMask(try #require(bytes(converter.convert(job), .lane)))
    job.split = "train"
    let wide = try PNGDecoder.decodeMask(try #require(bytes(converter.convert(job), .lane)))
    #expect(thin.nonZeroCount > 1_000)
    #expect(
      zip(thin.pixels, wide.pixels).allSatisfy { $0 == 0 || $1 != 0 }, "val lines lie inside train lines")
    #expect(wide.nonZeroCount > 3 * thin.nonZeroCount)
  }

  func bytes(_ result: ConvertedFrame, _ kind: OutputKind) -> [UInt8]? {
    for output in result.files where output.kind == kind {
      if case .bytes(let b) = output.content { return b }
    }
    return nil
  }
}
