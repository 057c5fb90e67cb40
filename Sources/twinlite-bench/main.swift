print("twinlite-bench: not built yet")
