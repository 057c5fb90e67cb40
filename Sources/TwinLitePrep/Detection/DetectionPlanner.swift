import Foundation
import TwinLiteDataset

/// Where one frame's detection boxes are read from.
public enum DetectionLabels: Sendable {
  /// A 2018 per-image file, checked and copied unchanged.
  case perImage(path: String)
  /// An element of a 2018 aggregate or 2020 `det_20` list (the index's kind tells which).
  case element(LabelArrayIndex, position: Int)
  /// The labels have no entry for this frame: an empty object list.
  case missing
}

/// Gives every planned frame its detection source (`--layout yolop`).
public enum DetectionPlanner {
  /// Sets `detection` on each job of a split listed in `splits`. A list file that cannot be
  /// indexed is a source failure, and its split's frames are not converted: their
  /// det_annotations would be silently empty. Repeated frame names in a list are reported, as
  /// for mask labels.
  public static func attach(_ splits: [SplitDetection], to plan: inout FramePlan) {
    var indexes: [String: LabelArrayIndex] = [:]
    for job in plan.jobs {
      if case .aggregate(let index, _) = job.labels { indexes[index.path] = index }
    }
    var broken = Set<String>()
    for detection in splits {
      guard let source = detection.source, let path = detection.path else { continue }
      if !plan.labelFiles.contains(path) { plan.labelFiles.append(path) }
      guard source != .perImage2018, indexes[path] == nil else { continue }
      do {
        let url = URL(fileURLWithPath: path)
        let index =
          source == .det2020
          ? try LabelReader.detectionIndex(url: url) : try LabelReader.aggregateIndex(url: url)
        indexes[path] = index
        plan.sourceFailures += FramePlanner.duplicates(in: index, split: detection.split)
      } catch {
        plan.sourceFailures.append(
          SourceFailure(split: detection.split, file: path, message: error.description))
        broken.insert(detection.split)
      }
    }
    plan.jobs.removeAll { broken.contains($0.split) }
    let bySplit = Dictionary(splits.map { ($0.split, $0) }, uniquingKeysWith: { a, _ in a })
    for i in plan.jobs.indices {
      guard let detection = bySplit[plan.jobs[i].split] else { continue }
      plan.jobs[i].detection = labels(for: plan.jobs[i].name, detection, indexes: indexes)
    }
  }

  static func labels(for name: String, _ detection: SplitDetection, indexes: [String: LabelArrayIndex])
    -> DetectionLabels
  {
    guard let source = detection.source, let path = detection.path else { return .missing }
    if source == .perImage2018 {
      let file = "\(path)/\(name).json"
      return FileManager.default.fileExists(atPath: file) ? .perImage(path: file) : .missing
    }
    guard let index = indexes[path], let position = index.index(of: name) else { return .missing }
    return .element(index, position: position)
  }
}
