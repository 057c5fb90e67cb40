import ArgumentParser
import Foundation
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
      """)

  @Argument(help: "BDD100K dataset root (the folder holding images/ and labels/).")
  var root: String

  @Option(help: "Output folder.")
  var out: String

  @Option(help: "Comma-separated splits to convert (default: train,val); each must have labels under ROOT.")
  var splits: String?

  @Option(help: "Worker threads (default: number of cores).")
  var workers: Int = ProcessInfo.processInfo.activeProcessorCount

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
  var labels: String = "auto"

  @Option(
    help: """
      With --layout yolop: where det_annotations/ come from: auto (the chosen 2018 labels' own boxes, \
      else labels/det_20/det_S.json, else any 2018 layout), 2020, 2018-aggregate, 2018-per-image, or off. \
      Frames the labels have no boxes for get an empty object list.
      """)
  var detAnnotations: String = "auto"

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

  @Option(help: "Comma-separated lane types to drop, e.g. 'road curb,double other' (default: keep all).")
  var excludeLaneTypes: String = ""

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

  @OptionGroup(title: "Shards, resume and reporting")
  var pipeline: PipelineFlags

  func validate() throws {
    guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
    try pipeline.validate()
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
    guard labels == "auto" || LabelSourceKind(rawValue: labels) != nil else {
      throw ValidationError("--labels must be auto, 2020, 2018-aggregate or 2018-per-image")
    }
    guard let detection = DetectionChoice(argument: detAnnotations) else {
      throw ValidationError("--det-annotations must be auto, off, 2020, 2018-aggregate or 2018-per-image")
    }
    guard layout == .yolop || detection == .auto || detection == .off else {
      throw ValidationError("--det-annotations \(detAnnotations) needs --layout yolop")
    }
    _ = try laneOptions()
    guard !splitList.isEmpty else { throw ValidationError("--splits is empty") }
    var seen = Set<String>()
    for split in splitList {
      guard seen.insert(split).inserted else { throw ValidationError("--splits: '\(split)' is given twice") }
    }
  }

  var splitList: [String] {
    (splits ?? "train,val").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

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
    for name in excludeLaneTypes.split(separator: ",") {
      let trimmed = name.trimmingCharacters(in: .whitespaces)
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
    var options = ConvertOptions(
      format: format, layout: layout, masks: PrepMaskOptions(lane: try laneOptions()),
      images: noImages ? .none : copyImages ? .copy : .link,
      png: PNGWriteOptions(level: pngLevel))
    options.followImageLinks = followImageLinks
    let inputs: DatasetInputs
    var plan: FramePlan
    do throws(PrepError) {
      inputs = try InputDetector.detect(
        root: root, splits: splitList, labels: LabelSourceKind(rawValue: labels), drivable: drivableSource)
      if !quiet { inputs.report.forEach { StandardError.line($0) } }
      if splits != nil, let empty = inputs.splits.first(where: { $0.labelSource == nil }) {
        throw PrepError.invalidOption(
          name: "splits",
          reason: "no labels for split '\(empty.split)' under \(inputs.root) (looked for "
            + InputDetector.relativePaths(split: empty.split).joined(separator: ", ") + ")")
      }
      try OutputPlacement.check(out: out, root: inputs.root)
      if let warning = OutputWriter.loaderPathWarning(out: out) { StandardError.line(warning) }
      plan = FramePlanner.plan(inputs, images: !noImages)
      if layout == .yolop, let choice = DetectionChoice(argument: detAnnotations), choice != .off {
        let detection = try choice.resolve(inputs)
        if !quiet { detection.forEach { StandardError.line($0.reportLine(root: inputs.root)) } }
        DetectionPlanner.attach(detection, to: &plan)
        options.detection = detection
      }
      if !quiet { StandardError.line("prep: \(plan.jobs.count) frames to convert with \(workers) workers") }
    } catch {
      StandardError.line("twinlite-prep: \(error)")
      throw ExitCode(.of(error))
    }
    // The sharded, resumable pipeline (catalog helper): see TwinLitePrep/Pipeline.
    try runPipeline(inputs: inputs, plan: plan, options: options)
  }
}

extension MaskFormat: ExpressibleByArgument {}
extension OutputLayout: ExpressibleByArgument {}
extension DrivableSourcePreference: ExpressibleByArgument {}
