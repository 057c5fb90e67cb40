import Foundation
import TwinLiteDataset

/// Where one frame's JSON labels are read from.
public enum FrameLabels: Sendable {
  /// A 2018 per-image file.
  case perImage(path: String)
  /// Element `position` of an indexed 2018 aggregate file.
  case aggregate(LabelArrayIndex, position: Int)
  /// The frame of this name in the joined 2020 drivable/lane lists.
  case scalabel2020(Scalabel2020Index)
  /// No JSON entry (a frame that only has a drivable PNG map): no lanes.
  case none

  /// The label file, for messages and the catalog.
  public var file: String? {
    switch self {
    case .perImage(let path): return path
    case .aggregate(let index, _): return index.path
    case .scalabel2020(let index): return index.lane?.path ?? index.drivable?.path
    case .none: return nil
    }
  }
}

/// A drivable PNG map of one frame.
public struct DrivableMapRef: Sendable, Equatable {
  public var path: String
  public var kind: DrivableMapKind

  public init(path: String, kind: DrivableMapKind) {
    self.path = path
    self.kind = kind
  }
}

/// Everything needed to convert one frame; `FrameConverter.convert` is a function of this alone
/// (plus the options), so any driver can schedule jobs in any order or process.
public struct FrameJob: Sendable {
  public var split: String
  /// Image stem: output files are `NAME.png`, the image `NAME.jpg`.
  public var name: String
  public var labels: FrameLabels
  /// Drivable areas come from this map instead of polygons when set.
  public var drivableMap: DrivableMapRef?
  /// The source JPEG (`images/100k/{split}/NAME.jpg`); nil when images are not handled.
  public var image: String?
  /// Detection boxes for `det_annotations/` (YOLOP layout); nil writes none.
  public var detection: DetectionLabels?
  /// The dataset root the image must resolve inside (after symbolic links) to be linked into OUT;
  /// nil: no such check.
  public var imageRoot: String?

  public init(
    split: String, name: String, labels: FrameLabels, drivableMap: DrivableMapRef? = nil,
    image: String? = nil
  ) {
    self.split = split
    self.name = name
    self.labels = labels
    self.drivableMap = drivableMap
    self.image = image
  }

  /// Train masks get dilated lanes.
  public var isTrain: Bool { split == "train" }

  /// `split/NAME`, the frame's identity in messages and catalogs.
  public var id: String { "\(split)/\(name)" }

  /// Reads and decodes the frame's labels.
  public func loadLabels() throws(DatasetError) -> LabelFrame {
    switch labels {
    case .perImage(let path):
      do {
        return try LabelReader.readPerImage(url: URL(fileURLWithPath: path))
      } catch { throw .label(error) }
    case .aggregate(let index, let position):
      switch index.frame(at: position) {
      case .success(let frame): return frame
      case .failure(let error): throw .label(error)
      }
    case .scalabel2020(let index):
      switch index.frame(named: name) {
      case .success(let frame): return frame
      case .failure(let error): throw .label(error)
      }
    case .none:
      return LabelFrame(name: name)
    }
  }
}
