import Foundation

/// Turns measurements into the four tables (pure), see `ReportBuilder+Measure` for the measuring.
public enum ReportBuilder {
  static func pct(_ v: Double) -> String { String(format: "%.2f", 100 * v) }
  static func grouped(_ n: Int) -> String { ModelReports.grouped(n) }

  /// `host · CPU · threads · backend · weights · dataset · date · commit` for measured rows; the
  /// `cpu` backend is named with the ISA oneDNN dispatched to.
  static func setup(
    _ env: ReportEnvironment, backend: String, weights: String?, dataset: String?, threads: Int? = nil
  ) -> String {
    [
      env.host, env.cpu, threadCount(threads ?? env.threads),
      backend == "cpu" ? env.isa.map { "cpu (oneDNN \($0))" } ?? backend : backend,
      "weights \(weights.map { String($0.prefix(12)) } ?? "random (fixed seed)")",
      "dataset \(dataset.map { String($0.prefix(16)) } ?? "—")", String(env.date.prefix(10)),
      "commit \(env.gitCommit.map { String($0.prefix(10)) } ?? "unknown")",
    ].joined(separator: " · ") + (env.loadAverage.map { " · load \($0)" } ?? "")
      + (env.build == "release" ? "" : " · DEBUG BUILD")
  }

  /// "1 thread", "2 threads".
  static func threadCount(_ n: Int) -> String { n == 1 ? "1 thread" : "\(n) threads" }

