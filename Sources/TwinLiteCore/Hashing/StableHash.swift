/// Stable, non-cryptographic 64-bit hashes that give the same value on every machine and run.
///
/// Swift's `Hasher` is seeded per process, so it cannot name shards or fingerprint files. These
/// functions are deterministic by construction. They detect accidental change (a rewritten or
/// truncated mask), not tampering: use SHA-256 where an adversary matters.
public enum StableHash {
  /// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3), over the UTF-8 bytes.
  /// Used to assign frames to shards.
  public static func fnv1a64(_ string: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in string.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    return hash
  }

  /// Lower-case, zero-padded 16-digit hexadecimal form used in the catalog and manifests.
  public static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
