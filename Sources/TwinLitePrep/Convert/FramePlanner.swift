import Foundation
import TwinLiteDataset

/// A failure that is not one frame's: a whole label file that cannot be indexed.
public struct SourceFailure: Sendable, Equatable, CustomStringConvertible {
  public var split: String
  public var file: String
  public var message: String

  public var description: String { message }
}

/// The frames of a run, in a stable order (split order, then label-file order).
public struct FramePlan: Sendable {
  public var jobs: [FrameJob]
  /// Label files that failed as a whole (their frames cannot be listed); the run goes on.
  public var sourceFailures: [SourceFailure]
  /// Every label file read, for records.
  public var labelFiles: [String]
}

/// Turns detected inputs into frame jobs.
public enum FramePlanner {
  /// - Parameter images: whether frames need their JPEG (`images/100k/{split}/NAME.jpg`).
  public static func plan(_ inputs: DatasetInputs, images: Bool = true) -> FramePlan {
    var plan = FramePlan(jobs: [], sourceFailures: [], labelFiles: [])
    for split in inputs.splits {
      guard let source = split.labelSource else { continue }
      var entries: [(name: String, labels: FrameLabels)] = []
      do {
        switch source {
        case .perImage2018:
          let dir = split.perImageDirectory ?? ""
          for file in InputDetector.listing(dir, suffix: ".json") {
            entries.append((String(file.dropLast(5)), .perImage(path: "\(dir)/\(file)")))
          }
          plan.labelFiles.append(dir)
        case .aggregate2018:
          let path = split.aggregateFile ?? ""
          plan.labelFiles.append(path)
          let index = try LabelReader.aggregateIndex(url: URL(fileURLWithPath: path))
          for (position, name) in index.names.enumerated() {
            entries.append((stem(name), .aggregate(index, position: position)))
          }
        case .scalabel2020:
          let drivable = split.drivableMaps == nil ? split.drivable2020File : nil
          plan.labelFiles += [drivable, split.lane2020File].compactMap { $0 }
          let index = try LabelReader.scalabel2020(
            drivable: drivable.map { URL(fileURLWithPath: $0) },
            lane: split.lane2020File.map { URL(fileURLWithPath: $0) })
          entries = index.names.map { (stem($0), .scalabel2020(index)) }
        }
      } catch {
        plan.sourceFailures.append(SourceFailure(split: split.split, file: error.file, message: error.description))
        continue
      }
      var seen = Set(entries.map(\.name))
      if let kind = split.drivableMaps, let dir = split.mapDirectory {
        plan.labelFiles.append(dir)
        // Frames that only have a map still get their drivable mask (and an empty lane mask).
        for file in InputDetector.listing(dir, suffix: kind.suffix) {
          let name = String(file.dropLast(kind.suffix.count))
          if seen.insert(name).inserted { entries.append((name, .none)) }
        }
      }
      for entry in entries {
        var job = FrameJob(split: split.split, name: entry.name, labels: entry.labels)
        if let kind = split.drivableMaps, let dir = split.mapDirectory {
          job.drivableMap = DrivableMapRef(path: "\(dir)/\(entry.name)\(kind.suffix)", kind: kind)
        }
        if images {
          job.image = "\(inputs.root)/images/100k/\(split.split)/\(entry.name).jpg"
        }
        plan.jobs.append(job)
      }
    }
    return plan
  }

  static func stem(_ name: String) -> String {
    name.hasSuffix(".jpg") ? String(name.dropLast(4)) : name
  }
}
