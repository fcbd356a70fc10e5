"""Rule-based extraction of quantitative targets from Chinese government performance tables."""
from .api import extract_cell, extract_records, extract_table, to_dataframe

__all__ = ["extract_cell", "extract_records", "extract_table", "to_dataframe"]
__version__ = "0.1.0"
