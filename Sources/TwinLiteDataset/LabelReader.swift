import Foundation

/// Entry points for the three label layouts (`docs/bdd100k-labels.md` §2).
///
/// - per-image v0 files are small: read whole.
/// - array files (2018 aggregate, 2020 drivable/lane) are memory-mapped and split into elements by a
///   byte scanner; each element is decoded on its own, so memory stays bounded by the largest frame.
public enum LabelReader {
  /// Reads one 2018 per-image (v0) file `labels/100k/{split}/NAME.json`.
  public static func readPerImage(url: URL) throws(LabelError) -> LabelFrame {
    let file = try MappedFile(path: url.path)
    let fallback = LabelDecoder.stem(url.deletingPathExtension().lastPathComponent)
    return try decode(
      file.bytes, range: 0..<file.bytes.count, file: url.path, kind: .v0, fallbackName: fallback)
  }

  /// Decodes a v0 per-image document held in memory.
  public static func decodePerImage(_ bytes: [UInt8], file: String) throws(LabelError) -> LabelFrame {
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(LabelError) in
        try decode(raw, range: 0..<raw.count, file: file, kind: .v0, fallbackName: file)
      }
    }
    return try result.get()
  }

  /// Streams the frames of a 2018 aggregate file `labels/bdd100k_labels_images_{split}.json`.
  ///
  /// Each element yields its frame or the error that frame has; a structural error in the array
  /// itself ends the sequence after being yielded once.
  public static func frames(aggregate url: URL) throws(LabelError) -> LabelArrayFrames {
    LabelArrayFrames(file: try MappedFile(path: url.path), kind: .aggregate2018)
  }

  /// Indexes a 2018 aggregate file (names and byte ranges) for random or parallel access.
  public static func aggregateIndex(url: URL) throws(LabelError) -> LabelArrayIndex {
    try LabelArrayIndex(file: MappedFile(path: url.path), kind: .aggregate2018)
  }

  /// Indexes the 2020 Scalabel drivable and lane lists (either may be absent) and joins them by name.
  public static func scalabel2020(drivable: URL?, lane: URL?) throws(LabelError) -> Scalabel2020Index {
    let drivableIndex = try drivable.map { url throws(LabelError) in
      try LabelArrayIndex(file: MappedFile(path: url.path), kind: .drivable2020)
    }
    let laneIndex = try lane.map { url throws(LabelError) in
      try LabelArrayIndex(file: MappedFile(path: url.path), kind: .lane2020)
    }
    return Scalabel2020Index(drivable: drivableIndex, lane: laneIndex)
  }

  /// Which decoder an element goes through.
  package enum ElementKind: Sendable {
    case v0, aggregate2018, drivable2020, lane2020, detection2020
  }

  package static func decode(
    _ bytes: UnsafeRawBufferPointer, range: Range<Int>, file: String, kind: ElementKind, fallbackName: String,
    entry: Int? = nil
  ) throws(LabelError) -> LabelFrame {
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes, range: range)
    } catch {
      throw .malformedJSON(file: file, byteOffset: error.offset, reason: error.reason)
    }
    let decoder = LabelDecoder(file: file, entry: entry)
    switch kind {
    case .v0: return try decoder.decodeV0(value, fallbackName: fallbackName)
    case .aggregate2018: return try decoder.decodeAggregate(value, fallbackName: fallbackName)
    case .drivable2020: return try decoder.decodeDrivable2020(value, fallbackName: fallbackName)
    case .lane2020: return try decoder.decodeLane2020(value, fallbackName: fallbackName)
    case .detection2020:
      // A detection list has no drivable or lane labels.
      return LabelFrame(name: LabelDecoder.stem(try decoder.frameName(value, fallback: fallbackName)))
    }
  }
}

extension LabelReader {
  /// Every frame of a Scalabel list file as (category, polygons) per label, for tasks other than
  /// drivable/lane (the toolkit's sem_seg test case). `closed` is the rendering mode.
  package static func genericScalabel(
    url: URL, closed: Bool
  ) throws(LabelError) -> [[(category: String, polygons: [Poly2D])]] {
    let file = try MappedFile(path: url.path)
    let value: JSONValue
    do {
      value = try JSONParser.parse(file.bytes, range: 0..<file.bytes.count)
    } catch {
      throw .malformedJSON(file: url.path, byteOffset: error.offset, reason: error.reason)
    }
    let frames: [JSONValue]
    if case .array(let items) = value { frames = items } else { frames = [value] }
    var result: [[(category: String, polygons: [Poly2D])]] = []
    for (entry, frame) in frames.enumerated() {
      result.append(try LabelDecoder(file: url.path, entry: entry).decodeGeneric(frame, closed: closed))
    }
    return result
  }
}
