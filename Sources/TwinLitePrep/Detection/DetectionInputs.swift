import TwinLiteDataset

/// A label layout that carries detection boxes.
public enum DetectionSourceKind: String, Sendable, CaseIterable, Codable {
  /// 2020 Scalabel `labels/det_20/det_{split}.json` (names and colours mapped to 2018).
  case det2020 = "2020"
  /// 2018 aggregate `labels/bdd100k_labels_images_{split}.json` (split per frame).
  case aggregate2018 = "2018-aggregate"
  /// 2018 per-image `labels/100k/{split}/NAME.json` (copied unchanged).
  case perImage2018 = "2018-per-image"

  public var title: String {
    switch self {
    case .det2020: return "2020 det_20 boxes (converted to 2018 names)"
    case .aggregate2018: return "2018 aggregate boxes (split per frame)"
    case .perImage2018: return "2018 per-image files (copied unchanged)"
    }
  }
}

/// `--det-annotations`: where `det_annotations/` comes from.
public enum DetectionChoice: Sendable, Equatable {
  /// The chosen mask labels' own boxes when they have them (2018 layouts), else 2020 `det_20`,
  /// else any 2018 layout present.
  case auto
  /// No `det_annotations/`.
  case off
  case only(DetectionSourceKind)

  /// `auto`, `off`, `2020`, `2018-aggregate` or `2018-per-image`.
  public init?(argument: String) {
    switch argument {
    case "auto": self = .auto
    case "off": self = .off
    default:
      guard let kind = DetectionSourceKind(rawValue: argument) else { return nil }
      self = .only(kind)
    }
  }

  /// The command-line text of this choice.
  public var argument: String {
    switch self {
    case .auto: "auto"
    case .off: "off"
    case .only(let kind): kind.rawValue
    }
  }
}

/// The detection labels of one split: nil source when ROOT has none (every frame then gets an
/// empty object list).
public struct SplitDetection: Sendable, Equatable {
  public var split: String
  public var source: DetectionSourceKind?
  /// The file (2020, 2018 aggregate) or folder (2018 per-image) read.
  public var path: String?

  /// `train: det_annotations from …` for the detection report.
  public func reportLine(root: String) -> String {
    guard let source, let path else {
      return "  \(split): no detection labels found; det_annotations get empty object lists"
    }
    let shown = path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    return "  \(split): det_annotations from \(source.title) \(shown)"
  }
}

extension DetectionChoice {
  /// The detection source of each split of `inputs` (`off`: none at all, empty result).
  /// Throws `invalidOption` when an explicitly chosen layout is missing for a split with frames.
  public func resolve(_ inputs: DatasetInputs) throws(DatasetError) -> [SplitDetection] {
    guard self != .off else { return [] }
    return try inputs.splits.map { split throws(DatasetError) in
      let det2020 = InputDetector.file(inputs.root, "labels/det_20/det_\(split.split).json")
      let available: [DetectionSourceKind: String] = [
        .det2020: det2020, .aggregate2018: split.aggregateFile, .perImage2018: split.perImageDirectory,
      ].compactMapValues { $0 }
      var source: DetectionSourceKind?
      switch self {
      case .only(let kind):
        guard available[kind] != nil || split.labelSource == nil else {
          throw .invalidOption(name: "det-annotations", reason: "split \(split.split) has no \(kind.title)")
        }
        source = available[kind] == nil ? nil : kind
      case .auto:
        let own: DetectionSourceKind? =
          switch split.labelSource {
          case .aggregate2018?: .aggregate2018
          case .perImage2018?: .perImage2018
          default: nil
          }
        source = own ?? [.det2020, .aggregate2018, .perImage2018].first { available[$0] != nil }
      case .off:
        source = nil
      }
      return SplitDetection(split: split.split, source: source, path: source.flatMap { available[$0] })
    }
  }
}
