import TwinLiteCore

/// An exact-area scanline rasteriser that reproduces Anti-Grain Geometry 2.4 as matplotlib's Agg
/// backend runs it for `antialiased=False` patches (`docs/bdd100k-labels.md` §3.2):
///
/// - coordinates are clipped in floating point to the canvas (`rasterizer_sl_clip_dbl`), then rounded to
///   24.8 fixed point (1/256 px, round half away from zero);
/// - each edge deposits signed cover/area into the cells (pixels) it crosses;
/// - a pixel is painted when the accumulated non-zero-winding coverage, shifted down to 8 bits, is not
///   zero (Agg's `calculate_alpha` with the identity gamma): in practice any overlap ≥ 1/256 of a pixel.
///
/// Contours are closed automatically. Painting writes `value` into the covered pixels of a `Mask`.
package struct AggRasterizer {
  struct Cell {
    var x: Int32
    var y: Int32
    var cover: Int32
    var area: Int32
  }

  static let shift = 8
  static let scale = 1 << shift
  static let mask = scale - 1

  private var cells: [Cell] = []
  private var current = Cell(x: .max, y: .max, cover: 0, area: 0)
  private var sorted: [Cell] = []
  private var rowStarts: [Int] = []

  // Clip box in pixels.
  private let clipX1: Double
  private let clipY1: Double
  private let clipX2: Double
  private let clipY2: Double
  package let width: Int
  package let height: Int

  // Contour state.
  private var startX = 0.0
  private var startY = 0.0
  private var lastX = 0.0
  private var lastY = 0.0
  private var lastFlags: UInt32 = 0
  private var hasLine = false
  private var hasMove = false

  package init(width: Int, height: Int) {
    self.width = width
    self.height = height
    clipX1 = 0
    clipY1 = 0
    clipX2 = Double(width)
    clipY2 = Double(height)
  }

  /// True when nothing has been added since the last `paint`.
  package var isEmpty: Bool { cells.isEmpty && current.area == 0 && current.cover == 0 }

  // MARK: - Path input (pixel coordinates)

  package mutating func moveTo(_ x: Double, _ y: Double) {
    closePolygon()
    startX = x
    startY = y
    lastX = x
    lastY = y
    lastFlags = flags(x, y)
    hasMove = true
    hasLine = false
  }

  package mutating func lineTo(_ x: Double, _ y: Double) {
    guard hasMove else {
      moveTo(x, y)
      return
    }
    clipLine(to: x, y)
    hasLine = true
  }

  /// Closes the current contour with a straight edge back to its start (Agg auto-close).
  package mutating func closePolygon() {
    if hasLine {
      clipLine(to: startX, startY)
      hasLine = false
    }
  }

  // MARK: - Clipping (port of the double-precision scanline clipper)

  @inline(__always)
  private func flags(_ x: Double, _ y: Double) -> UInt32 {
    (x > clipX2 ? 1 : 0) | (y > clipY2 ? 2 : 0) | (x < clipX1 ? 4 : 0) | (y < clipY1 ? 8 : 0)
  }

  @inline(__always)
  private func flagsY(_ y: Double) -> UInt32 {
    (y > clipY2 ? 2 : 0) | (y < clipY1 ? 8 : 0)
  }

  private mutating func clipLine(to x2: Double, _ y2: Double) {
    let f2 = flags(x2, y2)
    defer {
      lastX = x2
      lastY = y2
      lastFlags = f2
    }
    let x1 = lastX
    let y1 = lastY
    let f1 = lastFlags
    if (f1 & 10) == (f2 & 10) && (f1 & 10) != 0 { return }  // invisible by y
    switch ((f1 & 5) << 1) | (f2 & 5) {
    case 0:
      clipY(x1, y1, x2, y2, f1, f2)
    case 1:
      let y3 = y1 + (clipX2 - x1) * (y2 - y1) / (x2 - x1)
      let f3 = flagsY(y3)
      clipY(x1, y1, clipX2, y3, f1, f3)
      clipY(clipX2, y3, clipX2, y2, f3, f2)
    case 2:
      let y3 = y1 + (clipX2 - x1) * (y2 - y1) / (x2 - x1)
      let f3 = flagsY(y3)
      clipY(clipX2, y1, clipX2, y3, f1, f3)
      clipY(clipX2, y3, x2, y2, f3, f2)
    case 3:
      clipY(clipX2, y1, clipX2, y2, f1, f2)
    case 4:
      let y3 = y1 + (clipX1 - x1) * (y2 - y1) / (x2 - x1)
      let f3 = flagsY(y3)
      clipY(x1, y1, clipX1, y3, f1, f3)
      clipY(clipX1, y3, clipX1, y2, f3, f2)
    case 6:
      let y3 = y1 + (clipX2 - x1) * (y2 - y1) / (x2 - x1)
      let y4 = y1 + (clipX1 - x1) * (y2 - y1) / (x2 - x1)
      let f3 = flagsY(y3)
      let f4 = flagsY(y4)
      clipY(clipX2, y1, clipX2, y3, f1, f3)
      clipY(clipX2, y3, clipX1, y4, f3, f4)
      clipY(clipX1, y4, clipX1, y2, f4, f2)
    case 8:
      let y3 = y1 + (clipX1 - x1) * (y2 - y1) / (x2 - x1)
      let f3 = flagsY(y3)
      clipY(clipX1, y1, clipX1, y3, f1, f3)
      clipY(clipX1, y3, x2, y2, f3, f2)
    case 9:
      let y3 = y1 + (clipX1 - x1) * (y2 - y1) / (x2 - x1)
      let y4 = y1 + (clipX2 - x1) * (y2 - y1) / (x2 - x1)
      let f3 = flagsY(y3)
      let f4 = flagsY(y4)
      clipY(clipX1, y1, clipX1, y3, f1, f3)
      clipY(clipX1, y3, clipX2, y4, f3, f4)
      clipY(clipX2, y4, clipX2, y2, f4, f2)
    case 12:
      clipY(clipX1, y1, clipX1, y2, f1, f2)
    default:
      break
    }
  }

  private mutating func clipY(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ flags1: UInt32, _ flags2: UInt32
  ) {
    let f1 = flags1 & 10
    let f2 = flags2 & 10
    if (f1 | f2) == 0 {
      line(Self.fixed(x1), Self.fixed(y1), Self.fixed(x2), Self.fixed(y2))
      return
    }
    if f1 == f2 { return }
    var tx1 = x1
    var ty1 = y1
    var tx2 = x2
    var ty2 = y2
    if f1 & 8 != 0 {
      tx1 = x1 + (clipY1 - y1) * (x2 - x1) / (y2 - y1)
      ty1 = clipY1
    }
    if f1 & 2 != 0 {
      tx1 = x1 + (clipY2 - y1) * (x2 - x1) / (y2 - y1)
      ty1 = clipY2
    }
    if f2 & 8 != 0 {
      tx2 = x1 + (clipY1 - y1) * (x2 - x1) / (y2 - y1)
      ty2 = clipY1
    }
    if f2 & 2 != 0 {
      tx2 = x1 + (clipY2 - y1) * (x2 - x1) / (y2 - y1)
      ty2 = clipY2
    }
    line(Self.fixed(tx1), Self.fixed(ty1), Self.fixed(tx2), Self.fixed(ty2))
  }

  /// Agg's `iround(v * 256)`: round half away from zero, then truncate.
  @inline(__always)
  static func fixed(_ v: Double) -> Int {
    let scaled = v * Double(scale)
    return Int(scaled < 0 ? scaled - 0.5 : scaled + 0.5)
  }

  // MARK: - Cells

  @inline(__always)
  private mutating func setCell(_ x: Int, _ y: Int) {
    if Int(current.x) != x || Int(current.y) != y {
      if current.area != 0 || current.cover != 0 { cells.append(current) }
      current = Cell(x: Int32(x), y: Int32(y), cover: 0, area: 0)
    }
  }

  @inline(__always)
  private mutating func addCover(_ cover: Int, _ area: Int) {
    current.cover &+= Int32(truncatingIfNeeded: cover)
    current.area &+= Int32(truncatingIfNeeded: area)
  }

  private mutating func renderHLine(_ ey: Int, _ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int) {
    let ex1 = x1 >> Self.shift
    let ex2 = x2 >> Self.shift
    let fx1 = x1 & Self.mask
    let fx2 = x2 & Self.mask
    if y1 == y2 {
      setCell(ex2, ey)
      return
    }
    if ex1 == ex2 {
      let delta = y2 - y1
      addCover(delta, (fx1 + fx2) * delta)
      return
    }
    var p = (Self.scale - fx1) * (y2 - y1)
    var first = Self.scale
    var incr = 1
    var dx = x2 - x1
    if dx < 0 {
      p = fx1 * (y2 - y1)
      first = 0
      incr = -1
      dx = -dx
    }
    var delta = p / dx
    var mod = p % dx
    if mod < 0 {
      delta -= 1
      mod += dx
    }
    addCover(delta, (fx1 + first) * delta)
    var ex = ex1 + incr
    setCell(ex, ey)
    var y = y1 + delta
    if ex != ex2 {
      p = Self.scale * (y2 - y + delta)
      var lift = p / dx
      var rem = p % dx
      if rem < 0 {
        lift -= 1
        rem += dx
      }
      mod -= dx
      while ex != ex2 {
        delta = lift
        mod += rem
        if mod >= 0 {
          mod -= dx
          delta += 1
        }
        addCover(delta, Self.scale * delta)
        y += delta
        ex += incr
        setCell(ex, ey)
      }
    }
    delta = y2 - y
    addCover(delta, (fx2 + Self.scale - first) * delta)
  }

  /// One edge in 24.8 fixed point (port of `rasterizer_cells_aa::line`).
  private mutating func line(_ x1: Int, _ y1: Int, _ x2: Int, _ y2: Int) {
    let dx = x2 - x1
    var dy = y2 - y1
    let ex1 = x1 >> Self.shift
    let ey1Start = y1 >> Self.shift
    let ey2 = y2 >> Self.shift
    let fy1 = y1 & Self.mask
    let fy2 = y2 & Self.mask
    var ey1 = ey1Start
    setCell(ex1, ey1)
    if ey1 == ey2 {
      renderHLine(ey1, x1, fy1, x2, fy2)
      return
    }
    var incr = 1
    if dx == 0 {
      let ex = x1 >> Self.shift
      let twoFx = (x1 - (ex << Self.shift)) << 1
      var first = Self.scale
      if dy < 0 {
        first = 0
        incr = -1
      }
      var delta = first - fy1
      addCover(delta, twoFx * delta)
      ey1 += incr
      setCell(ex, ey1)
      delta = first + first - Self.scale
      let area = twoFx * delta
      while ey1 != ey2 {
        current.cover = Int32(truncatingIfNeeded: delta)
        current.area = Int32(truncatingIfNeeded: area)
        ey1 += incr
        setCell(ex, ey1)
      }
      delta = fy2 - Self.scale + first
      addCover(delta, twoFx * delta)
      return
    }
    var p = (Self.scale - fy1) * dx
    var first = Self.scale
    if dy < 0 {
      p = fy1 * dx
      first = 0
      incr = -1
      dy = -dy
    }
    var delta = p / dy
    var mod = p % dy
    if mod < 0 {
      delta -= 1
      mod += dy
    }
    var xFrom = x1 + delta
    renderHLine(ey1, x1, fy1, xFrom, first)
    ey1 += incr
    setCell(xFrom >> Self.shift, ey1)
    if ey1 != ey2 {
      p = Self.scale * dx
      var lift = p / dy
      var rem = p % dy
      if rem < 0 {
        lift -= 1
        rem += dy
      }
      mod -= dy
      while ey1 != ey2 {
        delta = lift
        mod += rem
        if mod >= 0 {
          mod -= dy
          delta += 1
        }
        let xTo = xFrom + delta
        renderHLine(ey1, xFrom, Self.scale - first, xTo, first)
        xFrom = xTo
        ey1 += incr
        setCell(xFrom >> Self.shift, ey1)
      }
    }
    renderHLine(ey1, xFrom, Self.scale - first, x2, fy2)
  }

  // MARK: - Sweep

  /// Agg's coverage test: the 8-bit alpha of a doubled-area value is not zero.
  @inline(__always)
  static func covers(_ doubledArea: Int) -> Bool { (doubledArea >> (2 * shift + 1 - 8)) != 0 }

  /// Closes the contour, writes `value` into every covered pixel of `mask`, and clears the rasteriser.
  package mutating func paint(into mask: inout Mask, value: UInt8) {
    precondition(mask.width == width && mask.height == height, "AggRasterizer: mask size mismatch")
    mask.pixels.withUnsafeMutableBufferPointer { pixels in
      paint(into: pixels, value: value)
    }
  }

  package mutating func paint(into pixels: UnsafeMutableBufferPointer<UInt8>, value: UInt8) {
    closePolygon()
    hasMove = false
    if current.area != 0 || current.cover != 0 { cells.append(current) }
    current = Cell(x: .max, y: .max, cover: 0, area: 0)
    defer { cells.removeAll(keepingCapacity: true) }
    if cells.isEmpty { return }

    // Bucket the cells by row (counting sort), then sort each row by x.
    let rows = height
    if rowStarts.count != rows + 1 { rowStarts = [Int](repeating: 0, count: rows + 1) }
    for i in rowStarts.indices { rowStarts[i] = 0 }
    var kept = 0
    for cell in cells where cell.y >= 0 && Int(cell.y) < rows {
      rowStarts[Int(cell.y) + 1] += 1
      kept += 1
    }
    if kept == 0 { return }
    for row in 0..<rows { rowStarts[row + 1] += rowStarts[row] }
    if sorted.count < kept {
      sorted = [Cell](repeating: Cell(x: 0, y: 0, cover: 0, area: 0), count: max(kept, sorted.count * 2))
    }
    let width = self.width
    rowStarts.withUnsafeMutableBufferPointer { starts in
      sorted.withUnsafeMutableBufferPointer { out in
        var next = Array(starts[0..<rows])
        for cell in cells where cell.y >= 0 && Int(cell.y) < rows {
          let row = Int(cell.y)
          out[next[row]] = cell
          next[row] += 1
        }
        for row in 0..<rows {
          let lo = starts[row]
          let hi = starts[row + 1]
          if lo == hi { continue }
          Self.sortByX(out, lo, hi)
          Self.sweepRow(out, lo, hi, row: pixels.baseAddress! + row * width, width: width, value: value)
        }
      }
    }
  }

  private static func sortByX(_ cells: UnsafeMutableBufferPointer<Cell>, _ lo: Int, _ hi: Int) {
    if hi - lo <= 16 {
      var i = lo + 1
      while i < hi {
        let cell = cells[i]
        var j = i - 1
        while j >= lo && cells[j].x > cell.x {
          cells[j + 1] = cells[j]
          j -= 1
        }
        cells[j + 1] = cell
        i += 1
      }
    } else {
      var slice = UnsafeMutableBufferPointer(rebasing: cells[lo..<hi])
      slice.sort { $0.x < $1.x }
    }
  }

  @inline(__always)
  private static func fill(_ row: UnsafeMutablePointer<UInt8>, _ from: Int, _ to: Int, _ width: Int, _ value: UInt8) {
    let lo = max(from, 0)
    let hi = min(to, width)
    if lo < hi { (row + lo).update(repeating: value, count: hi - lo) }
  }

  private static func sweepRow(
    _ cells: UnsafeMutableBufferPointer<Cell>, _ lo: Int, _ hi: Int,
    row: UnsafeMutablePointer<UInt8>, width: Int, value: UInt8
  ) {
    var cover = 0
    var i = lo
    while i < hi {
      var x = Int(cells[i].x)
      var area = Int(cells[i].area)
      cover += Int(cells[i].cover)
      i += 1
      while i < hi && Int(cells[i].x) == x {
        area += Int(cells[i].area)
        cover += Int(cells[i].cover)
        i += 1
      }
      if area != 0 {
        if covers((cover << (shift + 1)) - area) { fill(row, x, x + 1, width, value) }
        x += 1
      }
      if i < hi && Int(cells[i].x) > x {
        if covers(cover << (shift + 1)) { fill(row, x, Int(cells[i].x), width, value) }
      }
    }
  }
}
