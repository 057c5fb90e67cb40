# Sourced by scripts/slurm-test and scripts/container-test: what must be equal between a
# single-machine prep run and a distributed one.
# shellcheck shell=bash

fingerprint() {  # files (not markers, catalogs or fragments) with their sha256
  (cd "$1" && find . -type f ! -name _SUCCESS ! -name 'catalog.sqlite*' ! -path './catalog.d/*' -print0 |
    sort -z | xargs -0 sha256sum)
}
catalog_dump() {  # catalog rows that must not depend on how the run was split (no timings, run ids)
  python3 - "$1/catalog.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for q in ["SELECT root, format, frame_count, plan_hash, shard_count, shard_size, options_hash FROM dataset",
          "SELECT path, size, hash FROM label_files ORDER BY path",
          "SELECT idx, name, state, frame_count, converted, failed, output_hash FROM shards ORDER BY idx",
          "SELECT id, name, split, shard, status, error, label_counts FROM frames ORDER BY id",
          "SELECT frame_id, kind, path, shard_path, size, hash FROM outputs ORDER BY frame_id, kind",
          "PRAGMA integrity_check"]:
    for row in db.execute(q):
        print("|".join(map(str, row)))
PY
}
