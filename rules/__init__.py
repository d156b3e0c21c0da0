"""The goal framework: records, computations and checks. Pure: no I/O."""
