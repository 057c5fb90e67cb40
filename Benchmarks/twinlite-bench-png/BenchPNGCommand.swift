import ArgumentParser
import TwinLitePrep

/// `twinlite-bench-png`: PNG mask encode/decode speed under several libpng settings. A benchmark
/// tool for `scripts/bench-png`, not shipped with the toolkit.
@main
struct BenchPNGCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twinlite-bench-png",
    abstract: "Measure PNG encode/decode of binary masks under several libpng settings (Markdown table).")

  @Option(help: "Sample scenes to render (two masks each).")
  var scenes: Int = 16

  @Option(help: "Timed rounds per setting (the median is reported).")
  var rounds: Int = 5

  func validate() throws {
    guard scenes >= 1, rounds >= 1 else { throw ValidationError("--scenes and --rounds must be at least 1") }
  }

  func run() throws {
    let masks = PNGBenchmark.masks(scenes: scenes)
    print(PNGBenchmark.markdown(try PNGBenchmark.run(masks: masks, rounds: rounds), maskCount: masks.count))
  }
}
