import Foundation
import Testing
import TwinLiteDataset
import TwinLitePrep
import _TwinLiteTestSupport

/// `--layout yolop` writes `det_annotations/{split}/NAME.json` beside every drivable mask, with
/// the frame's boxes in 2018 names whichever layout they came from.
@Suite struct YOLOPDetectionAnnotationsTests {
  @Test(
    arguments: zip(
      [LabelSourceKind.scalabel2020, .aggregate2018, .perImage2018],
      [DetectionChoice.only(.det2020), .auto, .auto]))
  func everyLayoutGivesTheScenesBoxes(labels: LabelSourceKind, choice: DetectionChoice) throws {
    let root = try PrepTest.sampleTree(frames: 8, seed: 5)
    let scenes = SampleGenerator.scenes(SampleOptions(frames: 8, seed: 5))
    let (out, summary, plan) = try PrepTest.convertYOLOP(root, labels: labels, choice: choice)
    #expect(summary.converted == 8 && summary.allFailures.isEmpty, "\(labels)")
    for job in plan.jobs {
      let path = "\(out)/det_annotations/\(job.split)/\(job.name).json"
      let mask = "\(out)/da_seg_annotations/\(job.split)/\(job.name).png"
      #expect(FileManager.default.fileExists(atPath: mask))
      let boxes = try PrepTest.boxes(path)
      #expect(PrepTest.rows(boxes) == PrepTest.sceneBoxes(scenes, job.name), "\(labels) \(job.id)")
      #expect(boxes.contains { $0.category == "traffic light" })
      #expect(boxes.contains { $0.category != "traffic light" })
      if labels == .perImage2018 {
        let source = try Data(
          contentsOf: URL(fileURLWithPath: "\(root)/labels/100k/\(job.split)/\(job.name).json"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == source, "copied unchanged")
      }
    }
    #expect(PrepTest.files("\(out)/det_annotations/train").count == 6)
  }

  @Test func framesTheDetectionLabelsLackGetAnEmptyObjectList() throws {
    let root = try PrepTest.sampleTree(frames: 8, seed: 6)
    var dropped = ""
    try PrepTest.editList("\(root)/labels/det_20/det_train.json") { frames in
      dropped = String((frames.removeFirst()["name"] as! String).dropLast(4))
    }
    let (out, summary, plan) = try PrepTest.convertYOLOP(root)
    #expect(summary.converted == 8)
    let text = try String(contentsOfFile: "\(out)/det_annotations/train/\(dropped).json", encoding: .utf8)
    let empty = #"{"name":"\#(dropped)","attributes":{},"frames":[{"timestamp":10000,"objects":[]}]}"#
    #expect(text == empty + "\n")
    let job = try #require(plan.jobs.first { $0.name == dropped })
    let result = try FrameConverter(options: FrameOutputOptions(layout: .yolop, images: .none)).convert(job)
    #expect(result.labelCounts["no-detection-labels"] == 1 && result.labelCounts["boxes"] == 0)
    #expect(result.labelCounts["boxes-left-out"] == 0)
    #expect(result.files.map(\.kind) == [.drivable, .lane, .detection])
  }

  @Test func offAndTheTwinLiteLayoutWriteNoDetectionFiles() throws {
    let root = try PrepTest.sampleTree(frames: 4, seed: 7)
    let (out, summary, plan) = try PrepTest.convertYOLOP(root, choice: .off)
    #expect(summary.converted == 4 && plan.jobs.allSatisfy { $0.detection == nil })
    #expect(!FileManager.default.fileExists(atPath: "\(out)/det_annotations"))
    let (twinlite, _, _) = try PrepTest.convert(root, options: FrameOutputOptions(images: .none))
    #expect(!FileManager.default.fileExists(atPath: "\(twinlite)/det_annotations"))
  }
}
