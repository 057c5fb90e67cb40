/// Published figures quoted in reports, with their sources (`docs/twinlitenet-model.md` §5, §9, §10,
/// §12). Nothing here is measured.
enum ReportPublished {
  /// (model, params, compute, FPS, device) for Table I.
  static let speed: [[String]] = [
    [
      "TwinLiteNet", "published (paper)", "0.44 M (paper table: 439,339)", "3.9 G FLOPs (Plus README)", "415",
      "—",
      "RTX A5000, TensorRT; settings not stated (doc §10)",
    ],
    [
      "TwinLiteNet", "published (paper)", "0.44 M (paper table: 439,339)", "3.9 G FLOPs (Plus README)", "60",
      "—",
      "Jetson Xavier NX; settings not stated (doc §10)",
    ],
    [
      "TwinLiteNetPlus nano", "published (Plus README)", "33,379", "0.57 G FLOPs", "—", "—",
      "no FPS in the doc",
    ],
    [
      "TwinLiteNetPlus small", "published (Plus README)", "121,552", "1.40 G FLOPs", "—", "—",
      "no FPS in the doc",
    ],
    [
      "TwinLiteNetPlus medium", "published (Plus README)", "478,876", "4.63 G FLOPs", "—", "—",
      "no FPS in the doc",
    ],
    [
      "TwinLiteNetPlus large", "published (Plus README)", "1,943,911", "17.58 G FLOPs", "—", "—",
      "no FPS in the doc",
    ],
  ]

  /// (model, source, DA mIoU %).
  static let drivable: [[String]] = [
    ["TwinLiteNet", "published (paper)", "91.3"],
    ["TwinLiteNetPlus nano", "published (Plus README)", "87.3"],
    ["TwinLiteNetPlus small", "published (Plus README)", "90.6"],
    ["TwinLiteNetPlus medium", "published (Plus README)", "92.0"],
    ["TwinLiteNetPlus large", "published (Plus README)", "92.9"],
  ]

  /// (model, source, lane acc as recall, lane pixel acc, lane IoU).
  static let lane: [[String]] = [
    ["TwinLiteNet", "published (Plus README, current code)", "77.8", "—", "31.1"],
    ["TwinLiteNet", "published (paper)", "—", "97.3", "31.08"],
    ["TwinLiteNetPlus nano", "published (Plus README)", "70.2 (balanced acc)", "—", "23.3"],
    ["TwinLiteNetPlus small", "published (Plus README)", "75.8 (balanced acc)", "—", "29.3"],
    ["TwinLiteNetPlus medium", "published (Plus README)", "79.1 (balanced acc)", "—", "32.3"],
    ["TwinLiteNetPlus large", "published (Plus README)", "81.9 (balanced acc)", "—", "34.2"],
  ]

  /// (label, params in millions, FPS) for the chart.
  static let points: [ReportPoint] = [
    ReportPoint(
      label: "TwinLiteNet paper · RTX A5000 · TensorRT · precision not stated", params: 0.44, fps: 415,
      measured: false),
    ReportPoint(
      label: "TwinLiteNet paper · Jetson Xavier NX · TensorRT · precision not stated", params: 0.44,
      fps: 60, measured: false),
  ]
}