  public static func assemble(_ inputs: ReportInputs) -> BenchReport {
    let env = inputs.environment
    let metadata: [[String]] = [
      ["date", env.date], ["git commit", env.gitCommit ?? "unknown"], ["build", env.build],
      [
        "machine",
        "\(env.host), \(env.cpu), \(env.cores) cores, \(env.threads) threads"
          + (env.loadAverage.map { ", load average \($0) at the start" } ?? "")
          + (env.isa.map { ", oneDNN ISA \($0)" } ?? ""),
      ],
      ["weights sha256", inputs.weightsSHA256 ?? "random weights (fixed seed) for speed"],
      ["dataset", inputs.accuracy?.run.datasetID ?? "none"],
      ["command", inputs.command],
      [
        "timing",
        "forward pass only, input in memory (no decode/resize/argmax), median of runs, ContinuousClock",
      ],
    ]
    var tables: [ReportTable] = []

    // Table I.
    var speedRows = ReportPublished.speed
    let notes = speedNotes(inputs.speeds)
    for (s, note) in zip(inputs.speeds, notes) {
      if let plugin = s.plugin {
        let commit = env.gitCommit.map { String($0.prefix(10)) } ?? "unknown"
        speedRows.append([
          "TwinLiteNet (plugin)", "measured", grouped(inputs.params),
          String(format: "%.3f G MACs", Double(inputs.macs) / 1e9),
          String(format: "%.2f", s.fps) + (note.map { " (\($0))" } ?? ""), "\(s.batch)",
          "\(plugin) · timing: \(s.timing ?? "end-to-end") · \(String(env.date.prefix(10)))"
            + " · commit \(commit) · warm-up \(s.warmup), runs \(s.runs)",
        ])
        continue
      }
      speedRows.append([
        "TwinLiteNet (Swift)", "measured", grouped(inputs.params),
        String(format: "%.3f G MACs", Double(inputs.macs) / 1e9),
        String(format: "%.2f", s.fps) + (note.map { " (\($0))" } ?? ""), "\(s.batch)",
        setup(env, backend: s.backend, weights: inputs.weightsSHA256, dataset: nil, threads: s.threads)
          + " · warm-up \(s.warmup), runs \(s.runs), fp32",
      ])
    }
    var pluginNotes: [String] = []
    if inputs.speeds.contains(where: { $0.plugin != nil }) {
      pluginNotes.append(
        "Plugin rows: timing 'device' is the plugin's own measurement of the forward pass on "
          + "device-resident buffers (e.g. CUDA events, no host↔device copies); 'end-to-end' is the "
          + "infer call from host memory to host memory on the host clock. The published GPUs differ "
          + "from the measured one.")
    }
    tables.append(
      ReportTable(
        id: "I", title: "Parameters and speed",
        columns: ["model", "source", "params", "compute", "FPS", "batch", "device / setup"], rows: speedRows,
        notes: pluginNotes + [
          "Measured params: learnable values of the released network (model.parameters()); MACs count conv, "
            + "deconv and attention matmuls only.",
          "Published FPS come from TensorRT on GPUs with unknown settings; measured FPS are CPU fp32 "
            + "batch 1: "
            + "not comparable, shown side by side only.",
          "A measured FPS marked 'machine busy: unreliable' was timed while other work ran (more other "
            + "runnable tasks than half the cores, or p90/median above 1.15, after waiting for a quiet "
            + "machine); more threads giving fewer FPS is marked the same way.",
        ]))

    // Tables II and III.
    var daRows = ReportPublished.drivable.map { $0 + ["—", "—"] }
    var laneRows = ReportPublished.lane.map { $0 + ["—", "—"] }
    let data = inputs.accuracy.map { dataLabel($0, description: inputs.dataDescription) }
    if let a = inputs.accuracy, let data {
      let s = setup(env, backend: a.run.backend, weights: a.run.weightsSHA256, dataset: a.run.datasetID)
      let runSetup = data + " · " + s + " · batch \(a.paper.batch)"
      for (agg, label) in [(a.paper, "paper-exact"), (a.dataset, "dataset-level")] {
        daRows.append(["TwinLiteNet (Swift)", "measured", pct(agg.scores.daMIoU), label, runSetup])
        laneRows.append([
          "TwinLiteNet (Swift)", "measured", pct(agg.scores.llAcc), pct(agg.scores.llPixelAcc),
          pct(agg.scores.llIoU), label, runSetup,
        ])
      }
    } else {
      daRows.append([
        "TwinLiteNet (Swift)", "measured", "no accuracy run", "—", "give --data (and --weights)",
      ])
      laneRows.append([
        "TwinLiteNet (Swift)", "measured", "no accuracy run", "—", "—", "—",
        "give --data (and --weights)",
      ])
    }
    tables.append(
      ReportTable(
        id: "II", title: "Drivable-area segmentation",
        columns: ["model", "source", "DA mIoU (%)", "aggregation", "setup"], rows: daRows,
        notes: [
          "paper-exact: confusion matrix reset per batch, batch-size-weighted mean (official val loop); "
            + "dataset-level: one confusion matrix over the split. Batches in sorted file-name order.",
          "Published figures use the YOLOP/TwinLiteNet BDD100K val masks; measured rows name the data "
            + "they ran on first in their setup: figures on synthetic data only show that the harness "
            + "works and say nothing about the model's accuracy on BDD100K.",
        ]))
    tables.append(
      ReportTable(
        id: "III", title: "Lane-line segmentation",
        columns: [
          "model", "source", "lane acc = recall (%)", "lane pixel acc (%)", "lane IoU (%)", "aggregation",
          "setup",
        ], rows: laneRows,
        notes: [
          "Lane acc of the current official code is lane recall TP/(TP+FN); the older code's overall pixel "
            + "accuracy (TP+TN)/all is the 'lane pixel acc' column (97.3 is the lane accuracy reported in "
            + "the TwinLiteNet paper, Che et al. 2023; docs/twinlitenet-model.md does not list it).",
          "TwinLiteNetPlus 'Lane Acc' is balanced accuracy (TPR+TNR)/2, a different quantity.",
        ]))

    // Table IV.
    var ablationRows: [[String]] = []
    for r in inputs.ablation {
      func yes(_ b: Bool) -> String { b ? "yes" : "no" }
      let referenceFPS: String =
        r.referenceFPS.map { String(format: "%.2f", $0) + (reparamSlower(r, inputs.ablation) ?? "") }
        ?? "not measured"
      let acc: [String] =
        r.paper.map { [pct($0.daMIoU), pct($0.llAcc), pct($0.llIoU)] } ?? ["—", "—", "—"]
      ablationRows.append(
        [
          r.name, yes(r.config.attention), r.config.twoHeads ? "2 × 2-class" : "1 × 3-class",
          yes(r.config.reparameterised), grouped(r.params), String(format: "%.3f", Double(r.macs) / 1e9),
          referenceFPS,
          r.cpuFPS.map { String(format: "%.2f", $0) } ?? "n/a (cpu backend builds only the full network)",
        ] + acc + [r.accuracyNote, setup(env, backend: "reference + cpu", weights: nil, dataset: nil)])
    }
    tables.append(
      ReportTable(
        id: "IV", title: "Ablation (variants by configuration)",
        columns: [
          "variant", "attention", "heads", "re-param", "params", "MACs (G)", "FPS reference", "FPS cpu",
          "DA mIoU (%)", "lane acc (%)", "lane IoU (%)", "accuracy", "setup",
        ], rows: ablationRows,
        notes: [
          "The model doc gives no published Table IV figures, so this table has measured rows only.",
          "FPS: batch 1, 360×640, random fixed-seed weights; 'reference' is the pure-Swift path for every "
            + "variant, 'cpu' the oneDNN backend (Conv+BN folded), which only builds the released network. "
            + "With random weights the position-attention product is computed; Table I times the official "
            + "weights, for which the cpu backend skips it when provably exact (docs/twinlitenet-model.md "
            + "§2.3), hence its higher cpu FPS. The accuracy columns use the --checkpoint weights.",
          "Accuracy only from a checkpoint given with --checkpoint VARIANT=PATH (paper-exact aggregation); "
            + "never estimated. Re-param params: BN γ, β of every CBR and UPx2 folded into one bias "
            + "(folding only the 7 encoder CBRs gives 439,339, the paper's table figure).",
        ]))

    var points = ReportPublished.points
    for (s, note) in zip(inputs.speeds, notes) {
      let threads = threadCount(s.threads)
      points.append(
        ReportPoint(
          label: s.plugin.map { "plugin, \(s.timing ?? "end-to-end"), \($0.prefix(60))" }
            ?? "Swift \(s.backend) · \(env.cpu) · \(threads) · fp32",
          params: Double(inputs.params) / 1e6, fps: s.fps, measured: true,
          note: note.map {
            $0.hasPrefix("thread scaling")
              ? "more threads, fewer FPS: unreliable" : "machine busy: unreliable"
          }))
    }
    return BenchReport(
      title: "TwinLiteNet benchmark report", metadata: metadata, tables: tables, fpsVsParams: points,
      laneIoUs: inputs.laneIoUs, accuracyBars: inputs.accuracy.map { accuracyBars($0) },
      accuracyData: data)
  }
}
