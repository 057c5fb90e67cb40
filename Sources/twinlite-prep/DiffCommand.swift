import ArgumentParser
import Foundation
import TwinLitePrep

/// `twinlite-prep diff A B`: how far apart two mask trees are.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two mask trees frame by frame: IoU, precision and recall per split and head.",
    discussion: """
      Each tree is ROOT/segments/SPLIT/NAME.png + ROOT/lane/SPLIT/NAME.png (TwinLiteNet, twinlite-prep), \
      ROOT/da_seg_annotations/… + ROOT/ll_seg_annotations/… (YOLOP's published masks) or \
      ROOT/bdd_seg_gt/… + ROOT/bdd_lane_gt/… (YOLOP's config names), detected per tree. Frames are \
      matched by name. Foreground is any value > 0 (0/255 and 0/1 masks both work; gray, palette and \
      RGB(A) PNGs are read), compared at the masks' own resolution. B is the reference: precision = \
      |A∩B|/|A|, recall = |A∩B|/|B|; IoU sums pixels over frames. A size mismatch or an unreadable \
      PNG is listed and the frame skipped.
      Overlays: A | B | difference, where white is in both, orange in A only and blue in B only, drawn \
      over the darkened photo when images/SPLIT/NAME.jpg is in either tree.
      Exit status: 0 compared, 3 some masks not compared (listed), 2 a tree or split not found, 64 a bad \
      command line, 1 internal error.
      """)

  @Argument(
    help: ArgumentHelp("Mask tree A, the one measured (e.g. a twinlite-prep output folder).", valueName: "A"))
  var a: String

  @Argument(
    help: ArgumentHelp(
      "Mask tree B, the reference (e.g. the folder holding da_seg_annotations/ and ll_seg_annotations/).",
      valueName: "B"))
  var b: String

  @Option(help: "Split to compare (default: every split found in either tree).")
  var split: String?

  @Option(help: "Output format: text, json or md.")
  var format: DiffFormat = .text

  @Option(help: ArgumentHelp("How many lowest-IoU frames to list per head.", valueName: "N"))
  var worst: Int = 10

  @Option(help: ArgumentHelp("Write a side-by-side PNG of each listed frame into DIR.", valueName: "DIR"))
  var overlays: String?

  @Option(
    help: ArgumentHelp("Threads reading and comparing masks (default: number of cores).", valueName: "N"))
  var threads: Int?

  @Option(help: ArgumentHelp(visibility: .hidden))
  var jobs: Int?

  @Flag(help: "No progress on stderr.")
  var quiet = false

  func validate() throws {
    guard worst >= 0 else { throw ValidationError("--worst must be 0 or more") }
    guard threads == nil || jobs == nil else {
      throw ValidationError("--threads and --jobs (its old name) exclude each other")
    }
    guard threadCount >= 1 else { throw ValidationError("--threads must be at least 1") }
    if overlays != nil && worst == 0 { throw ValidationError("--overlays needs --worst N with N ≥ 1") }
  }

  var threadCount: Int { threads ?? jobs ?? ProcessInfo.processInfo.activeProcessorCount }

  func run() throws {
    if jobs != nil { StandardError.line(Deprecation.line("--jobs", "--threads")) }
    let options = MaskDiffOptions(
      split: split, worst: worst, overlays: overlays, jobs: threadCount, progress: .automatic(quiet: quiet))
    let report: MaskDiffReport
    do {
      report = try MaskTreeDiff.run(a: a, b: b, options: options)
    } catch {
      StandardError.line("twinlite-prep diff: \(error)")
      throw ExitCode(.of(error))
    }
    switch format {
    case .json: print(try report.json())
    case .md: print(report.markdown, terminator: "")
    case .text: print(report.text)
    }
    if report.frames == 0 {
      StandardError.line("twinlite-prep diff: warning: the trees have no frame in common")
    }
    if !report.errors.isEmpty {
      if format != .text {
        for problem in report.errors { StandardError.line("not compared: \(problem)") }
      }
      throw ExitCode(.partial)
    }
  }
}

/// `diff --format` values.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, md
}
