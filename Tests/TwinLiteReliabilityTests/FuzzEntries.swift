import Foundation
import TwinLiteCore
import TwinLiteDataset
import TwinLiteImageIO
import TwinLiteNN

/// One entry per fuzz target: feeds arbitrary bytes to a decoder and ignores the typed error it
/// throws. The libFuzzer binary (`scripts/fuzz`) and the corpus replay test call the same code, so a
/// crash found by the fuzzer is a crash in the test until it is fixed.
///
/// No `Testing` import here: this file is also compiled into the fuzz binary.
package enum FuzzEntry: String, CaseIterable, Sendable {
  case labelsV0 = "labels-v0"
  case labelsAggregate = "labels-aggregate"
  case labelsScalabel = "labels-scalabel"
  case checkpointZip = "checkpoint-zip"
  case pickle
  case safetensors
  case png
  case jpeg
  case jpegProbe = "jpeg-probe"

  /// Decoder limits small enough to keep one execution cheap; the guards are what is fuzzed.
  static let zipLimits = ZipArchive.Limits(maxArchiveBytes: 1 << 20, maxEntries: 64, maxEntryBytes: 16 << 20)

  /// Runs one input; returns whether the decoder accepted it.
  @discardableResult
  package func run(_ bytes: [UInt8], scratch: String) -> Bool {
    switch self {
    case .labelsV0:
      guard let frame = try? LabelReader.decodePerImage(bytes, file: "fuzz.json") else { return false }
      Self.checkName(frame.name)
      return true
    case .labelsAggregate:
      guard let url = write(bytes, scratch) else { return false }
      guard let frames = try? LabelReader.frames(aggregate: url) else { return false }
      var accepted = 0
      for case .success(let frame) in frames {
        Self.checkName(frame.name)
        accepted += 1
      }
      if let index = try? LabelReader.aggregateIndex(url: url) {
        index.acceptedNames.forEach(Self.checkName)
        for i in 0..<index.count {
          if case .success(let frame) = index.frame(at: i) { Self.checkName(frame.name) }
        }
      }
      return accepted > 0
    case .labelsScalabel:
      // The same bytes as both the drivable and the lane list exercise both decoders and the join.
      guard let url = write(bytes, scratch),
        let index = try? LabelReader.scalabel2020(drivable: url, lane: url)
      else { return false }
      var accepted = 0
      for name in index.names {
        Self.checkName(name)
        if case .success(let frame) = index.frame(named: name) {
          Self.checkName(frame.name)
          accepted += 1
        }
      }
      return accepted > 0
    case .checkpointZip:
      guard let archive = try? ZipArchive(bytes: bytes, source: "fuzz.pth", limits: Self.zipLimits) else {
        return false
      }
      var options = LoadOptions.standard
      options.limits = Self.zipLimits
      return (try? TorchCheckpoint.load(archive, options: options)) != nil
    case .pickle:
      return (try? TorchCheckpoint.stateDictKeys(pickle: bytes, source: "fuzz.pkl")) != nil
    case .safetensors:
      return (try? Safetensors.load(bytes: bytes, source: "fuzz.safetensors")) != nil
    case .png:
      return (try? PNGDecoder.decode(bytes, name: "fuzz.png")) != nil
    case .jpeg:
      guard let decoder = try? JPEGDecoder() else { return false }
      // 4 Mpx keeps an execution cheap; the guard itself is what matters.
      decoder.maxPixels = 4_000_000
      return (try? decoder.decode(bytes, file: "fuzz.jpg")) != nil
    case .jpegProbe:
      guard let url = write(bytes, scratch) else { return false }
      return (try? JPEGProbe.size(path: url.path)) != nil
    }
  }

  /// The property of every label target: a name a reader accepts obeys the `FrameName` rule (it
  /// becomes file names under OUT). A violation traps, which libFuzzer and the replay test report.
  static func checkName(_ name: String) {
    if let problem = FrameName.problem(name) {
      fatalError("label reader accepted frame name \(FrameName.quoted(name)), which \(problem)")
    }
  }

  private func write(_ bytes: [UInt8], _ path: String) -> URL? {
    let url = URL(fileURLWithPath: path)
    do { try Data(bytes).write(to: url) } catch { return nil }
    return url
  }
}
