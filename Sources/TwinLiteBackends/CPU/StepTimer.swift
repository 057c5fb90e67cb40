/// Accumulates wall time per step name (`--profile`), measured with `ContinuousClock`.
public final class StepTimer {
  public struct Entry: Sendable {
    public let name: String
    public var total: Duration
    public var calls: Int
  }

  private var index: [String: Int] = [:]
  public private(set) var entries: [Entry] = []
  private let clock = ContinuousClock()

  public init() {}

  func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
    let start = clock.now
    let result = try body()
    let elapsed = clock.now - start
    if let i = index[name] {
      entries[i].total += elapsed
      entries[i].calls += 1
    } else {
      index[name] = entries.count
      entries.append(Entry(name: name, total: elapsed, calls: 1))
    }
    return result
  }

  public func reset() {
    index = [:]
    entries = []
  }
}
