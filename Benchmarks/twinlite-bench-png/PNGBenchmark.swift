import Foundation
import TwinLiteCore
import TwinLiteDataset
import TwinLiteImageIO
import TwinLitePrep

/// Measures PNG encode/decode of real binary masks (drivable and train lane masks of sample
/// scenes) under several libpng settings; `twinlite-bench-png` prints the table.
public enum PNGBenchmark {
  public struct Row: Sendable {
    public var setting: String
    /// Median over rounds of the mean time per mask, milliseconds.
    public var encodeMilliseconds: Double
    public var decodeMilliseconds: Double
    public var meanBytes: Double
  }

  public static let settings: [(String, PNGWriteOptions)] = [
    ("PNGMaskEncoder: filter NONE, runs + row copies, own Huffman (default)", .masks),
    ("libpng: filter NONE, Z_RLE, level 1", .libpngMasks),
    ("filter NONE, Z_RLE, level 6", PNGWriteOptions(level: 6)),
    ("filter NONE, Z_RLE, level 9", PNGWriteOptions(level: 9)),
    ("filter NONE, default strategy, level 1", PNGWriteOptions(level: 1, strategy: .defaultStrategy)),
    (
      "adaptive filters, default strategy, level 1",
      PNGWriteOptions(
        level: 1, strategy: .defaultStrategy,
        filters: .all)
    ),
    ("adaptive filters, default strategy, level 6 (libpng default)", .libpngDefault),
  ]

  /// The masks: drivable and train-width lane masks of `scenes` sample frames.
  public static func masks(scenes: Int, seed: UInt64 = 1) -> [Mask] {
    var renderer = MaskRenderer()
    return SampleGenerator.scenes(SampleOptions(frames: scenes, seed: seed)).flatMap { scene -> [Mask] in
      var drivable = Mask(width: 1280, height: 720)
      var lane = Mask(width: 1280, height: 720)
      renderer.render(scene.labelFrame, isTrain: true, format: .twinlite, drivable: &drivable, lane: &lane)
      return [drivable, lane]
    }
  }

  public static func run(masks: [Mask], rounds: Int = 5) throws(ImageIOError) -> [Row] {
    var rows: [Row] = []
    // One untimed pass so the first setting does not pay for page faults and cold caches.
    let warmUp = PNGWriter()
    for mask in masks { _ = try PNGDecoder.decode(warmUp.encode(mask)) }
    for (name, options) in settings {
      let writer = PNGWriter(options: options)
      var encodeTimes: [Double] = []
      var decodeTimes: [Double] = []
      var bytes = 0
      var encoded: [[UInt8]] = []
      for round in 0..<rounds {
        let clock = ContinuousClock()
        var sink = 0
        let start = clock.now
        for mask in masks {
          sink &+= try writer.withEncoded(mask) { $0.count }
        }
        encodeTimes.append(milliseconds(clock.now - start) / Double(masks.count))
        if round == 0 {
          bytes = sink
          encoded = try masks.map { (m) throws(ImageIOError) in try writer.encode(m) }
        }
        let decodeStart = clock.now
        for png in encoded { sink &+= try PNGDecoder.decode(png).width }
        decodeTimes.append(milliseconds(clock.now - decodeStart) / Double(masks.count))
      }
      rows.append(
        Row(
          setting: name, encodeMilliseconds: median(encodeTimes),
          decodeMilliseconds: median(decodeTimes), meanBytes: Double(bytes) / Double(masks.count)))
    }
    return rows
  }

  /// The rows as a Markdown table.
  public static func markdown(_ rows: [Row], maskCount: Int) -> String {
    var lines = [
      "| setting | encode ms/mask | masks/s | decode ms/mask | mean file size |",
      "|---|---|---|---|---|",
    ]
    for row in rows {
      lines.append(
        String(
          format: "| %@ | %.2f | %.0f | %.2f | %.1f KB |", row.setting, row.encodeMilliseconds,
          1000 / row.encodeMilliseconds, row.decodeMilliseconds, row.meanBytes / 1000))
    }
    lines.append("")
    lines.append(
      "\(maskCount) binary 1280x720 masks (drivable + 8-px train lane masks of sample scenes), "
        + "one thread, median of rounds.")
    return lines.joined(separator: "\n")
  }

  static func milliseconds(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
  }
}
