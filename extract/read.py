"""File -> tables of raw cells: kept as the name the other stages import; the readers live in
`extract/readers/`, one module per format."""
from .readers import TABLE_SUFFIXES, InputError, RawTable, decode, read_tables, sniff

__all__ = ["TABLE_SUFFIXES", "InputError", "RawTable", "decode", "read_tables", "sniff"]
