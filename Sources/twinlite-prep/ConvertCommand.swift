import ArgumentParser
import Foundation
import TwinLiteDataset
import TwinLiteImageIO
import TwinLitePrep

struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Convert the BDD100K tree at ROOT into masks under --out (the default subcommand).",
    discussion: """
      Inputs found under ROOT (per split): labels/drivable/polygons/drivable_S.json + \
      labels/lane/polygons/lane_S.json (2020), labels/bdd100k_labels_images_S.json (2018 aggregate), \
      labels/100k/S/*.json (2018 per-image), labels/drivable/masks/S/*.png (2020 drivable maps), \
      drivable_maps/labels/S/*_drivable_id.png (2018 drivable maps), images/100k/S/*.jpg. \
      Label precedence: 2020 (both files) > 2018 aggregate > 2018 per-image > 2020 (one file). \
      Drivable areas come from PNG maps only when the chosen JSON has no drivable polygons; lanes \
      always come from JSON.
      Output: OUT/images/S/NAME.jpg, OUT/segments/S/NAME.png, OUT/lane/S/NAME.png \
      (--layout yolop: da_seg_annotations/, ll_seg_annotations/ and det_annotations/S/NAME.json, \
      the 2018 per-image detection JSON YOLOP and HybridNets read). Masks are 8-bit gray 1280x720, \
      0 background / 255 foreground (--format bdd100k: the toolkit's 2020 encodings).
      Without --out the outputs go to ROOT-twinlite beside ROOT (bdd100k/ → bdd100k-twinlite/); OUT \
      is never ROOT or inside it.
      Words: --threads are threads of this process; a distributed run has --worker-count processes \
      (--worker-index each); shards (--shard-size frames) are units of output and resume.
      """)

  @Argument(help: "BDD100K dataset root (the folder holding images/ and labels/).")
  var root: String

  @Option(help: "Output folder (default: ROOT-twinlite beside ROOT; never ROOT or inside it).")
  var out: String?

  @Option(
    help: """
      Splits to convert (default: train and val); repeat the option or separate by commas. Each must \
      have labels under ROOT.
      """)
  var splits: [String] = []

  @Option(
    help: """
      Mask encoding: twinlite (0/255 drivable union, 0/255 centre lines) or bdd100k \
      (drivable 0 direct/1 alternative/2 background; lane bit field, background 255).
      """)
  var format: MaskFormat = .twinlite

  @Option(
    help: """
      Folder names: twinlite (segments/, lane/) or yolop (da_seg_annotations/, ll_seg_annotations/).
      """)
  var layout: OutputLayout = .twinlite

  @Option(help: "Force a label layout: auto, 2020, 2018-aggregate or 2018-per-image.")
  var labels: LabelChoice = .auto

  @Option(
    help: """
      With --layout yolop: where det_annotations/ come from: auto (the chosen 2018 labels' own boxes, \
      else labels/det_20/det_S.json, else any 2018 layout), 2020, 2018-aggregate, 2018-per-image, or off. \
      Frames the labels have no boxes for get an empty object list.
      """)
  var detAnnotations: DetectionChoice = .auto

  @Option(help: "Where drivable areas come from: auto, polygons or maps (PNG label maps).")
  var drivableSource: DrivableSourcePreference = .auto

  @Option(help: "Lane line width in px (val masks, and train masks before dilation).")
  var laneWidth: Double = 2

  @Option(help: "Train-split lane width in px after dilation (square kernel); <= --lane-width: no dilation.")
  var trainDilation: Int = 8

  @Flag(help: "Draw every lane edge as annotated instead of merging edge pairs into centre lines.")
  var noCentreLines = false

  @Option(help: "Largest mean distance in px between the two edges of one marking to pair them.")
  var pairThreshold: Double = 30

  @Option(help: "Smallest overlap of two edges, as a fraction of the shorter edge, to pair them.")
  var minOverlap: Double = 0.5

  @Option(help: "Arc-length step in px when resampling edges whose vertex layouts differ.")
  var resampleStep: Double = 1

  @Flag(help: "Drop transverse markings (laneDirection vertical: stop lines, crosswalk edges).")
  var dropVertical = false

  @Flag(help: "Drop crosswalk lanes.")
  var dropCrosswalk = false

  @Option(
    help: """
      Lane types to drop, e.g. 'road curb' (repeat the option or separate by commas; default: keep all).
      """)
  var excludeLaneTypes: [String] = []

  @Flag(help: "Copy images into OUT/images instead of hard-linking (symlink across file systems).")
  var copyImages = false

  @Flag(help: "Write masks only: do not link/copy images, and do not require them.")
  var noImages = false

  @Flag(
    help: """
      Link or copy images whose path under ROOT is a symbolic link leading outside ROOT \
      (default: such a frame fails, naming the link and where it leads).
      """)
  var followImageLinks = false

  @Option(help: "zlib level of the mask PNGs (filter NONE, Z_RLE).")
  var pngLevel: Int = 1

  @Flag(help: "No detection report and no progress lines.")
  var quiet = false

  @OptionGroup(title: "Threads, shards, resume and reporting")
  var execution: ExecutionFlags

  @OptionGroup(title: "Distributed run (one worker process of several)")
  var worker: WorkerFlags

  func validate() throws {
    guard laneWidth > 0, laneWidth <= 64 else { throw ValidationError("--lane-width must be in (0, 64]") }
    guard (0...64).contains(trainDilation) else {
      throw ValidationError("--train-dilation must be in 0...64")
    }
    guard pairThreshold >= 0 else { throw ValidationError("--pair-threshold must be >= 0") }
    guard (0...1).contains(minOverlap) else { throw ValidationError("--min-overlap must be in 0...1") }
    guard resampleStep > 0 else { throw ValidationError("--resample-step must be > 0") }
    guard (0...9).contains(pngLevel) else { throw ValidationError("--png-level must be in 0...9") }
    guard !(copyImages && noImages) else {
      throw ValidationError("--copy-images and --no-images exclude each other")
    }
    guard layout == .yolop || detAnnotations == .auto || detAnnotations == .off else {
      throw ValidationError("--det-annotations \(detAnnotations.argument) needs --layout yolop")
    }
    _ = try laneOptions()
    guard !splitList.isEmpty else { throw ValidationError("--splits is empty") }
    var seen = Set<String>()
    for split in splitList {
      guard seen.insert(split).inserted else { throw ValidationError("--splits: '\(split)' is given twice") }
    }
  }

  var splitList: [String] { Self.items(splits.isEmpty ? ["train,val"] : splits) }

  /// The values of a list option, each of which may itself be a comma-separated list.
  static func items(_ values: [String]) -> [String] {
    values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// `--out`, else `ROOT-twinlite` beside ROOT.
  var outFolder: String { out ?? OutputPlacement.defaultOut(root: root) }

  func laneOptions() throws -> LaneOptions {
    var lane = LaneOptions()
    lane.mergeCentreLines = !noCentreLines
    lane.pairDistanceThreshold = pairThreshold
    lane.minimumOverlap = minOverlap
    lane.resampleStep = resampleStep
    lane.dropVertical = dropVertical
    lane.dropCrosswalk = dropCrosswalk
    lane.lineWidth = laneWidth
    lane.trainLineWidth = trainDilation
    for trimmed in Self.items(excludeLaneTypes) {
      guard let type = LaneType(name: trimmed) else {
        throw ValidationError(
          "--exclude-lane-types: unknown lane type '\(trimmed)' (known: "
            + LaneType.allCases.map(\.name).joined(separator: ", ") + ")")
      }
      lane.excludedTypes.insert(type)
    }
    return lane
  }

  func run() throws {
    (execution.deprecations + worker.deprecations).forEach { StandardError.line($0) }
    let out = outFolder
    var options = FrameOutputOptions(
      format: format, layout: layout, masks: MaskRules(lane: try laneOptions()),
      images: noImages ? .none : copyImages ? .copy : .link,
      png: PNGWriteOptions(level: pngLevel))
    options.followImageLinks = followImageLinks
    let inputs: DatasetInputs
    var plan: FramePlan
    do throws(DatasetError) {
      inputs = try InputDetector.detect(
        root: root, splits: splitList, labels: labels.kind, drivable: drivableSource)
      if !quiet { inputs.report.forEach { StandardError.line($0) } }
      if !splits.isEmpty, let empty = inputs.splits.first(where: { $0.labelSource == nil }) {
        throw DatasetError.invalidOption(
          name: "splits",
          reason: "no labels for split '\(empty.split)' under \(inputs.root) (looked for "
            + InputDetector.relativePaths(split: empty.split).joined(separator: ", ") + ")")
      }
      try OutputPlacement.check(out: out, root: inputs.root)
      if !quiet { StandardError.line("prep: writing to \(InputDetector.normalized(out))") }
      if let warning = OutputPlacement.loaderPathWarning(out: out) { StandardError.line(warning) }
      plan = FramePlanner.plan(inputs, images: !noImages)
      if layout == .yolop, detAnnotations != .off {
        let detection = try detAnnotations.resolve(inputs)
        if !quiet { detection.forEach { StandardError.line($0.reportLine(root: inputs.root)) } }
        DetectionPlanner.attach(detection, to: &plan)
        options.detection = detection
      }
      if !quiet {
        StandardError.line("prep: \(plan.jobs.count) frames to convert with \(execution.threadCount) threads")
      }
    } catch {
      StandardError.line("twinlite-prep: \(error)")
      throw ExitCode(.of(error))
    }
    try runPipeline(inputs: inputs, plan: plan, output: options, out: out)
  }
}

