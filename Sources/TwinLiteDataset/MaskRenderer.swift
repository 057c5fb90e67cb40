import TwinLiteCore

/// Renders the drivable and lane masks of one frame.
///
/// - Drivable areas use the official fill rules (vertices snapped to pixel corners, Agg cubic
///   flattening, any-coverage, non-zero winding, clipped): `.twinlite` paints the union 255 on 0,
///   `.bdd100k` paints 0 direct / 1 alternative on 2 in painter's order.
/// - `.twinlite` lanes are centre lines (`LaneOptions`), drawn `lineWidth` px by centre sampling,
///   dilated to `trainLineWidth` on the train split. `.bdd100k` lanes are every edge drawn with the
///   official 1-pt stroke (1.389 px, vertices snapped to pixel centres), value
///   `category + (direction << 5) + (style << 4)` on 255, painter's order.
///
/// The value type carries scratch buffers; the `mutating` overload reuses them and the output masks.
/// Give each worker its own copy.
public struct MaskRenderer: Sendable {
  public let options: MaskRules
  private var scratch: Scratch

  /// matplotlib's 1-pt line at dpi 100.
  package static let officialLaneWidth = 100.0 / 72.0

  struct Scratch: Sendable {
    var rasterizer: AggRasterizer
    var filler = CentreSampleFiller()
    var points: [Point2D] = []
    var outline: [Point2D] = []
    var strokeScratch: [Point2D] = []
  }

  public init(options: MaskRules = MaskRules()) {
    self.options = options
    scratch = Scratch(rasterizer: AggRasterizer(width: options.width, height: options.height))
  }

  /// Both masks of `frame` as new buffers.
  public func render(_ frame: LabelFrame, isTrain: Bool, format: MaskFormat) -> (drivable: Mask, lane: Mask) {
    var copy = self
    var drivable = Mask(width: options.width, height: options.height)
    var lane = Mask(width: options.width, height: options.height)
    copy.render(frame, isTrain: isTrain, format: format, drivable: &drivable, lane: &lane)
    return (drivable, lane)
  }

  /// Both masks of `frame` into reused buffers (resized if their size differs).
  public mutating func render(
    _ frame: LabelFrame, isTrain: Bool, format: MaskFormat, drivable: inout Mask, lane: inout Mask
  ) {
    renderDrivable(frame.areas, format: format, into: &drivable)
    renderLanes(frame.lanes, isTrain: isTrain, format: format, into: &lane)
  }

  private func reset(_ mask: inout Mask, to value: UInt8) {
    if mask.width != options.width || mask.height != options.height {
      mask = Mask(width: options.width, height: options.height, fill: value)
    } else {
      mask.pixels.withUnsafeMutableBufferPointer { $0.update(repeating: value) }
    }
  }

  public mutating func renderDrivable(_ areas: [DrivableArea], format: MaskFormat, into mask: inout Mask) {
    reset(&mask, to: format == .twinlite ? 0 : 2)
    for area in areas {
      let value: UInt8 = format == .twinlite ? 255 : UInt8(area.kind.rawValue)
      for polygon in area.polygons {
        fillOfficial(polygon, value: value, into: &mask)
      }
    }
  }

  public mutating func renderLanes(
    _ lanes: [LaneEdge], isTrain: Bool, format: MaskFormat, into mask: inout Mask
  ) {
    switch format {
    case .bdd100k:
      reset(&mask, to: 255)
      for lane in lanes {
        strokeOfficial(lane.poly, value: lane.bdd100kValue, into: &mask)
      }
    case .twinlite:
      reset(&mask, to: 0)
      let lines = CentreLineMerger.lines(for: lanes, options: options.lane)
      let stroker = AggStroker(width: options.lane.lineWidth)
      for line in lines {
        stroker.outline(of: line.points, into: &scratch.outline, scratch: &scratch.strokeScratch)
        scratch.filler.addPolygon(scratch.outline)
        scratch.filler.paint(into: &mask, value: 255)
      }
      if isTrain { MaskDilation.dilate(&mask, radius: options.lane.trainDilationRadius) }
    }
  }

  /// The toolkit's filled `PathPatch` (closed, lw 0, snapped to pixel corners).
  package mutating func fillOfficial(_ polygon: Poly2D, value: UInt8, into mask: inout Mask) {
    PathSegments(polygon, closed: true, transform: snapped(0)).flattened(into: &scratch.points)
    guard let first = scratch.points.first else { return }
    scratch.rasterizer.moveTo(first.x, first.y)
    for p in scratch.points.dropFirst() { scratch.rasterizer.lineTo(p.x, p.y) }
    scratch.rasterizer.paint(into: &mask, value: value)
  }

  /// The toolkit's stroked `PathPatch` (open, lw 1 pt, butt caps, matplotlib "miter" joins): straight
  /// segments clipped to the canvas + 1 px, then vertices snapped to pixel centres, cubics flattened,
  /// every subpath stroked into one non-zero fill.
  package mutating func strokeOfficial(_ poly: Poly2D, value: UInt8, into mask: inout Mask) {
    let stroker = AggStroker(width: Self.officialLaneWidth, miterLimit: Self.officialLaneWidth)
    let clipper = StrokeClipper(width: options.width, height: options.height)
    let snap = snapped(0.5)
    for piece in clipper.clip(PathSegments(poly, closed: false)) {
      let snappedPiece = PathSegments(
        start: snap(piece.start),
        segments: piece.segments.map { segment in
          switch segment {
          case .line(let p): .line(snap(p))
          case .cubic(let c1, let c2, let p): .cubic(snap(c1), snap(c2), snap(p))
          }
        })
      snappedPiece.flattened(into: &scratch.points)
      stroker.outline(of: scratch.points, into: &scratch.outline, scratch: &scratch.strokeScratch)
      guard let first = scratch.outline.first else { continue }
      scratch.rasterizer.moveTo(first.x, first.y)
      for p in scratch.outline.dropFirst() { scratch.rasterizer.lineTo(p.x, p.y) }
      scratch.rasterizer.closePolygon()
    }
    scratch.rasterizer.paint(into: &mask, value: value)
  }
}
