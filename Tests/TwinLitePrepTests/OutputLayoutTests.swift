import Foundation
import Testing
import TwinLiteDataset
import TwinLitePrep
import _TwinLiteTestSupport

/// Output folder names, image placement (hard link, copy, none), the bdd100k encodings, and
/// no temporary files left behind, through the pipeline the CLI runs.
@Suite struct OutputLayoutTests {
  func inode(_ path: String) throws -> UInt64 {
    (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
  }

  @Test func yolopLayoutUsesItsFolderNames() throws {
    let root = try PrepTest.sampleTree(frames: 4)
    let run = try PrepTest.convert(root, options: FrameOutputOptions(layout: .yolop))
    #expect(run.summary.exitCode == 0)
    #expect(
      PrepTest.files(run.out) == [
        "_SUCCESS", "catalog.sqlite", "da_seg_annotations", "images", "ll_seg_annotations", "shards",
      ])
    #expect(PrepTest.files("\(run.out)/da_seg_annotations/train").count == 3)
    #expect(PrepTest.files("\(run.out)/ll_seg_annotations/val").count == 1)
  }

  @Test func imagesAreHardLinkedOrCopied() throws {
    let root = try PrepTest.sampleTree(frames: 2)
    let linked = try PrepTest.convert(root)
    let copied = try PrepTest.convert(root, options: FrameOutputOptions(images: .copy))
    let job = try #require(linked.plan.jobs.first)
    let source = try #require(job.image)
    let target = "images/\(job.split)/\(job.name).jpg"
    // Same file system (both under the temporary folder): a hard link shares the inode.
    #expect(try inode("\(linked.out)/\(target)") == inode(source))
    #expect(try inode("\(copied.out)/\(target)") != inode(source))
    #expect(FileManager.default.contentsEqual(atPath: "\(copied.out)/\(target)", andPath: source))
    #expect(
      PrepTest.files(linked.out) == ["_SUCCESS", "catalog.sqlite", "images", "lane", "segments", "shards"])
  }

  @Test func rerunReplacesOutputsAndLeavesNoTemporaries() throws {
    let root = try PrepTest.sampleTree(frames: 4)
    let first = try PrepTest.convert(root)
    let out = first.out
    let inputs = try InputDetector.detect(root: root, splits: ["train", "val"])
    let again = try PrepTest.run(
      inputs, FramePlanner.plan(inputs), FrameOutputOptions(), out: out, force: true)
    #expect(again.exitCode == 0 && again.shardsBuilt == again.shards && again.converted == 4)
    // `.lock` is the run lock, kept on purpose; nothing else hidden may stay behind.
    let all = try FileManager.default.subpathsOfDirectory(atPath: out).filter { $0 != ".lock" }
    #expect(!all.contains { ($0 as NSString).lastPathComponent.hasPrefix(".") }, "no hidden temporaries")
    #expect(all.filter { $0.hasSuffix(".png") && !$0.hasPrefix("shards/") }.count == 8)
  }

  @Test func bdd100kFormatWritesTheToolkitValues() throws {
    let root = try PrepTest.sampleTree(frames: 4)
    let run = try PrepTest.convert(root, options: FrameOutputOptions(format: .bdd100k, images: .none))
    let job = try #require(run.plan.jobs.first)
    let drivable = try PrepTest.mask("\(run.out)/segments/\(job.split)/\(job.name).png")
    let lane = try PrepTest.mask("\(run.out)/lane/\(job.split)/\(job.name).png")
    #expect(Set(drivable.pixels) == [0, 1, 2])
    #expect(drivable[0, 0] == 2, "background is 2")
    let laneValues = Set(lane.pixels)
    #expect(laneValues.contains(255) && lane[0, 0] == 255, "background is 255")
    // Every foreground value decodes to a category 0...7 with bit 3 clear.
    #expect(laneValues.subtracting([255]).allSatisfy { ($0 >> 3) & 1 == 0 && $0 & 7 <= 7 })
    // The sample's white dashed separator: single white (6), dashed (bit 4), parallel.
    #expect(laneValues.contains(6 + 16))
  }

  @Test func outputPathsThatConfuseTheTwinLiteLoaderAreFlagged() {
    #expect(OutputPlacement.loaderPathWarning(out: "/data/prepared") == nil)
    #expect(OutputPlacement.loaderPathWarning(out: "/data/images/prepared") != nil)
    #expect(OutputPlacement.loaderPathWarning(out: "/data/jpg-out") != nil)
  }
}
