import Foundation

extension LabelReader {
  /// Indexes a 2020 detection list `labels/det_20/det_{split}.json` (names and byte ranges).
  public static func detectionIndex(url: URL) throws(LabelError) -> LabelArrayIndex {
    try LabelArrayIndex(file: MappedFile(path: url.path), kind: .detection2020)
  }

  /// Checks a 2018 per-image document for use unchanged by YOLOP and returns its boxes.
  public static func perImageDetections(_ bytes: [UInt8], file: String, name: String) throws(LabelError)
    -> DetectionFrame
  {
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw .malformedJSON(file: file, byteOffset: error.offset, reason: error.reason)
    }
    return try LabelDecoder(file: file).decodeDetections(value, layout: .v0PerImage, fallbackName: name)
  }
}

extension LabelArrayIndex {
  /// The boxes of element `index`, in 2018 names: a 2018 aggregate element as it is, a 2020
  /// detection element mapped.
  public func detectionFrame(at index: Int) -> Result<DetectionFrame, LabelError> {
    precondition(ranges.indices.contains(index), "LabelArrayIndex: index \(index) out of 0..<\(count)")
    let layout: DetectionLayout = kind == .detection2020 ? .det2020 : .aggregate2018
    let value: JSONValue
    do {
      value = try JSONParser.parse(file.bytes, range: ranges[index])
    } catch {
      return .failure(.malformedJSON(file: file.path, byteOffset: error.offset, reason: error.reason))
    }
    do {
      return .success(
        try LabelDecoder(file: file.path).decodeDetections(value, layout: layout, fallbackName: names[index]))
    } catch {
      return .failure(error)
    }
  }
}
