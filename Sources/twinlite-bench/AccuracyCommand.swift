import ArgumentParser
import Foundation
import TwinLiteBench

struct AccuracyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "accuracy",
    abstract:
      "DA mIoU, lane accuracy and lane IoU on a twinlite-prep output folder, paper-exact and dataset-level.",
    discussion: """
      Reads OUT/images/SPLIT/*.jpg with OUT/segments/SPLIT/NAME.png and OUT/lane/SPLIT/NAME.png, prepares \
      labels like the official loader (INTER_LINEAR resize to 640x360, > 1 is foreground) and forms batches \
      in sorted file-name order. paper-exact: confusion matrix reset per batch, batch-size-weighted mean \
      (lane acc = lane recall; ll_pixel_acc = the older overall pixel accuracy). dataset-level: one \
      confusion matrix over the split. The run and per-image scores go into OUT/catalog.sqlite when it exists.
      """)

  @Option(help: "twinlite-prep output folder.")
  var data: String

  @Option(help: "Split to evaluate.")
  var split: String = "val"

  @Option(help: "Checkpoint (.pth or .safetensors).")
  var weights: String

  @Option(parsing: .unconditional, help: "Frames per batch (the official val loop uses 16).")
  var batch: Int = 16

  @Option(
    help: "Execution path: reference (pure Swift), cpu (oneDNN) or plugin:PATH (a backend plugin library).")
  var backend: BackendChoice = .reference

  @Option(
    help:
      "Extra key=value option passed to a plugin backend (threads=N is always passed); repeatable (or a;b in one value)."
  )
  var pluginOptions: [String] = []

  @Option(parsing: .unconditional, help: "OpenMP threads for the cpu backend.")
  var threads: Int = 2

  @Option(parsing: .unconditional, help: "Evaluate only the first N frames (sorted order).")
  var limit: Int?

  @Option(help: "Output format.")
  var format: ResultFormat = .text

  @Option(
    help: """
      Also append DA mIoU, lane acc and lane IoU (paper-exact) with commit, date and machine to this \
      history (.jsonl, one entry per line), for `report --format html --history`.
      """)
  var history: String?

  @Flag(help: "Do not store the run in the catalog.")
  var noRecord = false

  @Flag(help: "Print nothing but the result.")
  var quiet = false

  @Flag(
    help: """
      Use JPEGs that can be decoded only in part (cut short, corrupt data); they are counted in the \
      result.
      """)
  var lenientJPEG = false

  func validate() throws {
    if let problem = BenchLimits.problem(threads: threads, batch: batch, limit: limit) {
      throw ValidationError(problem.description)
    }
  }

  func run() throws {
    var options = AccuracyOptions(data: data, weights: weights)
    options.split = split
    options.batch = batch
    options.backend = backend.description
    options.threads = threads
    options.pluginOptions = pluginOptions.joined(separator: ";")
    options.limit = limit
    options.record = !noRecord
    options.lenientJPEG = lenientJPEG
    let quiet = self.quiet
    let result = try AccuracyRunner.run(options) { line in
      if !quiet { StandardError.line(line) }
    }
    StandardOutput.line(format == .json ? try result.summary.json() : result.summary.text)
    if let history { try HistoryFile.append(HistoryRecorder.entries(result.summary), to: history) }
  }
}