extension MaskFormat: ExpressibleByArgument {}
extension OutputLayout: ExpressibleByArgument {}
extension DrivableSourcePreference: ExpressibleByArgument {}

extension DetectionChoice: ExpressibleByArgument {
  public static var allValueStrings: [String] {
    ["auto", "off"] + DetectionSourceKind.allCases.map(\.rawValue)
  }

  public var defaultValueDescription: String { argument }
}

/// `--labels`: a label layout, or auto (detected).
enum LabelChoice: String, ExpressibleByArgument, CaseIterable {
  case auto
  case scalabel2020 = "2020"
  case aggregate2018 = "2018-aggregate"
  case perImage2018 = "2018-per-image"

  var kind: LabelSourceKind? { LabelSourceKind(rawValue: rawValue) }
}

extension ConvertCommand {
  /// Runs the sharded pipeline and maps its outcome to the documented exit codes.
  func runPipeline(
    inputs: DatasetInputs, plan: FramePlan, output: FrameOutputOptions, out: String
  ) throws {
    let options = try execution.options(out: out, quiet: quiet, worker: worker)
    let summary: PipelineSummary
    do {
      summary = try PrepPipeline.convert(inputs: inputs, plan: plan, output: output, options: options)
    } catch {
      StandardError.line("twinlite-prep: \(error)")
      throw ExitCode(.of(error))
    }
    for failure in summary.allFailures { StandardError.line("failed: \(failure)") }
    for rebuilt in summary.rebuilt.prefix(20) { StandardError.line("\(rebuilt)") }
    if summary.rebuilt.count > 20 {
      StandardError.line("… and \(summary.rebuilt.count - 20) more shards rebuilt")
    }
    switch execution.format {
    case .json:
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    case .text:
      print(summary.line)
      if let line = summary.detectionLine { print(line) }
    }
    if summary.exitCode != 0 {
      // A worker's shards are complete even when frames failed: retrying cannot help, so it
      // says EX_DATAERR (65), which schedulers are told not to retry; a local run says 3.
      throw ExitCode(options.worker == nil ? summary.exitCode : ToolExitCode.dataError.rawValue)
    }
  }
}
