import Foundation
import TwinLiteDataset

/// What a frame's `det_annotations` file holds, for the catalog and the summary.
public struct DetectionCounts: Sendable, Equatable {
  public var boxes: Int
  /// Boxes of categories YOLOP has no class for, left out.
  public var leftOut: Int
  /// The labels had no entry for the frame: the file has an empty object list.
  public var missing: Bool

  /// The catalog's per-frame label counts.
  public var labelCounts: [String: Int] {
    ["boxes": boxes, "boxes-left-out": leftOut, "no-detection-labels": missing ? 1 : 0]
  }
}

extension FrameJob {
  /// The frame's 2018 per-image detection document: the source file's own bytes for 2018
  /// per-image labels (after checking YOLOP can read them), else converted.
  func detectionDocument(
    _ labels: DetectionLabels
  ) throws(DatasetError) -> (bytes: [UInt8], counts: DetectionCounts) {
    switch labels {
    case .perImage(let path):
      let bytes: [UInt8]
      do {
        bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
      } catch {
        throw .label(.unreadable(file: path, reason: error.localizedDescription))
      }
      let frame: DetectionFrame
      do {
        frame = try LabelReader.perImageDetections(bytes, file: path, name: name)
      } catch {
        throw .label(error)
      }
      return (bytes, DetectionCounts(boxes: frame.boxes.count, leftOut: 0, missing: false))
    case .element(let index, let position):
      switch index.detectionFrame(at: position) {
      case .success(var frame):
        frame.name = name
        let counts = DetectionCounts(boxes: frame.boxes.count, leftOut: frame.leftOut, missing: false)
        return (frame.yolopJSON, counts)
      case .failure(let error):
        throw .label(error)
      }
    case .missing:
      let counts = DetectionCounts(boxes: 0, leftOut: 0, missing: true)
      return (DetectionFrame.empty(name: name).yolopJSON, counts)
    }
  }
}
