extension XXH64 {
  /// Incremental XXH64: feed any chunking, get the same value as the one-shot `hash`.
  /// Lets files be hashed through a small reused buffer instead of a whole-file allocation.
  public struct Streaming {
    private var v1, v2, v3, v4: UInt64
    private let seed: UInt64
    private var total: UInt64 = 0
    private var pending: [UInt8] = []

    public init(seed: UInt64 = 0) {
      self.seed = seed
      v1 = seed &+ XXH64.p1 &+ XXH64.p2
      v2 = seed &+ XXH64.p2
      v3 = seed
      v4 = seed &- XXH64.p1
      pending.reserveCapacity(32)
    }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
      guard let base = buffer.baseAddress, buffer.count > 0 else { return }
      total &+= UInt64(buffer.count)
      var offset = 0
      if !pending.isEmpty {
        let take = min(32 - pending.count, buffer.count)
        pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
        offset = take
        guard pending.count == 32 else { return }
        pending.withUnsafeBytes { stripe($0.baseAddress!) }
        pending.removeAll(keepingCapacity: true)
      }
      while offset + 32 <= buffer.count {
        stripe(base + offset)
        offset += 32
      }
      if offset < buffer.count {
        pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: buffer.count - offset))
      }
    }

    public mutating func update(_ bytes: [UInt8]) {
      bytes.withUnsafeBytes { update($0) }
    }

    private mutating func stripe(_ p: UnsafeRawPointer) {
      @inline(__always) func read64(_ at: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt64.self))
      }
      v1 = XXH64.round(v1, read64(0))
      v2 = XXH64.round(v2, read64(8))
      v3 = XXH64.round(v3, read64(16))
      v4 = XXH64.round(v4, read64(24))
    }

    /// The hash of everything fed so far.
    public func finalize() -> UInt64 {
      var h: UInt64
      if total >= 32 {
        h = XXH64.rotl(v1, 1) &+ XXH64.rotl(v2, 7) &+ XXH64.rotl(v3, 12) &+ XXH64.rotl(v4, 18)
        h = XXH64.merge(h, v1)
        h = XXH64.merge(h, v2)
        h = XXH64.merge(h, v3)
        h = XXH64.merge(h, v4)
      } else {
        h = seed &+ XXH64.p5
      }
      h &+= total
      return pending.withUnsafeBytes { XXH64.tail(h, $0) }
    }
  }

  /// The final 0–31 bytes and the avalanche, shared by the one-shot and streaming forms.
  static func tail(_ start: UInt64, _ rest: UnsafeRawBufferPointer) -> UInt64 {
    var h = start
    var offset = 0
    let count = rest.count
    if let base = rest.baseAddress {
      while offset + 8 <= count {
        h ^= round(0, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        h = rotl(h, 27) &* p1 &+ p4
        offset += 8
      }
      if offset + 4 <= count {
        let word = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        h ^= UInt64(word) &* p1
        h = rotl(h, 23) &* p2 &+ p3
        offset += 4
      }
      while offset < count {
        h ^= UInt64(base.load(fromByteOffset: offset, as: UInt8.self)) &* p5
        h = rotl(h, 11) &* p1
        offset += 1
      }
    }
    return avalanche(h)
  }
}
