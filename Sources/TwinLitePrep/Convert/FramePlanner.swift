import Foundation
import TwinLiteCore
import TwinLiteDataset

/// A failure found while planning: a label file that cannot be indexed, or an entry that never
/// becomes a frame (a repeated name, a name that breaks the `FrameName` rule).
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
          for file in InputDetector.entries(dir, suffix: ".json") {
            guard let name = listedName(file, suffix: ".json", in: dir, split: split.split, plan: &plan)
            else { continue }
            entries.append((name, .perImage(path: "\(dir)/\(name).json")))
          }
          plan.labelFiles.append(dir)
        case .aggregate2018:
          let path = split.aggregateFile ?? ""
          plan.labelFiles.append(path)
          let index = try LabelReader.aggregateIndex(url: URL(fileURLWithPath: path))
          plan.sourceFailures += rejected(in: index, split: split.split)
          plan.sourceFailures += duplicates(in: index, split: split.split)
          var firsts = Set<String>()
          for (position, name) in index.names.enumerated()
          where index.rejectedNames[position] == nil && firsts.insert(name).inserted {
            entries.append((name, .aggregate(index, position: position)))
          }
        case .scalabel2020:
          let drivable = split.drivableMaps == nil ? split.drivable2020File : nil
          plan.labelFiles += [drivable, split.lane2020File].compactMap { $0 }
          let index = try LabelReader.scalabel2020(
            drivable: drivable.map { URL(fileURLWithPath: $0) },
            lane: split.lane2020File.map { URL(fileURLWithPath: $0) })
          for list in [index.drivable, index.lane].compactMap({ $0 }) {
            plan.sourceFailures += rejected(in: list, split: split.split)
            plan.sourceFailures += duplicates(in: list, split: split.split)
          }
          var firsts = Set<String>()
          // Names are stems already: `a.jpg.jpg` is frame `a.jpg`, whose image is `a.jpg.jpg`.
          entries = index.names.filter { firsts.insert($0).inserted }.map { ($0, .scalabel2020(index)) }
        }
      } catch {
        plan.sourceFailures.append(
          SourceFailure(split: split.split, file: error.file, message: error.description))
        continue
      }
      var seen = Set(entries.map(\.name))
      if let kind = split.drivableMaps, let dir = split.mapDirectory {
        plan.labelFiles.append(dir)
        // Frames that only have a map still get their drivable mask (and an empty lane mask).
        for file in InputDetector.entries(dir, suffix: kind.suffix) {
          guard let name = listedName(file, suffix: kind.suffix, in: dir, split: split.split, plan: &plan)
          else { continue }
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
          job.imageRoot = inputs.root
        }
        plan.jobs.append(job)
      }
    }
    return plan
  }

  /// The frame name of a listed file (`NAME` + `suffix`), or nil after reporting why the name
  /// breaks the `FrameName` rule (the file is then not converted).
  static func listedName(
    _ entry: DirectoryEntry, suffix: String, in dir: String, split: String, plan: inout FramePlan
  ) -> String? {
    let stem = Array(entry.bytes.dropLast(suffix.utf8.count))
    let path = "\(dir)/\(entry.display)"
    guard let problem = FrameName.problem(bytes: stem) else { return String(decoding: stem, as: UTF8.self) }
    let error = LabelError.invalidFrameName(
      file: path, entry: nil, name: FrameName.quoted(bytes: stem), problem: problem)
    plan.sourceFailures.append(
      SourceFailure(split: split, file: FrameName.printable(path), message: error.description))
    return nil
  }

  /// Elements of an array label file whose name breaks the `FrameName` rule: never converted,
  /// each reported with its position and the name quoted.
  static func rejected(in index: LabelArrayIndex, split: String) -> [SourceFailure] {
    index.rejectedNames.sorted { $0.key < $1.key }.map {
      SourceFailure(split: split, file: index.path, message: $0.value.description)
    }
  }

  /// Elements of an array label file that repeat an earlier element's frame name: only the first
  /// is converted, each repeat is reported (a silent choice would hide a broken label file).
  static func duplicates(in index: LabelArrayIndex, split: String) -> [SourceFailure] {
    var first: [String: Int] = [:]
    var failures: [SourceFailure] = []
    for (position, name) in index.names.enumerated() where index.rejectedNames[position] == nil {
      if let earlier = first[name] {
        failures.append(
          SourceFailure(
            split: split, file: index.path,
            message: "\(index.path): label \(position): duplicate frame name '\(name)' (first at label "
              + "\(earlier)); only the first is converted"))
      } else {
        first[name] = position
      }
    }
    return failures
  }
}
