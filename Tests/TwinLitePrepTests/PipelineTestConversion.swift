import Foundation
import Synchronization
import TwinLiteCore
import TwinLitePrep

/// A deterministic conversion for pipeline tests: two small files per frame whose bytes depend
/// only on the frame id, plus the frame's "image" from `images/` when present (linked); frames
/// named `bad*` fail. Counts the conversions it performs.
final class RecordingConversion: FrameConversion {
  struct Worker: FrameConversionWorker {
    let frames: [PlanFrame]
    let calls: Counter
    let images: URL?

    mutating func convert(frameAt index: Int) throws -> ConvertedFrame {
      let frame = frames[index]
      calls.value.withLock { $0 += 1 }
      if frame.name.hasPrefix("bad") { throw TestConversionError(frame: frame.id) }
      let seed = XXH64.hash(frame.id)
      let mask = (0..<64).map { UInt8(truncatingIfNeeded: seed >> UInt64($0 % 8 * 8)) }
      var files = [
        OutputFile(
          kind: .drivable, path: "segments/\(frame.split)/\(frame.name).png", content: .bytes(mask)),
        OutputFile(
          kind: .lane, path: "lane/\(frame.split)/\(frame.name).png", content: .bytes(mask.reversed())),
      ]
      if let images {
        let source = images.appendingPathComponent("\(frame.name).jpg")
        files.append(
          OutputFile(
            kind: .image, path: "images/\(frame.split)/\(frame.name).jpg",
            content: .file(source, .linkOrCopy)))
      }
      return ConvertedFrame(files: files, labelCounts: ["drivable": Int(seed % 5)])
    }
  }

  let frames: [PlanFrame]
  let calls = Counter()
  let images: URL?

  init(frames: [PlanFrame], images: URL? = nil) {
    self.frames = frames
    self.images = images
  }

  var callCount: Int { calls.value.withLock { $0 } }

  func makeWorker() throws -> Worker { Worker(frames: frames, calls: calls, images: images) }
}

final class Counter: Sendable {
  let value = Mutex(0)
}
